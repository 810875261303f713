//! `/api/v1/visits`: post-handover visits and their outcomes.

use actix_web::{get, post, web, HttpResponse};
use api_types::{CompleteVisit, Page, Visit, VisitKind, VisitStatus};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::contact;
use super::scope::{self, OwnerDataReaders, VisitWorkers};
use super::visits::{VisitRow, ENTITY};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, PageParams, ValidJson};
use crate::schema::handover_visits as v;
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
        (status = 200, description = "One page of visits, each with `contact` (unit number, owner's name and masked phone)", body = Page<Visit>),
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
    let st = state.clone();
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
            data: staff_views(conn, &st, &rows)?,
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
    let st = state.clone();
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
            let mut views = staff_views(conn, &st, &[after])?;
            Ok(views.remove(0))
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Staff views of visits, with whom each is about ([`contact::views`]).
fn staff_views(
    conn: &mut crate::db::DbConn,
    state: &AppState,
    rows: &[VisitRow],
) -> QueryResult<Vec<Visit>> {
    contact::views(
        conn,
        &state.personal_data,
        rows,
        |r| (&r.unit_id, &r.customer_id),
        |r, c| Visit {
            contact: Some(c),
            ..r.view()
        },
    )
}
