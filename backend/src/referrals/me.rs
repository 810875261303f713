//! `/api/v1/me/referrals`: the signed-in owner registers friends and follows
//! their own registrations. Every query is keyed by the [`Owner`]'s customer
//! and company. The answer never tells whether the friend is already a
//! customer: a registration is always 201 with the same shape, and an
//! ineligible one is `not_eligible` with one generic note whatever the rule
//! (staff see the reason at `GET /referrals/{id}`).

use actix_web::{get, post, put, web, HttpRequest, HttpResponse};
use api_types::{ChooseReferralReward, MyReferral, Page, RegisterReferral};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::actions;
use super::model::{self, ReferralRow};
use super::register::{self, NewRegistration};
use crate::auth::Owner;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, PageParams, ValidJson};
use crate::personal_data::PersonalData;
use crate::schema::{projects, referrals};
use crate::state::AppState;

fn mine(conn: &mut DbConn, owner: &Owner, id: &str) -> Result<ReferralRow, ApiError> {
    referrals::table
        .filter(referrals::id.eq(id))
        .filter(referrals::company_id.eq(&owner.company_id))
        .filter(referrals::referrer_customer_id.eq(&owner.customer_id))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("referral_not_found"))
}

fn my_views(
    conn: &mut DbConn,
    pd: &PersonalData,
    rows: Vec<ReferralRow>,
) -> QueryResult<Vec<MyReferral>> {
    let ids: Vec<String> = rows.iter().map(|r| r.project_id.clone()).collect();
    let names: Vec<(String, String)> = projects::table
        .filter(projects::id.eq_any(ids))
        .select((projects::id, projects::name))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let name = names
                .iter()
                .find(|(id, _)| *id == r.project_id)
                .map(|(_, n)| n.clone())
                .unwrap_or_default();
            model::my_view(pd, r, name)
        })
        .collect())
}

fn my_view(conn: &mut DbConn, pd: &PersonalData, row: ReferralRow) -> Result<MyReferral, ApiError> {
    my_views(conn, pd, vec![row])?
        .pop()
        .ok_or_else(|| ApiError::internal("referral view missing"))
}

/// Register a friend (报备) from the mini-program.
///
/// Always 201 with the registration: `status` `registered` when valid
/// (protected until `protected_until`), else `not_eligible` with a generic
/// `status_note` — never why. With `Idempotency-Key` the same request
/// registers once and replays (`Idempotent-Replayed: true`).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = RegisterReferral,
    responses(
        (status = 201, description = "Registered; `Location` names it", body = MyReferral),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/referrals")]
pub async fn register_my_referral(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
    body: ValidJson<RegisterReferral>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let key = crate::membership::me_redeem::dedupe_key(&req);
    let st = state.clone();
    let (view, replayed) = db::run(&state.pool, move |conn| {
        let reg = NewRegistration {
            project_id: input.project_id,
            referrer_customer_id: owner.customer_id.clone(),
            friend_name: input.friend_name,
            friend_phone: input.friend_phone,
            reward: input.reward,
            consent: input.consent,
            via: "owner",
            allowed_projects: None,
            idempotency_key: key,
        };
        let (row, replayed) = register::register(conn, &st.personal_data, &owner.audit(), &reg)?;
        Ok((my_view(conn, &st.personal_data, row)?, replayed))
    })
    .await?;
    Ok(crate::membership::me_redeem::answer(
        format!("/api/v1/me/referrals/{}", view.id),
        &view,
        replayed,
    ))
}

/// Query of `GET /me/referrals`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyReferralsQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The owner's own registrations, newest first.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(MyReferralsQuery),
    responses(
        (status = 200, description = "One page of the owner's registrations", body = Page<MyReferral>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/referrals")]
pub async fn list_my_referrals(
    state: web::Data<AppState>,
    owner: Owner,
    query: web::Query<MyReferralsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = referrals::table
            .filter(referrals::company_id.eq(&owner.company_id))
            .filter(referrals::referrer_customer_id.eq(&owner.customer_id))
            .into_boxed();
        if let Some(after) = &page.after {
            query = query.filter(referrals::id.lt(after.clone()));
        }
        let rows: Vec<ReferralRow> = query
            .order(referrals::id.desc())
            .limit(page.fetch())
            .select(ReferralRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: my_views(conn, &st.personal_data, rows)?,
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// One of the owner's own registrations.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, description = "The registration", body = MyReferral),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration of the owner (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/referrals/{id}")]
pub async fn get_my_referral(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let st = state.clone();
    let view = db::run(&state.pool, move |conn| {
        let row = mine(conn, &owner, &id)?;
        my_view(conn, &st.personal_data, row)
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Choose the reward (one year of property fees or the shopping card),
/// until it is approved; `If-Match` with the registration's `ETag`.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = ChooseReferralReward,
    params(("id" = String, Path, description = "Referral id"), ("If-Match" = String, Header, description = "The registration's ETag")),
    responses(
        (status = 200, description = "The registration", body = MyReferral),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such registration of the owner (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Approved, paid or ended (`referral_status_conflict`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/me/referrals/{id}/reward")]
pub async fn choose_my_referral_reward(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<ChooseReferralReward>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let reward = body.0.reward;
    let st = state.clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            mine(conn, &owner, &id)?;
            db::lock_row(conn, "referrals", &id)?;
            let row = model::reload(conn, &id)?;
            let after = actions::choose_reward(
                conn,
                &owner.audit(),
                &row,
                actions::Expected::Owner(if_match.0),
                reward,
            )?;
            my_view(conn, &st.personal_data, after)
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}
