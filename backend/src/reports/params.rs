//! What a report covers: the query parameters and the filter resolved from
//! them and the caller (company, project, granted projects, period).

use api_types::{ReportPeriod, ReportScope};
use chrono::{Duration, NaiveDate, NaiveDateTime, NaiveTime};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{ProjectScope, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;

/// Length of the default period, ending now.
pub const DEFAULT_DAYS: i64 = 30;

/// Query of every lead report.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// Only this project; 404 `project_not_found` when it is not one the caller may see.
    /// Default: every project the caller may see.
    pub project_id: Option<String>,
    /// Start of the period, inclusive: an RFC 3339 date-time, or a date
    /// (`2026-11-01` = from 00:00 UTC). Default: `to` minus 30 days.
    #[param(example = "2026-11-01")]
    pub from: Option<String>,
    /// End of the period: an RFC 3339 date-time (exclusive), or a date
    /// (inclusive: `2026-11-30` = up to the end of that UTC day). Default: now.
    #[param(example = "2026-11-30")]
    pub to: Option<String>,
}

/// A resolved report filter; every query applies all of it in SQL.
#[derive(Debug, Clone)]
pub struct ReportFilter {
    /// The caller's company.
    pub company_id: String,
    /// Period start, inclusive (UTC).
    pub from: NaiveDateTime,
    /// Period end, exclusive (UTC).
    pub to: NaiveDateTime,
    /// Only this project.
    pub project_id: Option<String>,
    /// Only projects granted to this user (project-scoped roles).
    pub granted_to: Option<String>,
}

impl ReportFilter {
    /// Validates the query for the caller (422 on a bad period).
    pub fn new(
        staff: &Staff,
        q: ReportQuery,
        now: NaiveDateTime,
    ) -> Result<ReportFilter, ApiError> {
        let (from, to) = period(q.from.as_deref(), q.to.as_deref(), now)?;
        let granted_to = match staff.project_scope() {
            ProjectScope::All => None,
            ProjectScope::Granted(uid) => Some(uid),
        };
        Ok(ReportFilter {
            company_id: staff.company_id.clone(),
            from,
            to,
            project_id: q.project_id.filter(|p| !p.is_empty()),
            granted_to,
        })
    }

    /// 404 `project_not_found` unless the project is one the caller may see.
    pub fn check_project(&self, conn: &mut DbConn, staff: &Staff) -> Result<(), ApiError> {
        match &self.project_id {
            Some(id) => crate::projects::scope::project(conn, staff, id).map(|_| ()),
            None => Ok(()),
        }
    }

    /// Which projects the report counts.
    pub fn scope(&self) -> ReportScope {
        match (&self.project_id, &self.granted_to) {
            (Some(_), _) => ReportScope::Project,
            (None, Some(_)) => ReportScope::GrantedProjects,
            (None, None) => ReportScope::Company,
        }
    }

    /// The period, as echoed in the report.
    pub fn period(&self) -> ReportPeriod {
        ReportPeriod {
            from: db::utc(self.from),
            to: db::utc(self.to),
        }
    }
}

/// Parses one bound: a date-time as given, a date as 00:00 UTC of that day
/// (`end` = the day after, so that a date `to` includes its day).
fn instant(field: &str, value: &str, end: bool) -> Result<NaiveDateTime, ApiError> {
    let bad = || {
        ApiError::invalid_field(
            field,
            "invalid",
            "expected an RFC 3339 date-time (2026-11-01T00:00:00Z) or a date (2026-11-01)",
        )
    };
    let value = value.trim();
    let t = if let Ok(t) = chrono::DateTime::parse_from_rfc3339(value) {
        t.naive_utc()
    } else {
        let date = NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| bad())?;
        let date = if end {
            date.succ_opt().ok_or_else(bad)?
        } else {
            date
        };
        date.and_time(NaiveTime::MIN)
    };
    db::time::in_range(field, db::truncate_micros(t))
}

/// The half-open period `[from, to)`: defaults to the 30 days before `to`, `to` to now.
pub fn period(
    from: Option<&str>,
    to: Option<&str>,
    now: NaiveDateTime,
) -> Result<(NaiveDateTime, NaiveDateTime), ApiError> {
    let to = match to {
        Some(v) => instant("to", v, true)?,
        None => now,
    };
    let from = match from {
        Some(v) => instant("from", v, false)?,
        None => to - Duration::days(DEFAULT_DAYS),
    };
    if from >= to {
        return Err(ApiError::invalid_field(
            "from",
            "range",
            "must be before `to`",
        ));
    }
    Ok((from, to))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time")
    }

    #[test]
    fn the_default_period_is_the_last_30_days() {
        let now = at("2026-11-28 10:00:00");
        assert_eq!(
            period(None, None, now).expect("ok"),
            (at("2026-10-29 10:00:00"), now)
        );
    }

    #[test]
    fn a_date_to_includes_its_day_and_offsets_become_utc() {
        let now = at("2026-11-28 10:00:00");
        let (f, t) = period(Some("2026-11-01"), Some("2026-11-30"), now).expect("ok");
        assert_eq!(
            (f, t),
            (at("2026-11-01 00:00:00"), at("2026-12-01 00:00:00"))
        );
        let (f, _) = period(Some("2026-11-01T08:00:00+08:00"), None, now).expect("ok");
        assert_eq!(f, at("2026-11-01 00:00:00"));
    }

    #[test]
    fn bad_periods_are_refused() {
        let now = at("2026-11-28 10:00:00");
        assert!(period(Some("yesterday"), None, now).is_err());
        assert!(period(Some("2026-11-02"), Some("2026-11-01"), now).is_err());
        assert!(period(Some("1900-01-01"), None, now).is_err());
        assert!(period(None, Some("9999-12-31"), now).is_err());
    }
}
