//! `/api/v1/inspections`: start, read, list (a unit's inspection history),
//! answer the checklist and complete.

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{CreateInspection, Inspection, InspectionKind, Page, UpdateChecklist};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::inspections::{self, InspectionRow, ENTITY};
use super::scope::{self, DeliveryReaders, Inspectors};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, IfMatch, PageParams, ValidJson};
use crate::schema::inspections as t;
use crate::state::AppState;

/// Start an inspection of a unit; its checklist is the template of its kind
/// (`/settings/delivery-checklists`), every line unanswered.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CreateInspection,
    responses(
        (status = 201, description = "Started; `Location` names the inspection", body = Inspection),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, or not yours (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/inspections")]
pub async fn create_inspection(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    body: ValidJson<CreateInspection>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = inspections::create(conn, &staff, &input)?;
            let row = inspections::find(conn, &staff, &id)?;
            let view = inspections::view(conn, row)?;
            audit::record(
                conn,
                &staff.audit(),
                "inspection.create",
                ENTITY,
                &id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/inspections/{}", view.id),
        &view,
        Some(view.version),
    ))
}

/// Filters of the inspection list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct InspectionQuery {
    /// Only this unit (its inspection history).
    pub unit_id: Option<String>,
    /// Only this kind.
    pub kind: Option<InspectionKind>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List inspections you may see, newest first (`?unit_id=`: a unit's history).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(InspectionQuery),
    responses(
        (status = 200, description = "One page of inspections", body = Page<Inspection>),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/inspections")]
pub async fn list_inspections(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    query: web::Query<InspectionQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_inspections(&staff);
        if let Some(u) = q.unit_id {
            query = query.filter(t::unit_id.eq(u));
        }
        if let Some(k) = q.kind {
            query = query.filter(t::kind.eq(k.as_str()));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(t::id.lt(after));
        }
        let rows: Vec<InspectionRow> = query
            .order(t::id.desc())
            .limit(page.fetch())
            .select(InspectionRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut found: Vec<(Option<String>, String)> = crate::schema::defects::table
            .filter(crate::schema::defects::inspection_id.eq_any(ids))
            .order(crate::schema::defects::id.asc())
            .select((
                crate::schema::defects::inspection_id,
                crate::schema::defects::id,
            ))
            .load(conn)?;
        let data = rows
            .into_iter()
            .map(|r| {
                let mine: Vec<String> = found
                    .iter()
                    .filter(|(i, _)| i.as_deref() == Some(r.id.as_str()))
                    .map(|(_, d)| d.clone())
                    .collect();
                found.retain(|(i, _)| i.as_deref() != Some(r.id.as_str()));
                let mut v = inspections::view_without_defects(r);
                v.defect_ids = mine;
                v
            })
            .collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read an inspection with its checklist and the defects recorded in it.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Inspection id")),
    responses(
        (status = 200, description = "The inspection", body = Inspection),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inspection, or not yours (`inspection_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/inspections/{id}")]
pub async fn get_inspection(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        let row = inspections::find(conn, &staff, &id)?;
        Ok(inspections::view(conn, row)?)
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

async fn answer(
    state: web::Data<AppState>,
    staff: crate::auth::Staff,
    id: String,
    version: i32,
    input: UpdateChecklist,
    complete: bool,
) -> Result<HttpResponse, ApiError> {
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = inspections::find(conn, &staff, &id)?;
            if row.version != version {
                return Err(crate::extract::stale());
            }
            let before = inspections::view(conn, row.clone())?;
            inspections::answer(conn, &row, version, &input, complete)?;
            let row = inspections::find(conn, &staff, &id)?;
            let after = inspections::view(conn, row)?;
            let action = if complete {
                "inspection.complete"
            } else {
                "inspection.answer"
            };
            audit::record(
                conn,
                &staff.audit(),
                action,
                ENTITY,
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Record checklist answers so far (send `If-Match`); lines must be the checklist's own.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = UpdateChecklist,
    params(
        ("id" = String, Path, description = "Inspection id"),
        ("If-Match" = String, Header, description = "The inspection's ETag"),
    ),
    responses(
        (status = 200, description = "The inspection", body = Inspection),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inspection, or not yours (`inspection_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed (`inspection_completed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/inspections/{id}/checklist")]
pub async fn update_inspection_checklist(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<UpdateChecklist>,
) -> Result<HttpResponse, ApiError> {
    answer(
        state,
        (*staff).clone(),
        path.into_inner(),
        if_match.0,
        body.0,
        false,
    )
    .await
}

/// Complete an inspection (send `If-Match`) with the last answers; every line must be answered.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = UpdateChecklist,
    params(
        ("id" = String, Path, description = "Inspection id"),
        ("If-Match" = String, Header, description = "The inspection's ETag"),
    ),
    responses(
        (status = 200, description = "The completed inspection", body = Inspection),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inspection, or not yours (`inspection_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already completed (`inspection_completed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/inspections/{id}/complete")]
pub async fn complete_inspection(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<UpdateChecklist>,
) -> Result<HttpResponse, ApiError> {
    answer(
        state,
        (*staff).clone(),
        path.into_inner(),
        if_match.0,
        body.0,
        true,
    )
    .await
}
