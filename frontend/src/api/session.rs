//! Where the token pair lives (localStorage) and what happens when the session
//! ends behind the user's back (the refresh token was rejected).
//!
//! The tokens are read from storage on every request rather than kept in a Yew
//! context, so that `api::*` functions can be plain `async fn`s and a refresh
//! done by one request is seen by every other request at once.

use std::cell::{Cell, RefCell};

use api_types::TokenResponse;
use gloo_storage::{LocalStorage, Storage};
use yew::Callback;

const ACCESS_KEY: &str = "estatecrm.access_token";
const REFRESH_KEY: &str = "estatecrm.refresh_token";

thread_local! {
    /// Called when the session is over; the app clears its state and shows the login page.
    static ON_EXPIRED: RefCell<Option<Callback<()>>> = const { RefCell::new(None) };
    /// True while a `POST /auth/refresh` is in flight: refresh tokens are one-time,
    /// so two concurrent refreshes with the same token would revoke the whole family.
    static REFRESHING: Cell<bool> = const { Cell::new(false) };
}

/// The stored access token, if signed in.
pub fn access_token() -> Option<String> {
    LocalStorage::get(ACCESS_KEY).ok()
}

/// The stored refresh token, if signed in.
pub fn refresh_token() -> Option<String> {
    LocalStorage::get(REFRESH_KEY).ok()
}

/// True when a token pair is stored (the session may still have expired).
pub fn has_session() -> bool {
    refresh_token().is_some()
}

/// Stores a new token pair from login or refresh.
pub fn store_tokens(tokens: &TokenResponse) {
    // A failed write (storage full or disabled) only means the session does not
    // survive a reload; the in-memory flow keeps working for this request.
    let _ = LocalStorage::set(ACCESS_KEY, &tokens.access_token);
    let _ = LocalStorage::set(REFRESH_KEY, &tokens.refresh_token);
}

/// Forgets the token pair (logout, or a refresh the server refused).
pub fn clear_tokens() {
    LocalStorage::delete(ACCESS_KEY);
    LocalStorage::delete(REFRESH_KEY);
}

/// Registers (or, with `None`, removes) the handler run when the session ends.
pub fn set_session_expired_handler(handler: Option<Callback<()>>) {
    ON_EXPIRED.with(|h| *h.borrow_mut() = handler);
}

/// Ends the session: clears the tokens and tells the app to show the login page.
pub fn expire_session() {
    clear_tokens();
    let handler = ON_EXPIRED.with(|h| h.borrow().clone());
    match handler {
        Some(cb) => cb.emit(()),
        None => {
            if let Some(window) = web_sys::window() {
                let _ = window.location().set_href("/login");
            }
        }
    }
}

/// Marks a refresh as in flight until dropped (also when the future is dropped).
pub struct RefreshGuard(());

impl RefreshGuard {
    /// Takes the refresh slot if it is free.
    pub fn try_acquire() -> Option<RefreshGuard> {
        REFRESHING.with(|r| {
            if r.get() {
                None
            } else {
                r.set(true);
                Some(RefreshGuard(()))
            }
        })
    }
}

impl Drop for RefreshGuard {
    fn drop(&mut self) {
        REFRESHING.with(|r| r.set(false));
    }
}
