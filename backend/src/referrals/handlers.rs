//! `/api/v1/referrals`: staff register a friend on an owner's behalf, follow
//! the pipeline, decide the fraud review, approve and pay the reward.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    ApproveReferralReward, ChooseReferralReward, CreateReferral, Page, PayReferralReward, Referral,
    ReferralStatus, ReviewReferral, ReviewStatus,
};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::{self, ReferralRow};
use super::register::{self, NewRegistration};
use super::{actions, find, visible, ReferralApprovers, ReferralWorkers};
use crate::audit::AuditCtx;
use crate::auth::{ProjectScope, RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, IfMatch, PageParams, ValidJson};
use crate::schema::{customers, referrals, user_projects};
use crate::state::AppState;

/// Register a friend (报备) on an owner's behalf.
///
/// The registration is kept whatever the rules decide: a valid one is
/// protected for `referral_rules.protection_days` and attaches or captures
/// the friend's lead (source `owner_referral`, the referrer recorded); an
/// ineligible one names its reason and rule. Signals put it in the fraud
/// review queue. Of two registrations of one friend at the same moment
/// exactly one is valid.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = CreateReferral,
    responses(
        (status = 201, description = "Registered (valid or not: see `status` and `ineligible_reason`); `Location` names it", body = Referral),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referrer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/referrals")]
pub async fn create_referral(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    body: ValidJson<CreateReferral>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let st = state.clone();
    let view = db::run(&state.pool, move |conn| {
        let referrer = crate::customers::visibility::visible(&staff)
            .filter(customers::id.eq(input.referrer_customer_id.clone()))
            .filter(customers::merged_into.is_null())
            .select(customers::id)
            .first::<String>(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("customer_not_found"))?;
        let allowed_projects = match staff.project_scope() {
            ProjectScope::Granted(uid) => Some(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id)
                    .load::<String>(conn)?,
            ),
            ProjectScope::All => None,
        };
        let reg = NewRegistration {
            project_id: input.project_id,
            referrer_customer_id: referrer,
            friend_name: input.friend_name,
            friend_phone: input.friend_phone,
            reward: input.reward,
            consent: input.consent,
            via: "staff",
            allowed_projects,
            idempotency_key: None,
        };
        let (row, _) = register::register(conn, &st.personal_data, &staff.audit(), &reg)?;
        Ok(super::view_for(conn, &st.personal_data, &staff, row)?)
    })
    .await?;
    Ok(created(
        format!("/api/v1/referrals/{}", view.id),
        &view,
        Some(view.version),
    ))
}

/// Filters of the referral list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReferralQuery {
    /// Only this status.
    pub status: Option<ReferralStatus>,
    /// Only this fraud-review status (`pending`: the review queue).
    pub review_status: Option<ReviewStatus>,
    /// Only this project.
    pub project_id: Option<String>,
    /// Only this referrer.
    pub referrer_customer_id: Option<String>,
    /// Only this friend (customer).
    pub friend_customer_id: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the referrals you may see, newest first (the pipeline; with
/// `review_status=pending`, the fraud review queue).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(ReferralQuery),
    responses(
        (status = 200, description = "One page of referrals", body = Page<Referral>),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/referrals")]
pub async fn list_referrals(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    query: web::Query<ReferralQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = visible(&staff);
        if let Some(s) = q.status {
            query = query.filter(referrals::status.eq(s.as_str()));
        }
        if let Some(s) = q.review_status {
            query = query.filter(referrals::review_status.eq(s.as_str()));
        }
        if let Some(p) = q.project_id {
            query = query.filter(referrals::project_id.eq(p));
        }
        if let Some(c) = q.referrer_customer_id {
            query = query.filter(referrals::referrer_customer_id.eq(c));
        }
        if let Some(c) = q.friend_customer_id {
            query = query.filter(referrals::friend_customer_id.eq(c));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(referrals::id.lt(after));
        }
        let rows: Vec<ReferralRow> = query
            .order(referrals::id.desc())
            .limit(page.fetch())
            .select(ReferralRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        let mut data = model::views(conn, &st.personal_data, rows)?;
        super::redact(conn, &staff, &mut data)?;
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read a referral: the decision with its rule, signals, review, reward and history.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, description = "The referral", body = Referral),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral, or not yours (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/referrals/{id}")]
pub async fn get_referral(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let st = state.clone();
    let view = db::run(&state.pool, move |conn| {
        let row = find(conn, &staff, &id)?;
        Ok(super::view_for(conn, &st.personal_data, &staff, row)?)
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Runs an action on a visible referral under its row lock, in one transaction.
async fn act(
    state: web::Data<AppState>,
    staff: Staff,
    id: String,
    f: impl FnOnce(&mut DbConn, &AuditCtx, &ReferralRow) -> Result<ReferralRow, ApiError>
        + Send
        + 'static,
) -> Result<HttpResponse, ApiError> {
    let st = state.clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            find(conn, &staff, &id)?;
            db::lock_row(conn, "referrals", &id)?;
            let row = model::reload(conn, &id)?;
            let after = f(conn, &staff.audit(), &row)?;
            Ok(super::view_for(conn, &st.personal_data, &staff, after)?)
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Choose the referrer's reward (one year of property fees or the shopping
/// card) on their behalf, until the reward is approved.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = ChooseReferralReward,
    params(("id" = String, Path, description = "Referral id"), ("If-Match" = String, Header, description = "The referral's ETag")),
    responses(
        (status = 200, description = "The referral", body = Referral),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral, or not yours (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already approved, paid or ended (`referral_status_conflict`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/referrals/{id}/reward")]
pub async fn choose_referral_reward(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<ChooseReferralReward>,
) -> Result<HttpResponse, ApiError> {
    let reward = body.0.reward;
    act(
        state,
        (*staff).clone(),
        path.into_inner(),
        move |conn, ctx, r| {
            actions::choose_reward(conn, ctx, r, actions::Expected::Staff(if_match.0), reward)
        },
    )
    .await
}

/// Decide the fraud review of a flagged registration (head of CRM): cleared,
/// or rejected (the registration becomes ineligible and earns nothing).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = ReviewReferral,
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, description = "The referral", body = Referral),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not waiting for a review (`review_not_pending`), or already paid (`referral_status_conflict`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/referrals/{id}/review")]
pub async fn review_referral(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralApprovers>,
    path: web::Path<String>,
    body: ValidJson<ReviewReferral>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    act(
        state,
        (*staff).clone(),
        path.into_inner(),
        move |conn, ctx, r| actions::decide_review(conn, ctx, r, &input),
    )
    .await
}

/// Approve the reward of a referral whose friend signed (head of CRM). The
/// reward is valued by the rules (`referral_rules.shopping_card_fen`, or the
/// year of property fees) and named with its rule.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = ApproveReferralReward,
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, description = "Approved", body = Referral),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The friend has not signed or it is approved already (`referral_status_conflict`); the review is pending (`review_pending`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/referrals/{id}/approve")]
pub async fn approve_referral_reward(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralApprovers>,
    path: web::Path<String>,
    body: ValidJson<ApproveReferralReward>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    act(
        state,
        (*staff).clone(),
        path.into_inner(),
        move |conn, ctx, r| actions::approve(conn, ctx, r, &input),
    )
    .await
}

/// Record that the approved reward was paid (head of CRM); it is paid once.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = PayReferralReward,
    params(("id" = String, Path, description = "Referral id")),
    responses(
        (status = 200, description = "Paid", body = Referral),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such referral (`referral_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not approved, or paid already (`referral_status_conflict`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/referrals/{id}/pay")]
pub async fn pay_referral_reward(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralApprovers>,
    path: web::Path<String>,
    body: ValidJson<PayReferralReward>,
) -> Result<HttpResponse, ApiError> {
    let reference = body.0.reference;
    act(
        state,
        (*staff).clone(),
        path.into_inner(),
        move |conn, ctx, r| actions::pay(conn, ctx, r, &reference),
    )
    .await
}
