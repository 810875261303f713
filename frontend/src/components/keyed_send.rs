//! One submit of a create form that may be retried safely: the
//! `Idempotency-Key` it sends (a double click, or a retry after a network
//! failure, sends the same one, so the server creates once; a fresh one
//! after the server created it) and a guard that ignores a second click
//! while the first is in flight.

use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::ApiError;

/// The handle of [`use_keyed_send`].
#[derive(Clone)]
pub struct KeyedSend {
    key: UseStateHandle<String>,
    busy: UseStateHandle<bool>,
    inflight: Rc<RefCell<bool>>,
}

/// A keyed submit for this form.
#[hook]
pub fn use_keyed_send() -> KeyedSend {
    KeyedSend {
        key: use_state(new_key),
        busy: use_state(|| false),
        inflight: use_mut_ref(|| false),
    }
}

impl KeyedSend {
    /// A submit is in flight (to disable the button).
    pub fn busy(&self) -> bool {
        *self.busy
    }

    /// Sends `send(key)`, unless a submit is already in flight; after a
    /// success the next submit gets a fresh key; then `done` gets the result.
    pub fn run<T, Fut>(
        &self,
        send: impl FnOnce(String) -> Fut + 'static,
        done: impl FnOnce(Result<T, ApiError>) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        if self.inflight.replace(true) {
            return;
        }
        self.busy.set(true);
        let (key, busy, inflight) = (self.key.clone(), self.busy.clone(), self.inflight.clone());
        let sent = (*key).clone();
        spawn_local(async move {
            let result = send(sent).await;
            inflight.replace(false);
            busy.set(false);
            if result.is_ok() {
                key.set(new_key());
            }
            done(result);
        });
    }
}

/// A fresh `Idempotency-Key`.
fn new_key() -> String {
    let now = js_sys::Date::now() as u64;
    let rand = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let rand2 = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("spa-{now:x}-{rand:08x}{rand2:08x}")
}
