//! `/api/v1/customers/{id}/membership`, `/points` and the redemptions staff
//! make on a customer's behalf. The customer must be one the caller may reach
//! ([`super::scope::visible_customer`]); the work is done by the reusable
//! services in [`super::views`] and [`super::redeem`].

use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{
    BenefitRedemption, Membership, Page, PointsEntry, PointsRedemption, RedeemBenefit, RedeemPoints,
};
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope::{visible_customer, MembershipReaders, Redeemers};
use super::{redeem, views};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, PageParams, ValidJson};
use crate::state::AppState;

/// The request's `Idempotency-Key`, also the service-level dedupe key.
fn dedupe_key(req: &HttpRequest) -> Option<String> {
    req.headers()
        .get(crate::idempotency::HEADER)
        .and_then(|v| v.to_str().ok())
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
}

/// A customer's membership: tier, tier history with causes, points balance,
/// the purchase discount in force and every active benefit with its quota left.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The membership (no tier and no points for a customer who never bought)", body = Membership),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/membership")]
pub async fn get_customer_membership(
    state: web::Data<AppState>,
    staff: RequireRole<MembershipReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        views::membership(conn, &staff.company_id, &id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Query of `GET /customers/{id}/points`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct PointsQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// A customer's points ledger, newest first: every earning, redemption,
/// reversal and expiry with its reason and reference.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), PointsQuery),
    responses(
        (status = 200, description = "One page of the ledger", body = Page<PointsEntry>),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/points")]
pub async fn list_customer_points(
    state: web::Data<AppState>,
    staff: RequireRole<MembershipReaders>,
    path: web::Path<String>,
    query: web::Query<PointsQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        let (data, next_cursor) = views::ledger_page(conn, &staff.company_id, &id, &page)?;
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Redeem points for a catalogue item on the customer's behalf.
///
/// Never overdraws the balance or the stock, also under concurrent requests.
/// With `Idempotency-Key`, the same key for the same customer is applied once.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = RedeemPoints,
    responses(
        (status = 201, description = "Redeemed; `Location` names the redemption", body = PointsRedemption),
        (status = 403, description = "The role does not redeem (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer or item (`customer_not_found`, `catalogue_item_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_a_member`, `catalogue_item_inactive`, `out_of_stock`, `insufficient_points`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/customers/{id}/points/redemptions")]
pub async fn redeem_customer_points(
    state: web::Data<AppState>,
    staff: RequireRole<Redeemers>,
    req: HttpRequest,
    path: web::Path<String>,
    body: ValidJson<RedeemPoints>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let key = dedupe_key(&req);
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let (r, _) = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        redeem::redeem_points(conn, &ctx, &id, &input, key.as_deref())
    })
    .await?;
    let location = format!(
        "/api/v1/customers/{}/points/redemptions/{}",
        r.customer_id, r.id
    );
    Ok(created(location, &r, None))
}

/// Read one points redemption of the customer.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Customer id"),
        ("redemption_id" = String, Path, description = "Redemption id"),
    ),
    responses(
        (status = 200, description = "The redemption", body = PointsRedemption),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`customer_not_found`, `redemption_not_found`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/points/redemptions/{redemption_id}")]
pub async fn get_customer_points_redemption(
    state: web::Data<AppState>,
    staff: RequireRole<MembershipReaders>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        views::points_redemption(conn, &staff.company_id, &id, &rid)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Redeem a benefit for the customer (e.g. this year's housekeeping).
///
/// Enforces the tier and the quota per period, also under concurrent requests.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    request_body = RedeemBenefit,
    responses(
        (status = 201, description = "Redeemed; `Location` names the redemption", body = BenefitRedemption),
        (status = 403, description = "The role does not redeem (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer or benefit (`customer_not_found`, `benefit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "`not_a_member`, `benefit_inactive`, `tier_not_eligible`, `benefit_quota_exhausted`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/customers/{id}/benefit-redemptions")]
pub async fn redeem_customer_benefit(
    state: web::Data<AppState>,
    staff: RequireRole<Redeemers>,
    req: HttpRequest,
    path: web::Path<String>,
    body: ValidJson<RedeemBenefit>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let key = dedupe_key(&req);
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let (r, _) = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        redeem::redeem_benefit(conn, &ctx, &id, &input, key.as_deref())
    })
    .await?;
    let location = format!(
        "/api/v1/customers/{}/benefit-redemptions/{}",
        r.customer_id, r.id
    );
    Ok(created(location, &r, None))
}

/// Read one benefit redemption of the customer.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Customer id"),
        ("redemption_id" = String, Path, description = "Redemption id"),
    ),
    responses(
        (status = 200, description = "The redemption", body = BenefitRedemption),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "`customer_not_found`, `redemption_not_found`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/benefit-redemptions/{redemption_id}")]
pub async fn get_customer_benefit_redemption(
    state: web::Data<AppState>,
    staff: RequireRole<MembershipReaders>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let id = visible_customer(conn, &staff, &id)?;
        views::benefit_redemption(conn, &staff.company_id, &id, &rid)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
