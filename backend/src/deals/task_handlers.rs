//! `/api/v1/deal-tasks` (follow-up tasks of deals) and
//! `/api/v1/settings/deal-follow-up` (their deadlines).

use actix_web::{get, post, put, web, HttpResponse};
use api_types::{
    CompleteDealTask, DealFollowUp, DealFollowUpSetting, DealTask, DealTaskKind, DealTaskStatus,
    Page, SlaState,
};
use diesel::prelude::*;
use serde::Deserialize;
use serde_json::json;
use utoipa::IntoParams;

use super::model::{self, TaskRow, TASK_ENTITY};
use super::visibility::{self, DealTaskWorkers};
use crate::audit::{self, snapshot};
use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, PageParams, ValidJson};
use crate::schema::{deal_tasks, sla_clocks};
use crate::settings::{self, Versioned};
use crate::sla;
use crate::state::AppState;

/// Filters of the task list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TaskQuery {
    /// Only this status.
    pub status: Option<DealTaskStatus>,
    /// Only this kind.
    pub kind: Option<DealTaskKind>,
    /// Only this deal.
    pub deal_id: Option<String>,
    /// Only open tasks whose clock is in this state.
    pub sla_state: Option<SlaState>,
    /// Only tasks assigned to me.
    pub mine: Option<bool>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the deal follow-up tasks you may see, newest first: crm_head all,
/// sales managers their projects', sales reps their deals', customer
/// specialists those assigned to them.
#[utoipa::path(
    tag = "deals",
    security(("bearer" = [])),
    params(TaskQuery),
    responses(
        (status = 200, description = "One page of tasks", body = Page<DealTask>),
        (status = 403, description = "The role works no deals (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deal-tasks")]
pub async fn list_deal_tasks(
    state: web::Data<AppState>,
    staff: RequireRole<DealTaskWorkers>,
    query: web::Query<TaskQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = visibility::visible_tasks(&staff);
        if let Some(s) = q.status {
            query = query.filter(deal_tasks::status.eq(s.as_str()));
        }
        if let Some(k) = q.kind {
            query = query.filter(deal_tasks::kind.eq(k.as_str()));
        }
        if let Some(d) = q.deal_id {
            query = query.filter(deal_tasks::deal_id.eq(d));
        }
        if q.mine == Some(true) {
            query = query.filter(deal_tasks::assignee_id.eq(staff.user_id.clone()));
        }
        if let Some(s) = q.sla_state {
            let states: Vec<&str> = match s {
                SlaState::OnTime => vec![sla::ON_TIME],
                SlaState::DueSoon => vec![sla::DUE_SOON],
                SlaState::Breached => vec![sla::BREACHED, sla::EXPIRED],
            };
            let clocked = sla_clocks::table
                .filter(sla_clocks::entity_type.eq(TASK_ENTITY))
                .filter(sla_clocks::closed_at.is_null())
                .filter(sla_clocks::state.eq_any(states))
                .select(sla_clocks::entity_id);
            query = query
                .filter(deal_tasks::status.eq("open"))
                .filter(deal_tasks::id.eq_any(clocked));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(deal_tasks::id.lt(after));
        }
        let rows: Vec<TaskRow> = query
            .order(deal_tasks::id.desc())
            .limit(page.fetch())
            .select(TaskRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: model::task_views(conn, rows)?,
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Complete an open follow-up task with its outcome; its clock stops.
#[utoipa::path(
    tag = "deals",
    security(("bearer" = [])),
    request_body = CompleteDealTask,
    params(("id" = String, Path, description = "Task id")),
    responses(
        (status = 200, description = "The completed task", body = DealTask),
        (status = 403, description = "The role works no deals (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such task, or not yours (`deal_task_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The task is done or cancelled (`deal_task_closed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/deal-tasks/{id}/complete")]
pub async fn complete_deal_task(
    state: web::Data<AppState>,
    staff: RequireRole<DealTaskWorkers>,
    path: web::Path<String>,
    body: ValidJson<CompleteDealTask>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let task = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let ctx = staff.audit();
            let find = |conn: &mut db::DbConn| -> Result<TaskRow, ApiError> {
                visibility::visible_tasks(&staff)
                    .filter(deal_tasks::id.eq(id.clone()))
                    .select(TaskRow::as_select())
                    .first(conn)
                    .optional()?
                    .ok_or_else(|| ApiError::not_found("deal_task_not_found"))
            };
            let before = find(conn)?;
            let now = db::now();
            let n = diesel::update(
                deal_tasks::table
                    .filter(deal_tasks::id.eq(&id))
                    .filter(deal_tasks::status.eq("open")),
            )
            .set((
                deal_tasks::status.eq("done"),
                deal_tasks::outcome.eq(input.outcome.trim()),
                deal_tasks::completed_by.eq(&staff.user_id),
                deal_tasks::completed_at.eq(now),
                deal_tasks::version.eq(deal_tasks::version + 1),
                deal_tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
            if n == 0 {
                return Err(ApiError::conflict("deal_task_closed", format!("the task is already {}", before.status)));
            }
            let was = model::task_views(conn, vec![before])?;
            sla::close(conn, TASK_ENTITY, &id)?;
            let row = find(conn)?;
            let after = model::task_views(conn, vec![row])?;
            let after = after.into_iter().next().ok_or_else(|| ApiError::internal("task vanished"))?;
            audit::record(
                conn,
                &ctx,
                "deal_task.complete",
                TASK_ENTITY,
                &id,
                was.first().and_then(snapshot),
                snapshot(&json!({"task": after, "sla_state_at_completion": was.first().and_then(|t| t.sla_state)})),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(task))
}

fn view(v: Versioned<DealFollowUp>) -> DealFollowUpSetting {
    DealFollowUpSetting {
        version: v.version,
        follow_up: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the deal follow-up deadlines (version 0: DOMAIN's one week each).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The values in force; `ETag` carries the version", body = DealFollowUpSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/deal-follow-up")]
pub async fn get_deal_follow_up(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let v = db::run(&state.pool, move |conn| {
        Ok(settings::get::<DealFollowUp>(conn, &company)?)
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the deal follow-up deadlines (send `If-Match`). Tasks opened
/// from now on use the new numbers and name them in their rule.
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = DealFollowUp,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored values and their new version", body = DealFollowUpSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/deal-follow-up")]
pub async fn update_deal_follow_up(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<DealFollowUp>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let v = db::run(&state.pool, move |conn| {
        settings::put(conn, &ctx, if_match.0, &value)
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}
