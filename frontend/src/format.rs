//! Money, area and time as staff read and type them.
//!
//! Prices travel in fen (分, integer); staff type yuan (元) and read the grid in
//! 万元. Parsing is done on the decimal text, never through `f64`, so that
//! 1,234,567.89 元 is exactly 123,456,789 fen.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};

/// Fen per 万元.
const FEN_PER_WAN: i64 = 1_000_000;

/// A price in 万元 with two decimals, rounded half up: 325_500_000 fen → `325.50`.
pub fn fen_to_wan(fen: i64) -> String {
    hundredths(fen, FEN_PER_WAN / 100)
}

/// `fen` in units of `100 × per` fen, with two decimals, rounded half up
/// (integers only, so both languages round alike).
fn hundredths(fen: i64, per: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let h = (fen.unsigned_abs() + per.unsigned_abs() / 2) / per.unsigned_abs();
    format!("{sign}{}.{:02}", h / 100, h % 100)
}

/// An amount as staff read it: `¥3,255,000.50`, whole yuan without decimals
/// (`¥3,255,000`), thousands grouped; negative amounts as `-¥…`.
pub fn money(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let (yuan, cents) = (abs / 100, abs % 100);
    let digits = yuan.to_string();
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if cents == 0 {
        format!("{sign}¥{grouped}")
    } else {
        format!("{sign}¥{grouped}.{cents:02}")
    }
}

/// A price in short form, for grids and lists: `325.50万` in Chinese, and
/// in English, which has no 万, millions of yuan: `¥3.26M`.
pub fn price_short(lang: crate::i18n::Lang, fen: i64) -> String {
    match lang {
        crate::i18n::Lang::ZhCn => format!("{}万", fen_to_wan(fen)),
        crate::i18n::Lang::En => {
            // Millions of yuan: a hundredth is 10,000 yuan (1,000,000 fen).
            let m = hundredths(fen, 1_000_000);
            match m.strip_prefix('-') {
                Some(abs) => format!("-¥{abs}M"),
                None => format!("¥{m}M"),
            }
        }
    }
}

/// A unit's price as [`price_short`], or `—` when the API withheld it
/// (`null`: the roles that see no prices, DOMAIN §1).
pub fn unit_price_short(lang: crate::i18n::Lang, fen: Option<i64>) -> String {
    fen.map_or_else(|| "—".to_string(), |f| price_short(lang, f))
}

/// A unit's price as [`money`], or `—` when the API withheld it.
pub fn unit_money(fen: Option<i64>) -> String {
    fen.map_or_else(|| "—".to_string(), money)
}

/// A price in yuan for an input: 325_500_050 fen → `3255000.50`, whole yuan without decimals.
pub fn fen_to_yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    let abs = fen.unsigned_abs();
    let (yuan, cents) = (abs / 100, abs % 100);
    if cents == 0 {
        format!("{sign}{yuan}")
    } else {
        format!("{sign}{yuan}.{cents:02}")
    }
}

/// Parses a non-negative yuan amount (`3,255,000.5`, `3255000`) into fen.
///
/// At most two decimals; `None` for anything else.
pub fn parse_yuan(text: &str) -> Option<i64> {
    let cleaned: String = text
        .trim()
        .chars()
        .filter(|c| *c != ',' && *c != '，')
        .collect();
    if cleaned.is_empty() {
        return None;
    }
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !digits(frac) || frac.len() > 2 || (whole.is_empty() && frac.is_empty()) {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let cents: i64 = match frac.len() {
        0 => 0,
        1 => frac.parse::<i64>().ok()? * 10,
        _ => frac.parse().ok()?,
    };
    whole.checked_mul(100)?.checked_add(cents)
}

/// Parses a positive area in m² (`89.5`).
pub fn parse_area(text: &str) -> Option<f64> {
    let v: f64 = text.trim().parse().ok()?;
    (v.is_finite() && v > 0.0).then_some(v)
}

/// Parses a whole number (floors, counts).
pub fn parse_int(text: &str) -> Option<i32> {
    text.trim().parse().ok()
}

/// An area without needless zeros: `89.50` → `89.5`, `120.00` → `120`.
pub fn format_area(area: f64) -> String {
    let s = format!("{area:.2}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A timestamp in the browser's time zone, `2026-11-23 14:05`.
pub fn format_time(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// The hour of the day a date typed without a time stands for (a handover day starts at 9:00).
const DAY_STARTS_AT: u32 = 9;

/// Parses a `<input type="date">` value (`2026-12-20`) as 9:00 that day in the browser's time zone.
pub fn parse_local_date(text: &str) -> Option<DateTime<Utc>> {
    let day = NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok()?;
    local_to_utc(day.and_hms_opt(DAY_STARTS_AT, 0, 0)?)
}

/// Parses a `<input type="datetime-local">` value (`2026-12-20T09:30`) in the browser's time zone.
pub fn parse_local_datetime(text: &str) -> Option<DateTime<Utc>> {
    let text = text.trim();
    let at = NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
        .ok()?;
    local_to_utc(at)
}

fn local_to_utc(at: NaiveDateTime) -> Option<DateTime<Utc>> {
    Local
        .from_local_datetime(&at)
        .earliest()
        .map(|l| l.with_timezone(&Utc))
}

/// A timestamp as the value of a `<input type="date">` in the browser's time zone.
pub fn date_input(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Local).format("%Y-%m-%d").to_string()
}

/// A ratio as a percentage with one decimal (`0.875` → `87.5%`), `—` when there is none.
pub fn percent(rate: Option<f64>) -> String {
    match rate {
        Some(r) if r.is_finite() => format!("{:.1}%", r * 100.0),
        _ => "—".to_string(),
    }
}

/// A timestamp with seconds, for the audit trail.
pub fn format_time_precise(at: &DateTime<Utc>) -> String {
    at.with_timezone(&Local)
        .format("%Y-%m-%d %H:%M:%S")
        .to_string()
}

/// Whom a delivery record is about: `name · 138****0853`; empty without one.
pub fn owner_contact(contact: Option<&api_types::OwnerContact>) -> String {
    contact
        .map(|c| format!("{} · {}", c.owner_name, c.phone_masked))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yuan_parses_exactly_into_fen() {
        assert_eq!(parse_yuan("3255000"), Some(325_500_000));
        assert_eq!(parse_yuan("3,255,000.5"), Some(325_500_050));
        assert_eq!(parse_yuan("0.07"), Some(7));
        assert_eq!(parse_yuan(" 12.30 "), Some(1230));
        assert_eq!(parse_yuan(".5"), Some(50));
    }

    #[test]
    fn yuan_rejects_garbage() {
        for bad in ["", "abc", "1.234", "-5", "1.2.3", "."] {
            assert_eq!(parse_yuan(bad), None, "{bad}");
        }
    }

    #[test]
    fn fen_round_trips_through_yuan_text() {
        for fen in [0, 7, 1230, 325_500_000, 325_500_050] {
            assert_eq!(parse_yuan(&fen_to_yuan(fen)), Some(fen));
        }
    }

    #[test]
    fn money_groups_thousands_and_keeps_cents_only_when_there_are_some() {
        assert_eq!(money(325_500_050), "¥3,255,000.50");
        assert_eq!(money(325_500_000), "¥3,255,000");
        assert_eq!(money(99_900), "¥999");
        assert_eq!(money(100_000), "¥1,000");
        assert_eq!(money(0), "¥0");
        assert_eq!(money(-12_345_600), "-¥123,456");
    }

    #[test]
    fn a_short_price_reads_wan_in_chinese_and_millions_in_english() {
        use crate::i18n::Lang;
        assert_eq!(price_short(Lang::ZhCn, 420_000_000), "420.00万");
        assert_eq!(price_short(Lang::En, 420_000_000), "¥4.20M");
        assert_eq!(price_short(Lang::En, 325_500_000), "¥3.26M");
        // Both languages round half up on integers: 325.505万 is 325.51万.
        assert_eq!(price_short(Lang::ZhCn, 325_505_000), "325.51万");
        assert_eq!(price_short(Lang::En, -325_500_000), "-¥3.26M");
    }

    #[test]
    fn wan_has_two_decimals() {
        assert_eq!(fen_to_wan(325_500_000), "325.50");
        assert_eq!(fen_to_wan(0), "0.00");
    }

    #[test]
    fn area_is_trimmed() {
        assert_eq!(format_area(89.5), "89.5");
        assert_eq!(format_area(120.0), "120");
        assert_eq!(parse_area("0"), None);
        assert_eq!(parse_area("89.5"), Some(89.5));
    }
    #[test]
    fn a_typed_date_is_nine_in_the_morning_local_and_round_trips() {
        let at = parse_local_date("2026-12-20").expect("a date");
        assert_eq!(date_input(&at), "2026-12-20");
        assert_eq!(
            at.with_timezone(&Local).format("%H:%M").to_string(),
            "09:00"
        );
        assert_eq!(parse_local_date("20/12/2026"), None);
        assert_eq!(parse_local_date(""), None);
    }

    #[test]
    fn a_typed_datetime_keeps_its_local_time() {
        let at = parse_local_datetime("2026-12-20T14:30").expect("a time");
        assert_eq!(format_time(&at), "2026-12-20 14:30");
        assert_eq!(parse_local_datetime("2026-12-20"), None);
    }

    #[test]
    fn rates_read_as_percentages() {
        assert_eq!(percent(Some(0.875)), "87.5%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(None), "—");
    }
}
