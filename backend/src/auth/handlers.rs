//! `/api/v1/auth/*` and `/api/v1/me`.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{LoginRequest, Me, RefreshRequest, TokenResponse};
use diesel::prelude::*;

use super::principal::Staff;
use super::sessions::{self, Rotation};
use super::tokens::ACCESS_TTL_SECS;
use super::{password, throttle};
use crate::audit::{self, AuditCtx};
use crate::db;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::schema::{companies, user_projects, users};
use crate::state::AppState;

/// The client's address: the peer, or, when the peer is a trusted proxy, the
/// nearest untrusted hop of `X-Forwarded-For` (anything further left is
/// client-supplied and could be forged).
pub fn client_ip(req: &HttpRequest, trusted: &[std::net::IpAddr]) -> String {
    let Some(peer) = req.peer_addr().map(|a| a.ip()) else {
        return "unknown".into();
    };
    if !trusted.contains(&peer) {
        return peer.to_string();
    }
    let forwarded = req
        .headers()
        .get("x-forwarded-for")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    forwarded
        .split(',')
        .rev()
        .filter_map(|hop| hop.trim().parse::<std::net::IpAddr>().ok())
        .find(|ip| !trusted.contains(ip))
        .unwrap_or(peer)
        .to_string()
}

fn too_many(retry_after: i64) -> ApiError {
    let mut e = ApiError::new(
        actix_web::http::StatusCode::TOO_MANY_REQUESTS,
        "too_many_attempts",
        "too many failed sign-ins; try again later",
    );
    e.retry_after = Some(retry_after);
    e
}

fn invalid_credentials() -> ApiError {
    ApiError::unauthorized("invalid_credentials", "e-mail or password is wrong")
}

fn token_response(
    state: &AppState,
    uid: &str,
    cid: &str,
    sid: &str,
    refresh_token: String,
) -> Result<TokenResponse, ApiError> {
    Ok(TokenResponse {
        access_token: state
            .tokens
            .issue(uid, cid, sid)
            .map_err(ApiError::internal)?,
        refresh_token,
        expires_in: ACCESS_TTL_SECS,
        token_type: "Bearer".into(),
    })
}

/// Sign in with e-mail and password.
///
/// Failed attempts are counted per account and per client address; at the
/// limit the key is locked for a while and every attempt gets 429.
#[utoipa::path(
    tag = "auth",
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = TokenResponse),
        (status = 401, description = "Wrong e-mail or password, or a disabled user (`invalid_credentials`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts (`too_many_attempts`); see `Retry-After`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/login")]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    body: ValidJson<LoginRequest>,
) -> Result<HttpResponse, ApiError> {
    let LoginRequest {
        email,
        password: pw,
    } = body.0;
    let ip = client_ip(&req, &state.config.trusted_proxies);
    let st = state.clone();
    let outcome = db::run(&state.pool, move |conn| {
        let now = db::now();
        let cfg = &st.config.throttle;
        let (akey, ikey) = (throttle::account_key(&email), throttle::ip_key(&ip));
        for key in [&akey, &ikey] {
            if let Some(secs) = throttle::locked_for(conn, key, now)? {
                return Err(too_many(secs));
            }
        }
        let user: Option<(String, String, String, bool)> = users::table
            .filter(users::email.eq(email.trim().to_lowercase()))
            .select((
                users::id,
                users::company_id,
                users::password_hash,
                users::disabled,
            ))
            .first(conn)
            .optional()?;
        let ok = match &user {
            Some((_, _, hash, disabled)) => password::verify(&pw, hash) && !disabled,
            None => {
                password::verify_dummy(&pw);
                false
            }
        };
        let Some((uid, cid, _, _)) = user.filter(|_| ok) else {
            throttle::record_failure(conn, cfg, &akey, cfg.account_failures, now)?;
            throttle::record_failure(conn, cfg, &ikey, cfg.ip_failures, now)?;
            return Err(invalid_credentials());
        };
        throttle::clear(conn, &akey)?;
        let (sid, refresh_token) = db::write_tx(conn, |conn| {
            let started = sessions::start(conn, &uid)?;
            let ctx = AuditCtx {
                company_id: cid.clone(),
                actor_id: Some(uid.clone()),
                actor_kind: "staff",
                request_id: Some(crate::request_id::current()),
            };
            audit::record(conn, &ctx, "session.login", "user", &uid, None, None)?;
            Ok::<_, ApiError>(started)
        })?;
        token_response(&st, &uid, &cid, &sid, refresh_token)
    })
    .await?;
    Ok(HttpResponse::Ok().json(outcome))
}

/// Exchange a refresh token for a new pair.
///
/// Each refresh token works once. Presenting a spent one again revokes the
/// whole session (every token issued from the same sign-in).
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses(
        (status = 200, description = "New tokens; the presented refresh token is spent", body = TokenResponse),
        (status = 401, description = "Unknown, expired or ended (`invalid_refresh_token`), or reused (`refresh_token_reused`: the session is revoked)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/auth/refresh")]
pub async fn refresh(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    let st = state.clone();
    let rotation = db::run(&state.pool, move |conn| {
        Ok(db::write_tx(conn, |conn| sessions::rotate(conn, &token))?)
    })
    .await?;
    match rotation {
        Rotation::Rotated(uid, cid, sid, next) => {
            Ok(HttpResponse::Ok().json(token_response(&st, &uid, &cid, &sid, next)?))
        }
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

/// Sign out: ends the session of the refresh token (its access tokens stop working too).
///
/// Answers 204 whether or not the token was known, so it can be retried.
#[utoipa::path(
    tag = "auth",
    request_body = RefreshRequest,
    responses((status = 204, description = "Signed out"))
)]
#[post("/auth/logout")]
pub async fn logout(
    state: web::Data<AppState>,
    body: ValidJson<RefreshRequest>,
) -> Result<HttpResponse, ApiError> {
    let token = body.0.refresh_token;
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some((sid, uid, cid)) = sessions::session_of(conn, &token)? {
                sessions::revoke(conn, &sid, "logout")?;
                let ctx = AuditCtx {
                    company_id: cid,
                    actor_id: Some(uid.clone()),
                    actor_kind: "staff",
                    request_id: Some(crate::request_id::current()),
                };
                audit::record(conn, &ctx, "session.logout", "user", &uid, None, None)?;
            }
            Ok::<_, ApiError>(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The signed-in user, their role and granted projects.
#[utoipa::path(
    tag = "auth",
    security(("bearer" = [])),
    responses((status = 200, description = "The signed-in user", body = Me))
)]
#[get("/me")]
pub async fn get_me(state: web::Data<AppState>, staff: Staff) -> Result<HttpResponse, ApiError> {
    let me = db::run(&state.pool, move |conn| {
        let (email, display_name, company_name): (String, String, String) = users::table
            .inner_join(companies::table)
            .filter(users::id.eq(&staff.user_id))
            .select((users::email, users::display_name, companies::name))
            .first(conn)?;
        let project_ids = if staff.role.sees_all_projects() {
            crate::schema::projects::table
                .filter(crate::schema::projects::company_id.eq(&staff.company_id))
                .select(crate::schema::projects::id)
                .order(crate::schema::projects::id)
                .load(conn)?
        } else {
            user_projects::table
                .filter(user_projects::user_id.eq(&staff.user_id))
                .select(user_projects::project_id)
                .order(user_projects::project_id)
                .load(conn)?
        };
        Ok(Me {
            id: staff.user_id.clone(),
            email,
            display_name,
            role: staff.role,
            company_id: staff.company_id.clone(),
            company_name,
            project_ids,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(me))
}
