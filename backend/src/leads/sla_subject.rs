//! The lead as a subject of the SLA clock: what a warning, a breach and the
//! end of the grace period mean for a lead. Every transition is a lead event
//! with its reason (the rule that set the deadline).
//!
//! * due soon → event `sla_due_soon`; the owner is told "线索即将超时".
//! * breached → event `sla_breached`; the owner is told "线索已超时"; the breach
//!   escalates (event `escalated`) to every enabled sales manager granted the
//!   lead's project — or, when the owner is a sales manager or the project has
//!   none, to the company's heads of CRM.
//! * expired → the lead returns to the pool (owner and assignment cleared,
//!   version + 1, event `returned_to_pool`, the former owner told). Its clock
//!   stays open and expired, owner `None`, so the pool shows it overdue; it is
//!   not expired again until someone restarts it.
//!
//! Notifications carry no personal data: the deadline, the rule and a link to
//! the lead (entity `lead`/id), which the recipient may open.

use api_types::Role;
use diesel::prelude::*;
use serde_json::json;

use super::model::LeadRow;
use super::queries::ENTITY;
use super::{assignment, events};
use crate::audit::{self, AuditCtx};
use crate::db::DbConn;
use crate::notifications::notify;
use crate::schema::{leads, user_projects, users};
use crate::sla::{self, Clock, Escalation, Subject};

/// The lead subject, registered with the sweep in [`crate::jobs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct LeadSubject;

/// A clock's deadline as staff read it (UTC).
fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

/// What is due, in the staff's words.
fn what(clock: &Clock) -> &'static str {
    match clock.kind.as_str() {
        super::sla::FIRST_CONTACT => "首次联系",
        _ => "跟进",
    }
}

/// The lead of a clock while it still needs one; otherwise the clock is closed.
fn open_lead(conn: &mut DbConn, clock: &Clock) -> QueryResult<Option<LeadRow>> {
    let lead: Option<LeadRow> = leads::table
        .find(&clock.entity_id)
        .select(LeadRow::as_select())
        .first(conn)
        .optional()?;
    match lead {
        Some(l) if l.is_open() && l.grade.is_some() => Ok(Some(l)),
        _ => {
            sla::close(conn, ENTITY, &clock.entity_id)?;
            Ok(None)
        }
    }
}

/// Enabled users of the company with `role`, optionally only those granted `project_id`.
fn staff_with(
    conn: &mut DbConn,
    company_id: &str,
    role: Role,
    project_id: Option<&str>,
) -> QueryResult<Vec<String>> {
    let mut q = users::table
        .filter(users::company_id.eq(company_id.to_string()))
        .filter(users::role.eq(role.as_str()))
        .filter(users::disabled.eq(false))
        .into_boxed();
    if let Some(p) = project_id {
        let granted = user_projects::table
            .filter(user_projects::project_id.eq(p.to_string()))
            .select(user_projects::user_id);
        q = q.filter(users::id.eq_any(granted));
    }
    q.order(users::id.asc()).select(users::id).load(conn)
}

/// Whom a breach of `lead` escalates to, and why them.
fn managers(conn: &mut DbConn, lead: &LeadRow) -> QueryResult<(Vec<String>, &'static str)> {
    let owner_role: Option<String> = match &lead.owner_id {
        Some(o) => users::table
            .find(o)
            .select(users::role)
            .first(conn)
            .optional()?,
        None => None,
    };
    let owner_is_manager = owner_role.as_deref() == Some(Role::SalesManager.as_str());
    if !owner_is_manager {
        let ids = staff_with(
            conn,
            &lead.company_id,
            Role::SalesManager,
            Some(&lead.project_id),
        )?;
        if !ids.is_empty() {
            return Ok((ids, "the project's sales managers"));
        }
    }
    let heads = staff_with(conn, &lead.company_id, Role::CrmHead, None)?;
    let why = if owner_is_manager {
        "the head of CRM (the owner is a sales manager)"
    } else {
        "the head of CRM (the project has no sales manager)"
    };
    Ok((heads, why))
}

impl Subject for LeadSubject {
    fn entity_type(&self) -> &'static str {
        ENTITY
    }

    fn try_lock(&self, conn: &mut DbConn, entity_id: &str) -> QueryResult<bool> {
        sla::try_lock_row(conn, "leads", entity_id)
    }

    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(lead) = open_lead(conn, clock)? else {
            return Ok(());
        };
        let ctx = AuditCtx::system(&lead.company_id);
        let reason = format!(
            "{} due at {} ({})",
            clock.kind,
            when(clock.due_at),
            clock.rule
        );
        events::record(conn, &ctx, &lead.id, "sla_due_soon", &reason, None)?;
        if let Some(owner) = &lead.owner_id {
            let body = format!(
                "{}将于 {} 到期(规则 {})",
                what(clock),
                when(clock.due_at),
                clock.rule
            );
            notify(
                conn,
                &lead.company_id,
                owner,
                "sla_due_soon",
                "线索即将超时",
                &body,
                Some((ENTITY, &lead.id)),
            )?;
        }
        Ok(())
    }

    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation> {
        let Some(lead) = open_lead(conn, clock)? else {
            return Ok(Escalation::default());
        };
        let ctx = AuditCtx::system(&lead.company_id);
        let reason = format!(
            "{} overdue since {} ({})",
            clock.kind,
            when(clock.due_at),
            clock.rule
        );
        let detail = json!({"clock_id": clock.id, "kind": clock.kind, "rule": clock.rule, "owner_id": lead.owner_id});
        events::record(conn, &ctx, &lead.id, "sla_breached", &reason, Some(detail))?;
        let body = format!(
            "{}已于 {} 超时(规则 {})",
            what(clock),
            when(clock.due_at),
            clock.rule
        );
        if let Some(owner) = &lead.owner_id {
            notify(
                conn,
                &lead.company_id,
                owner,
                "sla_breached",
                "线索已超时",
                &body,
                Some((ENTITY, &lead.id)),
            )?;
        }
        let (to, whom) = managers(conn, &lead)?;
        if to.is_empty() {
            log::warn!("sla: lead {} breached with nobody to escalate to", lead.id);
        } else {
            let reason = format!("SLA breached ({}): escalated to {whom}", clock.rule);
            events::record(
                conn,
                &ctx,
                &lead.id,
                "escalated",
                &reason,
                Some(json!({"to": to})),
            )?;
        }
        let body = match &lead.owner_id {
            Some(_) => format!("负责人{body},已升级给您"),
            None => format!("公海线索{body},已升级给您"),
        };
        Ok(Escalation {
            to,
            title: "线索超时升级".into(),
            body,
        })
    }

    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(lead) = open_lead(conn, clock)? else {
            return Ok(());
        };
        let ctx = AuditCtx::system(&lead.company_id);
        let grace = (clock.grace_until - clock.due_at).num_hours();
        let reason = format!(
            "grace period of {grace} h passed after the {} deadline {} ({})",
            clock.kind,
            when(clock.due_at),
            clock.rule
        );
        let Some(owner) = lead.owner_id.clone() else {
            let reason = format!("{reason}; the lead is already in the pool");
            return events::record(conn, &ctx, &lead.id, "sla_expired", &reason, None);
        };
        assignment::set_owner(conn, &lead.id, None)?;
        sla::reassign(conn, ENTITY, &lead.id, None)?;
        audit::record(
            conn,
            &ctx,
            "lead.return_to_pool",
            "lead",
            &lead.id,
            Some(json!({"owner_id": owner, "version": lead.version})),
            Some(json!({"owner_id": null, "version": lead.version + 1})),
        )?;
        let detail = json!({"former_owner_id": owner, "clock_id": clock.id});
        events::record(
            conn,
            &ctx,
            &lead.id,
            "returned_to_pool",
            &reason,
            Some(detail),
        )?;
        let body = format!(
            "{}超时后宽限期 {grace} 小时已过,线索已退回公海",
            what(clock)
        );
        notify(
            conn,
            &lead.company_id,
            &owner,
            "lead_returned_to_pool",
            "线索已退回公海",
            &body,
            Some((ENTITY, &lead.id)),
        )?;
        Ok(())
    }
}
