//! `/api/v1/owner-auth/*`: owners sign in with phone and a one-time code;
//! refresh and logout work like staff sessions, with owner tokens.

use actix_web::http::StatusCode;
use actix_web::{post, web, HttpRequest, HttpResponse};
use api_types::{
    OwnerCodeAccepted, OwnerCodeRequest, OwnerVerifyRequest, RefreshRequest, TokenResponse,
};

use super::codes::{self, CODE_TTL_SECS};
use crate::audit::{self, AuditCtx};
use crate::auth::handlers::client_ip;
use crate::auth::sessions::{self, Audience, Rotation};
use crate::auth::throttle;
use crate::auth::tokens::{ACCESS_TTL_SECS, OWNER_AUDIENCE};
use crate::db;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::state::AppState;

fn too_many(retry_after: i64) -> ApiError {
    let mut e = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "too_many_requests",
        "too many requests; try again later",
    );
    e.retry_after = Some(retry_after);
    e
}

fn invalid_code() -> ApiError {
    ApiError::unauthorized(
        "invalid_code",
        "the code is wrong, expired or used up; request a new one",
    )
}

fn owner_tokens(
    state: &AppState,
    customer_id: &str,
    company_id: &str,
    sid: &str,
    refresh_token: String,
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: state
            .tokens
            .issue_for(OWNER_AUDIENCE, customer_id, company_id, sid)
            .map_err(ApiError::internal)?,
        refresh_token,
        expires_in: ACCESS_TTL_SECS,
        token_type: "Bearer".into(),
    })
}

/// Request a one-time login code by SMS (owners).
///
/// Always 202 with the same body, whether or not the phone belongs to an
/// owner: only an owner's phone gets the message, nothing tells which. Limits:
/// one code per phone per minute, 5 per phone per hour, 20 requests per client
/// address per hour (settings `ESTATE_CRM_OWNER_CODE*`); beyond them 429.
#[utoipa::path(
    tag = "owner_auth",
    request_body = OwnerCodeRequest,
    responses(
        (status = 202, description = "Accepted (the same answer for every phone)", body = OwnerCodeAccepted),
        (status = 429, description = "Too many code requests for the phone or from the address (`too_many_requests`); see `Retry-After`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/owner-auth/code")]
pub async fn request_owner_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<OwnerCodeRequest>,
) -> Result<HttpResponse, ApiError> {
    let phone = api_types::normalize_cn_mobile(&body.0.phone);
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let st = state.clone();
    let refused = db::run(&state.pool, move |conn| {
        let now = db::now();
        let limits = &st.config.owner_login;
        Ok(db::write_tx(conn, |conn| {
            codes::request(conn, &st.personal_data, limits, &phone, &ip, now)
        })?)
    })
    .await?;
    if let Some(secs) = refused {
        return Err(too_many(secs));
    }
    if state.config.run_jobs {
        // Deliver now rather than at the next sweep; whether a message was
        // enqueued is not observable from here.
        let st = state.clone();
        actix_web::rt::spawn(async move {
            if let Err(e) = crate::outbox::deliver_due(
                &st.pool,
                &st.personal_data,
                st.sender.as_ref(),
                db::now(),
            )
            .await
            {
                log::warn!("outbox: immediate delivery failed: {e}");
            }
        });
    }
    Ok(HttpResponse::Accepted().json(OwnerCodeAccepted {
        status: "accepted".into(),
        code_valid_secs: CODE_TTL_SECS,
        retry_after_secs: state.config.owner_login.code_interval_secs,
    }))
}

/// Sign in with phone and one-time code (owners).
///
/// Returns owner tokens (their own audience: refused by every staff endpoint).
/// A wrong, expired, used-up or superseded code, and a phone that is no
/// owner's, all answer 401 `invalid_code`; each code allows 5 attempts.
#[utoipa::path(
    tag = "owner_auth",
    request_body = OwnerVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong, expired or used-up code (`invalid_code`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed codes from the address (`too_many_requests`); see `Retry-After`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/owner-auth/verify")]
pub async fn verify_owner_code(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<OwnerVerifyRequest>,
) -> Result<HttpResponse, ApiError> {
    let OwnerVerifyRequest {
        phone,
        code,
        company_id,
    } = body.0;
    let phone = api_types::normalize_cn_mobile(&phone);
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let st = state.clone();
    let tokens = db::run(&state.pool, move |conn| {
        let now = db::now();
        let key = codes::verify_ip_key(&ip);
        if let Some(secs) = throttle::locked_for(conn, &key, now)? {
            return Err(too_many(secs));
        }
        let signed_in = db::write_tx(conn, |conn| {
            codes::verify(
                conn,
                &st.personal_data,
                &phone,
                &code,
                company_id.as_deref(),
                now,
            )
        })?;
        let Some((customer_id, company_id, sid, refresh)) = signed_in else {
            let cfg = &st.config.throttle;
            throttle::record_failure(conn, cfg, &key, cfg.ip_failures, now)?;
            return Err(invalid_code());
        };
        owner_tokens(&st, &customer_id, &company_id, &sid, refresh)
    })
    .await?;
    Ok(HttpResponse::Ok().json(tokens))
}

/// Exchange an owner refresh token for a new pair.
///
/// Each refresh token works once; presenting a spent one revokes the session.
/// Staff refresh tokens are refused here (and owner ones at `/auth/refresh`).
#[utoipa::path(
    tag = "owner_auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New owner tokens; the presented refresh token is spent", body = TokenResponse),
        (status = 401, description = "Unknown, expired or ended (`invalid_refresh_token`), or reused (`refresh_token_reused`: the session is revoked)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/owner-auth/refresh")]
pub async fn refresh_owner_session(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    let rotation = db::run(&state.pool, move |conn| {
        Ok(db::write_tx(conn, |conn| {
            sessions::rotate_for(conn, Audience::Owner, &token)
        })?)
    })
    .await?;
    match rotation {
        Rotation::Rotated(customer_id, company_id, sid, next) => Ok(
            HttpResponse::Ok().json(owner_tokens(&state, &customer_id, &company_id, &sid, next)?)
        ),
        Rotation::Invalid => Err(ApiError::unauthorized(
            "invalid_refresh_token",
            "the refresh token is unknown, expired or its session has ended",
        )),
        Rotation::Reused => Err(ApiError::unauthorized(
            "refresh_token_reused",
            "this refresh token was already used; the session has been revoked",
        )),
    }
}

/// Sign out (owners): ends the session of the refresh token.
///
/// Answers 204 whether or not the token was known, so it can be retried.
#[utoipa::path(
    tag = "owner_auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out"))
)]
#[post("/owner-auth/logout")]
pub async fn logout_owner(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some((sid, customer_id, company_id)) =
                sessions::session_of_for(conn, Audience::Owner, &token)?
            {
                sessions::revoke(conn, &sid, "logout")?;
                let ctx = AuditCtx {
                    company_id,
                    actor_id: Some(customer_id.clone()),
                    actor_kind: "owner",
                    request_id: Some(crate::request_id::current()),
                };
                audit::record(
                    conn,
                    &ctx,
                    "session.logout",
                    "customer",
                    &customer_id,
                    None,
                    None,
                )?;
            }
            Ok::<_, ApiError>(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
