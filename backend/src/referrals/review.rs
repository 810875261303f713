//! The fraud review queue: a registration with signals (a staff or agency
//! phone, a burst of registrations, a phone already in the CRM, a buyer's
//! name unlike the registered one) waits for the head of CRM, with a
//! deadline (`referral_rules.review_hours`) on the generic SLA clock
//! (entity `referral_review`): the heads of CRM are warned before it,
//! escalated to at the breach and reminded after the grace period. A
//! reward is never approved while its review is pending or was rejected.

use api_types::{ReferralRules, ReferralSignalEntry, ReferralStatus};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::model::{self, ReferralRow};
use crate::audit::AuditCtx;
use crate::db::DbConn;
use crate::deals::task_subject::heads_of_crm;
use crate::notifications::{notify, Message};
use crate::schema::{referrals, sla_clocks};
use crate::sla::{self, Clock, ClockSpec, Escalation, Subject};

/// Entity type of review clocks.
pub const CLOCK_ENTITY: &str = "referral_review";

/// Adds signals to a registration and puts it in the review queue (again,
/// if it was cleared before) with a deadline on the SLA clock.
pub fn flag(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    rules: &ReferralRules,
    new_signals: Vec<ReferralSignalEntry>,
    now: NaiveDateTime,
) -> QueryResult<()> {
    if new_signals.is_empty() {
        return Ok(());
    }
    let mut all = r.signals();
    let names: Vec<String> = new_signals
        .iter()
        .map(|s| s.signal.label_zh().to_string())
        .collect();
    all.extend(new_signals);
    let due = now + Duration::hours(rules.review_hours.into());
    diesel::update(referrals::table.find(&r.id))
        .set((
            referrals::signals_json.eq(serde_json::to_string(&all).unwrap_or_else(|_| "[]".into())),
            referrals::review_status.eq("pending"),
            referrals::review_due_at.eq(due),
            referrals::version.eq(referrals::version + 1),
            referrals::updated_at.eq(now),
        ))
        .execute(conn)?;
    let reason = format!(
        "flagged for review ({}); due within {} h (referral_rules.review_hours={})",
        names.join(", "),
        rules.review_hours,
        rules.review_hours
    );
    model::record_event(conn, ctx, r, "flagged", None, None, &reason)?;
    let warn = now + Duration::minutes(i64::from(rules.review_hours) * 60 * 4 / 5);
    sla::start(
        conn,
        &ClockSpec {
            company_id: r.company_id.clone(),
            entity_type: CLOCK_ENTITY.into(),
            entity_id: r.id.clone(),
            kind: "fraud_review".into(),
            rule: format!("referral_rules.review_hours={}", rules.review_hours),
            owner_id: None,
            warn_at: warn,
            due_at: due,
            grace_until: due + Duration::hours(24),
        },
    )?;
    Ok(())
}

/// Closes the review clock (decided, or the referral ended).
pub fn close(conn: &mut DbConn, referral_id: &str) -> QueryResult<()> {
    sla::close(conn, CLOCK_ENTITY, referral_id).map(|_| ())
}

/// Voids the pending reviews of referrals that ended (expired, cancelled):
/// their SLA clocks close and they leave the review queue (`review_status`
/// back to `none`; the `flagged` event keeps the history). Set-based.
pub fn void(conn: &mut DbConn, referral_ids: &[String], now: NaiveDateTime) -> QueryResult<()> {
    if referral_ids.is_empty() {
        return Ok(());
    }
    diesel::update(
        sla_clocks::table
            .filter(sla_clocks::entity_type.eq(CLOCK_ENTITY))
            .filter(sla_clocks::entity_id.eq_any(referral_ids))
            .filter(sla_clocks::closed_at.is_null()),
    )
    .set((
        sla_clocks::state.eq(sla::CLOSED),
        sla_clocks::closed_at.eq(now),
        sla_clocks::updated_at.eq(now),
    ))
    .execute(conn)?;
    diesel::update(
        referrals::table
            .filter(referrals::id.eq_any(referral_ids))
            .filter(referrals::review_status.eq("pending")),
    )
    .set((
        referrals::review_status.eq("none"),
        referrals::review_due_at.eq(None::<NaiveDateTime>),
        referrals::version.eq(referrals::version + 1),
    ))
    .execute(conn)?;
    Ok(())
}

/// Whether a status still matters for a review (not ended).
pub fn still_open(s: ReferralStatus) -> bool {
    ReferralStatus::LIVE.contains(&s) || s == ReferralStatus::Ineligible
}

/// The review clock's subject, registered with the sweep in [`crate::jobs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct ReviewSubject;

fn pending(conn: &mut DbConn, clock: &Clock) -> QueryResult<Option<ReferralRow>> {
    let r = referrals::table
        .find(&clock.entity_id)
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?;
    match r {
        Some(r) if r.review_status == "pending" => Ok(Some(r)),
        _ => {
            close(conn, &clock.entity_id)?;
            Ok(None)
        }
    }
}

fn when(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

impl Subject for ReviewSubject {
    fn entity_type(&self) -> &'static str {
        CLOCK_ENTITY
    }

    fn try_lock(&self, conn: &mut DbConn, entity_id: &str) -> QueryResult<bool> {
        sla::try_lock_row(conn, "referrals", entity_id)
    }

    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(r) = pending(conn, clock)? else {
            return Ok(());
        };
        let body = format!(
            "老带新报备审核将于 {} 到期(规则 {})",
            when(clock.due_at),
            clock.rule
        );
        for to in heads_of_crm(conn, &r.company_id)? {
            notify(
                conn,
                &r.company_id,
                &to,
                "sla_due_soon",
                &Message {
                    title: "老带新审核即将到期".into(),
                    body: body.clone(),
                    params: Some(clock.notice(&clock.kind)),
                },
                Some((model::ENTITY, &r.id)),
            )?;
        }
        Ok(())
    }

    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation> {
        let Some(r) = pending(conn, clock)? else {
            return Ok(Escalation::default());
        };
        Ok(Escalation {
            to: heads_of_crm(conn, &r.company_id)?,
            message: Message {
                title: "老带新审核已超时".into(),
                body: format!(
                    "老带新报备审核已于 {} 超时(规则 {})",
                    when(clock.due_at),
                    clock.rule
                ),
                params: Some(clock.notice(&clock.kind)),
            },
        })
    }

    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(r) = pending(conn, clock)? else {
            return Ok(());
        };
        let body = format!("老带新报备审核超时后仍未处理(规则 {})", clock.rule);
        for to in heads_of_crm(conn, &r.company_id)? {
            notify(
                conn,
                &r.company_id,
                &to,
                "sla_expired",
                &Message {
                    title: "老带新审核仍未处理".into(),
                    body: body.clone(),
                    params: Some(clock.notice_after_grace(&clock.kind)),
                },
                Some((model::ENTITY, &r.id)),
            )?;
        }
        Ok(())
    }
}
