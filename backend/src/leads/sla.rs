//! The lead clock (DOMAIN §2): first-contact deadlines and follow-up cadences
//! by grade, all from the company's `lead_sla` setting ([`LeadSla`]).
//!
//! | grade | never contacted | contacted |
//! | --- | --- | --- |
//! | A | `a_first_contact_hours` (24 h) | `a_follow_up_hours` (daily) |
//! | B | `b_first_contact_hours` (3 days) | `b_follow_up_hours` (weekly) for `b_follow_up_period_days` (30) after capture, then C's |
//! | C | no first-contact deadline: `c_follow_up_hours` | `c_follow_up_hours` (monthly) |
//!
//! A clock is due that long after the event that (re)started it: capture,
//! grading, assignment or a follow-up ([`restart`]'s `now`). It warns when
//! `warn_before_percent` of the interval remains and expires `grace_hours`
//! after the deadline. What happens then is [`super::sla_subject`]'s.

use api_types::{Grade, LeadSla};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::model::LeadRow;
use super::queries::ENTITY;
use crate::db::DbConn;
use crate::schema::leads;
use crate::settings::Setting;
use crate::sla::{self, ClockSpec};

pub use super::sla_subject::LeadSubject;

impl Setting for LeadSla {
    const KEY: &'static str = "lead_sla";

    fn defaults() -> LeadSla {
        LeadSla::default()
    }
}

/// Clock kind: the first contact is due.
pub const FIRST_CONTACT: &str = "first_contact";
/// Clock kind: the next follow-up is due.
pub const FOLLOW_UP: &str = "follow_up";

/// What a lead's clock should be, before it is placed in time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    /// [`FIRST_CONTACT`] or [`FOLLOW_UP`].
    pub kind: &'static str,
    /// The setting that decided, e.g. `lead_sla.a_first_contact_hours=24`.
    pub rule: String,
    /// Time from the start to the deadline.
    pub interval: Duration,
}

/// The clock for a lead of `grade`, `contacted` or not, `age` after its capture.
pub fn plan(s: &LeadSla, grade: Grade, contacted: bool, age: Duration) -> Plan {
    let hours = |kind, key: &str, h: i32, why: &str| Plan {
        kind,
        rule: format!("lead_sla.{key}={h}{why}"),
        interval: Duration::hours(i64::from(h)),
    };
    let c = |why: &str| hours(FOLLOW_UP, "c_follow_up_hours", s.c_follow_up_hours, why);
    match (grade, contacted) {
        (Grade::A, false) => hours(
            FIRST_CONTACT,
            "a_first_contact_hours",
            s.a_first_contact_hours,
            "",
        ),
        (Grade::B, false) => hours(
            FIRST_CONTACT,
            "b_first_contact_hours",
            s.b_first_contact_hours,
            "",
        ),
        (Grade::C, false) => c(" (grade C has no first-contact deadline)"),
        (Grade::A, true) => hours(FOLLOW_UP, "a_follow_up_hours", s.a_follow_up_hours, ""),
        (Grade::B, true) => {
            let period = s.b_follow_up_period_days;
            if age >= Duration::days(i64::from(period)) {
                c(&format!(
                    " (grade B after lead_sla.b_follow_up_period_days={period})"
                ))
            } else {
                hours(FOLLOW_UP, "b_follow_up_hours", s.b_follow_up_hours, "")
            }
        }
        (Grade::C, true) => c(""),
    }
}

impl Plan {
    /// Places the plan in time: started at `start`, warning at
    /// `100 − warn_before_percent` % of the interval, grace after the deadline.
    pub fn times(
        &self,
        s: &LeadSla,
        start: NaiveDateTime,
    ) -> (NaiveDateTime, NaiveDateTime, NaiveDateTime) {
        let due = start + self.interval;
        let warn_before = self.interval * s.warn_before_percent.clamp(0, 100) / 100;
        (
            due - warn_before,
            due,
            due + Duration::hours(i64::from(s.grace_hours.max(0))),
        )
    }
}

/// The clock spec of a lead at `now`, or `None` when it needs none (closed
/// lead: subscribed or lost; or not graded yet).
pub fn spec(s: &LeadSla, lead: &LeadRow, now: NaiveDateTime, contacted: bool) -> Option<ClockSpec> {
    let grade = lead.grade().filter(|_| lead.is_open())?;
    let plan = plan(s, grade, contacted, now - lead.created_at);
    let (warn_at, due_at, grace_until) = plan.times(s, now);
    Some(ClockSpec {
        company_id: lead.company_id.clone(),
        entity_type: ENTITY.into(),
        entity_id: lead.id.clone(),
        kind: plan.kind.into(),
        rule: plan.rule,
        owner_id: lead.owner_id.clone(),
        warn_at,
        due_at,
        grace_until,
    })
}

/// (Re)starts the lead's clock from `now` — call after capture, grading,
/// assignment and every follow-up (`contacted`: the lead has had at least one
/// follow-up). Closes the clock and returns `None` when the lead needs none.
///
/// This module is the one writer of `leads.next_due_at` and `leads.sla_state`:
/// they always equal the deadline and the state of the lead's open clock
/// (`NULL` without one), so lists filter and order by them from an index,
/// without reading the clocks ([`start`], [`close`], [`plan_new`], and
/// [`set_states`] for the sweep's transitions).
pub fn restart(
    conn: &mut DbConn,
    settings: &LeadSla,
    lead: &LeadRow,
    now: NaiveDateTime,
    contacted: bool,
) -> diesel::QueryResult<Option<ClockSpec>> {
    match spec(settings, lead, now, contacted) {
        Some(spec) => {
            start(conn, &spec)?;
            Ok(Some(spec))
        }
        None => {
            close(conn, &lead.id)?;
            Ok(None)
        }
    }
}

/// Starts (replacing) a lead's clock and records its deadline on the lead.
fn start(conn: &mut DbConn, spec: &ClockSpec) -> diesel::QueryResult<()> {
    sla::start(conn, spec)?;
    mirror(conn, &spec.entity_id, Some((spec.due_at, sla::ON_TIME)))
}

/// Stops the lead's clock (converted, lost, merged away, or no longer graded).
pub fn close(conn: &mut DbConn, lead_id: &str) -> diesel::QueryResult<()> {
    sla::close(conn, ENTITY, lead_id)?;
    mirror(conn, lead_id, None)
}

/// Records the open clock's deadline and state on the lead (`None`: no clock).
fn mirror(
    conn: &mut DbConn,
    lead_id: &str,
    clock: Option<(NaiveDateTime, &str)>,
) -> diesel::QueryResult<()> {
    diesel::update(leads::table.find(lead_id))
        .set((
            leads::next_due_at.eq(clock.map(|c| c.0)),
            leads::sla_state.eq(clock.map(|c| c.1)),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records the state the sweep moved these leads' open clocks to
/// ([`super::sla_subject`], in the sweep's transaction).
pub(super) fn set_states(
    conn: &mut DbConn,
    lead_ids: &[String],
    state: &str,
) -> diesel::QueryResult<()> {
    for chunk in lead_ids.chunks(500) {
        diesel::update(leads::table.filter(leads::id.eq_any(chunk)))
            .set(leads::sla_state.eq(state))
            .execute(conn)?;
    }
    Ok(())
}

/// The clock of a new lead not inserted yet (the import's set-based path),
/// at `now`: the row's `next_due_at` and `sla_state` are set, so the lead is
/// inserted with it; start the returned clocks with [`start_new`] after the
/// leads are in.
pub fn plan_new(s: &LeadSla, lead: &mut LeadRow, now: NaiveDateTime) -> Option<ClockSpec> {
    let spec = spec(s, lead, now, false);
    lead.next_due_at = spec.as_ref().map(|c| c.due_at);
    lead.sla_state = spec.as_ref().map(|_| sla::ON_TIME.to_string());
    spec
}

/// Starts the clocks [`plan_new`] planned, in few statements.
pub fn start_new(conn: &mut DbConn, specs: &[ClockSpec]) -> diesel::QueryResult<()> {
    sla::start_new(conn, specs)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(h: i64) -> NaiveDateTime {
        chrono::DateTime::from_timestamp(1_800_000_000 + h * 3600, 0)
            .expect("time")
            .naive_utc()
    }

    /// The plan and its warning, deadline and grace end in whole hours after the start (floored).
    fn placed(s: &LeadSla, grade: Grade, contacted: bool, age_days: i64) -> (Plan, [i64; 3]) {
        let p = plan(s, grade, contacted, Duration::days(age_days));
        let (w, d, g) = p.times(s, at(0));
        let hours = |t: NaiveDateTime| (t - at(0)).num_hours();
        (p, [hours(w), hours(d), hours(g)])
    }

    #[test]
    fn first_contact_deadlines_follow_the_grade() {
        let s = LeadSla::default();
        let (p, t) = placed(&s, Grade::A, false, 0);
        assert_eq!(
            (p.kind, p.rule.as_str()),
            (FIRST_CONTACT, "lead_sla.a_first_contact_hours=24")
        );
        assert_eq!(t[1..], [24, 48]);
        let (p, t) = placed(&s, Grade::B, false, 0);
        assert_eq!(
            (p.kind, p.rule.as_str()),
            (FIRST_CONTACT, "lead_sla.b_first_contact_hours=72")
        );
        assert_eq!(t, [57, 72, 96], "warned at 80 % of 72 h");
    }

    #[test]
    fn grade_c_has_no_first_contact_deadline_but_a_monthly_cadence() {
        let s = LeadSla::default();
        let (p, t) = placed(&s, Grade::C, false, 0);
        assert_eq!(p.kind, FOLLOW_UP);
        assert_eq!(
            p.rule,
            "lead_sla.c_follow_up_hours=720 (grade C has no first-contact deadline)"
        );
        assert_eq!(t, [576, 720, 744]);
        let (p, _) = placed(&s, Grade::C, true, 0);
        assert_eq!(p.rule, "lead_sla.c_follow_up_hours=720");
    }

    #[test]
    fn follow_up_cadences_a_daily_b_weekly() {
        let s = LeadSla::default();
        let (p, t) = placed(&s, Grade::A, true, 3);
        assert_eq!(
            (p.kind, p.rule.as_str()),
            (FOLLOW_UP, "lead_sla.a_follow_up_hours=24")
        );
        assert_eq!(t[1], 24);
        let (p, t) = placed(&s, Grade::B, true, 29);
        assert_eq!(p.rule, "lead_sla.b_follow_up_hours=168");
        assert_eq!(t[1], 168);
    }

    #[test]
    fn b_leads_drop_to_the_c_cadence_after_a_month() {
        let s = LeadSla::default();
        let (p, t) = placed(&s, Grade::B, true, 30);
        assert_eq!(
            p.rule,
            "lead_sla.c_follow_up_hours=720 (grade B after lead_sla.b_follow_up_period_days=30)"
        );
        assert_eq!(t[1], 720);
        // Never contacted, a B lead keeps its first-contact deadline whatever its age.
        assert_eq!(placed(&s, Grade::B, false, 90).0.kind, FIRST_CONTACT);
    }

    #[test]
    fn settings_change_the_numbers_and_the_rule_text() {
        let s = LeadSla {
            a_first_contact_hours: 4,
            b_follow_up_hours: 48,
            b_follow_up_period_days: 10,
            warn_before_percent: 50,
            grace_hours: 0,
            ..LeadSla::default()
        };
        let (p, t) = placed(&s, Grade::A, false, 0);
        assert_eq!(p.rule, "lead_sla.a_first_contact_hours=4");
        assert_eq!(t, [2, 4, 4], "warned half-way, no grace");
        assert_eq!(
            placed(&s, Grade::B, true, 9).0.rule,
            "lead_sla.b_follow_up_hours=48"
        );
        assert!(placed(&s, Grade::B, true, 10)
            .0
            .rule
            .contains("b_follow_up_period_days=10"));
        let none = LeadSla {
            warn_before_percent: 0,
            ..s
        };
        let (_, t) = placed(&none, Grade::A, false, 0);
        assert_eq!(t[0], t[1], "0 % disables the warning");
    }
}
