//! Instants from clients, checked once before they reach a query or a row.
//!
//! chrono reads years like `-5000` and `+10000`; PostgreSQL refuses some of
//! them and SQLite stores them as text that sorts wrongly (`+10000-…` before
//! `9999-…`), so a CHECK such as `ends_at > starts_at` fails on values the
//! handler had compared as fine. Every client instant therefore passes
//! through here: kept within 1970-01-01 … 9999-12-31 UTC (422 `range` on its
//! field otherwise) and, when written, truncated to microseconds *before* any
//! comparison, as both backends store it.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, Utc};

use super::truncate_micros;
use crate::error::ApiError;

/// Earliest and latest instant accepted from a client (both included).
pub fn accepted_range() -> (NaiveDateTime, NaiveDateTime) {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap_or_default();
    (
        day(1970, 1, 1).and_time(NaiveTime::MIN),
        day(9999, 12, 31)
            .and_hms_micro_opt(23, 59, 59, 999_999)
            .unwrap_or_default(),
    )
}

/// `t` if it lies in [`accepted_range`], else 422 `range` on `field`.
pub fn in_range(field: &str, t: NaiveDateTime) -> Result<NaiveDateTime, ApiError> {
    let (min, max) = accepted_range();
    if t < min || t > max {
        return Err(ApiError::invalid_field(
            field,
            "range",
            "must be between 1970-01-01 and 9999-12-31",
        ));
    }
    Ok(t)
}

/// A client instant to be stored: in range, in UTC, truncated to microseconds.
pub fn stored(field: &str, t: DateTime<Utc>) -> Result<NaiveDateTime, ApiError> {
    in_range(field, truncate_micros(t.naive_utc()))
}

/// An optional filter bound (`created_from`, `to`, …): like [`stored`], so
/// both backends compare it with the stored instants alike.
pub fn filter(field: &str, t: Option<DateTime<Utc>>) -> Result<Option<NaiveDateTime>, ApiError> {
    t.map(|t| stored(field, t)).transpose()
}

/// When something happened, as reported by staff (`occurred_at`): `now` when
/// absent; a stored instant no later than five minutes from `now` (clock skew).
pub fn happened(
    field: &str,
    t: Option<DateTime<Utc>>,
    now: NaiveDateTime,
) -> Result<NaiveDateTime, ApiError> {
    let Some(t) = t else {
        return Ok(now);
    };
    let t = stored(field, t)?;
    if t > now + Duration::minutes(5) {
        return Err(ApiError::invalid_field(
            field,
            "future",
            "must not be in the future",
        ));
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("instant")
    }

    #[test]
    fn years_beyond_what_both_databases_order_alike_are_refused() {
        for s in [
            "-5000-01-01T00:00:00Z",
            "+10000-01-01T00:00:00Z",
            "9999-12-31T22:00:00-05:00",
            "1969-12-31T23:59:59Z",
            "9999-12-31T23:59:59.999999-00:01",
        ] {
            let e = stored("starts_at", at(s)).expect_err(s);
            assert_eq!(e.errors[0].code, "range", "{s}");
        }
        assert!(stored("starts_at", at("2031-01-01T08:00:00+08:00")).is_ok());
        assert!(stored("ends_at", at("9999-12-31T23:59:59.999999Z")).is_ok());
        assert!(stored("ends_at", at("1970-01-01T00:00:00Z")).is_ok());
        assert_eq!(filter("to", None).expect("none"), None);
    }

    #[test]
    fn a_stored_instant_is_truncated_before_anyone_compares_it() {
        let a = stored("starts_at", at("2031-01-01T00:00:00.0000001Z")).expect("a");
        let b = stored("ends_at", at("2031-01-01T00:00:00.0000005Z")).expect("b");
        assert_eq!(a, b);
    }

    #[test]
    fn a_reported_time_may_be_absent_past_or_just_ahead_but_not_future() {
        let now = at("2026-12-06T12:00:00Z").naive_utc();
        assert_eq!(happened("occurred_at", None, now).expect("now"), now);
        assert!(happened("occurred_at", Some(at("2026-12-06T12:04:00Z")), now).is_ok());
        let e = happened("occurred_at", Some(at("2026-12-06T12:06:00Z")), now).expect_err("future");
        assert_eq!(e.errors[0].code, "future");
        let e = happened("occurred_at", Some(at("-5000-01-01T00:00:00Z")), now).expect_err("old");
        assert_eq!(e.errors[0].code, "range");
    }
}
