//! Redemptions as reusable services taking a customer id: staff call them
//! for a customer they may reach (`/customers/{id}/…`), owners will call them
//! for themselves (`/me/…`). The caller has authorised the customer; these
//! functions enforce everything else, in one write transaction under the
//! member's row lock:
//!
//! * [`redeem_points`]: a member, an active catalogue item, stock (a
//!   conditional `UPDATE … WHERE stock >= n`), the balance (never negative);
//! * [`redeem_benefit`]: a member whose tier has the benefit, and its quota
//!   in the current period (counted under the lock, so concurrent requests
//!   never exceed it).
//!
//! Both are idempotent on `dedupe_key` (the request's `Idempotency-Key`):
//! the same key for the same customer returns the first redemption
//! (`replayed = true`) instead of applying it again, whoever sends it.

use actix_web::http::StatusCode;
use api_types::{
    BenefitRedemption, MemberTier, PointsEntryKind, PointsRedemption, QuotaPeriod, RedeemBenefit,
    RedeemPoints,
};
use diesel::prelude::*;

use super::ledger::{self, NewEntry};
use super::store::{self, Member};
use super::{rules, views};
use crate::audit::{self, AuditCtx};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{
    benefit_redemptions, membership_benefits, points_catalogue_items, points_redemptions,
};

fn key_reused() -> ApiError {
    ApiError::new(
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
        "this Idempotency-Key was used for another redemption",
    )
}

fn require_tier(m: &Member) -> Result<MemberTier, ApiError> {
    m.tier.ok_or_else(|| {
        ApiError::conflict(
            "not_a_member",
            "the customer has no membership tier (no purchase)",
        )
    })
}

/// Redeems `input.quantity` of a catalogue item for the customer's points.
pub fn redeem_points(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    customer_id: &str,
    input: &RedeemPoints,
    dedupe_key: Option<&str>,
) -> Result<(PointsRedemption, bool), ApiError> {
    db::write_tx(conn, |conn| {
        let m = store::ensure_and_lock(conn, &ctx.company_id, customer_id)?;
        if let Some(key) = dedupe_key {
            let prior: Option<String> = points_redemptions::table
                .filter(points_redemptions::customer_id.eq(customer_id))
                .filter(points_redemptions::dedupe_key.eq(key))
                .select(points_redemptions::id)
                .first(conn)
                .optional()?;
            if let Some(id) = prior {
                let r = views::points_redemption(conn, &ctx.company_id, customer_id, &id)?;
                if r.item_id != input.item_id || r.quantity != input.quantity {
                    return Err(key_reused());
                }
                return Ok((r, true));
            }
        }
        require_tier(&m)?;
        let item: Option<(String, i64, Option<i32>, bool)> = points_catalogue_items::table
            .filter(points_catalogue_items::company_id.eq(&ctx.company_id))
            .filter(points_catalogue_items::id.eq(&input.item_id))
            .select((
                points_catalogue_items::name,
                points_catalogue_items::points_cost,
                points_catalogue_items::stock,
                points_catalogue_items::active,
            ))
            .first(conn)
            .optional()?;
        let Some((name, cost, stock, active)) = item else {
            return Err(ApiError::not_found("catalogue_item_not_found"));
        };
        if !active {
            return Err(ApiError::conflict(
                "catalogue_item_inactive",
                "this item is not offered now",
            ));
        }
        let points = cost
            .checked_mul(i64::from(input.quantity))
            .ok_or_else(|| ApiError::invalid_field("quantity", "range", "too many points"))?;
        if stock.is_some() {
            let taken = diesel::update(
                points_catalogue_items::table
                    .find(&input.item_id)
                    .filter(points_catalogue_items::stock.ge(input.quantity)),
            )
            .set(points_catalogue_items::stock.eq(points_catalogue_items::stock - input.quantity))
            .execute(conn)?;
            if taken != 1 {
                return Err(ApiError::conflict(
                    "out_of_stock",
                    "not enough of this item in stock",
                ));
            }
        }
        let id = db::new_id();
        let (entry_id, balance_after) = ledger::spend(
            conn,
            &m,
            &NewEntry {
                kind: PointsEntryKind::Redeem,
                points,
                reason_code: "redemption",
                reason: format!("积分兑换 {name} × {}", input.quantity),
                reference_type: "redemption",
                reference_id: &id,
                rule: String::new(),
                dedupe_key: format!("redeem:{id}"),
                expires_at: None,
                actor_id: ctx.actor_id.clone(),
            },
        )?;
        diesel::insert_into(points_redemptions::table)
            .values((
                points_redemptions::id.eq(&id),
                points_redemptions::company_id.eq(&ctx.company_id),
                points_redemptions::customer_id.eq(customer_id),
                points_redemptions::item_id.eq(&input.item_id),
                points_redemptions::quantity.eq(input.quantity),
                points_redemptions::points.eq(points),
                points_redemptions::balance_after.eq(balance_after),
                points_redemptions::entry_id.eq(&entry_id),
                points_redemptions::dedupe_key.eq(dedupe_key),
                points_redemptions::actor_kind.eq(ctx.actor_kind),
                points_redemptions::actor_id.eq(&ctx.actor_id),
                points_redemptions::created_at.eq(db::now()),
            ))
            .execute(conn)?;
        let r = views::points_redemption(conn, &ctx.company_id, customer_id, &id)?;
        audit::record(
            conn,
            ctx,
            "points.redeem",
            "customer",
            customer_id,
            None,
            audit::snapshot(&r),
        )?;
        Ok((r, false))
    })
}

/// Redeems a benefit for the customer, within their tier and its quota.
pub fn redeem_benefit(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    customer_id: &str,
    input: &RedeemBenefit,
    dedupe_key: Option<&str>,
) -> Result<(BenefitRedemption, bool), ApiError> {
    db::write_tx(conn, |conn| {
        let m = store::ensure_and_lock(conn, &ctx.company_id, customer_id)?;
        if let Some(key) = dedupe_key {
            let prior: Option<String> = benefit_redemptions::table
                .filter(benefit_redemptions::customer_id.eq(customer_id))
                .filter(benefit_redemptions::dedupe_key.eq(key))
                .select(benefit_redemptions::id)
                .first(conn)
                .optional()?;
            if let Some(id) = prior {
                let r = views::benefit_redemption(conn, &ctx.company_id, customer_id, &id)?;
                if r.benefit_id != input.benefit_id {
                    return Err(key_reused());
                }
                return Ok((r, true));
            }
        }
        let benefit: Option<(String, String, Option<i32>, String, bool)> =
            membership_benefits::table
                .filter(membership_benefits::company_id.eq(&ctx.company_id))
                .filter(membership_benefits::id.eq(&input.benefit_id))
                .select((
                    membership_benefits::name,
                    membership_benefits::min_tier,
                    membership_benefits::quota,
                    membership_benefits::quota_period,
                    membership_benefits::active,
                ))
                .first(conn)
                .optional()?;
        let Some((name, min_tier, quota, period, active)) = benefit else {
            return Err(ApiError::not_found("benefit_not_found"));
        };
        if !active {
            return Err(ApiError::conflict(
                "benefit_inactive",
                "this benefit is not offered now",
            ));
        }
        let tier = require_tier(&m)?;
        let min_tier =
            MemberTier::parse(&min_tier).ok_or_else(|| ApiError::internal("min_tier"))?;
        if tier.rank() < min_tier.rank() {
            return Err(ApiError::conflict(
                "tier_not_eligible",
                format!(
                    "{name} needs tier {} or higher; the customer is {}",
                    min_tier.as_str(),
                    tier.as_str()
                ),
            ));
        }
        let period = QuotaPeriod::parse(&period).ok_or_else(|| ApiError::internal("period"))?;
        let now = db::now();
        let period_key = rules::period_key(period, now);
        if let Some(quota) = quota {
            let used: i64 = benefit_redemptions::table
                .filter(benefit_redemptions::customer_id.eq(customer_id))
                .filter(benefit_redemptions::benefit_id.eq(&input.benefit_id))
                .filter(benefit_redemptions::period_key.eq(&period_key))
                .count()
                .get_result(conn)?;
            if used >= i64::from(quota) {
                return Err(ApiError::conflict(
                    "benefit_quota_exhausted",
                    format!("{name}: {used} of {quota} used in {period_key}"),
                ));
            }
        }
        let id = db::new_id();
        diesel::insert_into(benefit_redemptions::table)
            .values((
                benefit_redemptions::id.eq(&id),
                benefit_redemptions::company_id.eq(&ctx.company_id),
                benefit_redemptions::customer_id.eq(customer_id),
                benefit_redemptions::benefit_id.eq(&input.benefit_id),
                benefit_redemptions::period_key.eq(&period_key),
                benefit_redemptions::tier.eq(tier.as_str()),
                benefit_redemptions::note.eq(input.note.trim()),
                benefit_redemptions::dedupe_key.eq(dedupe_key),
                benefit_redemptions::actor_kind.eq(ctx.actor_kind),
                benefit_redemptions::actor_id.eq(&ctx.actor_id),
                benefit_redemptions::created_at.eq(now),
            ))
            .execute(conn)?;
        let r = views::benefit_redemption(conn, &ctx.company_id, customer_id, &id)?;
        audit::record(
            conn,
            ctx,
            "benefit.redeem",
            "customer",
            customer_id,
            None,
            audit::snapshot(&r),
        )?;
        Ok((r, false))
    })
}
