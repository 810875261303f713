//! `/api/v1/settings/lead-assignment`: which role takes each grade, company-wide
//! and per project. Read by admins, the head of CRM and sales managers; changed
//! by the head of CRM. Applies to assignments and claims from then on.

use actix_web::{get, put, web, HttpResponse};
use api_types::{FieldError, LeadAssignment, LeadAssignmentSetting};
use diesel::prelude::*;

use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::schema::projects;
use crate::settings::{self, Versioned};
use crate::state::AppState;

/// Registers the endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(get_lead_assignment)
        .service(update_lead_assignment);
}

fn view(v: Versioned<LeadAssignment>) -> LeadAssignmentSetting {
    LeadAssignmentSetting {
        version: v.version,
        assignment: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the company's assignment roles (version 0: DOMAIN's defaults).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The setting in force; `ETag` carries its version", body = LeadAssignmentSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/lead-assignment")]
pub async fn get_lead_assignment(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let setting = db::run(&state.pool, move |conn| {
        Ok(settings::get::<LeadAssignment>(conn, &company)?)
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the company's assignment roles (send `If-Match` with the version read).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = LeadAssignment,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored setting and its new version", body = LeadAssignmentSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A role that does not work leads, or an unknown project (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/lead-assignment")]
pub async fn update_lead_assignment(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<LeadAssignment>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let setting = db::run(&state.pool, move |conn| {
        let ids: Vec<&String> = value.projects.keys().collect();
        let known: Vec<String> = projects::table
            .filter(projects::company_id.eq(&ctx.company_id))
            .filter(projects::id.eq_any(ids))
            .select(projects::id)
            .load(conn)?;
        let unknown: Vec<FieldError> = value
            .projects
            .keys()
            .filter(|id| !known.contains(id))
            .map(|id| FieldError {
                field: format!("projects.{id}"),
                code: "unknown_project".into(),
                message: "no such project".into(),
            })
            .collect();
        if !unknown.is_empty() {
            return Err(ApiError::validation(unknown));
        }
        db::write_tx(conn, |conn| settings::put(conn, &ctx, if_match.0, &value))
    })
    .await?;
    let body = view(setting);
    Ok(ok_with_etag(&body, body.version))
}
