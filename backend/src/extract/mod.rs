//! Request extractors shared by every resource: validated JSON bodies,
//! `If-Match` versions, keyset-pagination parameters ([`page`]) and the
//! limited body reader.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::http::{header, StatusCode};
use actix_web::{web, FromRequest, HttpRequest, HttpResponse};
use futures_util::StreamExt;
use serde::de::DeserializeOwned;
use validator::Validate;

use crate::error::ApiError;

mod page;
pub use page::*;

/// Largest accepted JSON body (bytes), from the configuration.
#[derive(Debug, Clone, Copy)]
pub struct JsonLimit(pub usize);

/// A JSON body that was parsed strictly (unknown fields rejected) and validated.
///
/// Errors: 415 without a JSON content type, 413 over the size limit, 400 for
/// malformed JSON, 422 with per-field errors for wrong types, missing or
/// unknown fields and failed validation rules.
#[derive(Debug)]
pub struct ValidJson<T>(pub T);

impl<T> FromRequest for ValidJson<T>
where
    T: DeserializeOwned + Validate + 'static,
{
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let limit = req.app_data::<JsonLimit>().map_or(1024 * 1024, |l| l.0);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|ct| {
                let ct = ct
                    .split(';')
                    .next()
                    .unwrap_or("")
                    .trim()
                    .to_ascii_lowercase();
                ct == "application/json" || ct.ends_with("+json")
            })
            .unwrap_or(false);
        let mut payload = payload.take();
        Box::pin(async move {
            if !is_json {
                return Err(ApiError::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "unsupported_media_type",
                    "send the body as application/json",
                ));
            }
            let body = read_limited(&mut payload, limit, || {
                ApiError::new(
                    StatusCode::PAYLOAD_TOO_LARGE,
                    "payload_too_large",
                    format!("the body is larger than {limit} bytes"),
                )
            })
            .await?;
            reject_nul_in_json(&body)?;
            let value = parse_json::<T>(&body)?;
            value.validate()?;
            Ok(ValidJson(value))
        })
    }
}

/// Parses JSON strictly, naming the field at fault.
pub fn parse_json<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let de = &mut serde_json::Deserializer::from_slice(body);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        if inner.is_syntax() || inner.is_eof() || inner.is_io() {
            return ApiError::new(
                StatusCode::BAD_REQUEST,
                "malformed_json",
                format!("the body is not valid JSON: {inner}"),
            );
        }
        let message = inner.to_string();
        let (field, code) = if let Some(name) = unknown_field(&message) {
            // The path already ends with the unknown field's name.
            (if path == "." { name } else { path }, "unknown_field")
        } else if message.starts_with("missing field") {
            let name = message.split('`').nth(1).unwrap_or("").to_string();
            let field = if path == "." {
                name
            } else {
                format!("{path}.{name}")
            };
            (field, "required")
        } else {
            (
                if path == "." {
                    "body".to_string()
                } else {
                    path
                },
                "invalid_type",
            )
        };
        ApiError::invalid_field(&field, code, strip_position(&message))
    })
}

/// Refuses JSON whose strings contain NUL (`\u0000`): databases reject it in text.
fn reject_nul_in_json(body: &[u8]) -> Result<(), ApiError> {
    const ESCAPE: &[u8] = b"\\u0000";
    if !body.windows(ESCAPE.len()).any(|w| w == ESCAPE) {
        return Ok(());
    }
    // Only a real escape counts, not an escaped backslash followed by "u0000".
    let value: serde_json::Value = match serde_json::from_slice(body) {
        Ok(v) => v,
        Err(_) => return Ok(()),
    };
    fn walk(v: &serde_json::Value, path: &str) -> Option<String> {
        match v {
            serde_json::Value::String(s) if s.contains('\0') => Some(path.to_string()),
            serde_json::Value::Array(items) => items
                .iter()
                .enumerate()
                .find_map(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            serde_json::Value::Object(map) => map.iter().find_map(|(k, x)| {
                if k.contains('\0') {
                    return Some(path.to_string());
                }
                let p = if path.is_empty() {
                    k.clone()
                } else {
                    format!("{path}.{k}")
                };
                walk(x, &p)
            }),
            _ => None,
        }
    }
    match walk(&value, "") {
        Some(field) => Err(ApiError::invalid_field(
            if field.is_empty() { "body" } else { &field },
            "nul_character",
            "NUL characters are not allowed",
        )),
        None => Ok(()),
    }
}

fn unknown_field(message: &str) -> Option<String> {
    message
        .strip_prefix("unknown field `")
        .and_then(|rest| rest.split('`').next())
        .map(str::to_string)
}

fn strip_position(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

/// The version named by `If-Match` (required on updates and deletes).
#[derive(Debug, Clone, Copy)]
pub struct IfMatch(pub i32);

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let result = match req.headers().get(header::IF_MATCH) {
            None => Err(ApiError::new(
                StatusCode::PRECONDITION_REQUIRED,
                "precondition_required",
                "send If-Match with the ETag of the resource you read",
            )),
            Some(v) => v
                .to_str()
                .ok()
                .and_then(parse_etag)
                .map(IfMatch)
                .ok_or_else(stale),
        };
        std::future::ready(result)
    }
}

fn parse_etag(v: &str) -> Option<i32> {
    let v = v.trim();
    let v = v.strip_prefix("W/").unwrap_or(v);
    v.strip_prefix('"')?.strip_suffix('"')?.parse().ok()
}

/// 412: the resource changed since the caller read it.
pub fn stale() -> ApiError {
    ApiError::new(
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
        "the resource was changed by someone else; read it again and retry",
    )
}

/// The `ETag` value of a version.
pub fn etag(version: i32) -> String {
    format!("\"{version}\"")
}

/// `200 OK` with a page of `rows` items as JSON, serialised into a buffer sized
/// for them up front (`bytes_per_row`): a page of wide rows would otherwise
/// grow, and copy, its buffer a dozen times.
pub fn ok_page<T: serde::Serialize>(
    body: &api_types::Page<T>,
    bytes_per_row: usize,
) -> Result<HttpResponse, ApiError> {
    let mut buf = Vec::with_capacity(body.data.len() * bytes_per_row + 128);
    serde_json::to_writer(&mut buf, body)
        .map_err(|e| ApiError::internal(format!("response not serialised: {e}")))?;
    Ok(HttpResponse::Ok()
        .content_type(header::ContentType::json())
        .body(buf))
}

/// `200 OK` with the body and its `ETag`.
pub fn ok_with_etag<T: serde::Serialize>(body: &T, version: i32) -> HttpResponse {
    HttpResponse::Ok()
        .insert_header((header::ETAG, etag(version)))
        .json(body)
}

/// `201 Created` with `Location`, `ETag` and the body.
pub fn created<T: serde::Serialize>(
    location: String,
    body: &T,
    version: Option<i32>,
) -> HttpResponse {
    let mut res = HttpResponse::Created();
    res.insert_header((header::LOCATION, location));
    if let Some(v) = version {
        res.insert_header((header::ETAG, etag(v)));
    }
    res.json(body)
}

/// Middleware: refuses NUL characters in the path (404) or query (422) before
/// any handler sees them; databases reject them in text, and no id or filter
/// value legitimately contains one.
pub async fn reject_nul(
    req: actix_web::dev::ServiceRequest,
    next: actix_web::middleware::Next<impl actix_web::body::MessageBody + 'static>,
) -> Result<actix_web::dev::ServiceResponse<actix_web::body::BoxBody>, actix_web::Error> {
    let has_nul = |s: &str| s.to_ascii_lowercase().contains("%00");
    if has_nul(req.path()) {
        return Err(ApiError::not_found("not_found").into());
    }
    if has_nul(req.query_string()) {
        return Err(
            ApiError::invalid_field("query", "invalid", "NUL characters are not allowed").into(),
        );
    }
    next.call(req)
        .await
        .map(actix_web::dev::ServiceResponse::map_into_boxed_body)
}

/// Reads a whole request body: 400 `bad_request` when the stream breaks,
/// `too_large()` (a 413) as soon as it passes `limit` bytes. The JSON
/// extractor, the idempotency store and the lead import read bodies through it.
pub async fn read_limited<S>(
    payload: &mut S,
    limit: usize,
    too_large: impl Fn() -> ApiError,
) -> Result<web::Bytes, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + Unpin,
{
    read_inspecting(payload, limit, too_large, |_| Ok(())).await
}

/// [`read_limited`], showing `inspect` the body read so far after every
/// chunk, so an upload can be refused on its first bytes (the photo upload
/// checks the image type) before the rest arrives.
pub async fn read_inspecting<S>(
    payload: &mut S,
    limit: usize,
    too_large: impl Fn() -> ApiError,
    mut inspect: impl FnMut(&[u8]) -> Result<(), ApiError>,
) -> Result<web::Bytes, ApiError>
where
    S: futures_util::Stream<Item = Result<web::Bytes, actix_web::error::PayloadError>> + Unpin,
{
    let mut body = web::BytesMut::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|_| {
            ApiError::new(
                StatusCode::BAD_REQUEST,
                "bad_request",
                "the body could not be read",
            )
        })?;
        if body.len() + chunk.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
        inspect(&body)?;
    }
    Ok(body.freeze())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn etag_accepts_strong_and_weak_forms() {
        assert_eq!(parse_etag("\"7\""), Some(7));
        assert_eq!(parse_etag("W/\"7\""), Some(7));
        assert_eq!(parse_etag("7"), None);
    }
}
