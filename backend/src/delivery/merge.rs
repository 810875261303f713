//! A customer merge moves the merged-away customer's delivery records to the
//! survivor: handovers, appointments, post-handover visits, and the service
//! flags the visit sweep reads (a major complaint on either record stays one).

use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::{appointments, customer_service_flags as flags, handover_visits, handovers};

/// Called by the customer merge, in its transaction.
pub fn customers_merged(conn: &mut DbConn, from: &str, into: &str) -> QueryResult<()> {
    diesel::update(handovers::table.filter(handovers::customer_id.eq(from)))
        .set(handovers::customer_id.eq(into))
        .execute(conn)?;
    diesel::update(appointments::table.filter(appointments::customer_id.eq(from)))
        .set(appointments::customer_id.eq(into))
        .execute(conn)?;
    diesel::update(handover_visits::table.filter(handover_visits::customer_id.eq(from)))
        .set(handover_visits::customer_id.eq(into))
        .execute(conn)?;
    let theirs: Option<(bool, String)> = flags::table
        .find(from)
        .select((flags::major_complaint, flags::note))
        .first(conn)
        .optional()?;
    let Some((major, note)) = theirs else {
        return Ok(());
    };
    let kept: Option<(bool, String)> = flags::table
        .find(into)
        .select((flags::major_complaint, flags::note))
        .first(conn)
        .optional()?;
    match kept {
        // The survivor has none: the row becomes theirs.
        None => {
            diesel::update(flags::table.find(from))
                .set(flags::customer_id.eq(into))
                .execute(conn)?;
        }
        Some((kept_major, kept)) => {
            let joined = [kept.trim(), note.trim()]
                .into_iter()
                .filter(|n| !n.is_empty())
                .collect::<Vec<_>>()
                .join("；");
            diesel::update(flags::table.find(into))
                .set((
                    flags::major_complaint.eq(kept_major || major),
                    flags::note.eq(joined),
                    flags::version.eq(flags::version + 1),
                    flags::updated_at.eq(crate::db::now()),
                ))
                .execute(conn)?;
            diesel::delete(flags::table.find(from)).execute(conn)?;
        }
    }
    Ok(())
}
