//! Timestamps written into JSON as one string.
//!
//! chrono's own `Serialize` hands its RFC 3339 `Display` to
//! `Serializer::collect_str`, which serde_json escapes piece by piece, a
//! character at a time: for the lead list (three timestamps in each of 50
//! rows) that was about 5 % of the whole machine's CPU under load
//! (scripts/bench/RESULTS.md). These functions let chrono format the same text
//! (`to_rfc3339_opts(AutoSi, true)`, what its `Serialize` writes) into a
//! string first and write that once, so the JSON is byte for byte the same.
//! Deserialising stays chrono's.

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serializer;

/// `serialize_with` for a `DateTime<Utc>`.
pub fn serialize<S: Serializer>(t: &DateTime<Utc>, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&t.to_rfc3339_opts(SecondsFormat::AutoSi, true))
}

/// `serialize_with` for an `Option<DateTime<Utc>>` (`null` for `None`).
pub fn serialize_opt<S: Serializer>(
    t: &Option<DateTime<Utc>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => serialize(t, serializer),
        None => serializer.serialize_none(),
    }
}

#[cfg(test)]
mod tests {
    use chrono::{NaiveDate, TimeZone, Utc};
    use serde::Serialize;

    #[derive(Serialize)]
    struct Ours {
        #[serde(serialize_with = "super::serialize")]
        at: chrono::DateTime<Utc>,
        #[serde(serialize_with = "super::serialize_opt")]
        due: Option<chrono::DateTime<Utc>>,
    }

    #[derive(Serialize)]
    struct Chronos {
        at: chrono::DateTime<Utc>,
        due: Option<chrono::DateTime<Utc>>,
    }

    #[test]
    fn timestamps_serialise_exactly_as_chrono_writes_them() {
        let fractions = [
            0,
            1,
            7_000,
            120_000_000,
            749_096_000,
            999_999_999,
            5_000_123,
        ];
        for year in [1, 999, 1970, 2026, 9999] {
            for nanos in fractions {
                let at = NaiveDate::from_ymd_opt(year, 12, 6)
                    .and_then(|d| d.and_hms_nano_opt(23, 59, 58, nanos))
                    .map(|t| Utc.from_utc_datetime(&t))
                    .expect("a valid date");
                for due in [None, Some(at), Some(Utc::now())] {
                    let ours = serde_json::to_string(&Ours { at, due }).expect("serialises");
                    let chronos = serde_json::to_string(&Chronos { at, due }).expect("serialises");
                    assert_eq!(ours, chronos, "{nanos} ns in {year}");
                }
            }
        }
    }
}
