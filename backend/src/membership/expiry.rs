//! The points-expiry step of the jobs sweep: writes an `expire` entry for
//! every lot past its `expires_at`, set-based, a chunk of customers per
//! transaction.
//!
//! Safe with several processes: the members of a chunk are locked first
//! (PostgreSQL `FOR UPDATE SKIP LOCKED`: a member busy elsewhere, e.g. in a
//! redemption, waits for the next run; SQLite: the write transaction holds
//! the single write lock), and each lot's expiry entry has the unique key
//! `expire:<lot id>`. Redemptions expire the customer's due lots themselves
//! before spending, so expired points are never spent between two sweeps.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ledger;
use crate::db::{self, DbConn};
use crate::schema::points_entries;

/// Customers per transaction.
const CHUNK: i64 = 200;
/// Most customers one run handles (the rest wait for the next run).
const BATCH: usize = 5_000;

#[derive(QueryableByName)]
struct Locked {
    #[diesel(sql_type = diesel::sql_types::Text)]
    customer_id: String,
}

/// Locks what it can of `candidates` without waiting (PostgreSQL).
fn lock_members(conn: &mut DbConn, candidates: Vec<String>) -> QueryResult<Vec<String>> {
    if candidates.is_empty() {
        return Ok(candidates);
    }
    match conn {
        DbConn::Pg(c) => {
            let marks: Vec<String> = (1..=candidates.len()).map(|i| format!("${i}")).collect();
            let sql = format!(
                "SELECT customer_id FROM memberships WHERE customer_id IN ({}) \
                 ORDER BY customer_id FOR UPDATE SKIP LOCKED",
                marks.join(", ")
            );
            let mut q = diesel::sql_query(sql).into_boxed::<diesel::pg::Pg>();
            for id in candidates {
                q = q.bind::<diesel::sql_types::Text, _>(id);
            }
            Ok(q.load::<Locked>(c)?
                .into_iter()
                .map(|l| l.customer_id)
                .collect())
        }
        DbConn::Sqlite(_) => Ok(candidates),
    }
}

/// Expires every lot due at `now`; returns how many lots expired.
pub fn sweep(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mut after = String::new();
    let mut seen = 0usize;
    let mut expired = 0usize;
    while seen < BATCH {
        let (n, last, fetched) = db::write_tx(conn, |conn| {
            let candidates: Vec<String> = points_entries::table
                .filter(points_entries::remaining.gt(0))
                .filter(points_entries::expires_at.le(now))
                .filter(points_entries::customer_id.gt(&after))
                .select(points_entries::customer_id)
                .distinct()
                .order(points_entries::customer_id.asc())
                .limit(CHUNK)
                .load(conn)?;
            let fetched = candidates.len();
            let last = candidates.last().cloned();
            let locked = lock_members(conn, candidates)?;
            let n = ledger::expire_lots_of(conn, &locked, now)?;
            Ok::<_, diesel::result::Error>((n, last, fetched))
        })?;
        expired += n;
        seen += fetched;
        match last {
            Some(l) if fetched as i64 == CHUNK => after = l,
            _ => break,
        }
    }
    Ok(expired)
}
