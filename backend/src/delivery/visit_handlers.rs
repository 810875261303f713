//! `/api/v1/visits` (post-handover visits and their outcomes) and the
//! customer's service flags that exclude them.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{CompleteVisit, Page, ServiceFlags, Visit, VisitKind, VisitStatus};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope::{self, DeliveryManagers, OwnerDataReaders, VisitWorkers};
use super::visits::{VisitRow, ENTITY};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::{customer_service_flags as f, handover_visits as v, handovers};
use crate::state::AppState;

/// Filters of the visit list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct VisitQuery {
    /// Only this status.
    pub status: Option<VisitStatus>,
    /// Only this kind.
    pub kind: Option<VisitKind>,
    /// Only this unit.
    pub unit_id: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List post-handover visits you may see, newest first.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(VisitQuery),
    responses(
        (status = 200, description = "One page of visits", body = Page<Visit>),
        (status = 403, description = "Only crm_head, service and customer specialists: not engineering or property (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/visits")]
pub async fn list_visits(
    state: web::Data<AppState>,
    staff: RequireRole<OwnerDataReaders>,
    query: web::Query<VisitQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_visits(&staff);
        if let Some(s) = q.status {
            query = query.filter(v::status.eq(s.as_str()));
        }
        if let Some(k) = q.kind {
            query = query.filter(v::kind.eq(k.as_str()));
        }
        if let Some(u) = q.unit_id {
            query = query.filter(v::unit_id.eq(u));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(v::id.lt(after));
        }
        let rows: Vec<VisitRow> = query
            .order(v::id.desc())
            .limit(page.fetch())
            .select(VisitRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: rows.iter().map(VisitRow::view).collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Record a visit's outcome (a scheduled or noticed visit; not a skipped one).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CompleteVisit,
    params(("id" = String, Path, description = "Visit id")),
    responses(
        (status = 200, description = "The visit", body = Visit),
        (status = 403, description = "Only crm_head, service and customer specialists (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such visit, or not yours (`visit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed or skipped (`visit_closed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/visits/{id}/complete")]
pub async fn complete_visit(
    state: web::Data<AppState>,
    staff: RequireRole<VisitWorkers>,
    path: web::Path<String>,
    body: ValidJson<CompleteVisit>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let find = |conn: &mut crate::db::DbConn| -> Result<VisitRow, ApiError> {
                scope::visible_visits(&staff)
                    .filter(v::id.eq(id.clone()))
                    .select(VisitRow::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::not_found("visit_not_found"))
            };
            let before = find(conn)?;
            let now = db::now();
            let n = diesel::update(
                v::table
                    .filter(v::id.eq(&id))
                    .filter(v::status.eq_any(["scheduled", "noticed"])),
            )
            .set((
                v::status.eq("completed"),
                v::outcome.eq(input.outcome.trim()),
                v::satisfaction.eq(input.satisfaction),
                v::completed_by.eq(&staff.user_id),
                v::completed_at.eq(now),
                v::version.eq(v::version + 1),
                v::updated_at.eq(now),
            ))
            .execute(conn)?;
            if n == 0 {
                return Err(ApiError::conflict(
                    "visit_closed",
                    format!("the visit is already {}", before.status),
                ));
            }
            let after = find(conn)?;
            audit::record(
                conn,
                &staff.audit(),
                "visit.complete",
                ENTITY,
                &id,
                snapshot(&before.view()),
                snapshot(&after.view()),
            )?;
            Ok(after.view())
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Set a handed-over owner's service flags (send `If-Match`; `"0"` for the
/// first time): a major complaint on record skips their visits.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = ServiceFlags,
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = String, Header, description = "The flags' ETag (`\"0\"` when never set)"),
    ),
    responses(
        (status = 200, description = "The flags", body = ServiceFlags),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No handed-over owner of yours with this id (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/customers/{id}/service-flags")]
pub async fn update_service_flags(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<ServiceFlags>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let version = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let owner: i64 = scope::visible_handovers(&staff)
                .filter(handovers::customer_id.eq(id.clone()))
                .count()
                .get_result(conn)?;
            if owner == 0 {
                return Err(ApiError::not_found("customer_not_found"));
            }
            let before: Option<(bool, String, i32)> = f::table
                .find(&id)
                .select((f::major_complaint, f::note, f::version))
                .first(conn)
                .optional()?;
            let now = db::now();
            let n = match &before {
                None if if_match.0 == 0 => diesel::insert_into(f::table)
                    .values((
                        f::customer_id.eq(&id),
                        f::company_id.eq(&staff.company_id),
                        f::major_complaint.eq(input.major_complaint),
                        f::note.eq(input.note.trim()),
                        f::updated_by.eq(&staff.user_id),
                        f::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                Some(_) => diesel::update(f::table.find(&id).filter(f::version.eq(if_match.0)))
                    .set((
                        f::major_complaint.eq(input.major_complaint),
                        f::note.eq(input.note.trim()),
                        f::version.eq(f::version + 1),
                        f::updated_by.eq(&staff.user_id),
                        f::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                None => 0,
            };
            if n == 0 {
                return Err(stale());
            }
            let version = before.as_ref().map_or(1, |b| b.2 + 1);
            let was = before.map(|b| ServiceFlags {
                major_complaint: b.0,
                note: b.1,
            });
            audit::record(
                conn,
                &staff.audit(),
                "customer.service_flags",
                "customer",
                &id,
                was.as_ref().and_then(snapshot),
                snapshot(&input),
            )?;
            Ok((version, input))
        })
    })
    .await?;
    Ok(ok_with_etag(&version.1, version.0))
}
