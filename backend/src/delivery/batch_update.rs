//! Changing a planned batch: its name, or its handover day, which re-dates
//! the timeline steps still open by the same rules as when the batch was
//! planned (steps already done keep their dates, except a handover notice
//! already sent: it reopens, to go out again with the new day).

use api_types::{DeliveryRules, DeliveryTaskKind, UpdateDeliveryBatch};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::batches::{self, BatchRow};
use super::rules;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::stale;
use crate::schema::{delivery_batches, delivery_tasks};
use crate::settings;

/// A planned handover day, or 422 `in_past` when it has already gone by.
pub fn future_handover(
    at: chrono::DateTime<chrono::Utc>,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, ApiError> {
    let at = db::time::stored("handover_at", at)?;
    if at < now {
        return Err(ApiError::invalid_field(
            "handover_at",
            "in_past",
            "the planned handover day has already gone by",
        ));
    }
    Ok(at)
}

/// Applies `input` to the visible batch `id` at `version` (412 when it
/// changed since); returns the batch before the change.
pub fn update(
    conn: &mut DbConn,
    staff: &Staff,
    id: &str,
    version: i32,
    input: &UpdateDeliveryBatch,
) -> Result<BatchRow, ApiError> {
    let before = batches::find(conn, staff, id)?;
    let now = db::now();
    let handover_at = match input.handover_at {
        Some(at) => future_handover(at, now)?,
        None => before.handover_at,
    };
    let name = input
        .name
        .as_deref()
        .map_or(before.name.clone(), |n| n.trim().to_string());
    if name.is_empty() {
        return Err(ApiError::invalid_field(
            "name",
            "blank",
            "the name may not be blank",
        ));
    }
    let n = diesel::update(
        delivery_batches::table
            .filter(delivery_batches::id.eq(id))
            .filter(delivery_batches::version.eq(version)),
    )
    .set((
        delivery_batches::name.eq(&name),
        delivery_batches::handover_at.eq(handover_at),
        delivery_batches::version.eq(delivery_batches::version + 1),
        delivery_batches::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(stale());
    }
    if handover_at != before.handover_at {
        let r = settings::get::<DeliveryRules>(conn, &staff.company_id)?.value;
        for kind in DeliveryTaskKind::ALL {
            let (due, rule) = rules::task_due(&r, *kind, handover_at);
            diesel::update(
                delivery_tasks::table
                    .filter(delivery_tasks::batch_id.eq(id))
                    .filter(delivery_tasks::kind.eq(kind.as_str()))
                    .filter(delivery_tasks::status.eq("open")),
            )
            .set((
                delivery_tasks::due_at.eq(due),
                delivery_tasks::rule.eq(rule),
                delivery_tasks::version.eq(delivery_tasks::version + 1),
                delivery_tasks::updated_at.eq(now),
            ))
            .execute(conn)?;
        }
        // Owners were told the old day: the notice goes out again, with the
        // new day, when its (re-dated) time comes.
        let (due, rule) = rules::task_due(&r, DeliveryTaskKind::HandoverNotice, handover_at);
        diesel::update(
            delivery_tasks::table
                .filter(delivery_tasks::batch_id.eq(id))
                .filter(delivery_tasks::kind.eq(DeliveryTaskKind::HandoverNotice.as_str()))
                .filter(delivery_tasks::status.eq("done")),
        )
        .set((
            delivery_tasks::status.eq("open"),
            delivery_tasks::due_at.eq(due),
            delivery_tasks::rule.eq(rule),
            delivery_tasks::outcome.eq(""),
            delivery_tasks::completed_by.eq(None::<String>),
            delivery_tasks::completed_at.eq(None::<chrono::NaiveDateTime>),
            delivery_tasks::version.eq(delivery_tasks::version + 1),
            delivery_tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    }
    Ok(before)
}
