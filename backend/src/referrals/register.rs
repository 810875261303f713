//! Registering a friend (报备), for owners (mini-program) and for staff on
//! an owner's behalf, in one write transaction:
//!
//! 1. an owner's `Idempotency-Key` registers once (stored per referrer);
//! 2. stale protections of the phone are released first (see [`super::expiry`]);
//! 3. eligibility is decided by the rules ([`super::eligibility`]) and the
//!    registration is kept either way, with its reason and rule;
//! 4. two registrations of one friend at the same moment cannot both be
//!    valid: the partial unique index `referrals_friend_live_uq` lets one
//!    insert win; the loser is stored as `already_registered`;
//! 5. a valid registration attaches or captures the friend's lead (source
//!    `owner_referral`, the referrer recorded) and is protected;
//! 6. fraud signals put it in the review queue.

use api_types::{ConsentInput, IneligibleReason, ReferralReward, ReferralRules, ReferralStatus};
use chrono::Duration;
use diesel::prelude::*;
use serde_json::json;

use super::eligibility::{self, Decision, Subject};
use super::model::{self, ReferralRow};
use super::{expiry, review};
use crate::audit::{self, AuditCtx};
use crate::customers::queries::{self as customers, PHONE};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::{projects, referrals};
use crate::settings;

/// A registration to make.
#[derive(Debug, Clone)]
pub struct NewRegistration {
    /// Project of interest.
    pub project_id: String,
    /// The referring customer (already authorised by the caller).
    pub referrer_customer_id: String,
    /// Friend's name.
    pub friend_name: String,
    /// Friend's phone as given.
    pub friend_phone: String,
    /// Chosen reward.
    pub reward: Option<ReferralReward>,
    /// The friend's consent.
    pub consent: ConsentInput,
    /// `owner` or `staff`.
    pub via: &'static str,
    /// Projects a staff registrant may use (`None`: any of the company).
    pub allowed_projects: Option<Vec<String>>,
    /// An owner's `Idempotency-Key`.
    pub idempotency_key: Option<String>,
}

/// Registers a friend; returns the row and whether it replays an earlier
/// request with the same `Idempotency-Key`.
pub fn register(
    conn: &mut DbConn,
    pd: &PersonalData,
    ctx: &AuditCtx,
    input: &NewRegistration,
) -> Result<(ReferralRow, bool), ApiError> {
    db::write_tx(conn, |conn| {
        let phone = api_types::normalize_cn_mobile(&input.friend_phone);
        let bidx = pd.blind_index(PHONE, &phone);
        // Under the referrer's lock, so a retry sent while the first attempt
        // is still running waits for it and then replays it.
        db::lock_row(conn, "customers", &input.referrer_customer_id)?;
        if let Some(row) = replay(conn, input, &bidx)? {
            return Ok((row, true));
        }
        check_project(conn, &ctx.company_id, input)?;
        let rules = settings::get::<ReferralRules>(conn, &ctx.company_id)?.value;
        let now = db::now();
        expiry::release_phone(conn, &ctx.company_id, &bidx, now)?;
        let friend = customers::by_phone(conn, pd, &ctx.company_id, &phone)?;
        let subject = Subject {
            company_id: &ctx.company_id,
            project_id: &input.project_id,
            referrer_id: &input.referrer_customer_id,
            phone_bidx: &bidx,
            friend_customer_id: friend.as_deref(),
        };
        let facts = eligibility::facts(conn, &rules, &subject, now)?;
        let decision = eligibility::decide(&rules, &facts);
        let signals = eligibility::signals(&rules, &facts);
        let id = db::new_id();
        let enc = pd.encrypt(&phone);
        let first = conn
            .transaction(|conn| insert(conn, ctx, input, &id, &bidx, &enc, &decision, &rules, now));
        let decision = match first {
            Ok(()) => decision,
            Err(e) if db::is_unique_violation(&e) && decision.eligible => {
                let lost = lost_race(&rules);
                insert(conn, ctx, input, &id, &bidx, &enc, &lost, &rules, now)?;
                lost
            }
            Err(e) => return Err(e.into()),
        };
        let mut row = model::reload(conn, &id)?;
        if decision.eligible {
            link_lead(conn, pd, ctx, input, &phone, &row)?;
            row = model::reload(conn, &id)?;
        }
        let kind = if decision.eligible {
            "registered"
        } else {
            "ineligible"
        };
        let reason = format!("{} ({})", decision.decision, decision.rule);
        model::record_event(conn, ctx, &row, kind, None, Some(row.status()), &reason)?;
        review::flag(conn, ctx, &row, &rules, signals, now)?;
        let row = model::reload(conn, &id)?;
        audit::record(
            conn,
            ctx,
            "referral.register",
            model::ENTITY,
            &id,
            None,
            Some(json!({
                "project_id": row.project_id, "referrer_customer_id": row.referrer_customer_id,
                "status": row.status, "ineligible_reason": row.ineligible_reason,
                "rule": row.rule, "review_status": row.review_status, "via": input.via,
            })),
        )?;
        Ok((row, false))
    })
}

/// The decision of a registration that lost the race for the friend.
fn lost_race(r: &ReferralRules) -> Decision {
    Decision {
        eligible: false,
        reason: Some(IneligibleReason::AlreadyRegistered),
        decision: "another owner registered the friend first (at the same moment)".into(),
        rule: format!("referral_rules.protection_days={}", r.protection_days),
    }
}

/// The earlier registration under the same key, or 422 when the key was
/// used for another friend or project.
fn replay(
    conn: &mut DbConn,
    input: &NewRegistration,
    bidx: &str,
) -> Result<Option<ReferralRow>, ApiError> {
    let Some(key) = &input.idempotency_key else {
        return Ok(None);
    };
    let row: Option<ReferralRow> = referrals::table
        .filter(referrals::referrer_customer_id.eq(&input.referrer_customer_id))
        .filter(referrals::idempotency_key.eq(key))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?;
    match row {
        Some(r) if r.friend_phone_bidx == bidx && r.project_id == input.project_id => Ok(Some(r)),
        Some(_) => Err(ApiError::invalid_field(
            "Idempotency-Key",
            "idempotency_key_reused",
            "this key was used for another registration",
        )
        .with_code("idempotency_key_reused")),
        None => Ok(None),
    }
}

fn check_project(
    conn: &mut DbConn,
    company_id: &str,
    input: &NewRegistration,
) -> Result<(), ApiError> {
    crate::db::share_rows(conn, "projects", "id", &[&input.project_id])?;
    let ok = projects::table
        .filter(projects::company_id.eq(company_id))
        .filter(projects::id.eq(&input.project_id))
        .select(projects::id)
        .first::<String>(conn)
        .optional()?
        .is_some_and(|id| {
            input
                .allowed_projects
                .as_ref()
                .is_none_or(|ps| ps.contains(&id))
        });
    if ok {
        Ok(())
    } else {
        Err(crate::leads::capture::unknown_project())
    }
}

#[allow(clippy::too_many_arguments)]
fn insert(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    input: &NewRegistration,
    id: &str,
    bidx: &str,
    enc: &str,
    d: &Decision,
    rules: &ReferralRules,
    now: chrono::NaiveDateTime,
) -> QueryResult<()> {
    let status = if d.eligible {
        ReferralStatus::Registered
    } else {
        ReferralStatus::Ineligible
    };
    let protected = d
        .eligible
        .then(|| now + Duration::days(rules.protection_days.into()));
    let registered_by = (input.via == "staff")
        .then(|| ctx.actor_id.clone())
        .flatten();
    diesel::insert_into(referrals::table)
        .values((
            referrals::id.eq(id),
            referrals::company_id.eq(&ctx.company_id),
            referrals::project_id.eq(&input.project_id),
            referrals::referrer_customer_id.eq(&input.referrer_customer_id),
            referrals::friend_name.eq(input.friend_name.trim()),
            referrals::friend_phone_enc.eq(enc),
            referrals::friend_phone_bidx.eq(bidx),
            referrals::status.eq(status.as_str()),
            referrals::eligible.eq(d.eligible),
            referrals::ineligible_reason.eq(d.reason.map(IneligibleReason::as_str)),
            referrals::decision.eq(&d.decision),
            referrals::rule.eq(&d.rule),
            referrals::protected_until.eq(protected),
            referrals::reward.eq(input.reward.map(ReferralReward::as_str)),
            referrals::review_status.eq("none"),
            referrals::registered_via.eq(input.via),
            referrals::registered_by.eq(registered_by),
            referrals::idempotency_key.eq(&input.idempotency_key),
            referrals::version.eq(1),
            referrals::created_at.eq(now),
            referrals::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

fn link_lead(
    conn: &mut DbConn,
    pd: &PersonalData,
    ctx: &AuditCtx,
    input: &NewRegistration,
    phone: &str,
    row: &ReferralRow,
) -> Result<(), ApiError> {
    // Lead events and the capture are the system's doing when an owner registers.
    let lead_ctx = match input.via {
        "owner" => AuditCtx {
            actor_id: None,
            actor_kind: "owner",
            ..ctx.clone()
        },
        _ => ctx.clone(),
    };
    let (customer_id, lead_id) = crate::leads::referral::attach_or_capture(
        conn,
        pd,
        &lead_ctx,
        &crate::leads::referral::FriendLead {
            name: &input.friend_name,
            phone,
            project_id: &input.project_id,
            consent: &input.consent,
            referrer_customer_id: &input.referrer_customer_id,
            referral_id: &row.id,
        },
    )?;
    diesel::update(referrals::table.find(&row.id))
        .set((
            referrals::friend_customer_id.eq(customer_id),
            referrals::lead_id.eq(lead_id),
        ))
        .execute(conn)?;
    Ok(())
}
