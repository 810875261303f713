//! `Idempotency-Key` on creating POSTs (ARCHITECTURE §4).
//!
//! The first request with a key runs and, when it succeeds (2xx), its status,
//! body and `Location` are stored under (caller, key). The same key with the
//! same method, path and body replays that response (`Idempotent-Replayed:
//! true`) and creates nothing; the same key with another request is 422
//! `idempotency_key_reused`; a retry while the first is still running is 409
//! `idempotency_in_progress`. Failed requests store nothing, so they can be
//! retried with the same key. Keys are kept for 24 hours.
//!
//! The caller is staff (`staff:<user id>`, by bearer token) or an integration
//! (`key:<key id>`, by `X-API-Key`), chosen as [`Caller`] chooses: the bearer
//! token first. Each replays only its own responses.

use actix_web::body::{to_bytes, BoxBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{header, Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{web, HttpResponse};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::auth::integration::api_key;
use crate::auth::principal::bearer;
use crate::auth::Caller;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::hex;
use crate::schema::idempotency_keys;
use crate::state::AppState;

mod exempt;
pub use exempt::exempt;

/// The request header.
pub const HEADER: &str = "idempotency-key";
/// How long a key is remembered, in hours.
pub const RETENTION_HOURS: i64 = 24;
/// A claim whose request never finished (the client went away, the process
/// died) can be taken over after this many seconds.
const CLAIM_LEASE_SECS: i64 = 60;

enum Lookup {
    Fresh,
    Replay(u16, Vec<u8>, Option<String>),
}

fn find_or_claim(
    conn: &mut DbConn,
    principal: &str,
    key: &str,
    hash: &str,
) -> Result<Lookup, ApiError> {
    let now = db::now();
    db::write_tx(conn, |conn| {
        diesel::delete(
            idempotency_keys::table
                .filter(idempotency_keys::principal.eq(principal))
                .filter(idempotency_keys::key.eq(key))
                .filter(
                    idempotency_keys::created_at.lt(now - chrono::Duration::hours(RETENTION_HOURS)),
                ),
        )
        .execute(conn)?;
        type Row = (
            String,
            Option<i32>,
            Option<Vec<u8>>,
            Option<String>,
            chrono::NaiveDateTime,
        );
        let row: Option<Row> = idempotency_keys::table
            .find((principal, key))
            .select((
                idempotency_keys::request_hash,
                idempotency_keys::status_code,
                idempotency_keys::response_body,
                idempotency_keys::location,
                idempotency_keys::created_at,
            ))
            .first(conn)
            .optional()?;
        let lease_over = |claimed: chrono::NaiveDateTime| {
            now - claimed > chrono::Duration::seconds(CLAIM_LEASE_SECS)
        };
        match row {
            Some((stored, _, _, _, _)) if stored != hash => Err(ApiError::invalid_field(
                "Idempotency-Key",
                "idempotency_key_reused",
                "this key was already used for a different request",
            )
            .with_code("idempotency_key_reused")),
            Some((_, Some(status), body, location, _)) => Ok(Lookup::Replay(
                u16::try_from(status).unwrap_or(200),
                body.unwrap_or_default(),
                location,
            )),
            Some((_, None, _, _, claimed)) if lease_over(claimed) => {
                diesel::update(idempotency_keys::table.find((principal, key)))
                    .set(idempotency_keys::created_at.eq(now))
                    .execute(conn)?;
                Ok(Lookup::Fresh)
            }
            Some((_, None, _, _, _)) => Err(in_progress()),
            None => {
                diesel::insert_into(idempotency_keys::table)
                    .values((
                        idempotency_keys::principal.eq(principal),
                        idempotency_keys::key.eq(key),
                        idempotency_keys::request_hash.eq(hash),
                        idempotency_keys::created_at.eq(now),
                    ))
                    .execute(conn)
                    .map_err(|e| {
                        if db::is_unique_violation(&e) {
                            in_progress()
                        } else {
                            e.into()
                        }
                    })?;
                Ok(Lookup::Fresh)
            }
        }
    })
}

/// 422 unless the key is 1 to 255 visible ASCII characters.
fn check_key(key: &str) -> Result<(), ApiError> {
    if key.is_empty() || key.len() > 255 || !key.bytes().all(|b| (0x21..0x7f).contains(&b)) {
        return Err(ApiError::invalid_field(
            "Idempotency-Key",
            "invalid",
            "must be 1 to 255 visible ASCII characters",
        ));
    }
    Ok(())
}

fn in_progress() -> ApiError {
    ApiError::conflict(
        "idempotency_in_progress",
        "a request with this Idempotency-Key is still being processed",
    )
}

/// Gives up a claim so that the request can be retried with the same key.
async fn release(state: &AppState, principal: String, key: String) {
    let outcome = db::run(&state.pool, move |conn| {
        diesel::delete(idempotency_keys::table.find((principal.as_str(), key.as_str())))
            .execute(conn)?;
        Ok(())
    })
    .await;
    if let Err(e) = outcome {
        log::warn!(
            "[{}] idempotency claim not released: {e}",
            crate::request_id::current()
        );
    }
}

/// Largest body the middleware buffers (the largest upload an endpoint
/// accepts: lead imports); each endpoint still applies its own, smaller limit.
const MAX_BUFFERED: usize = 10 * 1024 * 1024 + 1;

/// Reads the whole body, refusing more than [`MAX_BUFFERED`] bytes with 413.
async fn read_body(req: &mut ServiceRequest) -> Result<web::Bytes, ApiError> {
    use actix_web::HttpMessage;
    let mut payload = req.take_payload();
    crate::extract::read_limited(&mut payload, MAX_BUFFERED, || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            "the body is too large",
        )
    })
    .await
}

/// Middleware implementing the protocol for authenticated POSTs that carry the header.
pub async fn middleware(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, actix_web::Error> {
    let key = req
        .headers()
        .get(HEADER)
        .map(|v| v.to_str().map(str::to_string).unwrap_or_default());
    let state = req.app_data::<web::Data<AppState>>().cloned();
    let eligible = req.method() == Method::POST
        && !exempt(req.path())
        && (bearer(req.request()).is_some() || api_key(req.request()).is_some());
    let (Some(key), Some(state), true) = (key, state, eligible) else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    // The caller must hold a live session or key before anything is replayed to them.
    let Ok(caller) = req.extract::<Caller>().await else {
        return next
            .call(req)
            .await
            .map(ServiceResponse::map_into_boxed_body);
    };
    let principal = caller.principal();
    check_key(&key)?;
    let body = read_body(&mut req).await?;
    let mut hasher = Sha256::new();
    hasher.update(req.method().as_str());
    hasher.update(b" ");
    hasher.update(req.uri().to_string());
    hasher.update(b"\n");
    hasher.update(&body);
    let hash = hex(&hasher.finalize());
    let (p, k, h) = (principal.clone(), key.clone(), hash);
    let lookup = db::run(&state.pool, move |conn| find_or_claim(conn, &p, &k, &h)).await?;
    if let Lookup::Replay(status, body, location) = lookup {
        let mut res = HttpResponse::build(StatusCode::from_u16(status).unwrap_or(StatusCode::OK));
        res.insert_header((header::CONTENT_TYPE, "application/json"));
        res.insert_header(("idempotent-replayed", "true"));
        if let Some(loc) = location {
            res.insert_header((header::LOCATION, loc));
        }
        return Ok(req.into_response(res.body(body)));
    }
    req.set_payload(Payload::from(body));
    let res = match next.call(req).await {
        Ok(res) => res,
        Err(e) => {
            release(&state, principal, key).await;
            return Err(e);
        }
    };
    let status = res.status();
    let location = res
        .headers()
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let (http_req, http_res) = res.into_parts();
    let (http_res, body) = http_res.into_parts();
    let bytes = to_bytes(body)
        .await
        .map_err(|_| ApiError::internal("response body could not be buffered"))?;
    let stored = bytes.to_vec();
    db::run(&state.pool, move |conn| {
        let target = idempotency_keys::table.find((principal.as_str(), key.as_str()));
        if status.is_success() {
            diesel::update(target)
                .set((
                    idempotency_keys::status_code.eq(i32::from(status.as_u16())),
                    idempotency_keys::response_body.eq(stored),
                    idempotency_keys::location.eq(location),
                ))
                .execute(conn)?;
        } else {
            diesel::delete(target).execute(conn)?;
        }
        Ok(())
    })
    .await?;
    let http_res = http_res.set_body(BoxBody::new(bytes));
    Ok(ServiceResponse::new(http_req, http_res))
}

/// A response stored under an `Idempotency-Key`.
#[derive(Debug, Clone)]
pub struct Stored {
    /// Status code.
    pub status: u16,
    /// JSON body.
    pub body: Vec<u8>,
    /// `Location`, if any.
    pub location: Option<String>,
}

impl Stored {
    /// The stored answer again, marked `Idempotent-Replayed: true`.
    pub fn replay(self) -> HttpResponse {
        let mut res =
            HttpResponse::build(StatusCode::from_u16(self.status).unwrap_or(StatusCode::OK));
        res.insert_header((header::CONTENT_TYPE, "application/json"));
        res.insert_header(("idempotent-replayed", "true"));
        if let Some(loc) = self.location {
            res.insert_header((header::LOCATION, loc));
        }
        res.body(self.body)
    }
}

/// The same protocol as the middleware, for callers it does not serve
/// (owners under `/api/v1/me/…`), applied by the handler inside its own
/// transaction: [`InTx::replay`] first, [`InTx::store`] with the change, so
/// the answer is stored exactly when the change commits. Same store, same
/// retention, same errors (422 `idempotency_key_reused`, 409
/// `idempotency_in_progress` for a concurrent twin).
#[derive(Debug, Clone)]
pub struct InTx {
    principal: String,
    key: String,
    hash: String,
}

impl InTx {
    /// The request's key for `principal` (e.g. `owner:<customer id>`) over
    /// the method, the path and the parsed body; `None` without the header.
    pub fn from_request(
        req: &actix_web::HttpRequest,
        principal: String,
        body: &impl serde::Serialize,
    ) -> Result<Option<InTx>, ApiError> {
        let Some(v) = req.headers().get(HEADER) else {
            return Ok(None);
        };
        let key = v.to_str().unwrap_or_default().to_string();
        check_key(&key)?;
        let mut hasher = Sha256::new();
        hasher.update(req.method().as_str());
        hasher.update(b" ");
        hasher.update(req.uri().to_string());
        hasher.update(b"\n");
        hasher.update(serde_json::to_vec(body).map_err(ApiError::internal)?);
        Ok(Some(InTx {
            principal,
            key,
            hash: hex(&hasher.finalize()),
        }))
    }

    /// The answer stored under the key, if the request was answered before.
    pub fn replay(&self, conn: &mut DbConn) -> Result<Option<Stored>, ApiError> {
        match find_or_claim(conn, &self.principal, &self.key, &self.hash)? {
            Lookup::Replay(status, body, location) => Ok(Some(Stored {
                status,
                body,
                location,
            })),
            Lookup::Fresh => Ok(None),
        }
    }

    /// Stores the answer (in the caller's transaction, with the change).
    pub fn store(
        &self,
        conn: &mut DbConn,
        status: StatusCode,
        body: &impl serde::Serialize,
        location: Option<&str>,
    ) -> Result<(), ApiError> {
        let body = serde_json::to_vec(body).map_err(ApiError::internal)?;
        diesel::update(idempotency_keys::table.find((self.principal.as_str(), self.key.as_str())))
            .set((
                idempotency_keys::status_code.eq(i32::from(status.as_u16())),
                idempotency_keys::response_body.eq(body),
                idempotency_keys::location.eq(location),
            ))
            .execute(conn)?;
        Ok(())
    }
}
