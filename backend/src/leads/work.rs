//! Working a lead: follow-ups (跟进), profile edits, losing it.

use actix_web::{get, patch, post, web, HttpResponse};
use api_types::{
    CreateFollowUp, FollowUp, FollowUpChannel, Lead, LeadStatus, LoseLead, Page, UpdateLead,
};
use diesel::prelude::*;
use serde_json::json;

use super::model::{LeadRow, LAYOUT_SEP};
use super::pipeline::{self, Cause};
use super::timeline::TimelineQuery;
use super::visibility::{self, LeadEditors, LeadWorkers};
use super::{events, follow_up, queries};
use crate::audit::{self, snapshot, AuditCtx};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::{follow_ups, leads};
use crate::state::AppState;

/// 409 for changes to a converted or lost lead.
fn closed() -> ApiError {
    ApiError::conflict("lead_closed", "the lead is converted or lost")
}

/// Loads a visible, open lead the caller may work on
/// ([`visibility::worked_lead`]) for a change, under the write lock.
pub(super) fn open_lead(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<LeadRow, ApiError> {
    db::lock_row(conn, "leads", id)?;
    let row = visibility::worked_lead(conn, staff, id)?;
    if !row.is_open() {
        return Err(closed());
    }
    Ok(row)
}

/// Record a follow-up: it moves the lead on (new → contacted; a visit → visited)
/// and restarts its clock by the grade's cadence.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    request_body = CreateFollowUp,
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 201, description = "Recorded", body = FollowUp),
        (status = 403, description = "The role may not work leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lead is converted or lost (`lead_closed`), or a pool lead the sales rep or customer specialist has not claimed (`claim_first`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/{id}/follow-ups")]
pub async fn create_follow_up(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    path: web::Path<String>,
    body: ValidJson<CreateFollowUp>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let now = db::now();
    let occurred = db::time::happened("occurred_at", input.occurred_at, now)?;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let fu = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = open_lead(conn, &staff, &id)?;
            follow_up::record(conn, &ctx, &staff.user_id, &row, &input, occurred)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/leads/{}/follow-ups", fu.lead_id),
        &fu,
        None,
    ))
}

/// The lead's follow-ups, oldest first.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id"), TimelineQuery),
    responses(
        (status = 200, description = "One page of follow-ups", body = Page<FollowUp>),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads/{id}/follow-ups")]
pub async fn list_follow_ups(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
    query: web::Query<TimelineQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        visibility::lead(conn, &staff, &id)?;
        let mut query = follow_ups::table
            .filter(follow_ups::lead_id.eq(id.clone()))
            .into_boxed::<db::MultiBackend>();
        if let Some(after) = page.after.clone() {
            query = query.filter(follow_ups::id.gt(after));
        }
        type Row = (
            String,
            String,
            String,
            String,
            String,
            chrono::NaiveDateTime,
        );
        let rows: Vec<Row> = query
            .select((
                follow_ups::id,
                follow_ups::actor_id,
                follow_ups::channel,
                follow_ups::outcome,
                follow_ups::next_step,
                follow_ups::occurred_at,
            ))
            .order(follow_ups::id)
            .limit(page.fetch())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.0);
        let names = crate::users::queries::display_names(
            conn,
            &staff.company_id,
            rows.iter().map(|r| r.1.as_str()),
        )?;
        let data = rows
            .into_iter()
            .map(|r| FollowUp {
                id: r.0,
                lead_id: id.clone(),
                actor_name: names.get(&r.1).cloned(),
                actor_id: r.1,
                channel: FollowUpChannel::parse(&r.2).unwrap_or(FollowUpChannel::Note),
                outcome: r.3,
                next_step: r.4,
                occurred_at: db::utc(r.5),
            })
            .collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Changeable facts of a lead.
#[derive(AsChangeset, Default)]
#[diesel(table_name = leads)]
struct LeadChanges {
    budget_fen: Option<i64>,
    purchase_timeframe: Option<String>,
    ability_to_pay: Option<String>,
    family_structure: Option<String>,
    occupation: Option<String>,
    preferred_layouts: Option<String>,
    notes: Option<String>,
}

/// Change a lead's facts; it is re-graded by the rules (unless graded manually).
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    request_body = UpdateLead,
    params(
        ("id" = String, Path, description = "Lead id"),
        ("If-Match" = String, Header, description = "The lead's ETag"),
    ),
    responses(
        (status = 200, description = "The changed lead", body = Lead),
        (status = 403, description = "The role may not work leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lead is converted or lost (`lead_closed`), or a pool lead the sales rep or customer specialist has not claimed (`claim_first`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/leads/{id}")]
pub async fn update_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateLead>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = open_lead(conn, &staff, &id)?;
            if row.version != if_match.0 {
                return Err(stale());
            }
            let before = queries::view(conn, &st.personal_data, row)?;
            let changes = LeadChanges {
                budget_fen: input.budget_fen,
                purchase_timeframe: input.purchase_timeframe.map(|v| v.as_str().to_string()),
                ability_to_pay: input.ability_to_pay.map(|v| v.as_str().to_string()),
                family_structure: input.family_structure.map(|s| s.trim().to_string()),
                occupation: input.occupation.map(|s| s.trim().to_string()),
                preferred_layouts: input.preferred_layouts.map(|ls| {
                    let clean: Vec<String> = ls
                        .iter()
                        .map(|l| l.trim().replace(LAYOUT_SEP, "/"))
                        .filter(|l| !l.is_empty())
                        .collect();
                    clean.join(&LAYOUT_SEP.to_string())
                }),
                notes: input.notes.map(|s| s.trim().to_string()),
            };
            diesel::update(
                leads::table
                    .filter(leads::id.eq(&id))
                    .filter(leads::version.eq(if_match.0)),
            )
            .set((
                changes,
                leads::version.eq(leads::version + 1),
                leads::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
            pipeline::after_change(conn, &ctx, &id, Cause::FactsChanged)?;
            let after = queries::view_by_id(conn, &st.personal_data, &id)?;
            audit::record(
                conn,
                &ctx,
                "lead.update",
                "lead",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}

/// Mark a lead lost, with a reason from the taxonomy; its clock stops.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    request_body = LoseLead,
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The lost lead", body = Lead),
        (status = 403, description = "The role may not work leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lead is already converted or lost (`lead_closed`), or a pool lead the sales rep or customer specialist has not claimed (`claim_first`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/{id}/lose")]
pub async fn lose_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    path: web::Path<String>,
    body: ValidJson<LoseLead>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx: AuditCtx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = open_lead(conn, &staff, &id)?;
            lose(conn, &ctx, &row, &input)?;
            let after = queries::view_by_id(conn, &st.personal_data, &id)?;
            audit::record(conn, &ctx, "lead.lose", "lead", &id, None, snapshot(&after))?;
            Ok::<_, ApiError>(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}

/// Marks an open lead (locked and checked by the caller) lost with its reason.
pub fn lose(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    row: &LeadRow,
    input: &LoseLead,
) -> Result<(), ApiError> {
    diesel::update(leads::table.find(&row.id))
        .set((
            leads::status.eq(LeadStatus::Lost.as_str()),
            leads::lost_reason.eq(input.reason.as_str()),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    let reason = format!("{}: {}", input.reason.label_zh(), input.note.trim());
    events::record(
        conn,
        ctx,
        &row.id,
        "lost",
        &reason,
        Some(json!({
            "from": row.status, "lost_reason": input.reason.as_str(), "note": input.note.trim(),
        })),
    )?;
    pipeline::after_change(conn, ctx, &row.id, Cause::Closed)?;
    Ok(())
}
