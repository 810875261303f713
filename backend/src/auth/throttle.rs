//! Login throttling per account and per client IP, kept in the database so
//! that several server processes share one count.
//!
//! Each key counts failures in a window; at the limit the key is locked for
//! the window length and every attempt gets 429 with `Retry-After`, even with
//! the right password. A successful login clears the account's count.
//!
//! The same counters also rate-limit actions that cost something whether or
//! not they succeed (owners' one-time codes: [`hit`]), each under its own key
//! prefix and window.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::config::ThrottleConfig;
use crate::db::{self, DbConn};
use crate::schema::login_throttles;

/// The throttle key of an account.
pub fn account_key(email: &str) -> String {
    format!("account:{}", email.trim().to_lowercase())
}

/// The throttle key of a client address.
pub fn ip_key(ip: &str) -> String {
    format!("ip:{ip}")
}

/// Seconds until the key unlocks, if it is locked now.
pub fn locked_for(conn: &mut DbConn, key: &str, now: NaiveDateTime) -> QueryResult<Option<i64>> {
    let until: Option<Option<NaiveDateTime>> = login_throttles::table
        .find(key)
        .select(login_throttles::locked_until)
        .first(conn)
        .optional()?;
    Ok(until
        .flatten()
        .filter(|u| *u > now)
        .map(|u| (u - now).num_seconds().max(1)))
}

/// Counts one failure against `key`; locks it when the limit is reached.
///
/// One atomic upsert, so concurrent failures all count and the first failure
/// of two at once cannot collide on the key.
pub fn record_failure(
    conn: &mut DbConn,
    cfg: &ThrottleConfig,
    key: &str,
    limit: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    count(conn, key, limit, Duration::seconds(cfg.window_secs), now).map(|_| ())
}

/// Counts one use of a rate-limited action against `key`: `None` when it is
/// allowed, else the seconds to wait (`Retry-After`).
///
/// At most `limit` uses pass per `window`; the use that reaches the limit
/// locks the key for `window`. The count comes back from the same atomic
/// upsert, so concurrent uses past the limit are refused even before the
/// lock is visible to them.
pub fn hit(
    conn: &mut DbConn,
    key: &str,
    limit: i32,
    window: Duration,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    if let Some(secs) = locked_for(conn, key, now)? {
        return Ok(Some(secs));
    }
    let n = count(conn, key, limit, window, now)?;
    Ok((n > limit).then(|| window.num_seconds().max(1)))
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::Integer)]
    failures: i32,
}

/// The counting upsert: returns the key's count within the current window.
fn count(
    conn: &mut DbConn,
    key: &str,
    limit: i32,
    window: Duration,
    now: NaiveDateTime,
) -> QueryResult<i32> {
    use diesel::sql_types::{Integer, Text, Timestamp};
    const SQL: &str =
        "INSERT INTO login_throttles (key, failures, window_started_at, locked_until) \
         VALUES ($1, 1, $2, CASE WHEN 1 >= $4 THEN $5 ELSE NULL END) \
         ON CONFLICT (key) DO UPDATE SET \
           failures = CASE WHEN login_throttles.window_started_at > $3 \
                      THEN login_throttles.failures + 1 ELSE 1 END, \
           window_started_at = CASE WHEN login_throttles.window_started_at > $3 \
                      THEN login_throttles.window_started_at ELSE $2 END, \
           locked_until = CASE WHEN (CASE WHEN login_throttles.window_started_at > $3 \
                      THEN login_throttles.failures + 1 ELSE 1 END) >= $4 \
                      THEN $5 ELSE login_throttles.locked_until END \
         RETURNING failures";
    let sql = db::placeholders(conn, SQL);
    diesel::sql_query(sql)
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now - window)
        .bind::<Integer, _>(limit)
        .bind::<Timestamp, _>(now + window)
        .get_result::<Count>(conn)
        .map(|c| c.failures)
}

/// Forgets the failures of `key`.
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttles::table.find(key))
        .execute(conn)
        .map(|_| ())
}
