//! Recording a follow-up (跟进), shared by the API and the demo loader.

use api_types::{CreateFollowUp, FollowUp, FollowUpChannel, LeadStatus};
use diesel::prelude::*;
use serde_json::json;

use super::events;
use super::model::LeadRow;
use super::pipeline::{self, Cause};
use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{follow_ups, leads};

/// Records a follow-up on an open lead (already locked and checked by the
/// caller): it moves the lead on (new → contacted; a visit → visited) and
/// restarts its clock by the grade's cadence.
pub fn record(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    actor_id: &str,
    row: &LeadRow,
    input: &CreateFollowUp,
    occurred: chrono::NaiveDateTime,
) -> Result<FollowUp, ApiError> {
    let now = db::now();
    let fid = db::new_id();
    diesel::insert_into(follow_ups::table)
        .values((
            follow_ups::id.eq(&fid),
            follow_ups::company_id.eq(&ctx.company_id),
            follow_ups::lead_id.eq(&row.id),
            follow_ups::actor_id.eq(actor_id),
            follow_ups::channel.eq(input.channel.as_str()),
            follow_ups::outcome.eq(input.outcome.trim()),
            follow_ups::next_step.eq(input.next_step.trim()),
            follow_ups::occurred_at.eq(occurred),
            follow_ups::created_at.eq(now),
        ))
        .execute(conn)?;
    let visit = input.channel == FollowUpChannel::Visit;
    let status = match (row.status.as_str(), visit) {
        ("new" | "contacted", true) => LeadStatus::Visited,
        ("new", false) => LeadStatus::Contacted,
        (s, _) => LeadStatus::parse(s).unwrap_or(LeadStatus::Contacted),
    };
    diesel::update(leads::table.find(&row.id))
        .set((
            leads::status.eq(status.as_str()),
            leads::visits.eq(leads::visits + i32::from(visit)),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)?;
    let detail = json!({"follow_up_id": fid, "channel": input.channel.as_str()});
    events::record(
        conn,
        ctx,
        &row.id,
        "followed_up",
        input.next_step.trim(),
        Some(detail),
    )?;
    if status.as_str() != row.status {
        let reason = format!(
            "{} → {} by a {} follow-up",
            row.status,
            status.as_str(),
            input.channel.as_str()
        );
        let detail =
            json!({"from": row.status, "to": status.as_str(), "channel": input.channel.as_str()});
        events::record(conn, ctx, &row.id, "status_changed", &reason, Some(detail))?;
    }
    if visit {
        crate::referrals::hooks::friend_visited(conn, ctx, &row.customer_id)?;
    }
    pipeline::after_change(conn, ctx, &row.id, Cause::FollowedUp)?;
    let mut names = crate::users::queries::display_names(conn, &ctx.company_id, [actor_id])?;
    Ok(FollowUp {
        id: fid,
        lead_id: row.id.clone(),
        actor_name: names.remove(actor_id),
        actor_id: actor_id.to_string(),
        channel: input.channel,
        outcome: input.outcome.trim().to_string(),
        next_step: input.next_step.trim().to_string(),
        occurred_at: db::utc(occurred),
    })
}
