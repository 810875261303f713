//! `/api/v1/settings/membership-tiers` and `/settings/membership-points`:
//! the tier rules (thresholds, purchase discounts, downgrade on withdrawal)
//! and the points rules (earn rates, expiry). Read by admins, the head of CRM
//! and sales managers; changed by the head of CRM with `If-Match`. New rules
//! apply from the next membership event of each customer: tiers already
//! reached and points already earned are not recomputed.

use actix_web::{get, put, web, HttpResponse};
use api_types::{
    MembershipPointsRules, MembershipPointsRulesSetting, MembershipTierRules,
    MembershipTierRulesSetting,
};

use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::settings::{self, Versioned};
use crate::state::AppState;

fn tiers_view(v: Versioned<MembershipTierRules>) -> MembershipTierRulesSetting {
    MembershipTierRulesSetting {
        version: v.version,
        rules: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

fn points_view(v: Versioned<MembershipPointsRules>) -> MembershipPointsRulesSetting {
    MembershipPointsRulesSetting {
        version: v.version,
        rules: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the membership tier rules (version 0: DOMAIN's defaults).
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The tier rules in force; `ETag` carries their version", body = MembershipTierRulesSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/membership-tiers")]
pub async fn get_membership_tier_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let v = db::run(&state.pool, move |conn| {
        Ok(settings::get::<MembershipTierRules>(conn, &company)?)
    })
    .await?;
    let body = tiers_view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the membership tier rules.
///
/// Send `If-Match` with the version read (`"0"` while the defaults are in force).
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    request_body = MembershipTierRules,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored rules and their new version", body = MembershipTierRulesSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A number out of range, gold not above silver (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/membership-tiers")]
pub async fn update_membership_tier_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<MembershipTierRules>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let v = db::run(&state.pool, move |conn| {
        settings::put(conn, &ctx, if_match.0, &value)
    })
    .await?;
    let body = tiers_view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Read the points rules: earn rates and expiry (version 0: the defaults).
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The points rules in force; `ETag` carries their version", body = MembershipPointsRulesSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/membership-points")]
pub async fn get_membership_points_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let v = db::run(&state.pool, move |conn| {
        Ok(settings::get::<MembershipPointsRules>(conn, &company)?)
    })
    .await?;
    let body = points_view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the points rules.
///
/// Send `If-Match` with the version read. Points already earned keep their
/// amount and expiry; later earnings use the new rules.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    request_body = MembershipPointsRules,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored rules and their new version", body = MembershipPointsRulesSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A number out of range (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/membership-points")]
pub async fn update_membership_points_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<MembershipPointsRules>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let v = db::run(&state.pool, move |conn| {
        settings::put(conn, &ctx, if_match.0, &value)
    })
    .await?;
    let body = points_view(v);
    Ok(ok_with_etag(&body, body.version))
}
