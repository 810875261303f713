//! DOMAIN §6's numbers as settings, and the pure functions that turn them into
//! dates: the batch timeline, a defect's deadlines, the visits. Every date
//! carries the rule text naming the setting that decided it.

use api_types::{
    DeliveryChecklists, DeliveryRules, DeliveryTaskKind, InspectionKind, VisitKind, VisitMode,
};
use chrono::{Duration, Months, NaiveDateTime};

use crate::settings::Setting;

impl Setting for DeliveryRules {
    const KEY: &'static str = "delivery_rules";

    fn defaults() -> DeliveryRules {
        DeliveryRules::default()
    }

    fn check(&self) -> Result<(), Vec<api_types::FieldError>> {
        super::settings_handlers::check_rules(self)
    }
}

impl Setting for DeliveryChecklists {
    const KEY: &'static str = "delivery_checklists";

    fn defaults() -> DeliveryChecklists {
        DeliveryChecklists::default()
    }

    fn check(&self) -> Result<(), Vec<api_types::FieldError>> {
        super::settings_handlers::check_checklists(self)
    }
}

/// The checklist template of an inspection kind.
pub fn template(c: &DeliveryChecklists, kind: InspectionKind) -> &[api_types::ChecklistRoom] {
    match kind {
        InspectionKind::RiskCheck => &c.risk_check,
        InspectionKind::PreInspection => &c.pre_inspection,
        InspectionKind::Handover => &c.handover,
        InspectionKind::OneYear => &c.one_year,
    }
}

/// When a timeline step is due, and the rule that says so.
pub fn task_due(
    r: &DeliveryRules,
    kind: DeliveryTaskKind,
    handover_at: NaiveDateTime,
) -> (NaiveDateTime, String) {
    let (key, days) = match kind {
        DeliveryTaskKind::RiskCheck => ("risk_check_days_before", r.risk_check_days_before),
        DeliveryTaskKind::PreInspection => {
            ("pre_inspection_days_before", r.pre_inspection_days_before)
        }
        DeliveryTaskKind::HandoverNotice => {
            ("handover_notice_days_before", r.handover_notice_days_before)
        }
        DeliveryTaskKind::HandoverDay => return (handover_at, "delivery_batch.handover_at".into()),
    };
    (
        handover_at - Duration::days(i64::from(days)),
        format!("delivery_rules.{key}={days}"),
    )
}

/// A defect's deadlines: the solution (handover-day defects only) and the fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DefectDeadlines {
    /// A solution is due by then.
    pub solution_due_at: Option<NaiveDateTime>,
    /// The fix is due by then.
    pub fix_due_at: NaiveDateTime,
    /// The settings that decided.
    pub rule: String,
}

/// The end of the local calendar day of `t` (midnight after it), in UTC.
pub fn end_of_local_day(t: NaiveDateTime, utc_offset_minutes: i32) -> NaiveDateTime {
    let offset = Duration::minutes(i64::from(utc_offset_minutes));
    let local = t + offset;
    let next = local.date().succ_opt().unwrap_or(local.date());
    next.and_hms_opt(0, 0, 0).unwrap_or(local) - offset
}

/// The start of the local calendar day of `t` (its midnight), in UTC.
pub fn start_of_local_day(t: NaiveDateTime, utc_offset_minutes: i32) -> NaiveDateTime {
    end_of_local_day(t, utc_offset_minutes) - Duration::days(1)
}

/// Deadlines of a defect found in `phase` at `raised_at` (DOMAIN §6: a
/// handover-day defect gets a solution the same day and a fix within 7 days).
pub fn defect_deadlines(
    r: &DeliveryRules,
    phase: InspectionKind,
    raised_at: NaiveDateTime,
) -> DefectDeadlines {
    if phase == InspectionKind::Handover {
        let (solution, srule) = if r.solution_same_day {
            (
                end_of_local_day(raised_at, r.utc_offset_minutes),
                format!(
                    "delivery_rules.solution_same_day=true (utc_offset_minutes={})",
                    r.utc_offset_minutes
                ),
            )
        } else {
            (
                raised_at + Duration::hours(i64::from(r.solution_hours)),
                format!("delivery_rules.solution_hours={}", r.solution_hours),
            )
        };
        return DefectDeadlines {
            solution_due_at: Some(solution),
            fix_due_at: raised_at + Duration::days(i64::from(r.handover_fix_days)),
            rule: format!(
                "{srule}; delivery_rules.handover_fix_days={}",
                r.handover_fix_days
            ),
        };
    }
    DefectDeadlines {
        solution_due_at: None,
        fix_due_at: raised_at + Duration::days(i64::from(r.other_fix_days)),
        rule: format!("delivery_rules.other_fix_days={}", r.other_fix_days),
    }
}

/// Warning and end of grace of a clock running from `start` to `due`.
pub fn clock_times(
    r: &DeliveryRules,
    start: NaiveDateTime,
    due: NaiveDateTime,
) -> (NaiveDateTime, NaiveDateTime) {
    let interval = (due - start).max(Duration::zero());
    let warn = due - interval * r.warn_before_percent.clamp(0, 100) / 100;
    (warn, due + Duration::hours(i64::from(r.grace_hours.max(0))))
}

/// A visit's mode, due date, notice date and rule, from the handover date.
pub fn visit_plan(
    r: &DeliveryRules,
    kind: VisitKind,
    handed_over_at: NaiveDateTime,
) -> (VisitMode, NaiveDateTime, NaiveDateTime, String) {
    let (key, months, mode) = match kind {
        VisitKind::ThreeMonth => (
            "three_month_visit_months",
            r.three_month_visit_months,
            VisitMode::HomeOrPhone,
        ),
        VisitKind::OneYear => (
            "one_year_visit_months",
            r.one_year_visit_months,
            VisitMode::Home,
        ),
    };
    let due = handed_over_at
        .checked_add_months(Months::new(months.max(1) as u32))
        .unwrap_or(handed_over_at);
    let notice = due - Duration::days(i64::from(r.visit_notice_days));
    (
        mode,
        due,
        notice,
        format!(
            "delivery_rules.{key}={months}; delivery_rules.visit_notice_days={}",
            r.visit_notice_days
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").expect("time")
    }

    #[test]
    fn the_timeline_is_three_months_one_month_and_five_days_before_handover() {
        let r = DeliveryRules::default();
        let h = at("2027-06-30 01:00");
        assert_eq!(
            task_due(&r, DeliveryTaskKind::RiskCheck, h),
            (
                at("2027-04-01 01:00"),
                "delivery_rules.risk_check_days_before=90".into()
            )
        );
        assert_eq!(
            task_due(&r, DeliveryTaskKind::PreInspection, h).0,
            at("2027-05-31 01:00")
        );
        assert_eq!(
            task_due(&r, DeliveryTaskKind::HandoverNotice, h).0,
            at("2027-06-25 01:00")
        );
        assert_eq!(task_due(&r, DeliveryTaskKind::HandoverDay, h).0, h);
    }

    #[test]
    fn a_handover_day_defect_gets_a_solution_by_local_midnight_and_a_fix_within_seven_days() {
        let r = DeliveryRules::default();
        // 10:00 in Beijing is 02:00 UTC; local midnight is 16:00 UTC.
        let d = defect_deadlines(&r, InspectionKind::Handover, at("2027-06-30 02:00"));
        assert_eq!(d.solution_due_at, Some(at("2027-06-30 16:00")));
        assert_eq!(d.fix_due_at, at("2027-07-07 02:00"));
        assert!(d.rule.contains("handover_fix_days=7"), "{}", d.rule);
        // 23:30 in Beijing (15:30 UTC) still has until midnight.
        let late = defect_deadlines(&r, InspectionKind::Handover, at("2027-06-30 15:30"));
        assert_eq!(late.solution_due_at, Some(at("2027-06-30 16:00")));
        let pre = defect_deadlines(&r, InspectionKind::PreInspection, at("2027-05-31 02:00"));
        assert_eq!(pre.solution_due_at, None);
        assert_eq!(pre.fix_due_at, at("2027-06-30 02:00"));
        assert_eq!(pre.rule, "delivery_rules.other_fix_days=30");
    }

    #[test]
    fn visits_fall_three_and_twelve_months_after_handover_with_a_week_of_notice() {
        let r = DeliveryRules::default();
        let h = at("2027-06-30 02:00");
        let (mode, due, notice, rule) = visit_plan(&r, VisitKind::ThreeMonth, h);
        assert_eq!(
            (mode, due, notice),
            (
                VisitMode::HomeOrPhone,
                at("2027-09-30 02:00"),
                at("2027-09-23 02:00")
            )
        );
        assert!(rule.starts_with("delivery_rules.three_month_visit_months=3"));
        let (mode, due, _, _) = visit_plan(&r, VisitKind::OneYear, h);
        assert_eq!((mode, due), (VisitMode::Home, at("2028-06-30 02:00")));
    }
}
