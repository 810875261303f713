//! `/api/v1/settings/lead-sla`: the lead SLA (deadlines, cadences, warning,
//! grace). Read by admins, the head of CRM and sales managers; changed by the
//! head of CRM. New numbers apply to clocks started after the change; running
//! clocks keep the deadline (and the rule text) they were started with.

use actix_web::{get, put, web, HttpResponse};
use api_types::{LeadSla, LeadSlaSetting};

use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::settings::{self, Versioned};
use crate::state::AppState;

/// Registers the lead-SLA settings endpoints (call from `leads::configure`).
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_lead_sla).service(update_lead_sla);
}

fn view(v: Versioned<LeadSla>) -> LeadSlaSetting {
    LeadSlaSetting {
        version: v.version,
        sla: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the company's lead SLA (version 0: DOMAIN's defaults).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The SLA in force; `ETag` carries its version", body = LeadSlaSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/lead-sla")]
pub async fn get_lead_sla(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let setting = db::run(&state.pool, move |conn| {
        Ok(settings::get::<LeadSla>(conn, &company)?)
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the company's lead SLA.
///
/// Send `If-Match` with the version read (`"0"` while the defaults are in
/// force). Running clocks keep their deadlines; clocks started from now on
/// use the new numbers and name them in their rule.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = LeadSla,
    params(("If-Match" = String, Header, description = "The SLA setting's ETag")),
    responses(
        (status = 200, description = "The stored SLA and its new version", body = LeadSlaSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A number out of range (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/lead-sla")]
pub async fn update_lead_sla(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<LeadSla>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let setting = db::run(&state.pool, move |conn| {
        settings::put(conn, &ctx, if_match.0, &value)
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}
