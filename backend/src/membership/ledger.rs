//! The points ledger (DOMAIN §4): every change of a balance is an entry with
//! a reason and a reference, written under the member's lock.
//!
//! Earning entries are lots with `remaining` points; spending, reversals and
//! expiry consume lots first-expiring first, so `memberships.points_balance`
//! always equals the sum of the remaining points of the customer's lots. The
//! balance only moves by conditional `UPDATE … WHERE points_balance >= n`
//! (and a CHECK constraint), so it can never go negative. Every entry has a
//! company-unique `dedupe_key` (`contract:<deal>`, `reverse:contract:<deal>`,
//! `expire:<lot>` …): applying the same event twice writes nothing the second time.

use api_types::PointsEntryKind;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::store::Member;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{memberships, points_entries};

/// A new ledger entry (the member is locked by the caller).
#[derive(Debug, Clone)]
pub struct NewEntry<'a> {
    /// Kind.
    pub kind: PointsEntryKind,
    /// Signed points.
    pub points: i64,
    /// Machine-readable reason.
    pub reason_code: &'a str,
    /// Human-readable reason.
    pub reason: String,
    /// `deal`, `referral`, `survey`, `redemption`, `entry`.
    pub reference_type: &'a str,
    /// The reference's id.
    pub reference_id: &'a str,
    /// The setting that decided, if any.
    pub rule: String,
    /// Company-unique key of the event.
    pub dedupe_key: String,
    /// Expiry of an earning.
    pub expires_at: Option<NaiveDateTime>,
    /// Staff user, if any.
    pub actor_id: Option<String>,
}

/// The entry with this dedupe key, if it was written already: (id, points).
pub fn find(
    conn: &mut DbConn,
    company_id: &str,
    dedupe_key: &str,
) -> QueryResult<Option<(String, i64)>> {
    points_entries::table
        .filter(points_entries::company_id.eq(company_id))
        .filter(points_entries::dedupe_key.eq(dedupe_key))
        .select((points_entries::id, points_entries::points))
        .first(conn)
        .optional()
}

fn insert(
    conn: &mut DbConn,
    m: &Member,
    e: &NewEntry<'_>,
    now: NaiveDateTime,
) -> QueryResult<String> {
    let id = db::new_id();
    let remaining = if e.kind == PointsEntryKind::Earn {
        e.points
    } else {
        0
    };
    diesel::insert_into(points_entries::table)
        .values((
            points_entries::id.eq(&id),
            points_entries::company_id.eq(&m.company_id),
            points_entries::customer_id.eq(&m.customer_id),
            points_entries::kind.eq(e.kind.as_str()),
            points_entries::points.eq(e.points),
            points_entries::reason_code.eq(e.reason_code),
            points_entries::reason.eq(&e.reason),
            points_entries::reference_type.eq(e.reference_type),
            points_entries::reference_id.eq(e.reference_id),
            points_entries::rule.eq(&e.rule),
            points_entries::dedupe_key.eq(&e.dedupe_key),
            points_entries::remaining.eq(remaining),
            points_entries::expires_at.eq(e.expires_at),
            points_entries::actor_id.eq(&e.actor_id),
            points_entries::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Earns `e.points` (> 0) for a locked member unless the event was applied
/// before. Returns the entry id, or `None` when nothing was written.
pub fn earn(conn: &mut DbConn, m: &Member, e: &NewEntry<'_>) -> Result<Option<String>, ApiError> {
    if e.points <= 0 || find(conn, &m.company_id, &e.dedupe_key)?.is_some() {
        return Ok(None);
    }
    let id = insert(conn, m, e, db::now())?;
    diesel::update(memberships::table.find(&m.customer_id))
        .set(memberships::points_balance.eq(memberships::points_balance + e.points))
        .execute(conn)?;
    Ok(Some(id))
}

/// Takes `points` from a locked member's lots, `first_lot` first (a
/// reversal takes back its own earning first), then first-expiring first.
/// Fails with `insufficient_points` (409) when the balance is short.
fn consume(
    conn: &mut DbConn,
    m: &Member,
    points: i64,
    first_lot: Option<&str>,
) -> Result<(), ApiError> {
    let changed = diesel::update(
        memberships::table
            .find(&m.customer_id)
            .filter(memberships::points_balance.ge(points)),
    )
    .set(memberships::points_balance.eq(memberships::points_balance - points))
    .execute(conn)?;
    if changed != 1 {
        return Err(ApiError::conflict(
            "insufficient_points",
            "the points balance is lower than the points needed",
        ));
    }
    let mut lots: Vec<(String, i64)> = points_entries::table
        .filter(points_entries::customer_id.eq(&m.customer_id))
        .filter(points_entries::remaining.gt(0))
        .order((
            points_entries::expires_at.is_null().asc(),
            points_entries::expires_at.asc(),
            points_entries::id.asc(),
        ))
        .select((points_entries::id, points_entries::remaining))
        .load(conn)?;
    if let Some(first) = first_lot {
        if let Some(i) = lots.iter().position(|(id, _)| id == first) {
            let lot = lots.remove(i);
            lots.insert(0, lot);
        }
    }
    let mut left = points;
    for (id, remaining) in lots {
        if left == 0 {
            break;
        }
        let take = left.min(remaining);
        diesel::update(points_entries::table.find(&id))
            .set(points_entries::remaining.eq(points_entries::remaining - take))
            .execute(conn)?;
        left -= take;
    }
    if left != 0 {
        return Err(ApiError::internal(format!(
            "points lots of {} short of the balance by {left}",
            m.customer_id
        )));
    }
    Ok(())
}

/// Spends `e.points` (given positive; stored negative) of a locked member.
/// Returns the entry id and the balance after.
pub fn spend(conn: &mut DbConn, m: &Member, e: &NewEntry<'_>) -> Result<(String, i64), ApiError> {
    expire_customer(conn, &m.customer_id, db::now())?;
    consume(conn, m, e.points, None)?;
    let entry = NewEntry {
        points: -e.points,
        ..e.clone()
    };
    let id = insert(conn, m, &entry, db::now())?;
    let balance = memberships::table
        .find(&m.customer_id)
        .select(memberships::points_balance)
        .first(conn)?;
    Ok((id, balance))
}

/// Takes back the points of the earning with dedupe key `earned_key` that did
/// not expire (points that expired were never the customer's to keep), as far
/// as the balance allows: its own lot first, then the others. What was spent
/// beyond the balance is stated in the reason as the shortfall. The entry
/// refers to what `e` names (the deal or referral). Writes nothing when there
/// was no such earning or it was reversed before (`e.dedupe_key`).
pub fn reverse(
    conn: &mut DbConn,
    m: &Member,
    earned_key: &str,
    e: &NewEntry<'_>,
) -> Result<Option<String>, ApiError> {
    let Some((lot_id, earned)) = find(conn, &m.company_id, earned_key)? else {
        return Ok(None);
    };
    if find(conn, &m.company_id, &e.dedupe_key)?.is_some() {
        return Ok(None);
    }
    expire_customer(conn, &m.customer_id, db::now())?;
    let expired = find(conn, &m.company_id, &format!("expire:{lot_id}"))?.map_or(0, |(_, p)| -p);
    let balance: i64 = memberships::table
        .find(&m.customer_id)
        .select(memberships::points_balance)
        .first(conn)?;
    let recovered = (earned - expired).min(balance).max(0);
    if recovered > 0 {
        consume(conn, m, recovered, Some(&lot_id))?;
    }
    let shortfall = earned - expired - recovered;
    let reason = if expired > 0 || shortfall > 0 {
        format!(
            "{} (earned {earned}; {expired} expired before; {shortfall} already spent)",
            e.reason
        )
    } else {
        e.reason.clone()
    };
    let entry = NewEntry {
        points: -recovered,
        reason,
        ..e.clone()
    };
    insert(conn, m, &entry, db::now())
        .map(Some)
        .map_err(ApiError::from)
}

/// Lots of the customers in `customers` that are due to expire at `now`:
/// (lot id, company, customer, remaining).
type DueLot = (String, String, String, i64);

/// Expires every due lot of the given (locked) customers, set-based: one
/// multi-row insert of `expire` entries, one balance update, one lot update.
pub fn expire_lots_of(
    conn: &mut DbConn,
    customers: &[String],
    now: NaiveDateTime,
) -> QueryResult<usize> {
    if customers.is_empty() {
        return Ok(0);
    }
    let due = points_entries::table
        .filter(points_entries::customer_id.eq_any(customers))
        .filter(points_entries::remaining.gt(0))
        .filter(points_entries::expires_at.le(now));
    let lots: Vec<DueLot> = due
        .select((
            points_entries::id,
            points_entries::company_id,
            points_entries::customer_id,
            points_entries::remaining,
        ))
        .load(conn)?;
    if lots.is_empty() {
        return Ok(0);
    }
    let rows: Vec<_> = lots
        .iter()
        .map(|(id, company, customer, remaining)| {
            (
                points_entries::id.eq(db::new_id()),
                points_entries::company_id.eq(company.clone()),
                points_entries::customer_id.eq(customer.clone()),
                points_entries::kind.eq(PointsEntryKind::Expire.as_str()),
                points_entries::points.eq(-remaining),
                points_entries::reason_code.eq("expiry"),
                points_entries::reason.eq("积分过期 points expired"),
                points_entries::reference_type.eq("entry"),
                points_entries::reference_id.eq(id.clone()),
                points_entries::rule.eq("membership_points.expiry_months"),
                points_entries::dedupe_key.eq(format!("expire:{id}")),
                points_entries::remaining.eq(0i64),
                points_entries::created_at.eq(now),
            )
        })
        .collect();
    crate::batch_insert!(&mut *conn, points_entries::table, rows)?;
    let due_sum = diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "COALESCE((SELECT CAST(SUM(e.remaining) AS BIGINT) FROM points_entries e \
         WHERE e.customer_id = memberships.customer_id AND e.remaining > 0 AND e.expires_at <= ",
    )
    .bind::<diesel::sql_types::Timestamp, _>(now)
    .sql("), 0)");
    diesel::update(memberships::table.filter(memberships::customer_id.eq_any(customers)))
        .set(memberships::points_balance.eq(memberships::points_balance - due_sum))
        .execute(conn)?;
    diesel::update(
        points_entries::table
            .filter(points_entries::customer_id.eq_any(customers))
            .filter(points_entries::remaining.gt(0))
            .filter(points_entries::expires_at.le(now)),
    )
    .set(points_entries::remaining.eq(0i64))
    .execute(conn)?;
    Ok(lots.len())
}

/// Expires one locked customer's due lots (before spending, so expired
/// points are never spent even when the sweep has not run yet).
pub fn expire_customer(
    conn: &mut DbConn,
    customer_id: &str,
    now: NaiveDateTime,
) -> QueryResult<usize> {
    expire_lots_of(conn, &[customer_id.to_string()], now)
}
