//! The lead timeline: every transition is an event with its reason.

use diesel::prelude::*;
use serde_json::Value;

use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::schema::lead_events;

/// Records one event on a lead.
pub fn record(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    lead_id: &str,
    kind: &str,
    reason: &str,
    detail: Option<Value>,
) -> QueryResult<()> {
    diesel::insert_into(lead_events::table)
        .values((
            lead_events::id.eq(db::new_id()),
            lead_events::company_id.eq(&ctx.company_id),
            lead_events::lead_id.eq(lead_id),
            lead_events::kind.eq(kind),
            lead_events::actor_id.eq(&ctx.actor_id),
            lead_events::actor_kind.eq(ctx.actor_kind),
            lead_events::reason.eq(reason),
            lead_events::detail_json.eq(detail.map(|d| d.to_string())),
            lead_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// An event to record with others ([`record_all`]).
#[derive(Debug, Clone)]
pub struct NewEvent {
    /// The lead.
    pub lead_id: String,
    /// Kind, as in [`record`].
    pub kind: &'static str,
    /// Reason.
    pub reason: String,
    /// Detail.
    pub detail: Option<Value>,
}

/// Records many events in few statements, in the order given (ids are
/// time-ordered, so each lead's timeline keeps that order).
pub fn record_all(conn: &mut DbConn, ctx: &AuditCtx, events: Vec<NewEvent>) -> QueryResult<()> {
    let now = db::now();
    let rows: Vec<_> = events
        .into_iter()
        .map(|e| {
            (
                lead_events::id.eq(db::new_id()),
                lead_events::company_id.eq(ctx.company_id.clone()),
                lead_events::lead_id.eq(e.lead_id),
                lead_events::kind.eq(e.kind),
                lead_events::actor_id.eq(ctx.actor_id.clone()),
                lead_events::actor_kind.eq(ctx.actor_kind),
                lead_events::reason.eq(e.reason),
                lead_events::detail_json.eq(e.detail.map(|d| d.to_string())),
                lead_events::created_at.eq(now),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, lead_events::table, chunk.to_vec())?;
    }
    Ok(())
}
