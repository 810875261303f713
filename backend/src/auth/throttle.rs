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
pub fn record_failure(
    conn: &mut DbConn,
    cfg: &ThrottleConfig,
    key: &str,
    limit: i32,
    now: NaiveDateTime,
) -> QueryResult<()> {
    let window = Duration::seconds(cfg.window_secs);
    db::write_tx(conn, |conn| {
        let row: Option<(i32, NaiveDateTime)> = login_throttles::table
            .find(key)
            .select((
                login_throttles::failures,
                login_throttles::window_started_at,
            ))
            .first(conn)
            .optional()?;
        let (failures, started) = match row {
            Some((n, started)) if now - started < window => (n + 1, started),
            _ => (1, now),
        };
        let locked_until = (failures >= limit).then_some(now + window);
        let changed = diesel::update(login_throttles::table.find(key))
            .set((
                login_throttles::failures.eq(failures),
                login_throttles::window_started_at.eq(started),
                login_throttles::locked_until.eq(locked_until),
            ))
            .execute(conn)?;
        if changed == 0 {
            diesel::insert_into(login_throttles::table)
                .values((
                    login_throttles::key.eq(key),
                    login_throttles::failures.eq(failures),
                    login_throttles::window_started_at.eq(started),
                    login_throttles::locked_until.eq(locked_until),
                ))
                .execute(conn)?;
        }
        Ok(())
    })
}

/// Forgets the failures of `key`.
pub fn clear(conn: &mut DbConn, key: &str) -> QueryResult<()> {
    diesel::delete(login_throttles::table.find(key))
        .execute(conn)
        .map(|_| ())
}
