//! What staff and owners do to a registration after it is made: choose the
//! reward, decide the fraud review, approve the reward (head of CRM) and
//! record its payment — exactly once, and only when it is earned. Each is a
//! conditional update under the referral's row lock; a second concurrent
//! request finds the status moved on (409 `referral_status_conflict`).

use api_types::{
    ApproveReferralReward, IneligibleReason, ReferralReward, ReferralRules, ReferralStatus as S,
    ReviewDecision, ReviewReferral,
};
use diesel::prelude::*;
use serde_json::json;

use super::model::{self, ReferralRow};
use super::review;
use crate::audit::{self, AuditCtx};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{referral_rewards, referrals};
use crate::settings;

fn conflict(r: &ReferralRow, action: &str) -> ApiError {
    ApiError::conflict(
        "referral_status_conflict",
        format!("cannot {action} a referral that is {}", r.status),
    )
}

fn audited(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    before: &ReferralRow,
    action: &str,
) -> Result<ReferralRow, ApiError> {
    let after = model::reload(conn, &before.id)?;
    let reward = model::reward(conn, &before.id)?;
    let snap = |r: &ReferralRow| json!({"status": r.status, "reward": r.reward, "review_status": r.review_status});
    let mut after_snap = snap(&after);
    if let (Some(w), Some(obj)) = (reward, after_snap.as_object_mut()) {
        obj.insert("reward_amount_fen".into(), json!(w.amount_fen));
        obj.insert("payment_reference".into(), json!(w.payment_reference));
    }
    audit::record(
        conn,
        ctx,
        action,
        model::ENTITY,
        &before.id,
        Some(snap(before)),
        Some(after_snap),
    )?;
    Ok(after)
}

/// Which version an `If-Match` names: the staff `version` or the owner's
/// `owner_version` (which staff-only changes leave alone).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expected {
    /// `referrals.version` (staff endpoints).
    Staff(i32),
    /// `referrals.owner_version` (`/me/referrals`).
    Owner(i32),
}

/// Chooses the reward (owner or staff), until it is approved; `If-Match`
/// with the caller's version of the referral.
pub fn choose_reward(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    expected: Expected,
    reward: ReferralReward,
) -> Result<ReferralRow, ApiError> {
    let open = [
        S::Registered,
        S::Visited,
        S::Subscribed,
        S::Signed,
        S::RewardPending,
    ];
    if !open.contains(&r.status()) {
        return Err(conflict(r, "choose the reward of"));
    }
    let current = match expected {
        Expected::Staff(v) => v == r.version,
        Expected::Owner(v) => v == r.owner_version,
    };
    if !current {
        return Err(crate::extract::stale());
    }
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(&r.id))
            .filter(referrals::version.eq(r.version)),
    )
    .set((
        referrals::reward.eq(reward.as_str()),
        referrals::version.eq(referrals::version + 1),
        referrals::owner_version.eq(referrals::owner_version + 1),
        referrals::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(crate::extract::stale());
    }
    model::record_event(conn, ctx, r, "reward_chosen", None, None, reward.label_zh())?;
    audited(conn, ctx, r, "referral.choose_reward")
}

/// A rejected referral loses the friend's discount while the deal is not
/// signed: the `referral` item is removed and the deal re-priced.
fn drop_friend_discount(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
) -> Result<(), ApiError> {
    let Some(deal_id) = &r.deal_id else {
        return Ok(());
    };
    let deal = crate::deals::model::reload(conn, deal_id)?;
    if crate::deals::pricing::remove_kind(conn, &deal, api_types::DiscountKind::Referral)? {
        let after = crate::deals::model::reload(conn, deal_id)?;
        let reason = format!(
            "the friend's discount was removed from deal {deal_id} (net price {} fen)",
            after.net_price_fen
        );
        model::record_event(conn, ctx, r, "discount_removed", None, None, &reason)?;
    }
    Ok(())
}

/// Decides a pending fraud review: cleared, or rejected (the registration
/// becomes ineligible; a counted referral is revoked in membership).
pub fn decide_review(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    input: &ReviewReferral,
) -> Result<ReferralRow, ApiError> {
    if r.review_status != "pending" {
        return Err(ApiError::conflict(
            "review_not_pending",
            "this referral is not waiting for a review",
        ));
    }
    if r.status() == S::Paid {
        return Err(conflict(r, "reject after payment"));
    }
    let now = db::now();
    let decision = input.decision.as_str();
    diesel::update(
        referrals::table
            .find(&r.id)
            .filter(referrals::review_status.eq("pending")),
    )
    .set((
        referrals::review_status.eq(decision),
        referrals::review_note.eq(input.note.trim()),
        referrals::reviewed_by.eq(&ctx.actor_id),
        referrals::reviewed_at.eq(now),
        referrals::version.eq(referrals::version + 1),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    review::close(conn, &r.id)?;
    let reason = format!("{}: {}", input.decision.label_zh(), input.note.trim());
    model::record_event(conn, ctx, r, "reviewed", None, None, &reason)?;
    if input.decision == ReviewDecision::Rejected && r.status() != S::Ineligible {
        let counted = matches!(r.status(), S::Signed | S::RewardPending | S::Approved);
        let reviewed = model::reload(conn, &r.id)?;
        model::transition(
            conn,
            ctx,
            &reviewed,
            S::LIVE,
            S::Ineligible,
            "the fraud review rejected the registration",
        )?;
        diesel::update(referrals::table.find(&r.id))
            .set((
                referrals::ineligible_reason.eq(IneligibleReason::FraudRejected.as_str()),
                referrals::decision.eq(format!(
                    "rejected by the fraud review: {}",
                    input.note.trim()
                )),
                referrals::rule.eq("referral: fraud review"),
            ))
            .execute(conn)?;
        drop_friend_discount(conn, ctx, r)?;
        if counted {
            crate::membership::hooks::referral_revoked(
                conn,
                &r.company_id,
                &r.referrer_customer_id,
                &r.id,
                now,
            )?;
        }
    }
    audited(conn, ctx, r, "referral.review")
}

/// Approves the reward of a referral whose friend signed: needs a chosen
/// reward and no pending or rejected review; values it by the rules.
pub fn approve(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    input: &ApproveReferralReward,
) -> Result<ReferralRow, ApiError> {
    if r.status() != S::RewardPending {
        return Err(conflict(r, "approve the reward of"));
    }
    if r.review_status == "pending" {
        return Err(ApiError::conflict(
            "review_pending",
            "decide the fraud review before approving the reward",
        ));
    }
    let reward = input
        .reward
        .or_else(|| r.reward.as_deref().and_then(ReferralReward::parse))
        .ok_or_else(|| {
            ApiError::invalid_field(
                "reward",
                "required",
                "the referrer has not chosen a reward; give one",
            )
        })?;
    if input.amount_fen.is_some() && reward != ReferralReward::PropertyFees {
        return Err(ApiError::invalid_field(
            "amount_fen",
            "not_allowed",
            "only a property-fee reward takes an amount",
        ));
    }
    let rules = settings::get::<ReferralRules>(conn, &r.company_id)?.value;
    let (amount, rule) = match (reward, input.amount_fen) {
        (ReferralReward::ShoppingCard, _) => (
            rules.shopping_card_fen,
            format!(
                "referral_rules.shopping_card_fen={}",
                rules.shopping_card_fen
            ),
        ),
        (ReferralReward::PropertyFees, Some(a)) => (
            a,
            format!(
                "referral_rules.property_fees_months={}: the approver stated the fees",
                rules.property_fees_months
            ),
        ),
        (ReferralReward::PropertyFees, None) => (
            rules.property_fees_value_fen,
            format!(
                "referral_rules.property_fees_months={}, property_fees_value_fen={}",
                rules.property_fees_months, rules.property_fees_value_fen
            ),
        ),
    };
    let now = db::now();
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(&r.id))
            .filter(referrals::status.eq(S::RewardPending.as_str())),
    )
    .set((
        referrals::status.eq(S::Approved.as_str()),
        referrals::reward.eq(reward.as_str()),
        referrals::version.eq(referrals::version + 1),
        referrals::owner_version.eq(referrals::owner_version + 1),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(conflict(r, "approve the reward of"));
    }
    diesel::insert_into(referral_rewards::table)
        .values((
            referral_rewards::referral_id.eq(&r.id),
            referral_rewards::company_id.eq(&r.company_id),
            referral_rewards::project_id.eq(&r.project_id),
            referral_rewards::reward.eq(reward.as_str()),
            referral_rewards::amount_fen.eq(amount),
            referral_rewards::rule.eq(&rule),
            referral_rewards::approved_by.eq(&ctx.actor_id),
            referral_rewards::approved_at.eq(now),
        ))
        .execute(conn)?;
    let note = input.note.trim();
    let reason = format!(
        "{} {amount} fen ({rule}){}",
        reward.label_zh(),
        if note.is_empty() {
            String::new()
        } else {
            format!(": {note}")
        }
    );
    model::record_event(
        conn,
        ctx,
        r,
        "approved",
        Some(S::RewardPending),
        Some(S::Approved),
        &reason,
    )?;
    audited(conn, ctx, r, "referral.approve")
}

/// Records the payment of an approved reward, once.
pub fn pay(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    reference: &str,
) -> Result<ReferralRow, ApiError> {
    let now = db::now();
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(&r.id))
            .filter(referrals::status.eq(S::Approved.as_str())),
    )
    .set((
        referrals::status.eq(S::Paid.as_str()),
        referrals::version.eq(referrals::version + 1),
        referrals::owner_version.eq(referrals::owner_version + 1),
        referrals::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(conflict(r, "pay the reward of"));
    }
    let paid = diesel::update(
        referral_rewards::table
            .filter(referral_rewards::referral_id.eq(&r.id))
            .filter(referral_rewards::paid_at.is_null()),
    )
    .set((
        referral_rewards::paid_by.eq(&ctx.actor_id),
        referral_rewards::paid_at.eq(now),
        referral_rewards::payment_reference.eq(reference.trim()),
    ))
    .execute(conn)?;
    if paid != 1 {
        return Err(conflict(r, "pay the reward of"));
    }
    model::record_event(
        conn,
        ctx,
        r,
        "paid",
        Some(S::Approved),
        Some(S::Paid),
        &format!("paid: {}", reference.trim()),
    )?;
    audited(conn, ctx, r, "referral.pay")
}
