//! `/api/v1/audit-events` (admin, crm_head) and
//! `/api/v1/personal-data-access` (privacy officer).
//!
//! The admin's domain (DOMAIN §1) is users, roles, settings, API keys and
//! the project tree: they see every event, but the before/after snapshots
//! only of those entities ([`ADMIN_SNAPSHOTS`]); a lead's, customer's,
//! deal's or any other customer-facing record's snapshot is withheld, as
//! the records themselves are.

use actix_web::{get, web, HttpResponse};
use api_types::{AuditEvent, Page, PersonalDataAccess, Role};
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

/// Entity types whose snapshots the admin reads in the audit trail.
pub const ADMIN_SNAPSHOTS: &[&str] = &[
    "user",
    "project",
    "building",
    "unit",
    "setting",
    "api_key",
    "staff_phone",
    "company",
    "lead_import",
];

/// Withholds the snapshots the caller may not read ([`ADMIN_SNAPSHOTS`]).
fn withhold_snapshots(role: Role, events: &mut [AuditEvent]) {
    if role != Role::Admin {
        return;
    }
    for e in events
        .iter_mut()
        .filter(|e| !ADMIN_SNAPSHOTS.contains(&e.entity_type.as_str()))
    {
        e.before = None;
        e.after = None;
    }
}

/// The audit trail of writes, newest first. For the admin, the before/after
/// snapshots of customer-facing records (leads, customers, deals, referrals,
/// delivery, membership) are withheld (`null`): DOMAIN §1 gives them users,
/// roles, settings, API keys and the project tree, not customers' data.
#[utoipa::path(
    tag = "audit",
    security(("bearer" = [])),
    params(AuditQuery),
    responses(
        (status = 200, description = "One page of audit events (for the admin, snapshots of customer-facing records are `null`)", body = Page<AuditEvent>),
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
    let role = staff.role;
    let body = db::run(&state.pool, move |conn| {
        let rows =
            audit::list_events(conn, &company, &filter, page.after.as_deref(), page.fetch())?;
        let (mut data, next_cursor) = page.finish(rows, |r| &r.id);
        withhold_snapshots(role, &mut data);
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
