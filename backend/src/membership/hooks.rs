//! The seam between sales and membership. Deals call these functions inside
//! their write transaction; membership records what it needs (purchases,
//! tier changes with their cause, point entries) in its own tables.
//!
//! The referral issue will call [`referral_succeeded`] (and
//! [`referral_revoked`] on a claw-back); the surveys issue [`survey_answered`].
//!
//! Every hook is idempotent: membership keeps its own record per deal id,
//! referral id and survey response id, and a second call for the same one
//! changes nothing. Each runs in a savepoint of the caller's transaction
//! (or its own write transaction) under the member's row lock, and resolves
//! a merged customer to the one that survived the merge.

use api_types::{MemberTier, MembershipPointsRules, MembershipTierRules, PointsEntryKind};
use diesel::prelude::*;

use super::ledger::{self, NewEntry};
use super::rules;
use super::store::{self, Cause, Member};
use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{membership_purchases, membership_referrals};
use crate::settings;
use api_types::TierChangeCause as C;

/// A sales event that concerns one customer's membership.
#[derive(Debug, Clone)]
pub struct SaleEvent<'a> {
    /// Company of the customer.
    pub company_id: &'a str,
    /// The buying customer.
    pub customer_id: &'a str,
    /// The deal.
    pub deal_id: &'a str,
    /// When it happened (the business date of the event, UTC).
    pub at: chrono::NaiveDateTime,
    /// Staff user who recorded it, if any.
    pub actor_id: Option<&'a str>,
}

/// One discount a tier grants on a new deal, itemised on the deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierDiscount {
    /// The tier that grants it, e.g. `silver`.
    pub tier: String,
    /// Discount in basis points of the list price (100 = 1 %).
    pub basis_points: i64,
    /// The setting that decided, e.g. `membership_tiers.silver_discount_bp=100`.
    pub rule: String,
}

fn ctx(company_id: &str, actor_id: Option<&str>) -> AuditCtx {
    let rid = crate::request_id::current();
    AuditCtx {
        company_id: company_id.to_string(),
        actor_id: actor_id.map(str::to_string),
        actor_kind: if actor_id.is_some() {
            "staff"
        } else {
            "system"
        },
        request_id: (!rid.is_empty()).then_some(rid),
    }
}

/// Locks the member row of the (surviving) customer of the company.
fn member(conn: &mut DbConn, company_id: &str, customer_id: &str) -> Result<Member, ApiError> {
    let id = super::scope::customer_of_company(conn, company_id, customer_id)?;
    store::ensure_and_lock(conn, company_id, &id)
}

/// (id, signed_at is set, withdrawn_at is set) of the deal's purchase.
fn purchase(
    conn: &mut DbConn,
    company_id: &str,
    deal_id: &str,
) -> QueryResult<Option<(String, bool, bool)>> {
    let row: Option<(
        String,
        Option<chrono::NaiveDateTime>,
        Option<chrono::NaiveDateTime>,
    )> = membership_purchases::table
        .filter(membership_purchases::company_id.eq(company_id))
        .filter(membership_purchases::deal_id.eq(deal_id))
        .select((
            membership_purchases::id,
            membership_purchases::signed_at,
            membership_purchases::withdrawn_at,
        ))
        .first(conn)
        .optional()?;
    Ok(row.map(|(id, s, w)| (id, s.is_some(), w.is_some())))
}

fn insert_purchase(conn: &mut DbConn, m: &Member, e: &SaleEvent<'_>) -> QueryResult<String> {
    let id = db::new_id();
    diesel::insert_into(membership_purchases::table)
        .values((
            membership_purchases::id.eq(&id),
            membership_purchases::company_id.eq(&m.company_id),
            membership_purchases::customer_id.eq(&m.customer_id),
            membership_purchases::deal_id.eq(e.deal_id),
            membership_purchases::subscribed_at.eq(db::truncate_micros(e.at)),
            membership_purchases::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A unit was subscribed (认购): a purchase by the customer. The first makes
/// the customer an ordinary member; the rules may raise the tier.
pub fn deal_subscribed(conn: &mut DbConn, event: &SaleEvent<'_>) -> Result<(), ApiError> {
    db::write_tx(conn, |conn| {
        let m = member(conn, event.company_id, event.customer_id)?;
        if purchase(conn, event.company_id, event.deal_id)?.is_some() {
            return Ok(());
        }
        insert_purchase(conn, &m, event)?;
        let cause = Cause {
            kind: C::DealSubscribed,
            id: event.deal_id,
        };
        store::reevaluate(conn, &ctx(event.company_id, event.actor_id), &m, &cause)?;
        Ok(())
    })
}

/// A contract was signed (签约) for `amount_fen`: earns points by the earn
/// rules (`membership_points`), once per deal. A signing without an earlier
/// subscription counts as the purchase too; a withdrawn deal earns nothing.
pub fn contract_signed(
    conn: &mut DbConn,
    event: &SaleEvent<'_>,
    amount_fen: i64,
) -> Result<(), ApiError> {
    if amount_fen < 0 {
        return Err(ApiError::invalid_field(
            "amount_fen",
            "range",
            "must not be negative",
        ));
    }
    db::write_tx(conn, |conn| {
        let audit = ctx(event.company_id, event.actor_id);
        let m = member(conn, event.company_id, event.customer_id)?;
        let id = match purchase(conn, event.company_id, event.deal_id)? {
            Some((_, true, _)) | Some((_, _, true)) => return Ok(()),
            Some((id, false, false)) => id,
            None => {
                let id = insert_purchase(conn, &m, event)?;
                let cause = Cause {
                    kind: C::ContractSigned,
                    id: event.deal_id,
                };
                store::reevaluate(conn, &audit, &m, &cause)?;
                id
            }
        };
        diesel::update(membership_purchases::table.find(&id))
            .set((
                membership_purchases::signed_at.eq(db::truncate_micros(event.at)),
                membership_purchases::contract_amount_fen.eq(amount_fen),
            ))
            .execute(conn)?;
        let r = settings::get::<MembershipPointsRules>(conn, event.company_id)?.value;
        let (points, rule) = rules::contract_points(&r, amount_fen);
        ledger::earn(
            conn,
            &m,
            &NewEntry {
                kind: PointsEntryKind::Earn,
                points,
                reason_code: "contract_signed",
                reason: format!("签约积分 contract signed ({amount_fen} fen)"),
                reference_type: "deal",
                reference_id: event.deal_id,
                rule,
                dedupe_key: format!("contract:{}", event.deal_id),
                expires_at: rules::expires_at(&r, db::truncate_micros(event.at)),
                actor_id: audit.actor_id.clone(),
            },
        )?;
        Ok(())
    })
}

/// A deal was withdrawn (退房): its purchase no longer counts, the points it
/// earned are taken back (as far as the balance allows) and the tier is
/// re-evaluated (it drops unless `downgrade_on_withdrawal` is off).
pub fn deal_withdrawn(conn: &mut DbConn, event: &SaleEvent<'_>) -> Result<(), ApiError> {
    db::write_tx(conn, |conn| {
        let audit = ctx(event.company_id, event.actor_id);
        let m = member(conn, event.company_id, event.customer_id)?;
        let Some((id, _, false)) = purchase(conn, event.company_id, event.deal_id)? else {
            return Ok(());
        };
        diesel::update(membership_purchases::table.find(&id))
            .set(membership_purchases::withdrawn_at.eq(db::truncate_micros(event.at)))
            .execute(conn)?;
        let earned = format!("contract:{}", event.deal_id);
        ledger::reverse(
            conn,
            &m,
            &earned,
            &NewEntry {
                kind: PointsEntryKind::Reverse,
                points: 0,
                reason_code: "deal_withdrawn",
                reason: "退房冲回 deal withdrawn".into(),
                reference_type: "deal",
                reference_id: event.deal_id,
                rule: "membership: points of a withdrawn deal are reversed".into(),
                dedupe_key: format!("reverse:{earned}"),
                expires_at: None,
                actor_id: audit.actor_id.clone(),
            },
        )?;
        let cause = Cause {
            kind: C::DealWithdrawn,
            id: event.deal_id,
        };
        store::reevaluate(conn, &audit, &m, &cause)?;
        Ok(())
    })
}

/// A referral by `referrer_customer_id` succeeded (the friend signed): it
/// counts toward silver/gold and earns `referral_points`, once per referral.
pub fn referral_succeeded(
    conn: &mut DbConn,
    company_id: &str,
    referrer_customer_id: &str,
    referral_id: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    db::write_tx(conn, |conn| {
        let audit = ctx(company_id, None);
        let m = member(conn, company_id, referrer_customer_id)?;
        let exists = membership_referrals::table
            .filter(membership_referrals::company_id.eq(company_id))
            .filter(membership_referrals::referral_id.eq(referral_id))
            .select(membership_referrals::id)
            .first::<String>(conn)
            .optional()?;
        if exists.is_some() {
            return Ok(());
        }
        let at = db::truncate_micros(at);
        diesel::insert_into(membership_referrals::table)
            .values((
                membership_referrals::id.eq(db::new_id()),
                membership_referrals::company_id.eq(company_id),
                membership_referrals::customer_id.eq(&m.customer_id),
                membership_referrals::referral_id.eq(referral_id),
                membership_referrals::succeeded_at.eq(at),
                membership_referrals::created_at.eq(db::now()),
            ))
            .execute(conn)?;
        let r = settings::get::<MembershipPointsRules>(conn, company_id)?.value;
        ledger::earn(
            conn,
            &m,
            &NewEntry {
                kind: PointsEntryKind::Earn,
                points: r.referral_points,
                reason_code: "referral_succeeded",
                reason: "老带新积分 successful referral".into(),
                reference_type: "referral",
                reference_id: referral_id,
                rule: format!("membership_points.referral_points={}", r.referral_points),
                dedupe_key: format!("referral:{referral_id}"),
                expires_at: rules::expires_at(&r, at),
                actor_id: None,
            },
        )?;
        let cause = Cause {
            kind: C::ReferralSucceeded,
            id: referral_id,
        };
        store::reevaluate(conn, &audit, &m, &cause)?;
        Ok(())
    })
}

/// A successful referral was clawed back (the friend withdrew, DOMAIN §5):
/// it no longer counts, its points are taken back and the tier re-evaluated.
/// Added beside the seam for the referral issue; unknown referrals are ignored.
pub fn referral_revoked(
    conn: &mut DbConn,
    company_id: &str,
    referrer_customer_id: &str,
    referral_id: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    db::write_tx(conn, |conn| {
        let audit = ctx(company_id, None);
        let m = member(conn, company_id, referrer_customer_id)?;
        let changed = diesel::update(
            membership_referrals::table
                .filter(membership_referrals::company_id.eq(company_id))
                .filter(membership_referrals::referral_id.eq(referral_id))
                .filter(membership_referrals::revoked_at.is_null()),
        )
        .set(membership_referrals::revoked_at.eq(db::truncate_micros(at)))
        .execute(conn)?;
        if changed == 0 {
            return Ok(());
        }
        let earned = format!("referral:{referral_id}");
        ledger::reverse(
            conn,
            &m,
            &earned,
            &NewEntry {
                kind: PointsEntryKind::Reverse,
                points: 0,
                reason_code: "referral_revoked",
                reason: "推荐撤销冲回 referral revoked".into(),
                reference_type: "referral",
                reference_id: referral_id,
                rule: "membership: points of a revoked referral are reversed".into(),
                dedupe_key: format!("reverse:{earned}"),
                expires_at: None,
                actor_id: None,
            },
        )?;
        let cause = Cause {
            kind: C::ReferralRevoked,
            id: referral_id,
        };
        store::reevaluate(conn, &audit, &m, &cause)?;
        Ok(())
    })
}

/// A customer answered a survey: earns `survey_points`, once per response.
pub fn survey_answered(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    response_id: &str,
    at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    db::write_tx(conn, |conn| {
        let m = member(conn, company_id, customer_id)?;
        let r = settings::get::<MembershipPointsRules>(conn, company_id)?.value;
        ledger::earn(
            conn,
            &m,
            &NewEntry {
                kind: PointsEntryKind::Earn,
                points: r.survey_points,
                reason_code: "survey_answered",
                reason: "问卷积分 survey answered".into(),
                reference_type: "survey",
                reference_id: response_id,
                rule: format!("membership_points.survey_points={}", r.survey_points),
                dedupe_key: format!("survey:{response_id}"),
                expires_at: rules::expires_at(&r, db::truncate_micros(at)),
                actor_id: None,
            },
        )?;
        Ok(())
    })
}

/// The discount the customer's current tier grants on a new deal, if any.
pub fn purchase_discount(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> Result<Option<TierDiscount>, ApiError> {
    let id = super::scope::customer_of_company(conn, company_id, customer_id)?;
    let Some(tier) = store::read(conn, company_id, &id)?.and_then(|m| m.tier) else {
        return Ok(None);
    };
    let r = settings::get::<MembershipTierRules>(conn, company_id)?.value;
    Ok(
        rules::discount(&r, tier).map(|(basis_points, rule)| TierDiscount {
            tier: MemberTier::as_str(tier).to_string(),
            basis_points,
            rule,
        }),
    )
}
