//! `/api/v1/audit-events` (admin, crm_head) and
//! `/api/v1/personal-data-access` (privacy officer).

use actix_web::{get, web, HttpResponse};
use api_types::{AuditEvent, Page, PersonalDataAccess};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::audit::{self, AuditFilter};
use crate::auth::principal::{AccessLogReaders, AuditReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::state::AppState;

/// Registers the endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list_audit_events)
        .service(list_personal_data_access);
}

/// Filters of the audit and access lists.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AuditQuery {
    /// Entity type, e.g. `project`, `user`.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Acting user id.
    pub actor_id: Option<String>,
    /// Action, e.g. `project.create` (audit events only).
    pub action: Option<String>,
    /// At or after this time (RFC 3339).
    pub from: Option<chrono::DateTime<chrono::Utc>>,
    /// Before this time (RFC 3339).
    pub to: Option<chrono::DateTime<chrono::Utc>>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

impl AuditQuery {
    fn filter(&self) -> Result<AuditFilter, ApiError> {
        Ok(AuditFilter {
            entity_type: self.entity_type.clone(),
            entity_id: self.entity_id.clone(),
            actor_id: self.actor_id.clone(),
            action: self.action.clone(),
            from: db::time::filter("from", self.from)?,
            to: db::time::filter("to", self.to)?,
        })
    }
}

/// The audit trail of writes, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of audit events", body = Page<AuditEvent>),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/audit-events")]
pub async fn list_audit_events(
    state: web::Data<AppState>,
    staff: RequireRole<AuditReaders>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let filter = q.filter()?;
    let company = staff.company_id.clone();
    let body = db::run(&state.pool, move |conn| {
        let rows =
            audit::list_events(conn, &company, &filter, page.after.as_deref(), page.fetch())?;
        let (data, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The log of full reads of personal data, newest first.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of access entries", body = Page<PersonalDataAccess>),
        (status = 403, description = "Only the privacy officer (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/personal-data-access")]
pub async fn list_personal_data_access(
    state: web::Data<AppState>,
    staff: RequireRole<AccessLogReaders>,
    query: web::Query<AuditQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let filter = q.filter()?;
    let company = staff.company_id.clone();
    let body = db::run(&state.pool, move |conn| {
        let rows =
            audit::list_access(conn, &company, &filter, page.after.as_deref(), page.fetch())?;
        let (data, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
