//! Cell values as staff type them: budgets in yuan or 万, enum labels in
//! Chinese, layouts separated by `、`, visit counts like `2次`.

/// A budget in yuan (or 万元 when the header says so) as fen.
///
/// Accepts `4500000`, `4,500,000`, `¥4500000元`, `450万`, `450.5万元`,
/// `1.2亿`; an empty cell is `None`. Fractions of a fen and negative numbers
/// are refused.
pub fn budget_fen(cell: &str, in_wan: bool) -> Result<Option<i64>, String> {
    let s: String = cell
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, ',' | '，' | '¥' | '￥'))
        .collect();
    if s.is_empty() {
        return Ok(None);
    }
    let s = s.strip_suffix('元').unwrap_or(&s);
    let (number, yuan_per_unit): (&str, i128) = if let Some(n) = s.strip_suffix('亿') {
        (n, 100_000_000)
    } else if let Some(n) = s.strip_suffix('万') {
        (n, 10_000)
    } else if in_wan {
        (s, 10_000)
    } else {
        (s, 1)
    };
    let bad = || format!("{cell:?} is not an amount in yuan (e.g. 4500000 or 450万)");
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && frac.is_empty())
        || !int.bytes().all(|b| b.is_ascii_digit())
        || !frac.bytes().all(|b| b.is_ascii_digit())
        || int.len() + frac.len() > 20
    {
        return Err(bad());
    }
    let digits: i128 = format!("{int}{frac}").parse().map_err(|_| bad())?;
    let scale = 10i128.pow(frac.len() as u32);
    let fen_times_scale = digits * yuan_per_unit * 100;
    if fen_times_scale % scale != 0 {
        return Err(format!("{cell:?} has fractions of a fen"));
    }
    i64::try_from(fen_times_scale / scale)
        .map(Some)
        .map_err(|_| format!("{cell:?} is too large"))
}

/// A value of a wire enum, by its API name (any case) or its Chinese label
/// (ignoring spaces and punctuation, so `有计划，未定时间` matches `有计划未定时间`).
pub fn choice<T: Copy>(
    cell: &str,
    all: &[T],
    api: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
) -> Option<T> {
    let want = loose(cell);
    all.iter()
        .copied()
        .find(|&v| api(v).eq_ignore_ascii_case(cell.trim()) || loose(zh(v)) == want)
}

fn loose(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric() || ('\u{4e00}'..='\u{9fff}').contains(c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// The accepted values of an enum column, for error messages.
pub fn accepted<T: Copy>(
    all: &[T],
    api: fn(T) -> &'static str,
    zh: fn(T) -> &'static str,
) -> String {
    let names: Vec<String> = all
        .iter()
        .map(|&v| format!("{}/{}", api(v), zh(v)))
        .collect();
    names.join(", ")
}

/// Layouts separated by `、`, `,`, `，`, `;` or `；`, without empty entries.
pub fn layouts(cell: &str) -> Vec<String> {
    cell.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// A visit count (`2` or `2次`); empty is 0.
pub fn visits(cell: &str) -> Result<i32, String> {
    let s = cell.trim();
    let s = s.strip_suffix('次').unwrap_or(s).trim();
    if s.is_empty() {
        return Ok(0);
    }
    s.parse::<i32>()
        .ok()
        .filter(|v| *v >= 0)
        .ok_or_else(|| format!("{cell:?} is not a number of visits"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{LeadSource, PurchaseTimeframe};

    #[test]
    fn budgets_in_yuan_wan_and_yi_become_fen() {
        // 450万 yuan = 4,500,000 yuan = 450,000,000 fen.
        assert_eq!(budget_fen("450万", false), Ok(Some(450_000_000)));
        assert_eq!(budget_fen("450 万元", false), Ok(Some(450_000_000)));
        assert_eq!(budget_fen("4,500,000", false), Ok(Some(450_000_000)));
        assert_eq!(budget_fen("¥4500000元", false), Ok(Some(450_000_000)));
        assert_eq!(budget_fen("450.5万", false), Ok(Some(450_500_000)));
        assert_eq!(budget_fen("1.2亿", false), Ok(Some(12_000_000_000)));
        assert_eq!(budget_fen("1999.99", false), Ok(Some(199_999)));
        assert_eq!(budget_fen("450", true), Ok(Some(450_000_000)));
        assert_eq!(budget_fen("  ", false), Ok(None));
        assert!(budget_fen("1.234", false).is_err(), "fractions of a fen");
        assert!(budget_fen("-5", false).is_err());
        assert!(budget_fen("四百万", false).is_err());
        assert!(budget_fen("万", false).is_err());
        assert!(budget_fen("99999999999999999999亿", false).is_err());
    }

    #[test]
    fn enum_cells_accept_api_names_and_chinese_labels() {
        let src = |s| choice(s, LeadSource::ALL, LeadSource::as_str, LeadSource::label_zh);
        assert_eq!(src("walk_in"), Some(LeadSource::WalkIn));
        assert_eq!(src("Walk_In"), Some(LeadSource::WalkIn));
        assert_eq!(src("展厅接待"), Some(LeadSource::WalkIn));
        assert_eq!(src("老客户转介绍"), Some(LeadSource::OwnerReferral));
        assert_eq!(src("报纸"), None);
        let tf = choice(
            "有计划，未定时间",
            PurchaseTimeframe::ALL,
            PurchaseTimeframe::as_str,
            PurchaseTimeframe::label_zh,
        );
        assert_eq!(tf, Some(PurchaseTimeframe::Undated));
    }

    #[test]
    fn layouts_and_visits_are_read_loosely() {
        assert_eq!(
            layouts("3室2厅、4室2厅, 复式，"),
            ["3室2厅", "4室2厅", "复式"]
        );
        assert!(layouts("").is_empty());
        assert_eq!(visits("2次"), Ok(2));
        assert_eq!(visits(""), Ok(0));
        assert!(visits("-1").is_err());
        assert!(visits("两次").is_err());
    }
}
