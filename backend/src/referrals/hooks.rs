//! The referral lifecycle tied to the friend's lead and deal (DOMAIN §5),
//! called by the leads and deals modules inside their write transactions:
//!
//! * a visit follow-up on the friend's lead: `registered → visited`;
//! * the friend subscribes (认购) while protected: `→ subscribed`, linked to
//!   the deal, and the friend's extra discount is returned for the deal to
//!   add as its `referral` item ([`friend_discount`]);
//! * the friend signs (签约): `→ signed → reward_pending`; the referral counts
//!   for the referrer's membership ([`crate::membership::hooks::referral_succeeded`]);
//!   a buyer's name unlike the registered one is flagged for review;
//! * the friend withdraws (退房): before the reward is paid the referral is
//!   `cancelled`; after, `clawed_back` with the amount to recover; either
//!   way a counted referral is revoked in membership.

use api_types::{
    DiscountKind, ReferralRules, ReferralSignal, ReferralSignalEntry, ReferralStatus as S,
};
use diesel::prelude::*;

use super::model::{self, ReferralRow};
use super::review;
use crate::audit::{self, AuditCtx};
use crate::db::{self, DbConn};
use crate::deals::model::DealRow;
use crate::deals::pricing::Item;
use crate::error::ApiError;
use crate::membership::hooks as membership;
use crate::schema::{customer_relatives, customers, referral_rewards, referrals};
use crate::settings;

fn locked(conn: &mut DbConn, id: &str) -> QueryResult<ReferralRow> {
    db::lock_row(conn, "referrals", id)?;
    model::reload(conn, id)
}

fn audit_change(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    before: &ReferralRow,
    action: &str,
) -> QueryResult<()> {
    let after = model::reload(conn, &before.id)?;
    audit::record(
        conn,
        ctx,
        action,
        model::ENTITY,
        &before.id,
        Some(serde_json::json!({"status": before.status, "deal_id": before.deal_id})),
        Some(serde_json::json!({"status": after.status, "deal_id": after.deal_id})),
    )
}

/// The friend visited (a visit follow-up on a lead of `customer_id`).
pub fn friend_visited(conn: &mut DbConn, ctx: &AuditCtx, customer_id: &str) -> QueryResult<()> {
    let ids: Vec<String> = referrals::table
        .filter(referrals::company_id.eq(&ctx.company_id))
        .filter(referrals::friend_customer_id.eq(customer_id))
        .filter(referrals::status.eq(S::Registered.as_str()))
        .select(referrals::id)
        .load(conn)?;
    for id in ids {
        let r = locked(conn, &id)?;
        if model::transition(
            conn,
            ctx,
            &r,
            &[S::Registered],
            S::Visited,
            "the friend visited the sales office",
        )? {
            audit_change(conn, ctx, &r, "referral.visited")?;
        }
    }
    Ok(())
}

/// The friend subscribed: links the protected registration of the deal's
/// project, made before the subscription (a backdated `subscribed_at` does
/// not count), to the deal and
/// returns the friend's discount item (`None`: not a referred friend, or a
/// 0 bp discount).
pub fn friend_discount(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    deal: &DealRow,
) -> Result<Option<Item>, ApiError> {
    let id: Option<String> = referrals::table
        .filter(referrals::company_id.eq(&deal.company_id))
        .filter(referrals::friend_customer_id.eq(&deal.customer_id))
        .filter(referrals::project_id.eq(&deal.project_id))
        .filter(referrals::status.eq_any([S::Registered.as_str(), S::Visited.as_str()]))
        .filter(referrals::created_at.le(deal.subscribed_at))
        .filter(referrals::protected_until.ge(deal.subscribed_at))
        .select(referrals::id)
        .first(conn)
        .optional()?;
    let Some(id) = id else { return Ok(None) };
    let r = locked(conn, &id)?;
    let reason = format!("the friend subscribed (deal {})", deal.id);
    if !model::transition(
        conn,
        ctx,
        &r,
        &[S::Registered, S::Visited],
        S::Subscribed,
        &reason,
    )? {
        return Ok(None);
    }
    diesel::update(referrals::table.find(&id))
        .set(referrals::deal_id.eq(&deal.id))
        .execute(conn)?;
    audit_change(conn, ctx, &r, "referral.subscribed")?;
    let rules = settings::get::<ReferralRules>(conn, &deal.company_id)?.value;
    if rules.friend_discount_bp == 0 {
        return Ok(None);
    }
    Ok(Some(Item {
        kind: DiscountKind::Referral,
        label: "老带新优惠".into(),
        basis_points: Some(rules.friend_discount_bp),
        fixed_fen: None,
        rule: format!(
            "referral_rules.friend_discount_bp={} (referral {id})",
            rules.friend_discount_bp
        ),
        reason: String::new(),
    }))
}

fn by_deal(conn: &mut DbConn, deal: &DealRow) -> QueryResult<Option<ReferralRow>> {
    let id: Option<String> = referrals::table
        .filter(referrals::company_id.eq(&deal.company_id))
        .filter(referrals::deal_id.eq(&deal.id))
        .order(referrals::id.desc())
        .select(referrals::id)
        .first(conn)
        .optional()?;
    id.map(|id| locked(conn, &id)).transpose()
}

/// Names compare without spaces and case.
fn same_name(a: &str, b: &str) -> bool {
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace())
            .flat_map(char::to_lowercase)
            .collect()
    };
    norm(a) == norm(b)
}

/// The friend signed: the reward becomes pending and the referral counts
/// for the referrer's tier and points.
pub fn deal_signed(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    deal: &DealRow,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    let Some(r) = by_deal(conn, deal)? else {
        return Ok(());
    };
    if !model::transition(
        conn,
        ctx,
        &r,
        &[S::Subscribed],
        S::Signed,
        &format!("the friend signed (deal {})", deal.id),
    )? {
        return Ok(());
    }
    diesel::update(referrals::table.find(&r.id))
        .set(referrals::signed_at.eq(at))
        .execute(conn)?;
    let signed = model::reload(conn, &r.id)?;
    model::transition(
        conn,
        ctx,
        &signed,
        &[S::Signed],
        S::RewardPending,
        "the reward waits for approval by the head of CRM",
    )?;
    let buyer: String = customers::table
        .find(&deal.customer_id)
        .select(customers::name)
        .first(conn)?;
    if !same_name(&buyer, &r.friend_name) {
        let rules = settings::get::<ReferralRules>(conn, &deal.company_id)?.value;
        let now = model::reload(conn, &r.id)?;
        let signal = ReferralSignalEntry {
            signal: ReferralSignal::NameMismatch,
            detail: "the buyer's name on the contract differs from the registered name".into(),
        };
        review::flag(conn, ctx, &now, &rules, vec![signal], db::now())?;
    }
    membership::referral_succeeded(conn, &deal.company_id, &r.referrer_customer_id, &r.id, at)?;
    audit_change(conn, ctx, &r, "referral.signed")?;
    Ok(())
}

/// The friend withdrew (退房): cancelled before the reward is paid, clawed
/// back after; a counted referral is revoked in membership.
pub fn deal_withdrawn(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    deal: &DealRow,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    let Some(r) = by_deal(conn, deal)? else {
        return Ok(());
    };
    let counted = matches!(
        r.status(),
        S::Signed | S::RewardPending | S::Approved | S::Paid
    );
    let reason = format!("the friend withdrew (退房, deal {})", deal.id);
    let changed = if r.status() == S::Paid {
        let ok = model::transition(
            conn,
            ctx,
            &r,
            &[S::Paid],
            S::ClawedBack,
            &format!("{reason}: the paid reward is to be recovered"),
        )?;
        if ok {
            diesel::update(referral_rewards::table.find(&r.id))
                .set((
                    referral_rewards::clawback_fen.eq(referral_rewards::amount_fen.nullable()),
                    referral_rewards::clawed_back_at.eq(at),
                ))
                .execute(conn)?;
        }
        ok
    } else {
        model::transition(
            conn,
            ctx,
            &r,
            &[S::Subscribed, S::Signed, S::RewardPending, S::Approved],
            S::Cancelled,
            &if r.status() == S::Approved {
                format!("{reason}, before the reward was paid: the approved reward is void (not paid, not counted in the reward cost)")
            } else {
                format!("{reason}, before the reward was paid")
            },
        )?
    };
    if changed {
        review::void(conn, std::slice::from_ref(&r.id), db::now())?;
        if counted {
            membership::referral_revoked(
                conn,
                &deal.company_id,
                &r.referrer_customer_id,
                &r.id,
                at,
            )?;
        }
        audit_change(conn, ctx, &r, "referral.withdrawn")?;
    }
    Ok(())
}

/// Moves referrals and household entries of a merged-away customer to the
/// survivor (called by the customer merge).
pub fn customers_merged(conn: &mut DbConn, from: &str, into: &str) -> QueryResult<()> {
    crate::customers::merge_keys::move_keyed_rows!(
        conn,
        referrals,
        referrer_customer_id,
        idempotency_key,
        from,
        into
    );
    diesel::update(referrals::table.filter(referrals::friend_customer_id.eq(from)))
        .set(referrals::friend_customer_id.eq(into))
        .execute(conn)?;
    let theirs: Vec<(String, String)> = customer_relatives::table
        .filter(customer_relatives::customer_id.eq(into))
        .select((customer_relatives::id, customer_relatives::phone_bidx))
        .load(conn)?;
    let known: Vec<String> = theirs.into_iter().map(|(_, b)| b).collect();
    diesel::delete(
        customer_relatives::table
            .filter(customer_relatives::customer_id.eq(from))
            .filter(customer_relatives::phone_bidx.eq_any(known)),
    )
    .execute(conn)?;
    diesel::update(customer_relatives::table.filter(customer_relatives::customer_id.eq(from)))
        .set(customer_relatives::customer_id.eq(into))
        .execute(conn)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_compare_without_spaces_and_case() {
        assert!(super::same_name("王 小明", "王小明"));
        assert!(super::same_name("Li Lei", "li lei"));
        assert!(!super::same_name("王小明", "王晓明"));
    }
}
