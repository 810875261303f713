//! Login throttling per account and per client IP, kept in the database so
//! that several server processes share one count.
//!
//! Each key counts failures in a window; at the limit the key is locked for
//! the window length and every attempt gets 429 with `Retry-After`, even with
//! the right password. A successful login clears the account's count.

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
                      THEN $5 ELSE login_throttles.locked_until END";
    let window = Duration::seconds(cfg.window_secs);
    let sql = db::placeholders(conn, SQL);
    diesel::sql_query(sql)
        .bind::<Text, _>(key)
        .bind::<Timestamp, _>(now)
        .bind::<Timestamp, _>(now - window)
        .bind::<Integer, _>(limit)
        .bind::<Timestamp, _>(now + window)
        .execute(conn)
        .map(|_| ())
}

/// Forgets the failures of `key`.
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttles::table.find(key))
        .execute(conn)
        .map(|_| ())
}
