//! The one HTTP entry point of the SPA ([`send`]) and a module per resource.
//!
//! [`send`] adds the bearer token, sends JSON, turns `application/problem+json`
//! answers into [`ApiError`], and on a 401 refreshes the token pair once and
//! retries. When the refresh is refused the session ends (login page).

pub mod audit;
pub mod auth;
pub mod buildings;
pub mod customers;
pub mod deals;
pub mod delivery;
pub mod delivery_plan;
pub mod lead_staff;
pub mod lead_work;
pub mod leads;
pub mod membership;
pub mod notifications;
pub mod projects;
pub mod referral_lists;
pub mod referrals;
pub mod reports;
mod session;
pub mod settings;
pub mod units;
pub mod users;

use std::future::Future;
use std::pin::Pin;

use api_types::{FieldError, Problem, RefreshRequest, TokenResponse};
use gloo_net::http::{Request, RequestBuilder, Response};
use gloo_timers::future::TimeoutFuture;
use serde::de::DeserializeOwned;
use serde::Serialize;

use session::{access_token, expire_session, RefreshGuard};
pub use session::{
    clear_tokens, has_session, refresh_token, set_session_expired_handler, store_tokens,
};

/// Calls under this prefix never trigger the refresh-and-retry dance
/// (a 401 from login means wrong credentials, not an expired token).
const AUTH_PREFIX: &str = "/api/v1/auth/";

/// A failed API call: the problem document's essentials, or a network failure (status 0).
#[derive(Debug, Clone, PartialEq)]
pub struct ApiError {
    /// HTTP status; 0 when the server could not be reached.
    pub status: u16,
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub code: String,
    /// Short summary from the server.
    pub title: String,
    /// Occurrence-specific explanation.
    pub detail: Option<String>,
    /// Per-field errors (422).
    pub fields: Vec<FieldError>,
    /// The request id, for support.
    pub request_id: Option<String>,
}

impl ApiError {
    /// An error made on this side (network down, unreadable answer).
    pub fn local(code: &str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status: 0,
            code: code.to_string(),
            title: code.to_string(),
            detail: Some(detail.into()),
            fields: Vec::new(),
            request_id: None,
        }
    }
}

impl From<Problem> for ApiError {
    fn from(p: Problem) -> ApiError {
        ApiError {
            status: p.status,
            code: p.code,
            title: p.title,
            detail: p.detail,
            fields: p.errors,
            request_id: p.request_id,
        }
    }
}

/// Result of an API call.
pub type ApiResult<T> = Result<T, ApiError>;

/// A boxed API future, for storing fetch functions (pagination hook).
pub type ApiFuture<T> = Pin<Box<dyn Future<Output = ApiResult<T>>>>;

/// The HTTP methods the API uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create (or an action such as login).
    Post,
    /// Replace a set (project grants).
    Put,
    /// Partial update with `If-Match`.
    Patch,
    /// Delete with `If-Match`.
    Delete,
}

/// Query parameters; empty values are left out.
pub type Query<'a> = &'a [(&'a str, String)];

/// Sends one API call and returns the successful response, or the problem as [`ApiError`].
///
/// `body` is serialised as JSON; `if_match` is the resource `version` and becomes
/// `If-Match: "<version>"`. A 401 outside `/auth/` refreshes the tokens once and retries.
pub async fn send<B: Serialize + ?Sized>(
    method: Method,
    path: &str,
    query: Query<'_>,
    body: Option<&B>,
    if_match: Option<i32>,
) -> ApiResult<Response> {
    let body = match body {
        Some(b) => {
            Some(Body::Json(serde_json::to_string(b).map_err(|e| {
                ApiError::local("encode_error", e.to_string())
            })?))
        }
        None => None,
    };
    send_body(method, path, query, body, if_match).await
}

/// A request body: JSON text, or a file sent as it is (uploads).
#[derive(Clone)]
pub enum Body {
    /// `application/json`.
    Json(String),
    /// A file (a `Blob` can be sent twice, so the retry after a refresh works) and its type.
    Blob(web_sys::Blob, String),
}

/// [`send`] with a prepared body (JSON or a file).
pub async fn send_body(
    method: Method,
    path: &str,
    query: Query<'_>,
    body: Option<Body>,
    if_match: Option<i32>,
) -> ApiResult<Response> {
    send_keyed(method, path, query, body, if_match, None).await
}

/// `POST` a JSON body with an `Idempotency-Key` (the same key is sent on the
/// retry after a refresh, so the server applies the request once).
pub async fn post_idempotent<B: Serialize + ?Sized, T: DeserializeOwned>(
    path: &str,
    body: &B,
    key: &str,
) -> ApiResult<T> {
    let body =
        serde_json::to_string(body).map_err(|e| ApiError::local("encode_error", e.to_string()))?;
    let resp = send_keyed(
        Method::Post,
        path,
        &[],
        Some(Body::Json(body)),
        None,
        Some(key),
    )
    .await?;
    json(resp).await
}

async fn send_keyed(
    method: Method,
    path: &str,
    query: Query<'_>,
    body: Option<Body>,
    if_match: Option<i32>,
    key: Option<&str>,
) -> ApiResult<Response> {
    let used = access_token();
    let resp = send_once(
        method,
        path,
        query,
        body.as_ref(),
        (if_match, key),
        used.as_deref(),
    )
    .await?;
    if resp.status() != 401 || path.starts_with(AUTH_PREFIX) {
        return check(resp).await;
    }
    match refresh_after_401(used).await {
        Ok(true) => {
            let token = access_token();
            let retry = send_once(
                method,
                path,
                query,
                body.as_ref(),
                (if_match, key),
                token.as_deref(),
            )
            .await?;
            if retry.status() == 401 {
                expire_session();
            }
            check(retry).await
        }
        Ok(false) => {
            expire_session();
            check(resp).await
        }
        Err(e) => Err(e),
    }
}

/// `GET` a JSON resource.
pub async fn get<T: DeserializeOwned>(path: &str, query: Query<'_>) -> ApiResult<T> {
    let resp = send::<()>(Method::Get, path, query, None, None).await?;
    json(resp).await
}

/// Sends a JSON body and parses the JSON answer (`POST`, `PUT`, or `PATCH` with a version).
pub async fn write<B: Serialize + ?Sized, T: DeserializeOwned>(
    method: Method,
    path: &str,
    body: &B,
    if_match: Option<i32>,
) -> ApiResult<T> {
    let resp = send(method, path, &[], Some(body), if_match).await?;
    json(resp).await
}

/// `DELETE` a resource at the given version; the answer has no body.
pub async fn delete(path: &str, version: i32) -> ApiResult<()> {
    send::<()>(Method::Delete, path, &[], None, Some(version)).await?;
    Ok(())
}

/// `DELETE` an entry that has no version (list entries: no `If-Match`); the answer has no body.
pub async fn remove(path: &str) -> ApiResult<()> {
    send::<()>(Method::Delete, path, &[], None, None).await?;
    Ok(())
}

/// Parses a successful response body.
pub async fn json<T: DeserializeOwned>(resp: Response) -> ApiResult<T> {
    resp.json::<T>()
        .await
        .map_err(|e| ApiError::local("decode_error", e.to_string()))
}

fn builder(method: Method, path: &str) -> RequestBuilder {
    match method {
        Method::Get => Request::get(path),
        Method::Post => Request::post(path),
        Method::Put => Request::put(path),
        Method::Patch => Request::patch(path),
        Method::Delete => Request::delete(path),
    }
}

async fn send_once(
    method: Method,
    path: &str,
    query: Query<'_>,
    body: Option<&Body>,
    (if_match, key): (Option<i32>, Option<&str>),
    token: Option<&str>,
) -> ApiResult<Response> {
    let mut req = builder(method, path).header("Accept", "application/json");
    let params: Vec<(&str, &str)> = query
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    if !params.is_empty() {
        req = req.query(params);
    }
    if let Some(t) = token {
        req = req.header("Authorization", &format!("Bearer {t}"));
    }
    if let Some(v) = if_match {
        req = req.header("If-Match", &format!("\"{v}\""));
    }
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let req = match body {
        Some(Body::Json(b)) => req
            .header("Content-Type", "application/json")
            .body(b.as_str()),
        Some(Body::Blob(blob, content_type)) => {
            req.header("Content-Type", content_type).body(blob.clone())
        }
        None => req.build(),
    }
    .map_err(|e| ApiError::local("request_error", e.to_string()))?;
    req.send()
        .await
        .map_err(|e| ApiError::local("network_error", e.to_string()))
}

/// Passes a 2xx response through; turns anything else into an [`ApiError`].
async fn check(resp: Response) -> ApiResult<Response> {
    if resp.ok() {
        return Ok(resp);
    }
    let status = resp.status();
    let fallback = ApiError {
        status,
        code: format!("http_{status}"),
        title: resp.status_text(),
        detail: None,
        fields: Vec::new(),
        request_id: resp.headers().get("X-Request-Id"),
    };
    match resp.text().await {
        Ok(text) => Err(serde_json::from_str::<Problem>(&text)
            .map(ApiError::from)
            .unwrap_or(fallback)),
        Err(_) => Err(fallback),
    }
}

/// Obtains a fresh token pair after a 401. `Ok(false)` means the server refused
/// (the session is over); `Err` means it could not be reached (keep the session).
async fn refresh_after_401(used: Option<String>) -> ApiResult<bool> {
    let guard = loop {
        if let Some(g) = RefreshGuard::try_acquire() {
            break g;
        }
        TimeoutFuture::new(25).await;
    };
    // Another request refreshed while this one waited: just retry with its token.
    let current = access_token();
    if current.is_some() && current != used {
        return Ok(true);
    }
    let Some(refresh) = session::refresh_token() else {
        return Ok(false);
    };
    let body = RefreshRequest {
        refresh_token: refresh,
    };
    let encoded =
        serde_json::to_string(&body).map_err(|e| ApiError::local("encode_error", e.to_string()))?;
    let path = "/api/v1/auth/refresh";
    let resp = send_once(
        Method::Post,
        path,
        &[],
        Some(&Body::Json(encoded)),
        (None, None),
        None,
    )
    .await?;
    let ok = resp.ok() && {
        match resp.json::<TokenResponse>().await {
            Ok(tokens) => {
                store_tokens(&tokens);
                true
            }
            Err(_) => false,
        }
    };
    drop(guard);
    Ok(ok)
}
