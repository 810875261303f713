//! The delivery step of the jobs sweep: claim due messages, send each through
//! the configured [`Sender`], and record the outcome.
//!
//! * **Claim**: in one short write transaction, due `pending` messages are
//!   selected (`FOR UPDATE SKIP LOCKED` on PostgreSQL) and each is claimed by
//!   a conditional `UPDATE … WHERE status = 'pending' AND next_attempt_at <= now`
//!   that counts the attempt and pushes `next_attempt_at` out by a lease. Only
//!   a claim that changed the row sends, so several processes never send one
//!   message twice; a process that dies mid-send leaves the message to be
//!   retried when the lease runs out.
//! * **Send**: outside any transaction (a slow gateway holds no lock).
//! * **Record**: `sent`/`recorded`; or, for a temporary error, `pending` again
//!   after an exponential backoff ([`backoff`]); or `failed` after
//!   [`MAX_ATTEMPTS`], on a permanent error, or when the message expired
//!   (a one-time code is worthless after 5 minutes). The update is conditional
//!   on the claimed attempt, so a late worker cannot overwrite a newer outcome.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::{Outgoing, Row, SendError, SendOutcome, Sender};
use crate::db::{self, DbConn, Pool};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::outbox_messages;

/// Attempts before a message is given up.
pub const MAX_ATTEMPTS: i32 = 5;
/// Most messages one run claims.
pub const BATCH: i64 = 100;
/// How long a claim holds a message before another run may retry it.
const LEASE_SECS: i64 = 120;

/// What one delivery run did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Accepted by the gateway.
    pub sent: usize,
    /// Kept in the outbox only (recording sender).
    pub recorded: usize,
    /// Failed for now; due again after the backoff.
    pub retried: usize,
    /// Given up.
    pub failed: usize,
}

impl DeliveryReport {
    /// Whether the run did anything.
    pub fn is_empty(&self) -> bool {
        self.sent + self.recorded + self.retried + self.failed == 0
    }
}

/// Wait before the next attempt after `attempts` failed ones: 30 s, 1 min,
/// 2 min, 4 min … at most 1 hour.
pub fn backoff(attempts: i32) -> Duration {
    let exp = attempts.clamp(1, 8) - 1;
    Duration::seconds((30i64 << exp).min(3600))
}

/// Delivers every due message (up to [`BATCH`]) as of `now`.
pub async fn deliver_due(
    pool: &Pool,
    pd: &PersonalData,
    sender: &dyn Sender,
    now: NaiveDateTime,
) -> Result<DeliveryReport, ApiError> {
    let claimed = db::run(pool, move |conn| Ok(claim(conn, now)?)).await?;
    let mut report = DeliveryReport::default();
    for row in claimed {
        let result = if row.expires_at.is_some_and(|e| e <= now) {
            Err(SendError::Permanent("expired before delivery".into()))
        } else {
            match pd.decrypt(&row.recipient_enc) {
                Ok(recipient) => {
                    let msg = Outgoing {
                        id: row.id.clone(),
                        channel: row.channel.clone(),
                        recipient,
                        purpose: row.purpose.clone(),
                        body: row.body.clone(),
                    };
                    sender.send(&msg).await
                }
                Err(_) => Err(SendError::Permanent("recipient unreadable".into())),
            }
        };
        let name = sender.name();
        let outcome = db::run(pool, move |conn| Ok(finish(conn, &row, name, result, now)?)).await;
        match outcome {
            Ok(Finished::Sent) => report.sent += 1,
            Ok(Finished::Recorded) => report.recorded += 1,
            Ok(Finished::Retry) => report.retried += 1,
            Ok(Finished::Failed) => report.failed += 1,
            Ok(Finished::Stale) => {}
            Err(e) => log::warn!("outbox: outcome not recorded: {e}"),
        }
    }
    Ok(report)
}

/// Claims due messages; returns them with the attempt counted.
fn claim(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<Row>> {
    db::write_tx(conn, |conn| {
        macro_rules! due {
            () => {
                outbox_messages::table
                    .filter(outbox_messages::status.eq("pending"))
                    .filter(outbox_messages::next_attempt_at.le(now))
                    .order((
                        outbox_messages::next_attempt_at.asc(),
                        outbox_messages::id.asc(),
                    ))
                    .limit(BATCH)
                    .select(outbox_messages::id)
            };
        }
        let ids: Vec<String> = match conn {
            DbConn::Pg(c) => due!().for_update().skip_locked().load(c)?,
            DbConn::Sqlite(c) => due!().load(c)?,
        };
        let mut claimed = Vec::with_capacity(ids.len());
        for id in ids {
            let n = diesel::update(
                outbox_messages::table
                    .filter(outbox_messages::id.eq(&id))
                    .filter(outbox_messages::status.eq("pending"))
                    .filter(outbox_messages::next_attempt_at.le(now)),
            )
            .set((
                outbox_messages::attempts.eq(outbox_messages::attempts + 1),
                outbox_messages::next_attempt_at.eq(now + Duration::seconds(LEASE_SECS)),
                outbox_messages::updated_at.eq(now),
            ))
            .execute(conn)?;
            if n == 1 {
                claimed.push(id);
            }
        }
        outbox_messages::table
            .filter(outbox_messages::id.eq_any(claimed))
            .select(outbox_messages::all_columns)
            .order(outbox_messages::id.asc())
            .load(conn)
    })
}

enum Finished {
    Sent,
    Recorded,
    Retry,
    Failed,
    /// Another run took the message over (the lease ran out): nothing recorded.
    Stale,
}

/// Records the outcome of a claimed attempt.
fn finish(
    conn: &mut DbConn,
    row: &Row,
    sender: &str,
    result: Result<SendOutcome, SendError>,
    now: NaiveDateTime,
) -> QueryResult<Finished> {
    let target = outbox_messages::table
        .filter(outbox_messages::id.eq(&row.id))
        .filter(outbox_messages::status.eq("pending"))
        .filter(outbox_messages::attempts.eq(row.attempts));
    let (finished, n) = match result {
        Ok(outcome) => {
            let (status, finished) = match outcome {
                SendOutcome::Sent => ("sent", Finished::Sent),
                SendOutcome::Recorded => ("recorded", Finished::Recorded),
            };
            let n = diesel::update(target)
                .set((
                    outbox_messages::status.eq(status),
                    outbox_messages::sender.eq(sender),
                    outbox_messages::sent_at.eq(now),
                    outbox_messages::last_error.eq(None::<String>),
                    outbox_messages::updated_at.eq(now),
                ))
                .execute(conn)?;
            (finished, n)
        }
        Err(e) => {
            let next = now + backoff(row.attempts);
            let retry = matches!(e, SendError::Retry(_))
                && row.attempts < MAX_ATTEMPTS
                && row.expires_at.is_none_or(|x| next < x);
            let (status, finished) = if retry {
                ("pending", Finished::Retry)
            } else {
                ("failed", Finished::Failed)
            };
            let n = diesel::update(target)
                .set((
                    outbox_messages::status.eq(status),
                    outbox_messages::sender.eq(sender),
                    outbox_messages::next_attempt_at.eq(next),
                    outbox_messages::last_error.eq(e.to_string()),
                    outbox_messages::updated_at.eq(now),
                ))
                .execute(conn)?;
            (finished, n)
        }
    };
    Ok(if n == 1 { finished } else { Finished::Stale })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_from_thirty_seconds_up_to_an_hour() {
        assert_eq!(backoff(1), Duration::seconds(30));
        assert_eq!(backoff(2), Duration::seconds(60));
        assert_eq!(backoff(4), Duration::seconds(240));
        assert_eq!(backoff(20), Duration::seconds(3600));
    }
}
