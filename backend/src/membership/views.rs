//! Read services: a customer's membership (tier, history, balance, benefits
//! with quota left), the ledger page by page, and single redemptions. Like
//! the redemption services they take a customer id the caller has authorised.

use api_types::{
    Benefit, BenefitKind, BenefitRedemption, BenefitStatus, MemberTier, Membership,
    MembershipTierRules, PointsEntry, PointsEntryKind, PointsRedemption, QuotaPeriod, TierChange,
    TierChangeCause, TierDiscountView,
};
use diesel::prelude::*;

use super::{rules, store};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::schema::{
    benefit_redemptions, membership_benefits, membership_tier_changes, points_entries,
    points_redemptions,
};
use crate::settings;

fn parse<T>(s: &str, f: fn(&str) -> Option<T>) -> Result<T, ApiError> {
    f(s).ok_or_else(|| ApiError::internal(format!("unexpected stored value {s}")))
}

/// A benefit row.
pub type BenefitRow = (
    String,
    String,
    String,
    String,
    String,
    Option<i32>,
    String,
    bool,
    i32,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
);

/// The columns of [`BenefitRow`].
pub type BenefitColumns = (
    membership_benefits::id,
    membership_benefits::name,
    membership_benefits::description,
    membership_benefits::kind,
    membership_benefits::min_tier,
    membership_benefits::quota,
    membership_benefits::quota_period,
    membership_benefits::active,
    membership_benefits::version,
    membership_benefits::created_at,
    membership_benefits::updated_at,
);

/// The columns of [`BenefitRow`].
pub const BENEFIT_COLUMNS: BenefitColumns = (
    membership_benefits::id,
    membership_benefits::name,
    membership_benefits::description,
    membership_benefits::kind,
    membership_benefits::min_tier,
    membership_benefits::quota,
    membership_benefits::quota_period,
    membership_benefits::active,
    membership_benefits::version,
    membership_benefits::created_at,
    membership_benefits::updated_at,
);

/// The wire view of a benefit row.
pub fn benefit(r: BenefitRow) -> Result<Benefit, ApiError> {
    Ok(Benefit {
        id: r.0,
        name: r.1,
        description: r.2,
        kind: parse(&r.3, BenefitKind::parse)?,
        min_tier: parse(&r.4, MemberTier::parse)?,
        quota: r.5,
        quota_period: parse(&r.6, QuotaPeriod::parse)?,
        active: r.7,
        version: r.8,
        created_at: db::utc(r.9),
        updated_at: db::utc(r.10),
    })
}

type ChangeRow = (
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    String,
    i32,
    i32,
    Option<String>,
    chrono::NaiveDateTime,
);

fn tier_history(conn: &mut DbConn, customer_id: &str) -> Result<Vec<TierChange>, ApiError> {
    let rows: Vec<ChangeRow> = membership_tier_changes::table
        .filter(membership_tier_changes::customer_id.eq(customer_id))
        .order(membership_tier_changes::id.desc())
        .limit(100)
        .select((
            membership_tier_changes::id,
            membership_tier_changes::from_tier,
            membership_tier_changes::to_tier,
            membership_tier_changes::cause_kind,
            membership_tier_changes::cause_id,
            membership_tier_changes::rule,
            membership_tier_changes::purchases,
            membership_tier_changes::referrals,
            membership_tier_changes::actor_id,
            membership_tier_changes::created_at,
        ))
        .load(conn)?;
    rows.into_iter()
        .map(|r| {
            Ok(TierChange {
                id: r.0,
                from_tier: store::tier_of(r.1)?,
                to_tier: store::tier_of(r.2)?,
                cause_kind: parse(&r.3, TierChangeCause::parse)?,
                cause_id: r.4,
                rule: r.5,
                purchases: r.6,
                referrals: r.7,
                actor_id: r.8,
                created_at: db::utc(r.9),
            })
        })
        .collect()
}

/// The customer's membership now (a customer without one reads as no tier,
/// no points).
pub fn membership(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> Result<Membership, ApiError> {
    let member = store::read(conn, company_id, customer_id)?;
    let tier = member.as_ref().and_then(|m| m.tier);
    let (purchases, referrals) = store::counts(conn, customer_id)?;
    let r = settings::get::<MembershipTierRules>(conn, company_id)?.value;
    let purchase_discount = tier.and_then(|t| {
        rules::discount(&r, t).map(|(basis_points, rule)| TierDiscountView {
            tier: t,
            basis_points,
            rule,
        })
    });
    let rows: Vec<BenefitRow> = membership_benefits::table
        .filter(membership_benefits::company_id.eq(company_id))
        .filter(membership_benefits::active.eq(true))
        .order(membership_benefits::id.asc())
        .select(BENEFIT_COLUMNS)
        .load(conn)?;
    let now = db::now();
    let mut benefits = Vec::with_capacity(rows.len());
    for row in rows {
        let b = benefit(row)?;
        let period = rules::period_key(b.quota_period, now);
        let used: i64 = benefit_redemptions::table
            .filter(benefit_redemptions::customer_id.eq(customer_id))
            .filter(benefit_redemptions::benefit_id.eq(&b.id))
            .filter(benefit_redemptions::period_key.eq(&period))
            .count()
            .get_result(conn)?;
        let eligible = tier.is_some_and(|t| t.rank() >= b.min_tier.rank());
        let remaining = match (eligible, b.quota) {
            (false, _) => Some(0),
            (true, None) => None,
            (true, Some(q)) => Some((i64::from(q) - used).max(0)),
        };
        benefits.push(BenefitStatus {
            benefit: b,
            eligible,
            period,
            used,
            remaining,
        });
    }
    Ok(Membership {
        customer_id: customer_id.to_string(),
        tier,
        purchases,
        referrals,
        points_balance: member.map_or(0, |m| m.points_balance),
        purchase_discount,
        tier_history: tier_history(conn, customer_id)?,
        benefits,
    })
}

/// The customer's points balance now (0 without a membership).
pub fn points_balance(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> Result<i64, ApiError> {
    Ok(store::read(conn, company_id, customer_id)?.map_or(0, |m| m.points_balance))
}

type EntryRow = (
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    String,
    i64,
    Option<chrono::NaiveDateTime>,
    Option<String>,
    chrono::NaiveDateTime,
);

/// One page of the customer's ledger, newest first.
pub fn ledger_page(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    page: &PageParams,
) -> Result<(Vec<PointsEntry>, Option<String>), ApiError> {
    let mut q = points_entries::table
        .filter(points_entries::company_id.eq(company_id))
        .filter(points_entries::customer_id.eq(customer_id))
        .into_boxed();
    if let Some(after) = &page.after {
        q = q.filter(points_entries::id.lt(after.clone()));
    }
    let rows: Vec<EntryRow> = q
        .order(points_entries::id.desc())
        .limit(page.fetch())
        .select((
            points_entries::id,
            points_entries::kind,
            points_entries::points,
            points_entries::reason_code,
            points_entries::reason,
            points_entries::reference_type,
            points_entries::reference_id,
            points_entries::rule,
            points_entries::remaining,
            points_entries::expires_at,
            points_entries::actor_id,
            points_entries::created_at,
        ))
        .load(conn)?;
    let entries = rows
        .into_iter()
        .map(|r| {
            Ok(PointsEntry {
                id: r.0,
                kind: parse(&r.1, PointsEntryKind::parse)?,
                points: r.2,
                reason_code: r.3,
                reason: r.4,
                reference_type: r.5,
                reference_id: r.6,
                rule: r.7,
                remaining: r.8,
                expires_at: r.9.map(db::utc),
                actor_id: r.10,
                created_at: db::utc(r.11),
            })
        })
        .collect::<Result<Vec<_>, ApiError>>()?;
    Ok(page.finish(entries, |e| &e.id))
}

/// One points redemption of the customer, or 404 `redemption_not_found`.
pub fn points_redemption(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    id: &str,
) -> Result<PointsRedemption, ApiError> {
    type Row = (
        String,
        String,
        String,
        i32,
        i64,
        String,
        i64,
        String,
        Option<String>,
        chrono::NaiveDateTime,
    );
    let r: Row = points_redemptions::table
        .filter(points_redemptions::company_id.eq(company_id))
        .filter(points_redemptions::customer_id.eq(customer_id))
        .filter(points_redemptions::id.eq(id))
        .select((
            points_redemptions::id,
            points_redemptions::customer_id,
            points_redemptions::item_id,
            points_redemptions::quantity,
            points_redemptions::points,
            points_redemptions::entry_id,
            points_redemptions::balance_after,
            points_redemptions::actor_kind,
            points_redemptions::actor_id,
            points_redemptions::created_at,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("redemption_not_found"))?;
    Ok(PointsRedemption {
        id: r.0,
        customer_id: r.1,
        item_id: r.2,
        quantity: r.3,
        points: r.4,
        entry_id: r.5,
        balance_after: r.6,
        actor_kind: r.7,
        actor_id: r.8,
        created_at: db::utc(r.9),
    })
}

/// One benefit redemption of the customer, or 404 `redemption_not_found`.
pub fn benefit_redemption(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    id: &str,
) -> Result<BenefitRedemption, ApiError> {
    type Row = (
        String,
        String,
        String,
        String,
        String,
        String,
        String,
        Option<String>,
        chrono::NaiveDateTime,
    );
    let r: Row = benefit_redemptions::table
        .filter(benefit_redemptions::company_id.eq(company_id))
        .filter(benefit_redemptions::customer_id.eq(customer_id))
        .filter(benefit_redemptions::id.eq(id))
        .select((
            benefit_redemptions::id,
            benefit_redemptions::customer_id,
            benefit_redemptions::benefit_id,
            benefit_redemptions::period_key,
            benefit_redemptions::tier,
            benefit_redemptions::note,
            benefit_redemptions::actor_kind,
            benefit_redemptions::actor_id,
            benefit_redemptions::created_at,
        ))
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("redemption_not_found"))?;
    Ok(BenefitRedemption {
        id: r.0,
        customer_id: r.1,
        benefit_id: r.2,
        period: r.3,
        tier: parse(&r.4, MemberTier::parse)?,
        note: r.5,
        actor_kind: r.6,
        actor_id: r.7,
        created_at: db::utc(r.8),
    })
}
