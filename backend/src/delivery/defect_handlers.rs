//! `/api/v1/defects`: record, list (the defect board's filters), read, and
//! each step of rectification.

use actix_web::{get, post, web, HttpResponse};
use api_types::{
    AssignDefect, CreateDefect, Defect, DefectCategory, DefectStatus, DefectStep, Page,
};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::defect_flow::{self, Step};
use super::defects::{self, DefectRow, ENTITY, UNFIXED};
use super::scope::{self, DeliveryReaders, Inspectors, Verifiers};
use crate::audit::{self, snapshot};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, PageParams, ValidJson};
use crate::schema::defects as t;
use crate::state::AppState;

/// Runs a defect write in one transaction and audits it with before and after.
async fn write(
    state: web::Data<AppState>,
    staff: Staff,
    id: String,
    action: &'static str,
    f: impl FnOnce(&mut DbConn, &Staff, &DefectRow) -> Result<DefectRow, ApiError> + Send + 'static,
) -> Result<HttpResponse, ApiError> {
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = defects::find(conn, &staff, &id)?;
            db::lock_row(conn, "defects", &id)?;
            let row = defects::load(conn, &row.id)?;
            let before = defects::view(conn, row.clone())?;
            let after = f(conn, &staff, &row)?;
            let after = defects::view(conn, after)?;
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

/// Record a defect of a unit (or of an inspection's unit).
///
/// Its deadlines come from `delivery_rules` and are named in `rule`: a
/// handover-day defect needs a solution the same local day and a fix within
/// 7 days; other phases a fix within 30. The SLA clock starts at once and
/// escalates a breach to the head of CRM.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CreateDefect,
    responses(
        (status = 201, description = "Recorded; `Location` names the defect", body = Defect),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit or inspection, or not yours (`unit_not_found`, `inspection_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/defects")]
pub async fn create_defect(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    body: ValidJson<CreateDefect>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = defects::create(conn, &staff, &input)?;
            let row = defects::load(conn, &id)?;
            let view = defects::view(conn, row)?;
            audit::record(
                conn,
                &staff.audit(),
                "defect.create",
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
        format!("/api/v1/defects/{}", view.id),
        &view,
        Some(view.version),
    ))
}

/// Filters of the defect board.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DefectQuery {
    /// Only this project.
    pub project_id: Option<String>,
    /// Only this building.
    pub building_id: Option<String>,
    /// Only this unit.
    pub unit_id: Option<String>,
    /// Only this status.
    pub status: Option<DefectStatus>,
    /// Only this contractor (exact name).
    pub contractor: Option<String>,
    /// Only this category.
    pub category: Option<DefectCategory>,
    /// Only open or assigned defects past their fix deadline.
    pub overdue: Option<bool>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The defect board: defects you may see, newest first, by status, contractor, place or overdue.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(DefectQuery),
    responses(
        (status = 200, description = "One page of defects", body = Page<Defect>),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/defects")]
pub async fn list_defects(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    query: web::Query<DefectQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_defects(&staff);
        if let Some(v) = q.project_id {
            query = query.filter(t::project_id.eq(v));
        }
        if let Some(v) = q.building_id {
            query = query.filter(t::building_id.eq(v));
        }
        if let Some(v) = q.unit_id {
            query = query.filter(t::unit_id.eq(v));
        }
        if let Some(v) = q.status {
            query = query.filter(t::status.eq(v.as_str()));
        }
        if let Some(v) = q.contractor {
            query = query.filter(t::contractor.eq(v));
        }
        if let Some(v) = q.category {
            query = query.filter(t::category.eq(v.as_str()));
        }
        if q.overdue == Some(true) {
            query = query
                .filter(t::status.eq_any(UNFIXED))
                .filter(t::fix_due_at.lt(db::now()));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(t::id.lt(after));
        }
        let rows: Vec<DefectRow> = query
            .order(t::id.desc())
            .limit(page.fetch())
            .select(DefectRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: defects::views(conn, rows, false)?,
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read a defect with its photos, deadlines, clock state and history.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Defect id")),
    responses(
        (status = 200, description = "The defect", body = Defect),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such defect, or not yours (`defect_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/defects/{id}")]
pub async fn get_defect(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        let row = defects::find(conn, &staff, &id)?;
        Ok(defects::view(conn, row)?)
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Assign the responsible contractor and the engineer who follows it up,
/// with the solution agreed (which stops a handover-day defect's same-day
/// solution deadline); the fix deadline then runs.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = AssignDefect,
    params(("id" = String, Path, description = "Defect id")),
    responses(
        (status = 200, description = "The defect after the change", body = Defect),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such defect, or not yours (`defect_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already fixed or later (`defect_status_conflict`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/defects/{id}/assign")]
pub async fn assign_defect(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    path: web::Path<String>,
    body: ValidJson<AssignDefect>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    write(
        state,
        (*staff).clone(),
        path.into_inner(),
        "defect.assign",
        move |conn, staff, row| defect_flow::assign(conn, staff, row, &input),
    )
    .await
}

macro_rules! step {
    ($(#[$doc:meta])* $name:ident, $path:literal, $policy:ty, $step:expr, $who:literal, $conflict:literal) => {
        $(#[$doc])*
        #[utoipa::path(
            tag = "delivery",
            security(("bearer" = [])),
            request_body = DefectStep,
            params(("id" = String, Path, description = "Defect id")),
            responses(
                (status = 200, description = "The defect after the change", body = Defect),
                (status = 403, description = $who, body = api_types::Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such defect, or not yours (`defect_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = api_types::Problem, content_type = "application/problem+json"),
            )
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            staff: RequireRole<$policy>,
            path: web::Path<String>,
            body: ValidJson<DefectStep>,
        ) -> Result<HttpResponse, ApiError> {
            let note = body.0.note;
            let step: Step = $step;
            write(state, (*staff).clone(), path.into_inner(), step.action(), move |conn, staff, row| {
                defect_flow::apply(conn, &staff.audit(), row, step, &note)
            })
            .await
        }
    };
}

step!(
    /// Mark an assigned defect fixed (rectified); it awaits re-inspection and its clock stops.
    fix_defect, "/defects/{id}/fix", Inspectors, Step::Fix,
    "Only crm_head, service and engineering (`forbidden`)", "Not assigned (`defect_status_conflict`)"
);
step!(
    /// Re-inspection passed: verify a fixed defect.
    verify_defect, "/defects/{id}/verify", Verifiers, Step::Verify,
    "Only crm_head and service (`forbidden`)", "Not fixed (`defect_status_conflict`)"
);
step!(
    /// Re-inspection failed: reject the fix with a reason; the defect is
    /// `assigned` again and its fix deadline (unchanged) runs on.
    reject_defect, "/defects/{id}/reject", Verifiers, Step::Reject,
    "Only crm_head and service (`forbidden`)", "Not fixed (`defect_status_conflict`)"
);
step!(
    /// Close a verified defect.
    close_defect, "/defects/{id}/close", Verifiers, Step::Close,
    "Only crm_head and service (`forbidden`)", "Not verified (`defect_status_conflict`)"
);
