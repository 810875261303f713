//! Turning grouped counts into reports: rates, ranks, the fixed dimensions
//! (every source, every group) and the definition of what was counted.

use std::collections::HashMap;

use api_types::{
    BreachesByGrade, BreachesByOwner, Grade, GroupConversion, KpiRate, LeadSource, LostReason,
    LostReasonCount, SourceConversion, SourceGroup, TargetComparison,
};

use super::queries::{GradeCount, OwnerCount, ReasonCount, SourceCount};

/// DOMAIN §11: A-lead conversion target (at least).
pub const A_LEAD_CONVERSION_TARGET: f64 = 0.60;
/// DOMAIN §11: duplicate rate target (at most).
pub const DUPLICATE_RATE_TARGET: f64 = 0.05;

/// Which leads a lead report counts; shared by every definition.
pub const CAPTURED: &str = "leads captured in the period (leads.created_at in [from, to), UTC) \
    in the projects of `scope`, counted by their status and grade now";

/// `n / d` rounded to 4 decimal places; `None` when `d` is 0.
pub fn rate(n: i64, d: i64) -> Option<f64> {
    (d > 0).then(|| ((n as f64 / d as f64) * 10_000.0).round() / 10_000.0)
}

/// Every source in DOMAIN §2 order (zeros where there were no leads), and the groups.
pub fn conversions(rows: &[SourceCount]) -> (Vec<SourceConversion>, Vec<GroupConversion>) {
    let counts: HashMap<&str, (i64, i64)> = rows
        .iter()
        .map(|r| (r.source.as_str(), (r.leads, r.subscribed)))
        .collect();
    let sources: Vec<SourceConversion> = LeadSource::ALL
        .iter()
        .map(|&source| {
            let (leads, subscribed) = counts.get(source.as_str()).copied().unwrap_or((0, 0));
            SourceConversion {
                source,
                source_group: source.group(),
                leads,
                subscribed,
                conversion_rate: rate(subscribed, leads),
            }
        })
        .collect();
    let groups = SourceGroup::ALL
        .iter()
        .map(|&group| {
            let (leads, subscribed) = sources
                .iter()
                .filter(|s| s.source_group == group)
                .fold((0, 0), |(l, s), x| (l + x.leads, s + x.subscribed));
            GroupConversion {
                source_group: group,
                leads,
                subscribed,
                conversion_rate: rate(subscribed, leads),
            }
        })
        .collect();
    (sources, groups)
}

/// Lost reasons ranked by count (ties by name, sharing a rank); a missing or
/// unknown stored reason counts as `other`.
pub fn ranked_reasons(rows: &[ReasonCount]) -> (i64, Vec<LostReasonCount>) {
    let mut counts: HashMap<LostReason, i64> = HashMap::new();
    for r in rows {
        let reason = r
            .reason
            .as_deref()
            .and_then(LostReason::parse)
            .unwrap_or(LostReason::Other);
        *counts.entry(reason).or_default() += r.lost;
    }
    let total: i64 = counts.values().sum();
    let mut sorted: Vec<(LostReason, i64)> = counts.into_iter().collect();
    sorted.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.as_str().cmp(b.0.as_str())));
    let mut out: Vec<LostReasonCount> = Vec::with_capacity(sorted.len());
    for (i, (reason, lost)) in sorted.into_iter().enumerate() {
        let rank = match out.last() {
            Some(prev) if prev.lost == lost => prev.rank,
            _ => i as i64 + 1,
        };
        out.push(LostReasonCount {
            rank,
            reason,
            lost,
            share: rate(lost, total).unwrap_or(0.0),
        });
    }
    (total, out)
}

/// Breaches per grade, most first (ties: A, B, C, then ungraded).
pub fn by_grade(rows: Vec<GradeCount>) -> Vec<BreachesByGrade> {
    let mut out: Vec<BreachesByGrade> = rows
        .into_iter()
        .map(|r| BreachesByGrade {
            grade: r.grade.as_deref().and_then(Grade::parse),
            breaches: r.breaches,
        })
        .collect();
    // `None` sorts first in Rust; ungraded goes last.
    out.sort_by_key(|g| (-g.breaches, g.grade.is_none(), g.grade));
    out
}

/// Breaches per owner, most first (ties by owner id, the pool last).
pub fn by_owner(rows: Vec<OwnerCount>) -> Vec<BreachesByOwner> {
    let mut out: Vec<BreachesByOwner> = rows
        .into_iter()
        .map(|r| BreachesByOwner {
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            breaches: r.breaches,
        })
        .collect();
    out.sort_by(|a, b| {
        b.breaches
            .cmp(&a.breaches)
            .then(a.owner_id.is_none().cmp(&b.owner_id.is_none()))
            .then(a.owner_id.cmp(&b.owner_id))
    });
    out
}

/// A KPI rate against its target.
pub fn kpi(
    definition: &str,
    numerator: i64,
    denominator: i64,
    target: f64,
    target_comparison: TargetComparison,
) -> KpiRate {
    let rate = rate(numerator, denominator);
    KpiRate {
        definition: definition.to_string(),
        numerator,
        denominator,
        rate,
        target,
        target_comparison,
        meets_target: rate.map(|r| match target_comparison {
            TargetComparison::AtLeast => r >= target,
            TargetComparison::AtMost => r <= target,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reason(r: Option<&str>, lost: i64) -> ReasonCount {
        ReasonCount {
            reason: r.map(str::to_string),
            lost,
        }
    }

    #[test]
    fn rates_round_to_four_places_and_are_null_without_a_denominator() {
        assert_eq!(rate(2, 3), Some(0.6667));
        assert_eq!(rate(0, 5), Some(0.0));
        assert_eq!(rate(0, 0), None);
    }

    #[test]
    fn reasons_rank_with_ties_and_fold_unknown_into_other() {
        let rows = [
            reason(Some("location"), 1),
            reason(Some("price_objection"), 3),
            reason(Some("competitor"), 1),
            reason(None, 1),
            reason(Some("bogus"), 1),
        ];
        let (total, ranked) = ranked_reasons(&rows);
        assert_eq!(total, 7);
        let got: Vec<(i64, &str, i64)> = ranked
            .iter()
            .map(|r| (r.rank, r.reason.as_str(), r.lost))
            .collect();
        assert_eq!(
            got,
            vec![
                (1, "price_objection", 3),
                (2, "other", 2),
                (3, "competitor", 1),
                (3, "location", 1)
            ]
        );
    }

    #[test]
    fn a_rate_meets_its_target_in_the_right_direction() {
        let a = kpi(
            "",
            3,
            5,
            A_LEAD_CONVERSION_TARGET,
            TargetComparison::AtLeast,
        );
        assert_eq!((a.rate, a.meets_target), (Some(0.6), Some(true)));
        let d = kpi("", 1, 10, DUPLICATE_RATE_TARGET, TargetComparison::AtMost);
        assert_eq!((d.rate, d.meets_target), (Some(0.1), Some(false)));
        let none = kpi("", 0, 0, DUPLICATE_RATE_TARGET, TargetComparison::AtMost);
        assert_eq!(none.meets_target, None);
    }
}
