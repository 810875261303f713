//! Checks of a rule set before it is stored: every problem as a field error
//! naming its path (`rules[2].condition.min_ratio`), so the SPA can mark it.

use std::collections::HashSet;

use api_types::{FieldError, GradingCondition, GradingRules, MAX_GRADING_RULES};

use crate::error::size_error;

/// Deepest nesting of `all`/`any` conditions (the rule's own condition is depth 1).
pub const MAX_DEPTH: usize = 3;
/// Most inner conditions of one `all`/`any`.
pub const MAX_CONDITIONS: usize = 10;
/// Most timeframes, sources … listed in one condition.
pub const MAX_LIST: usize = 20;
/// Largest `min_ratio` / `max_ratio`.
pub const MAX_RATIO: f64 = 100.0;
/// Largest `|points|` of a rule.
pub const MAX_POINTS: i32 = 1000;
/// Largest `|threshold|`.
pub const MAX_THRESHOLD: i32 = 10_000;

struct Errors(Vec<FieldError>);

impl Errors {
    fn add(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        });
    }
}

/// Every problem of a rule set: at most 50 rules, ids well-formed and unique,
/// descriptions present, points and thresholds in range with `a > b`,
/// conditions well-formed (non-empty lists, sane ratio bounds, bounded nesting).
pub fn check(rules: &GradingRules) -> Result<(), Vec<FieldError>> {
    let mut e = Errors(Vec::new());
    let n = rules.rules.len();
    if n == 0 || n > MAX_GRADING_RULES {
        e.0.push(size_error(
            "rules",
            n == 0,
            format!("a rule set has 1 to {MAX_GRADING_RULES} rules, not {n}"),
        ));
    }
    let mut seen = HashSet::new();
    for (i, rule) in rules.rules.iter().enumerate() {
        let at = format!("rules[{i}]");
        if !valid_id(&rule.id) {
            e.add(
                format!("{at}.id"),
                "invalid_id",
                "1–64 lowercase letters, digits or `_`, starting with a letter",
            );
        } else if !seen.insert(rule.id.as_str()) {
            e.add(
                format!("{at}.id"),
                "duplicate",
                format!("another rule already has the id `{}`", rule.id),
            );
        }
        let len = rule.description.trim().chars().count();
        if len == 0 || rule.description.chars().count() > 200 {
            e.0.push(size_error(
                format!("{at}.description"),
                len == 0,
                "length must be between 1 and 200",
            ));
        }
        if rule.points.abs() > MAX_POINTS {
            e.add(
                format!("{at}.points"),
                "range",
                format!("must be between -{MAX_POINTS} and {MAX_POINTS}"),
            );
        }
        condition(&mut e, &format!("{at}.condition"), &rule.condition, 1);
    }
    let t = rules.thresholds;
    for (name, v) in [("a", t.a), ("b", t.b)] {
        if v.abs() > MAX_THRESHOLD {
            e.add(
                format!("thresholds.{name}"),
                "range",
                format!("must be between -{MAX_THRESHOLD} and {MAX_THRESHOLD}"),
            );
        }
    }
    if t.a <= t.b {
        e.add(
            "thresholds.a",
            "thresholds_order",
            format!("A's threshold ({}) must be above B's ({})", t.a, t.b),
        );
    }
    if e.0.is_empty() {
        Ok(())
    } else {
        Err(e.0)
    }
}

fn valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    id.len() <= 64
        && bytes.next().is_some_and(|b| b.is_ascii_lowercase())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

fn list_len(e: &mut Errors, field: String, len: usize, max: usize) {
    if len == 0 || len > max {
        e.0.push(size_error(
            field,
            len == 0,
            format!("list 1 to {max} items, not {len}"),
        ));
    }
}

fn condition(e: &mut Errors, at: &str, c: &GradingCondition, depth: usize) {
    use GradingCondition::*;
    match c {
        Always {} | AbilityIs { .. } => {}
        TimeframeIn { timeframes } => {
            list_len(e, format!("{at}.timeframes"), timeframes.len(), MAX_LIST)
        }
        SourceIn { sources } => list_len(e, format!("{at}.sources"), sources.len(), MAX_LIST),
        VisitsAtLeast { visits } => {
            if !(0..=1000).contains(visits) {
                e.add(
                    format!("{at}.visits"),
                    "range",
                    "must be between 0 and 1000",
                );
            }
        }
        BudgetVsPrice {
            min_ratio,
            max_ratio,
        } => ratios(e, at, *min_ratio, *max_ratio),
        All { conditions } | Any { conditions } => {
            let field = format!("{at}.conditions");
            if depth >= MAX_DEPTH {
                e.add(
                    field,
                    "too_deep",
                    format!("conditions nest at most {MAX_DEPTH} deep"),
                );
                return;
            }
            list_len(e, field.clone(), conditions.len(), MAX_CONDITIONS);
            for (i, inner) in conditions.iter().enumerate() {
                condition(e, &format!("{field}[{i}]"), inner, depth + 1);
            }
        }
    }
}

fn ratios(e: &mut Errors, at: &str, min: Option<f64>, max: Option<f64>) {
    if min.is_none() && max.is_none() {
        e.add(
            format!("{at}.min_ratio"),
            "required",
            "give min_ratio, max_ratio or both",
        );
        return;
    }
    let mut sane = true;
    for (name, v) in [("min_ratio", min), ("max_ratio", max)] {
        if let Some(v) = v {
            if !v.is_finite() || !(0.0..=MAX_RATIO).contains(&v) {
                sane = false;
                e.add(
                    format!("{at}.{name}"),
                    "range",
                    format!("must be between 0 and {MAX_RATIO}"),
                );
            }
        }
    }
    if let (true, Some(lo), Some(hi)) = (sane, min, max) {
        if lo >= hi {
            e.add(
                format!("{at}.max_ratio"),
                "ratio_order",
                format!("max_ratio ({hi}) must be above min_ratio ({lo})"),
            );
        }
    }
}
