//! The deal follow-up task as a subject of the SLA clock, escalating like a
//! lead does:
//!
//! * due soon → the assignee is told "成交回访即将到期";
//! * breached → the assignee is told "成交回访已超时" and the breach escalates
//!   to the company's heads of CRM (the customer specialists' line; DOMAIN §1);
//! * expired (the grace period after the breach passed) → the heads of CRM
//!   are reminded that the task is still open. Tasks have no pool: the task
//!   stays with its assignee and shows `breached` until completed.
//!
//! A task that is no longer open (done, cancelled) has its clock closed
//! instead. Notifications carry no personal data, only the task's link.

use api_types::{DealTaskKind, NotificationParams, Role};
use diesel::prelude::*;

use super::model::{TaskRow, TASK_ENTITY};
use crate::db::DbConn;
use crate::notifications::{notify, Message};
use crate::schema::{deal_tasks, users};
use crate::sla::{self, Clock, Escalation, Subject};

/// The deal-task subject, registered with the sweep in [`crate::jobs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DealTaskSubject;

fn when(t: chrono::NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M UTC").to_string()
}

fn what(kind: &str) -> &'static str {
    DealTaskKind::parse(kind).map_or("成交回访", |k| k.label_zh())
}

fn open_task(conn: &mut DbConn, clock: &Clock) -> QueryResult<Option<TaskRow>> {
    let task: Option<TaskRow> = deal_tasks::table
        .find(&clock.entity_id)
        .select(TaskRow::as_select())
        .first(conn)
        .optional()?;
    match task {
        Some(t) if t.status == "open" => Ok(Some(t)),
        _ => {
            sla::close(conn, TASK_ENTITY, &clock.entity_id)?;
            Ok(None)
        }
    }
}

/// The enabled heads of CRM of a company (escalation targets), by id.
pub fn heads_of_crm(conn: &mut DbConn, company_id: &str) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::role.eq(Role::CrmHead.as_str()))
        .filter(users::disabled.eq(false))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
}

impl Subject for DealTaskSubject {
    fn entity_type(&self) -> &'static str {
        TASK_ENTITY
    }

    fn try_lock(&self, conn: &mut DbConn, entity_id: &str) -> QueryResult<bool> {
        sla::try_lock_row(conn, "deal_tasks", entity_id)
    }

    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(task) = open_task(conn, clock)? else {
            return Ok(());
        };
        if let Some(to) = &task.assignee_id {
            let body = format!(
                "{}将于 {} 到期(规则 {})",
                what(&task.kind),
                when(clock.due_at),
                clock.rule
            );
            notify(
                conn,
                &task.company_id,
                to,
                "sla_due_soon",
                &Message {
                    title: "成交回访即将到期".into(),
                    body,
                    params: Some(clock.notice(&task.kind)),
                },
                Some((TASK_ENTITY, &task.id)),
            )?;
        }
        Ok(())
    }

    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation> {
        let Some(task) = open_task(conn, clock)? else {
            return Ok(Escalation::default());
        };
        let body = format!(
            "{}已于 {} 超时(规则 {})",
            what(&task.kind),
            when(clock.due_at),
            clock.rule
        );
        if let Some(to) = &task.assignee_id {
            notify(
                conn,
                &task.company_id,
                to,
                "sla_breached",
                &Message {
                    title: "成交回访已超时".into(),
                    body: body.clone(),
                    params: Some(clock.notice(&task.kind)),
                },
                Some((TASK_ENTITY, &task.id)),
            )?;
        }
        let to = heads_of_crm(conn, &task.company_id)?;
        if to.is_empty() {
            log::warn!(
                "sla: deal task {} breached with nobody to escalate to",
                task.id
            );
        }
        let body = match &task.assignee_id {
            Some(_) => format!("客户专员{body},已升级给您"),
            None => format!("项目无客户专员,{body},已升级给您"),
        };
        Ok(Escalation {
            to,
            message: Message {
                title: "成交回访超时升级".into(),
                body,
                params: Some(NotificationParams {
                    unassigned: task.assignee_id.is_none(),
                    ..clock.notice(&task.kind)
                }),
            },
        })
    }

    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(task) = open_task(conn, clock)? else {
            return Ok(());
        };
        let grace = (clock.grace_until - clock.due_at).num_hours();
        let body = format!(
            "{}超时后宽限期 {grace} 小时已过,仍未完成(规则 {})",
            what(&task.kind),
            clock.rule
        );
        for to in heads_of_crm(conn, &task.company_id)? {
            notify(
                conn,
                &task.company_id,
                &to,
                "sla_expired",
                &Message {
                    title: "成交回访仍未完成".into(),
                    body: body.clone(),
                    params: Some(clock.notice_after_grace(&task.kind)),
                },
                Some((TASK_ENTITY, &task.id)),
            )?;
        }
        Ok(())
    }
}
