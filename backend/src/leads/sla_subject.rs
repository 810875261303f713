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

use std::collections::{HashMap, HashSet};

use api_types::Role;
use diesel::prelude::*;
use serde_json::{json, Value};

use super::assignment;
use super::events::{self, NewEvent};
use super::model::LeadRow;
use super::queries::ENTITY;
use crate::audit::{self, AuditCtx};
use crate::db::DbConn;
use crate::notifications::{notify_all, Message, NewNotification};
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

/// The leads of the clocks that still need them, by id, their `sla_state`
/// now `state` (the state the sweep just moved their clocks to); the clocks of
/// the others (closed or ungraded leads) are closed.
fn open_leads(
    conn: &mut DbConn,
    clocks: &[Clock],
    state: &str,
) -> QueryResult<HashMap<String, LeadRow>> {
    let ids: Vec<&str> = clocks.iter().map(|c| c.entity_id.as_str()).collect();
    let mut found = HashMap::new();
    for chunk in ids.chunks(500) {
        let rows: Vec<LeadRow> = leads::table
            .filter(leads::id.eq_any(chunk))
            .select(LeadRow::as_select())
            .load(conn)?;
        found.extend(rows.into_iter().map(|l| (l.id.clone(), l)));
    }
    found.retain(|_, l| l.is_open() && l.grade.is_some());
    for c in clocks {
        if !found.contains_key(&c.entity_id) {
            super::sla::close(conn, &c.entity_id)?;
        }
    }
    let ids: Vec<String> = found.keys().cloned().collect();
    super::sla::set_states(conn, &ids, state)?;
    Ok(found)
}

/// Whom a breach escalates to, and why them.
type Recipients = (Vec<String>, &'static str);

/// Events to record, by company (each company's are recorded as its system).
#[derive(Default)]
struct Writes {
    events: HashMap<String, Vec<NewEvent>>,
    notes: Vec<NewNotification>,
}

impl Writes {
    fn event(&mut self, lead: &LeadRow, kind: &'static str, reason: String, detail: Option<Value>) {
        self.events
            .entry(lead.company_id.clone())
            .or_default()
            .push(NewEvent {
                lead_id: lead.id.clone(),
                kind,
                reason,
                detail,
            });
    }

    fn notify(&mut self, lead: &LeadRow, user: &str, kind: &'static str, message: Message) {
        self.notes.push(NewNotification {
            company_id: lead.company_id.clone(),
            user_id: user.to_string(),
            kind,
            message,
            entity: Some((ENTITY.into(), lead.id.clone())),
        });
    }

    fn write(self, conn: &mut DbConn) -> QueryResult<()> {
        for (company, events) in self.events {
            events::record_all(conn, &AuditCtx::system(&company), events)?;
        }
        notify_all(conn, self.notes)
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

    fn try_lock_all(
        &self,
        conn: &mut DbConn,
        entity_ids: &[String],
    ) -> QueryResult<HashSet<String>> {
        let q = leads::table
            .filter(leads::id.eq_any(entity_ids))
            .select(leads::id);
        let locked: Vec<String> = match conn {
            DbConn::Pg(c) => q.for_update().skip_locked().load(c)?,
            // The write transaction holds SQLite's only write lock already.
            DbConn::Sqlite(c) => q.load(c)?,
        };
        Ok(locked.into_iter().collect())
    }

    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        self.on_due_soon_all(conn, std::slice::from_ref(clock))
    }

    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation> {
        let mut out = self.on_breach_all(conn, std::slice::from_ref(clock))?;
        Ok(out.pop().unwrap_or_default())
    }

    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        self.on_expire_all(conn, std::slice::from_ref(clock))
    }

    fn on_due_soon_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<()> {
        let leads = open_leads(conn, clocks, sla::DUE_SOON)?;
        let mut w = Writes::default();
        for clock in clocks {
            let Some(lead) = leads.get(&clock.entity_id) else {
                continue;
            };
            let reason = format!(
                "{} due at {} ({})",
                clock.kind,
                when(clock.due_at),
                clock.rule
            );
            let detail = json!({"clock_id": clock.id, "sla": clock.notice(&clock.kind)});
            w.event(lead, "sla_due_soon", reason, Some(detail));
            if let Some(owner) = &lead.owner_id {
                let message = Message {
                    title: "线索即将超时".into(),
                    body: format!(
                        "{}将于 {} 到期(规则 {})",
                        what(clock),
                        when(clock.due_at),
                        clock.rule
                    ),
                    params: Some(clock.notice(&clock.kind)),
                };
                w.notify(lead, owner, "sla_due_soon", message);
            }
        }
        w.write(conn)
    }

    fn on_breach_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<Vec<Escalation>> {
        let leads = open_leads(conn, clocks, sla::BREACHED)?;
        let mut w = Writes::default();
        let mut whom: HashMap<(String, Option<String>), Recipients> = HashMap::new();
        let mut out = Vec::with_capacity(clocks.len());
        for clock in clocks {
            let Some(lead) = leads.get(&clock.entity_id) else {
                out.push(Escalation::default());
                continue;
            };
            let reason = format!(
                "{} overdue since {} ({})",
                clock.kind,
                when(clock.due_at),
                clock.rule
            );
            let detail = json!({
                "clock_id": clock.id, "kind": clock.kind, "rule": clock.rule,
                "owner_id": lead.owner_id, "sla": clock.notice(&clock.kind),
            });
            w.event(lead, "sla_breached", reason, Some(detail));
            let body = format!(
                "{}已于 {} 超时(规则 {})",
                what(clock),
                when(clock.due_at),
                clock.rule
            );
            if let Some(owner) = &lead.owner_id {
                let message = Message {
                    title: "线索已超时".into(),
                    body: body.clone(),
                    params: Some(clock.notice(&clock.kind)),
                };
                w.notify(lead, owner, "sla_breached", message);
            }
            // The same project and owner escalate to the same people.
            let key = (lead.project_id.clone(), lead.owner_id.clone());
            if !whom.contains_key(&key) {
                let found = managers(conn, lead)?;
                whom.insert(key.clone(), found);
            }
            let (to, why) = whom[&key].clone();
            if to.is_empty() {
                log::warn!("sla: lead {} breached with nobody to escalate to", lead.id);
            } else {
                let reason = format!("SLA breached ({}): escalated to {why}", clock.rule);
                let sla = api_types::NotificationParams {
                    unassigned: lead.owner_id.is_none(),
                    ..clock.notice(&clock.kind)
                };
                w.event(
                    lead,
                    "escalated",
                    reason,
                    Some(json!({"to": to, "sla": sla})),
                );
            }
            let body = match &lead.owner_id {
                Some(_) => format!("负责人{body},已升级给您"),
                None => format!("公海线索{body},已升级给您"),
            };
            let params = api_types::NotificationParams {
                unassigned: lead.owner_id.is_none(),
                ..clock.notice(&clock.kind)
            };
            out.push(Escalation {
                to,
                message: Message {
                    title: "线索超时升级".into(),
                    body,
                    params: Some(params),
                },
            });
        }
        w.write(conn)?;
        Ok(out)
    }

    fn on_expire_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<()> {
        let leads = open_leads(conn, clocks, sla::EXPIRED)?;
        let mut w = Writes::default();
        let mut returned = Vec::new();
        let mut audits: HashMap<String, Vec<audit::Write>> = HashMap::new();
        for clock in clocks {
            let Some(lead) = leads.get(&clock.entity_id) else {
                continue;
            };
            let grace = (clock.grace_until - clock.due_at).num_hours();
            let reason = format!(
                "grace period of {grace} h passed after the {} deadline {} ({})",
                clock.kind,
                when(clock.due_at),
                clock.rule
            );
            let Some(owner) = lead.owner_id.clone() else {
                let reason = format!("{reason}; the lead is already in the pool");
                let detail =
                    json!({"clock_id": clock.id, "sla": clock.notice_after_grace(&clock.kind)});
                w.event(lead, "sla_expired", reason, Some(detail));
                continue;
            };
            returned.push(lead.id.clone());
            audits.entry(lead.company_id.clone()).or_default().push((
                lead.id.clone(),
                Some(json!({"owner_id": owner, "version": lead.version})),
                Some(json!({"owner_id": null, "version": lead.version + 1})),
            ));
            let detail = json!({
                "former_owner_id": owner, "clock_id": clock.id,
                "sla": clock.notice_after_grace(&clock.kind),
            });
            w.event(lead, "returned_to_pool", reason, Some(detail));
            let body = format!(
                "{}超时后宽限期 {grace} 小时已过,线索已退回公海",
                what(clock)
            );
            let message = Message {
                title: "线索已退回公海".into(),
                body,
                params: Some(clock.notice_after_grace(&clock.kind)),
            };
            w.notify(lead, &owner, "lead_returned_to_pool", message);
        }
        assignment::set_owners(conn, &returned, None)?;
        sla::reassign_all(conn, ENTITY, &returned, None)?;
        for (company, list) in audits {
            audit::record_all(
                conn,
                &AuditCtx::system(&company),
                "lead.return_to_pool",
                "lead",
                list,
            )?;
        }
        w.write(conn)
    }
}
