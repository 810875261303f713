//! `/api/v1/settings/…`: company settings. The grading rules are read by
//! admins, the head of CRM and sales managers, and changed by the head of CRM.

use actix_web::{get, put, web, HttpResponse};
use api_types::{GradingRules, GradingRulesSetting};

use super::Versioned;
use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::state::AppState;

fn view(v: Versioned<GradingRules>) -> GradingRulesSetting {
    GradingRulesSetting {
        version: v.version,
        rules: v.value.rules,
        thresholds: v.value.thresholds,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the company's grading rules (version 0: DOMAIN's defaults).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rule set in force; `ETag` carries its version", body = GradingRulesSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/grading-rules")]
pub async fn get_grading_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let setting = db::run(&state.pool, move |conn| {
        Ok(super::get::<GradingRules>(conn, &company)?)
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the company's grading rules.
///
/// Send `If-Match` with the version read (`"0"` while the defaults are in
/// force). Leads keep their grades; new gradings use the new version.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = GradingRules,
    params(("If-Match" = String, Header, description = "The rule set's ETag")),
    responses(
        (status = 200, description = "The stored rule set and its new version", body = GradingRulesSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid rules (`validation_failed`): duplicate ids, thresholds out of order, bad ratio bounds …", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/grading-rules")]
pub async fn update_grading_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<GradingRules>,
) -> Result<HttpResponse, ApiError> {
    let rules = body.0;
    let ctx = staff.audit();
    let setting = db::run(&state.pool, move |conn| {
        super::put(conn, &ctx, if_match.0, &rules)
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}
