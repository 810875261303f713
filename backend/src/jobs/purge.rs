//! Retention: forgets what is no longer needed (data minimisation, PIPL).
//!
//! * idempotency records older than their 24-hour window (they hold response bodies);
//! * login-throttle counters whose window and lockout are both over;
//! * refresh tokens past expiry, and sessions ended more than 30 days ago;
//! * owners' login codes a day after they expired, and outbox messages 30
//!   days after they were sent, recorded or given up.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::idempotency::RETENTION_HOURS;
use crate::schema::{idempotency_keys, login_throttles, refresh_tokens, sessions};

/// Days an ended session is kept (for the audit of who was signed in when).
const ENDED_SESSION_DAYS: i64 = 30;

/// Deletes expired rows; returns how many.
pub fn run(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mut n = diesel::delete(
        idempotency_keys::table
            .filter(idempotency_keys::created_at.lt(now - Duration::hours(RETENTION_HOURS))),
    )
    .execute(conn)?;
    n += diesel::delete(
        login_throttles::table
            .filter(login_throttles::window_started_at.lt(now - Duration::days(1)))
            .filter(
                login_throttles::locked_until
                    .is_null()
                    .or(login_throttles::locked_until.lt(now)),
            ),
    )
    .execute(conn)?;
    n += diesel::delete(refresh_tokens::table.filter(refresh_tokens::expires_at.lt(now)))
        .execute(conn)?;
    let old_sessions = sessions::table
        .filter(sessions::revoked_at.lt(now - Duration::days(ENDED_SESSION_DAYS)))
        .select(sessions::id);
    n += diesel::delete(
        refresh_tokens::table.filter(refresh_tokens::session_id.eq_any(old_sessions)),
    )
    .execute(conn)?;
    n += diesel::delete(
        sessions::table.filter(sessions::revoked_at.lt(now - Duration::days(ENDED_SESSION_DAYS))),
    )
    .execute(conn)?;
    n += crate::owners::codes::purge(conn, now)?;
    n += crate::outbox::purge(conn, now)?;
    Ok(n)
}
