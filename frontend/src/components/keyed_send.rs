//! One submit of a create form that may be retried safely: the
//! `Idempotency-Key` it sends (a double click, or a retry after a network
//! failure, sends the same one, so the server creates once; a fresh one
//! once the server has answered, see [`renews_key`]) and a guard that
//! ignores a second click while the first is in flight.

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

    /// Sends `send(key)`, unless a submit is already in flight; the next
    /// submit gets a fresh key when [`renews_key`]; then `done` gets the result.
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
            if renews_key(&result) {
                key.set(new_key());
            }
            done(result);
        });
    }
}

/// Whether the next submit needs a fresh key: after a success (the server
/// created what this key names), and after any answer of the server that
/// stored nothing (a refusal: a corrected form is a new request) or that says
/// the key was already used for another request. Kept only when the answer
/// never came (`status` 0: the request may have been created, a retry must
/// replay it) or the first request with this key is still running.
pub fn renews_key<T>(result: &Result<T, ApiError>) -> bool {
    match result {
        Ok(_) => true,
        Err(e) => e.status != 0 && e.code != "idempotency_in_progress",
    }
}

/// A fresh `Idempotency-Key`.
fn new_key() -> String {
    let now = js_sys::Date::now() as u64;
    let rand = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let rand2 = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    format!("spa-{now:x}-{rand:08x}{rand2:08x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn renews_after(status: u16, code: &str) -> bool {
        renews_key::<()>(&Err(ApiError {
            status,
            code: code.into(),
            ..ApiError::local(code, "")
        }))
    }

    #[test]
    fn the_key_is_kept_only_while_the_first_request_may_still_have_been_created() {
        assert!(renews_key(&Ok::<(), ApiError>(())));
        assert!(renews_after(422, "validation_failed"));
        assert!(renews_after(422, "idempotency_key_reused"));
        assert!(renews_after(500, "internal"));
        assert!(!renews_after(0, "network"));
        assert!(!renews_after(409, "idempotency_in_progress"));
    }
}
