//! The deal's history: every stage change, unit change and added discount is
//! an event with its business date, reason and actor.

use api_types::DealEventKind;
use diesel::prelude::*;
use serde_json::Value;

use super::model::DealRow;
use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::schema::deal_events;

/// Records one event of a deal.
pub fn record(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    deal: &DealRow,
    kind: DealEventKind,
    occurred_at: chrono::NaiveDateTime,
    reason: &str,
    detail: Option<Value>,
) -> QueryResult<()> {
    diesel::insert_into(deal_events::table)
        .values((
            deal_events::id.eq(db::new_id()),
            deal_events::company_id.eq(&deal.company_id),
            deal_events::deal_id.eq(&deal.id),
            deal_events::customer_id.eq(&deal.customer_id),
            deal_events::kind.eq(kind.as_str()),
            deal_events::occurred_at.eq(occurred_at),
            deal_events::reason.eq(reason),
            deal_events::actor_id.eq(&ctx.actor_id),
            deal_events::detail_json.eq(detail.map(|d| d.to_string())),
            deal_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}
