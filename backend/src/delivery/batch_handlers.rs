//! `/api/v1/delivery-batches` and `/api/v1/delivery-tasks/{id}/complete`.

use actix_web::{get, patch, post, web, HttpResponse};
use api_types::{
    CompleteDeliveryTask, CreateDeliveryBatch, DeliveryBatch, DeliveryTaskKind, Page,
    UpdateDeliveryBatch,
};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::batch_update;
use super::batches::{self, BatchRow, TaskRow, ENTITY, TASK_ENTITY};
use super::scope::{self, DeliveryManagers, DeliveryReaders};
use super::sweep;
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, IfMatch, PageParams, ValidJson};
use crate::schema::{delivery_batch_units, delivery_batches, delivery_tasks};
use crate::state::AppState;

/// Plan a delivery batch: units of one project and the planned handover day.
///
/// The timeline is generated at once as tasks, each dated by a setting of
/// `delivery_rules` it names: risk check (−90 days), pre-inspection (−30),
/// handover notice (−5; the jobs sweep sends it to the batch's owners
/// through the outbox) and the handover day.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CreateDeliveryBatch,
    responses(
        (status = 201, description = "Planned; `Location` names the batch", body = DeliveryBatch),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not yours (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A unit is already in another batch (`unit_in_batch`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid, e.g. a handover day gone by (`in_past`) or a unit not of the project", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/delivery-batches")]
pub async fn create_delivery_batch(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    body: ValidJson<CreateDeliveryBatch>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let batch = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = batches::create(conn, &staff, &input)?;
            let row = batches::find(conn, &staff, &id)?;
            let view = batches::views(conn, vec![row], true)?.remove(0);
            audit::record(
                conn,
                &staff.audit(),
                "delivery_batch.create",
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
        format!("/api/v1/delivery-batches/{}", batch.id),
        &batch,
        Some(batch.version),
    ))
}

/// Filters of the batch list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BatchQuery {
    /// Only this project.
    pub project_id: Option<String>,
    /// Only the batch this unit is delivered in (a unit is in one batch at most).
    pub unit_id: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the delivery batches you may see, newest first, with their timelines.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(BatchQuery),
    responses(
        (status = 200, description = "One page of batches", body = Page<DeliveryBatch>),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/delivery-batches")]
pub async fn list_delivery_batches(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    query: web::Query<BatchQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_batches(&staff);
        if let Some(p) = q.project_id {
            query = query.filter(delivery_batches::project_id.eq(p));
        }
        if let Some(u) = q.unit_id {
            let of_unit = delivery_batch_units::table
                .filter(delivery_batch_units::unit_id.eq(u))
                .select(delivery_batch_units::batch_id);
            query = query.filter(delivery_batches::id.eq_any(of_unit));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(delivery_batches::id.lt(after));
        }
        let rows: Vec<BatchRow> = query
            .order(delivery_batches::id.desc())
            .limit(page.fetch())
            .select(BatchRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: batches::views(conn, rows, false)?,
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read a batch: its timeline and every unit with its delivery status and open defects.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Batch id")),
    responses(
        (status = 200, description = "The batch", body = DeliveryBatch),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch, or not yours (`delivery_batch_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/delivery-batches/{id}")]
pub async fn get_delivery_batch(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let batch = db::run(&state.pool, move |conn| {
        let row = batches::find(conn, &staff, &id)?;
        Ok(batches::views(conn, vec![row], true)?.remove(0))
    })
    .await?;
    Ok(ok_with_etag(&batch, batch.version))
}

/// Rename a batch or move its planned handover day (send `If-Match`). The
/// timeline steps still open are re-dated by the same rules as at planning;
/// steps already done keep their dates. Audited.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = UpdateDeliveryBatch,
    params(
        ("id" = String, Path, description = "Batch id"),
        ("If-Match" = String, Header, description = "The batch's ETag"),
    ),
    responses(
        (status = 200, description = "The batch after the change", body = DeliveryBatch),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch, or not yours (`delivery_batch_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Changed since read (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A handover day gone by (`in_past`) or a blank name", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/delivery-batches/{id}")]
pub async fn update_delivery_batch(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<UpdateDeliveryBatch>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let batch = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let old = batches::find(conn, &staff, &id)?;
            let before = batches::views(conn, vec![old], true)?.remove(0);
            batch_update::update(conn, &staff, &id, if_match.0, &input)?;
            let row = batches::find(conn, &staff, &id)?;
            let after = batches::views(conn, vec![row], true)?.remove(0);
            audit::record(
                conn,
                &staff.audit(),
                "delivery_batch.update",
                ENTITY,
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&batch, batch.version))
}

/// Complete a step of a batch's timeline with its outcome (e.g. the risk
/// check's findings). The handover notice completes itself when the sweep
/// sends it; completing it by hand sends it now, through the outbox to every
/// owner of the batch, by the same path (so it goes out once: the sweep no
/// longer finds it open).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CompleteDeliveryTask,
    params(("id" = String, Path, description = "Task id")),
    responses(
        (status = 200, description = "The batch after the change", body = DeliveryBatch),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such task, or not yours (`delivery_task_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already done (`delivery_task_done`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/delivery-tasks/{id}/complete")]
pub async fn complete_delivery_task(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
    body: ValidJson<CompleteDeliveryTask>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let batch = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let task: TaskRow = delivery_tasks::table
                .filter(delivery_tasks::id.eq(&id))
                .filter(delivery_tasks::company_id.eq(&staff.company_id))
                .select(TaskRow::as_select())
                .first(conn)
                .optional()?
                .ok_or_else(|| ApiError::not_found("delivery_task_not_found"))?;
            let row = batches::find(conn, &staff, &task.batch_id)
                .map_err(|_| ApiError::not_found("delivery_task_not_found"))?;
            let now = db::now();
            let done = if task.kind == DeliveryTaskKind::HandoverNotice.as_str() {
                // The same path as the sweep: the owners get the notice once.
                sweep::send_handover_notices(
                    conn,
                    std::slice::from_ref(&id),
                    now,
                    Some(&staff.user_id),
                    &input.outcome,
                )?
                .0 == 1
            } else {
                diesel::update(
                    delivery_tasks::table
                        .filter(delivery_tasks::id.eq(&id))
                        .filter(delivery_tasks::status.eq("open")),
                )
                .set((
                    delivery_tasks::status.eq("done"),
                    delivery_tasks::outcome.eq(input.outcome.trim()),
                    delivery_tasks::completed_by.eq(&staff.user_id),
                    delivery_tasks::completed_at.eq(now),
                    delivery_tasks::version.eq(delivery_tasks::version + 1),
                    delivery_tasks::updated_at.eq(now),
                ))
                .execute(conn)?
                    == 1
            };
            if !done {
                return Err(ApiError::conflict(
                    "delivery_task_done",
                    "the task is already done",
                ));
            }
            let after: TaskRow = delivery_tasks::table
                .find(&id)
                .select(TaskRow::as_select())
                .first(conn)?;
            audit::record(
                conn,
                &staff.audit(),
                "delivery_task.complete",
                TASK_ENTITY,
                &id,
                snapshot(&task.view(now)),
                snapshot(&after.view(now)),
            )?;
            Ok(batches::views(conn, vec![row], true)?.remove(0))
        })
    })
    .await?;
    Ok(ok_with_etag(&batch, batch.version))
}
