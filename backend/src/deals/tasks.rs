//! Follow-up tasks of a deal (DOMAIN §3), each on the generic SLA clock
//! (entity `deal_task`): the project's customer specialist contacts the buyer
//! within `deal_follow_up.specialist_contact_hours` (168: one week) of the
//! subscription; a satisfaction revisit within
//! `deal_follow_up.satisfaction_revisit_hours` (168) of signing. The clock
//! starts at the event's business date, warns, breaches and escalates like a
//! lead's ([`super::task_subject`]). Completing a task (with its outcome)
//! closes the clock; a withdrawal cancels the deal's open tasks.

use api_types::{DealFollowUp, DealTaskKind, Role};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::model::{DealRow, TASK_ENTITY};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{deal_tasks, user_projects, users};
use crate::settings::{self, Setting};
use crate::sla::{self, ClockSpec};

impl Setting for DealFollowUp {
    const KEY: &'static str = "deal_follow_up";

    fn defaults() -> DealFollowUp {
        DealFollowUp::default()
    }
}

/// The deadline of a task kind: hours and the rule text naming the setting.
pub fn plan(s: &DealFollowUp, kind: DealTaskKind) -> (i32, String) {
    let (key, hours) = match kind {
        DealTaskKind::SpecialistContact => ("specialist_contact_hours", s.specialist_contact_hours),
        DealTaskKind::SatisfactionRevisit => {
            ("satisfaction_revisit_hours", s.satisfaction_revisit_hours)
        }
    };
    (hours, format!("deal_follow_up.{key}={hours}"))
}

/// Warning, deadline and end of grace for a task started at `start`.
pub fn times(
    s: &DealFollowUp,
    hours: i32,
    start: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
    let interval = Duration::hours(i64::from(hours));
    let due = start + interval;
    let warn_before = interval * s.warn_before_percent.clamp(0, 100) / 100;
    (
        due - warn_before,
        due,
        due + Duration::hours(i64::from(s.grace_hours.max(0))),
    )
}

/// The project's customer specialist with the fewest open tasks (then the
/// lowest id), if the project has one.
fn assignee(conn: &mut DbConn, deal: &DealRow) -> QueryResult<Option<String>> {
    let granted = user_projects::table
        .filter(user_projects::project_id.eq(deal.project_id.clone()))
        .select(user_projects::user_id);
    let candidates: Vec<String> = users::table
        .filter(users::company_id.eq(&deal.company_id))
        .filter(users::role.eq(Role::CustomerSpecialist.as_str()))
        .filter(users::disabled.eq(false))
        .filter(users::id.eq_any(granted))
        .order(users::id.asc())
        .select(users::id)
        .load(conn)?;
    let mut best: Option<(i64, String)> = None;
    for c in candidates {
        let open: i64 = deal_tasks::table
            .filter(deal_tasks::assignee_id.eq(&c))
            .filter(deal_tasks::status.eq("open"))
            .count()
            .get_result(conn)?;
        if best.as_ref().is_none_or(|(n, _)| open < *n) {
            best = Some((open, c));
        }
    }
    Ok(best.map(|(_, id)| id))
}

/// Creates a task of `kind` for the deal, started at `start` (the event's
/// business date), and starts its clock; returns the task id.
pub fn open(
    conn: &mut DbConn,
    deal: &DealRow,
    kind: DealTaskKind,
    start: NaiveDateTime,
) -> Result<String, ApiError> {
    let s = settings::get::<DealFollowUp>(conn, &deal.company_id)?.value;
    let (hours, rule) = plan(&s, kind);
    let (warn_at, due_at, grace_until) = times(&s, hours, start);
    let who = assignee(conn, deal)?;
    let id = db::new_id();
    let now = db::now();
    diesel::insert_into(deal_tasks::table)
        .values((
            deal_tasks::id.eq(&id),
            deal_tasks::company_id.eq(&deal.company_id),
            deal_tasks::deal_id.eq(&deal.id),
            deal_tasks::project_id.eq(&deal.project_id),
            deal_tasks::customer_id.eq(&deal.customer_id),
            deal_tasks::kind.eq(kind.as_str()),
            deal_tasks::assignee_id.eq(&who),
            deal_tasks::rule.eq(&rule),
            deal_tasks::due_at.eq(due_at),
            deal_tasks::status.eq("open"),
            deal_tasks::created_at.eq(now),
            deal_tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    sla::start(
        conn,
        &ClockSpec {
            company_id: deal.company_id.clone(),
            entity_type: TASK_ENTITY.into(),
            entity_id: id.clone(),
            kind: kind.as_str().into(),
            rule,
            owner_id: who,
            warn_at,
            due_at,
            grace_until,
        },
    )?;
    Ok(id)
}

/// Cancels the deal's open tasks and stops their clocks (a withdrawal).
pub fn cancel_open(conn: &mut DbConn, deal_id: &str) -> QueryResult<usize> {
    let ids: Vec<String> = deal_tasks::table
        .filter(deal_tasks::deal_id.eq(deal_id))
        .filter(deal_tasks::status.eq("open"))
        .select(deal_tasks::id)
        .load(conn)?;
    for id in &ids {
        sla::close(conn, TASK_ENTITY, id)?;
    }
    diesel::update(deal_tasks::table.filter(deal_tasks::id.eq_any(&ids)))
        .set((
            deal_tasks::status.eq("cancelled"),
            deal_tasks::version.eq(deal_tasks::version + 1),
            deal_tasks::updated_at.eq(db::now()),
        ))
        .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_one_week_each_with_the_setting_named() {
        let s = DealFollowUp::default();
        assert_eq!(
            plan(&s, DealTaskKind::SpecialistContact),
            (168, "deal_follow_up.specialist_contact_hours=168".into())
        );
        let custom = DealFollowUp {
            satisfaction_revisit_hours: 48,
            ..s
        };
        assert_eq!(
            plan(&custom, DealTaskKind::SatisfactionRevisit).1,
            "deal_follow_up.satisfaction_revisit_hours=48"
        );
        let t0 = chrono::DateTime::from_timestamp(1_800_000_000, 0)
            .expect("t")
            .naive_utc();
        let (w, d, g) = times(&s, 168, t0);
        assert_eq!(
            (
                (w - t0).num_hours(),
                (d - t0).num_hours(),
                (g - t0).num_hours()
            ),
            (134, 168, 192)
        );
    }
}
