//! `/api/v1/me/…` reads of the signed-in owner's membership: tier with its
//! history and benefits, the points ledger, and what can be redeemed (the
//! active points catalogue and benefits). They reuse the services in
//! [`super::views`] with the [`Owner`]'s own customer and company, and leave
//! out which staff member did what (`actor_id` is `null` in owner views).

use actix_web::{get, web, HttpResponse};
use api_types::{BenefitStatus, CatalogueItem, Membership, Page, PointsEntry};
use serde::Deserialize;
use utoipa::IntoParams;

use super::{catalogue, views};
use crate::auth::Owner;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::state::AppState;

/// The membership as an owner sees it: no staff ids.
pub fn for_owner(mut m: Membership) -> Membership {
    for change in &mut m.tier_history {
        change.actor_id = None;
    }
    m
}

/// Query of the owner's keyset lists.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyPageQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The owner's membership: tier, tier history with causes, points balance,
/// the purchase discount in force, and every benefit with the quota left.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "The membership (no tier and no points before a purchase)", body = Membership),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/membership")]
pub async fn get_my_membership(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let body = db::run(&state.pool, move |conn| {
        views::membership(conn, &owner.company_id, &owner.customer_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(for_owner(body)))
}

/// The owner's points ledger, newest first: every earning, redemption,
/// reversal and expiry with its reason.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(MyPageQuery),
    responses(
        (status = 200, description = "One page of the ledger", body = Page<PointsEntry>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/points")]
pub async fn list_my_points(
    state: web::Data<AppState>,
    owner: Owner,
    query: web::Query<MyPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let (mut data, next_cursor) = db::run(&state.pool, move |conn| {
        views::ledger_page(conn, &owner.company_id, &owner.customer_id, &page)
    })
    .await?;
    for e in &mut data {
        e.actor_id = None;
    }
    Ok(HttpResponse::Ok().json(Page { data, next_cursor }))
}

/// What the owner's points can buy: the active items of the points
/// catalogue, oldest first.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(MyPageQuery),
    responses(
        (status = 200, description = "One page of active items", body = Page<CatalogueItem>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/points-catalogue")]
pub async fn list_my_points_catalogue(
    state: web::Data<AppState>,
    owner: Owner,
    query: web::Query<MyPageQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let (data, next_cursor) = db::run(&state.pool, move |conn| {
        catalogue::active_page(conn, &owner.company_id, &page)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page { data, next_cursor }))
}

/// The benefits of the owner's company, each with whether the owner's tier
/// has it and how many redemptions are left in the current period (one
/// page: the catalogue is short).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "Every active benefit with eligibility and quota left", body = Page<BenefitStatus>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/benefits")]
pub async fn list_my_benefits(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let m = db::run(&state.pool, move |conn| {
        views::membership(conn, &owner.company_id, &owner.customer_id)
    })
    .await?;
    Ok(HttpResponse::Ok().json(Page {
        data: m.benefits,
        next_cursor: None,
    }))
}
