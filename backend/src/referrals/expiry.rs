//! Protection expiry (DOMAIN §5: the first valid registration is protected
//! for `referral_rules.protection_days`): a registration whose friend has
//! not subscribed by then is `expired` and the friend is released for a new
//! registration. A step of the jobs sweep, set-based per chunk and safe with
//! several servers (conditional update, `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL); a new registration of the same phone releases it at once.

use api_types::ReferralStatus;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::schema::{referral_events, referrals};

/// Rows expired per statement.
const CHUNK: i64 = 500;

const WAITING: [&str; 2] = ["registered", "visited"];

/// Expires the given registrations if they are still waiting and past their
/// protection; returns how many changed. One update and one multi-row insert.
fn expire(conn: &mut DbConn, ids: &[String], now: NaiveDateTime) -> QueryResult<usize> {
    if ids.is_empty() {
        return Ok(0);
    }
    let rows: Vec<(String, String, String)> = referrals::table
        .filter(referrals::id.eq_any(ids))
        .filter(referrals::status.eq_any(WAITING))
        .filter(referrals::protected_until.lt(now))
        .select((referrals::id, referrals::company_id, referrals::status))
        .load(conn)?;
    let changed: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq_any(&changed))
            .filter(referrals::status.eq_any(WAITING)),
    )
    .set((
        referrals::status.eq(ReferralStatus::Expired.as_str()),
        referrals::version.eq(referrals::version + 1),
        referrals::owner_version.eq(referrals::owner_version + 1),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    let events: Vec<_> = rows
        .into_iter()
        .map(|(id, company, from)| {
            (
                referral_events::id.eq(db::new_id()),
                referral_events::company_id.eq(company),
                referral_events::referral_id.eq(id),
                referral_events::kind.eq("expired"),
                referral_events::from_status.eq(Some(from)),
                referral_events::to_status.eq(Some(ReferralStatus::Expired.as_str().to_string())),
                referral_events::reason.eq(
                    "no subscription within the protection period; the friend is released (referral_rules.protection_days)",
                ),
                referral_events::actor_kind.eq("system"),
                referral_events::actor_id.eq(None::<String>),
                referral_events::created_at.eq(now),
            )
        })
        .collect();
    if !events.is_empty() {
        crate::batch_insert!(&mut *conn, referral_events::table, events)?;
    }
    super::review::void(conn, &changed, now)?;
    Ok(n)
}

/// Releases the phone's waiting registrations whose protection ended.
pub fn release_phone(
    conn: &mut DbConn,
    company_id: &str,
    bidx: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    let ids: Vec<String> = referrals::table
        .filter(referrals::company_id.eq(company_id))
        .filter(referrals::friend_phone_bidx.eq(bidx))
        .filter(referrals::status.eq_any(WAITING))
        .filter(referrals::protected_until.lt(now))
        .select(referrals::id)
        .load(conn)?;
    expire(conn, &ids, now)
}

/// The sweep step: expires every waiting registration past its protection.
pub fn sweep(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    let mut total = 0;
    loop {
        let n = db::write_tx(conn, |conn| {
            let ids = due(conn, now)?;
            expire(conn, &ids, now)
        })?;
        total += n;
        if n < CHUNK as usize {
            return Ok(total);
        }
    }
}

/// Due registrations, locked (skipping those another server holds) on PostgreSQL.
fn due(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<Vec<String>> {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = diesel::sql_types::Text)]
        id: String,
    }
    let sql = match conn {
        DbConn::Pg(_) => format!(
            "SELECT id FROM referrals WHERE status IN ('registered','visited') \
             AND protected_until < $1 ORDER BY protected_until LIMIT {CHUNK} FOR UPDATE SKIP LOCKED"
        ),
        DbConn::Sqlite(_) => format!(
            "SELECT id FROM referrals WHERE status IN ('registered','visited') \
             AND protected_until < ?1 ORDER BY protected_until LIMIT {CHUNK}"
        ),
    };
    let rows: Vec<Id> = diesel::sql_query(sql)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .load(conn)?;
    Ok(rows.into_iter().map(|r| r.id).collect())
}
