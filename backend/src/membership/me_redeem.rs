//! `/api/v1/me/…` redemptions by the signed-in owner for themselves: points
//! against the catalogue and tier benefits. They reuse [`super::redeem`]
//! with the [`Owner`]'s own customer and `owner.audit()` (`actor_kind`
//! `owner`), so the balance never goes below zero, the stock and the quota
//! hold under concurrent requests, and an `Idempotency-Key` is applied once.
//! The staff idempotency middleware does not serve owner tokens: the service
//! stores the key per customer and a repeat answers the first redemption
//! again with `Idempotent-Replayed: true`.

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{BenefitRedemption, PointsRedemption, RedeemBenefit, RedeemPoints};

use super::{redeem, views};
use crate::auth::Owner;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ValidJson};
use crate::state::AppState;

/// The request's `Idempotency-Key`, the service-level dedupe key (also
/// used by `/me/referrals`).
pub fn dedupe_key(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(crate::idempotency::HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// 201 with `Location`, marked as a replay when the key was seen before.
pub fn answer<T: serde::Serialize>(location: String, body: &T, replayed: bool) -> HttpResponse {
    let mut res = created(location, body, None);
    if replayed {
        res.headers_mut().insert(
            actix_web::http::header::HeaderName::from_static("idempotent-replayed"),
            actix_web::http::header::HeaderValue::from_static("true"),
        );
    }
    res
}

/// Staff who redeemed on the owner's behalf stay anonymous to the owner.
fn hide_staff(actor_kind: &str, actor_id: &mut Option<String>) {
    if actor_kind != "owner" {
        *actor_id = None;
    }
}

/// A note staff wrote on a redemption for the owner is internal.
fn hide_staff_note(actor_kind: &str, note: &mut String) {
    if actor_kind != "owner" {
        note.clear();
    }
}

/// Redeem the owner's own points for a catalogue item.
///
/// Never overdraws the balance or the stock, also under concurrent requests.
/// With `Idempotency-Key` the same key is applied once (another redemption
/// under it is 422 `idempotency_key_reused`).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = RedeemPoints,
    responses(
        (status = 201, description = "Redeemed; `Location` names the redemption", body = PointsRedemption),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (`catalogue_item_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_a_member`, `catalogue_item_inactive`, `out_of_stock`, `insufficient_points`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/points/redemptions")]
pub async fn redeem_my_points(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
    body: ValidJson<RedeemPoints>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let key = dedupe_key(&req);
    let ctx = owner.audit();
    let (mut r, replayed) = db::run(&state.pool, move |conn| {
        redeem::redeem_points(conn, &ctx, &owner.customer_id, &input, key.as_deref())
    })
    .await?;
    hide_staff(&r.actor_kind, &mut r.actor_id);
    Ok(answer(
        format!("/api/v1/me/points/redemptions/{}", r.id),
        &r,
        replayed,
    ))
}

/// Read one of the owner's own points redemptions.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Redemption id")),
    responses(
        (status = 200, description = "The redemption", body = PointsRedemption),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such redemption of the owner (`redemption_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/points/redemptions/{id}")]
pub async fn get_my_points_redemption(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let mut r = db::run(&state.pool, move |conn| {
        views::points_redemption(conn, &owner.company_id, &owner.customer_id, &id)
    })
    .await?;
    hide_staff(&r.actor_kind, &mut r.actor_id);
    Ok(HttpResponse::Ok().json(r))
}

/// Redeem a benefit of the owner's tier (e.g. this year's housekeeping).
///
/// Enforces the tier and the quota per period, also under concurrent
/// requests; `Idempotency-Key` is applied once.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = RedeemBenefit,
    responses(
        (status = 201, description = "Redeemed; `Location` names the redemption", body = BenefitRedemption),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such benefit (`benefit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_a_member`, `benefit_inactive`, `tier_not_eligible`, `benefit_quota_exhausted`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/benefit-redemptions")]
pub async fn redeem_my_benefit(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
    body: ValidJson<RedeemBenefit>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let key = dedupe_key(&req);
    let ctx = owner.audit();
    let (mut r, replayed) = db::run(&state.pool, move |conn| {
        redeem::redeem_benefit(conn, &ctx, &owner.customer_id, &input, key.as_deref())
    })
    .await?;
    hide_staff(&r.actor_kind, &mut r.actor_id);
    hide_staff_note(&r.actor_kind, &mut r.note);
    Ok(answer(
        format!("/api/v1/me/benefit-redemptions/{}", r.id),
        &r,
        replayed,
    ))
}

/// Read one of the owner's own benefit redemptions.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Redemption id")),
    responses(
        (status = 200, description = "The redemption", body = BenefitRedemption),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such redemption of the owner (`redemption_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/benefit-redemptions/{id}")]
pub async fn get_my_benefit_redemption(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let mut r = db::run(&state.pool, move |conn| {
        views::benefit_redemption(conn, &owner.company_id, &owner.customer_id, &id)
    })
    .await?;
    hide_staff(&r.actor_kind, &mut r.actor_id);
    hide_staff_note(&r.actor_kind, &mut r.note);
    Ok(HttpResponse::Ok().json(r))
}
