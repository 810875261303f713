//! A request id on every response and every log line.
//!
//! The id is the caller's `X-Request-Id` when it is a sane token, else a new
//! UUIDv7. It is kept in a task-local for the request's future and in a
//! thread-local while blocking database work runs, so any log line can name it.

use std::cell::RefCell;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::HttpMessage;

/// The header carrying the id.
pub const HEADER: &str = "x-request-id";

tokio::task_local! {
    static TASK_ID: String;
}

thread_local! {
    static THREAD_ID: RefCell<String> = const { RefCell::new(String::new()) };
}

/// The request id stored in the request's extensions.
#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// The current request id, or an empty string outside a request.
pub fn current() -> String {
    TASK_ID
        .try_with(|id| id.clone())
        .unwrap_or_else(|_| THREAD_ID.with(|t| t.borrow().clone()))
}

/// Makes `id` the current request id of this thread while `f` runs.
pub fn with_thread_id<T>(id: String, f: impl FnOnce() -> T) -> T {
    let previous = THREAD_ID.with(|t| std::mem::replace(&mut *t.borrow_mut(), id));
    let out = f();
    THREAD_ID.with(|t| *t.borrow_mut() = previous);
    out
}

fn accepted(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.')
}

/// Middleware: assigns the id, runs the request inside its scope, echoes the header.
pub async fn middleware(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, actix_web::Error> {
    let id = req
        .headers()
        .get(HEADER)
        .and_then(|v| v.to_str().ok())
        .filter(|v| accepted(v))
        .map(str::to_string)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    req.extensions_mut().insert(RequestId(id.clone()));
    let mut res = TASK_ID.scope(id.clone(), next.call(req)).await?;
    if let Ok(value) = HeaderValue::from_str(&id) {
        res.headers_mut()
            .insert(HeaderName::from_static(HEADER), value);
    }
    Ok(res)
}
