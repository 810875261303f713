//! The member row: created on first need, locked by every membership write
//! of the customer (so tier, balance, lots and quotas change one writer at a
//! time per customer), and the tier re-evaluation with its recorded cause.

use api_types::{MemberTier, MembershipTierRules, TierChangeCause};
use diesel::prelude::*;

use super::rules;
use crate::audit::{self, AuditCtx};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{
    membership_purchases, membership_referrals, membership_tier_changes, memberships,
};
use crate::settings;

/// The member row of a customer.
#[derive(Debug, Clone, Queryable)]
pub struct Member {
    /// Customer id.
    pub customer_id: String,
    /// Company.
    pub company_id: String,
    /// Current tier.
    pub tier: Option<MemberTier>,
    /// Points balance.
    pub points_balance: i64,
}

/// Parses a stored tier (CHECK-constrained, so anything else is corruption).
pub fn tier_of(s: Option<String>) -> Result<Option<MemberTier>, ApiError> {
    s.map(|s| MemberTier::parse(&s).ok_or_else(|| ApiError::internal(format!("tier {s}"))))
        .transpose()
}

/// Creates the member row if missing and locks it until the transaction ends.
///
/// PostgreSQL: `INSERT … ON CONFLICT DO NOTHING`, then `SELECT … FOR UPDATE`.
/// SQLite: the write transaction ([`db::write_tx`]) already holds the lock.
pub fn ensure_and_lock(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> Result<Member, ApiError> {
    let now = db::now();
    let sql = db::placeholders(
        conn,
        "INSERT INTO memberships (customer_id, company_id, tier, points_balance, version, created_at, updated_at) \
         VALUES ($1, $2, NULL, 0, 1, $3, $3) ON CONFLICT (customer_id) DO NOTHING",
    );
    diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(customer_id)
        .bind::<diesel::sql_types::Text, _>(company_id)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .execute(conn)?;
    if let DbConn::Pg(_) = conn {
        diesel::sql_query("SELECT 1 FROM memberships WHERE customer_id = $1 FOR UPDATE")
            .bind::<diesel::sql_types::Text, _>(customer_id)
            .execute(conn)?;
    }
    read(conn, company_id, customer_id)?.ok_or_else(|| ApiError::not_found("customer_not_found"))
}

/// The member row, if the customer has one.
pub fn read(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> Result<Option<Member>, ApiError> {
    let row: Option<(String, String, Option<String>, i64)> = memberships::table
        .filter(memberships::company_id.eq(company_id))
        .filter(memberships::customer_id.eq(customer_id))
        .select((
            memberships::customer_id,
            memberships::company_id,
            memberships::tier,
            memberships::points_balance,
        ))
        .first(conn)
        .optional()?;
    row.map(|(customer_id, company_id, tier, points_balance)| {
        Ok(Member {
            customer_id,
            company_id,
            tier: tier_of(tier)?,
            points_balance,
        })
    })
    .transpose()
}

/// Purchases and successful referrals that count now.
pub fn counts(conn: &mut DbConn, customer_id: &str) -> QueryResult<(i64, i64)> {
    let purchases = membership_purchases::table
        .filter(membership_purchases::customer_id.eq(customer_id))
        .filter(membership_purchases::withdrawn_at.is_null())
        .count()
        .get_result(conn)?;
    let referrals = membership_referrals::table
        .filter(membership_referrals::customer_id.eq(customer_id))
        .filter(membership_referrals::revoked_at.is_null())
        .count()
        .get_result(conn)?;
    Ok((purchases, referrals))
}

/// The event being applied, for the tier history and the audit trail.
#[derive(Debug, Clone)]
pub struct Cause<'a> {
    /// What happened.
    pub kind: TierChangeCause,
    /// The deal or referral id.
    pub id: &'a str,
}

/// Re-evaluates the tier of a locked member after `cause`, records a change
/// (with the rule) when the tier moved, and returns the tier now in force.
///
/// With `downgrade_on_withdrawal = false` a tier never drops.
pub fn reevaluate(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    member: &Member,
    cause: &Cause<'_>,
) -> Result<Option<MemberTier>, ApiError> {
    let r = settings::get::<MembershipTierRules>(conn, &member.company_id)?.value;
    let (purchases, referrals) = counts(conn, &member.customer_id)?;
    let eval = rules::evaluate(&r, purchases, referrals);
    let rank = |t: Option<MemberTier>| t.map_or(0, MemberTier::rank);
    let (to, rule) = if rank(eval.tier) < rank(member.tier) && !r.downgrade_on_withdrawal {
        (
            member.tier,
            format!(
                "membership_tiers.downgrade_on_withdrawal=false; {}",
                eval.rule
            ),
        )
    } else {
        (eval.tier, eval.rule)
    };
    if to == member.tier {
        return Ok(to);
    }
    let counts = (purchases, referrals);
    set_tier(conn, ctx, member, to, cause, &rule, counts)?;
    Ok(to)
}

/// Moves a locked member to tier `to` and records the change with its cause,
/// the rule and the counts, in the tier history and the audit trail.
pub fn set_tier(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    member: &Member,
    to: Option<MemberTier>,
    cause: &Cause<'_>,
    rule: &str,
    (purchases, referrals): (i64, i64),
) -> Result<(), ApiError> {
    let now = db::now();
    diesel::update(memberships::table.find(&member.customer_id))
        .set((
            memberships::tier.eq(to.map(MemberTier::as_str)),
            memberships::version.eq(memberships::version + 1),
            memberships::updated_at.eq(now),
        ))
        .execute(conn)?;
    let id = db::new_id();
    diesel::insert_into(membership_tier_changes::table)
        .values((
            membership_tier_changes::id.eq(&id),
            membership_tier_changes::company_id.eq(&member.company_id),
            membership_tier_changes::customer_id.eq(&member.customer_id),
            membership_tier_changes::from_tier.eq(member.tier.map(MemberTier::as_str)),
            membership_tier_changes::to_tier.eq(to.map(MemberTier::as_str)),
            membership_tier_changes::cause_kind.eq(cause.kind.as_str()),
            membership_tier_changes::cause_id.eq(cause.id),
            membership_tier_changes::rule.eq(rule),
            membership_tier_changes::purchases.eq(i32::try_from(purchases).unwrap_or(i32::MAX)),
            membership_tier_changes::referrals.eq(i32::try_from(referrals).unwrap_or(i32::MAX)),
            membership_tier_changes::actor_id.eq(&ctx.actor_id),
            membership_tier_changes::created_at.eq(now),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        ctx,
        "membership.tier_change",
        "customer",
        &member.customer_id,
        audit::snapshot(&serde_json::json!({"tier": member.tier})),
        audit::snapshot(&serde_json::json!({
            "tier": to, "cause_kind": cause.kind, "cause_id": cause.id, "rule": rule,
        })),
    )?;
    Ok(())
}
