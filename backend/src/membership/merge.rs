//! A customer merge (`POST /customers/{id}/merge`) moves the merged-away
//! customer's membership to the survivor, inside the merge's transaction:
//! purchases, referrals, points entries (the lots with what is left of
//! them), points and benefit redemptions. The survivor's balance grows by
//! the other's (the balance stays the sum of the lots left), and their tier
//! is re-evaluated on the combined counts (cause `customer_merged`); the
//! merged-away record drops to no tier and no points, recorded the same way.
//! Its tier history stays with it (what happened to that record).
//!
//! An `Idempotency-Key` both had used stays with the survivor's redemption:
//! the other's copy loses its key (it was applied once, under that record).

use api_types::TierChangeCause;
use diesel::prelude::*;

use super::store::{self, Cause};
use crate::audit::{self, AuditCtx};
use crate::db::DbConn;
use crate::error::ApiError;
use crate::schema::{
    benefit_redemptions, membership_purchases, membership_referrals, memberships, points_entries,
    points_redemptions,
};

/// Moves `from`'s membership to `into` (both of `company_id`, `from` being
/// merged into `into`); nothing to do when `from` was never a member.
pub fn customers_merged(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    company_id: &str,
    from: &str,
    into: &str,
) -> Result<(), ApiError> {
    if store::read(conn, company_id, from)?.is_none() {
        return Ok(());
    }
    // Lock both members in a fixed order (no deadlock with another merge).
    let (first, second) = if from < into {
        (from, into)
    } else {
        (into, from)
    };
    store::ensure_and_lock(conn, company_id, first)?;
    store::ensure_and_lock(conn, company_id, second)?;
    let gone = store::read(conn, company_id, from)?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))?;

    let purchases = diesel::update(
        membership_purchases::table.filter(membership_purchases::customer_id.eq(from)),
    )
    .set(membership_purchases::customer_id.eq(into))
    .execute(conn)?;
    let referrals = diesel::update(
        membership_referrals::table.filter(membership_referrals::customer_id.eq(from)),
    )
    .set(membership_referrals::customer_id.eq(into))
    .execute(conn)?;
    let entries =
        diesel::update(points_entries::table.filter(points_entries::customer_id.eq(from)))
            .set(points_entries::customer_id.eq(into))
            .execute(conn)?;
    let redemptions = crate::customers::merge_keys::move_keyed_rows!(
        conn,
        points_redemptions,
        customer_id,
        dedupe_key,
        from,
        into
    );
    let benefits = crate::customers::merge_keys::move_keyed_rows!(
        conn,
        benefit_redemptions,
        customer_id,
        dedupe_key,
        from,
        into
    );

    // The points move with their lots.
    let now = crate::db::now();
    diesel::update(memberships::table.find(into))
        .set((
            memberships::points_balance.eq(memberships::points_balance + gone.points_balance),
            memberships::version.eq(memberships::version + 1),
            memberships::updated_at.eq(now),
        ))
        .execute(conn)?;
    diesel::update(memberships::table.find(from))
        .set((
            memberships::points_balance.eq(0),
            memberships::version.eq(memberships::version + 1),
            memberships::updated_at.eq(now),
        ))
        .execute(conn)?;
    if gone.tier.is_some() {
        let cause = Cause {
            kind: TierChangeCause::CustomerMerged,
            id: into,
        };
        let rule = format!("merged into customer {into}");
        store::set_tier(conn, ctx, &gone, None, &cause, &rule, (0, 0))?;
    }
    let survivor = store::read(conn, company_id, into)?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))?;
    let cause = Cause {
        kind: TierChangeCause::CustomerMerged,
        id: from,
    };
    store::reevaluate(conn, ctx, &survivor, &cause)?;
    audit::record(
        conn,
        ctx,
        "membership.merge",
        "customer",
        into,
        audit::snapshot(&serde_json::json!({"from": from, "points_balance": gone.points_balance})),
        audit::snapshot(&serde_json::json!({
            "purchases": purchases, "referrals": referrals, "points_entries": entries,
            "points_redemptions": redemptions, "benefit_redemptions": benefits,
        })),
    )?;
    Ok(())
}
