//! The defect as a subject of the SLA clock (entity `defect`):
//!
//! * due soon → the assignee (engineering) is told the solution or fix is due;
//! * breached → the assignee is told, and the breach escalates to the heads
//!   of CRM (DOMAIN §1: the CRMC oversees delivery quality);
//! * expired (grace over) → the heads of CRM are reminded it is still open.
//!
//! A defect that no longer waits (fixed or later) has its clock closed
//! instead. Notifications carry the defect's place and category, never the
//! owner's name or phone.

use api_types::{DefectCategory, NotificationParams, Role};
use diesel::prelude::*;

use super::defects::{self, DefectRow, ENTITY, UNFIXED};
use crate::db::DbConn;
use crate::notifications::{notify, Message};
use crate::schema::users;
use crate::sla::{self, Clock, Escalation, Subject};

/// The defect subject, registered with the sweep in [`crate::jobs`].
#[derive(Debug, Clone, Copy, Default)]
pub struct DefectSubject;

fn waiting(conn: &mut DbConn, clock: &Clock) -> QueryResult<Option<DefectRow>> {
    let row = defects::load(conn, &clock.entity_id).optional()?;
    match row {
        Some(d) if UNFIXED.contains(&d.status.as_str()) => Ok(Some(d)),
        _ => {
            sla::close(conn, ENTITY, &clock.entity_id)?;
            Ok(None)
        }
    }
}

/// The facts of a notification about the defect's clock (`facts`), naming the defect.
fn params(d: &DefectRow, facts: NotificationParams) -> NotificationParams {
    NotificationParams {
        subject: format!("{} {}", d.room, excerpt(d)),
        ..facts
    }
}

fn excerpt(d: &DefectRow) -> String {
    d.description.chars().take(30).collect()
}

fn what(d: &DefectRow, clock: &Clock) -> String {
    let step = if clock.kind == "defect_solution" {
        "整改方案"
    } else {
        "整改"
    };
    let cat = DefectCategory::parse(&d.category).map_or("缺陷", |c| c.label_zh());
    format!(
        "{} {}({})的{}将于 {} 到期(规则 {})",
        d.room,
        cat,
        excerpt(d),
        step,
        clock.due_at.format("%Y-%m-%d %H:%M UTC"),
        clock.rule
    )
}

fn heads_of_crm(conn: &mut DbConn, company_id: &str) -> QueryResult<Vec<String>> {
    users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::role.eq(Role::CrmHead.as_str()))
        .filter(users::disabled.eq(false))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)
}

impl Subject for DefectSubject {
    fn entity_type(&self) -> &'static str {
        ENTITY
    }

    fn try_lock(&self, conn: &mut DbConn, entity_id: &str) -> QueryResult<bool> {
        sla::try_lock_row(conn, "defects", entity_id)
    }

    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(d) = waiting(conn, clock)? else {
            return Ok(());
        };
        if let Some(to) = &d.assignee_id {
            notify(
                conn,
                &d.company_id,
                to,
                "sla_due_soon",
                &Message {
                    title: "缺陷整改即将到期".into(),
                    body: what(&d, clock),
                    params: Some(params(&d, clock.notice(&clock.kind))),
                },
                Some((ENTITY, &d.id)),
            )?;
        }
        Ok(())
    }

    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation> {
        let Some(d) = waiting(conn, clock)? else {
            return Ok(Escalation::default());
        };
        let body = what(&d, clock)
            .replace("将于", "已于")
            .replace("到期", "超时");
        if let Some(to) = &d.assignee_id {
            notify(
                conn,
                &d.company_id,
                to,
                "sla_breached",
                &Message {
                    title: "缺陷整改已超时".into(),
                    body: body.clone(),
                    params: Some(params(&d, clock.notice(&clock.kind))),
                },
                Some((ENTITY, &d.id)),
            )?;
        }
        let to = heads_of_crm(conn, &d.company_id)?;
        if to.is_empty() {
            log::warn!("sla: defect {} breached with nobody to escalate to", d.id);
        }
        let contractor = if d.contractor.is_empty() {
            "未分派承包方".to_string()
        } else {
            format!("承包方 {}", d.contractor)
        };
        Ok(Escalation {
            to,
            message: Message {
                title: "缺陷整改超时升级".into(),
                body: format!("{body};{contractor},已升级给您"),
                params: Some(NotificationParams {
                    unassigned: d.contractor.is_empty(),
                    ..params(&d, clock.notice(&clock.kind))
                }),
            },
        })
    }

    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()> {
        let Some(d) = waiting(conn, clock)? else {
            return Ok(());
        };
        let body = format!(
            "{},宽限期已过仍未完成",
            what(&d, clock)
                .replace("将于", "已于")
                .replace("到期", "超时")
        );
        for to in heads_of_crm(conn, &d.company_id)? {
            notify(
                conn,
                &d.company_id,
                &to,
                "sla_expired",
                &Message {
                    title: "缺陷整改仍未完成".into(),
                    body: body.clone(),
                    params: Some(params(&d, clock.notice_after_grace(&clock.kind))),
                },
                Some((ENTITY, &d.id)),
            )?;
        }
        Ok(())
    }
}
