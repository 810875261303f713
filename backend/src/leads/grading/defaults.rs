//! The default rule set: DOMAIN §2's grades as rules, plus scoring factors.
//!
//! The numbers are chosen so that the grades keep DOMAIN's meanings:
//!
//! * A (will buy within 1–3 months and can pay) needs
//!   `buys_within_3_months_and_can_pay`: without it the best possible score is
//!   20 + 10 + 10 + 10 + 5 = 55 < 60, so the factors never promote to A.
//! * B (plans to buy, no date yet): any stated timeframe scores 20 + 10 = 30.
//! * C (interested, no plan): 10. Good factors can lift it to B (two visits
//!   and a matching budget: 30); a budget far below the project's prices can
//!   drop a plain B to C and a plain A (70) to B (55).

use api_types::{
    AbilityToPay, GradeThresholds, GradingCondition, GradingRule, GradingRules, LeadSource,
    PurchaseTimeframe,
};

fn rule(id: &str, description: &str, condition: GradingCondition, points: i32) -> GradingRule {
    GradingRule {
        id: id.into(),
        description: description.into(),
        condition,
        points,
    }
}

/// DOMAIN §2's grading as the rule set every company starts with (version 0).
///
/// | rule | condition | points |
/// | --- | --- | --- |
/// | `buys_within_3_months_and_can_pay` | timeframe `within_3_months` and `can_pay` | +40 |
/// | `plans_to_buy` | any timeframe but `no_plan` | +20 |
/// | `interested` | always | +10 |
/// | `visited_twice` | visits ≥ 2 | +10 |
/// | `budget_matches_price` | budget / median price ≥ 0.9 | +10 |
/// | `budget_far_below_price` | budget / median price < 0.7 | −15 |
/// | `referral_or_walk_in` | source `owner_referral` or `walk_in` | +5 |
///
/// Thresholds: A ≥ 60, B ≥ 30, else C.
pub fn default_rules() -> GradingRules {
    use GradingCondition::*;
    use PurchaseTimeframe::*;
    GradingRules {
        rules: vec![
            rule(
                "buys_within_3_months_and_can_pay",
                "3个月内购房且有支付能力 (buys within 3 months and can pay)",
                All {
                    conditions: vec![
                        TimeframeIn {
                            timeframes: vec![Within3Months],
                        },
                        AbilityIs {
                            ability: AbilityToPay::CanPay,
                        },
                    ],
                },
                40,
            ),
            rule(
                "plans_to_buy",
                "有购房计划 (plans to buy: a timeframe, dated or not)",
                TimeframeIn {
                    timeframes: vec![Within3Months, Within6Months, Within12Months, Undated],
                },
                20,
            ),
            rule("interested", "有意向 (interested)", Always {}, 10),
            rule(
                "visited_twice",
                "到访两次及以上 (visited the sales office at least twice)",
                VisitsAtLeast { visits: 2 },
                10,
            ),
            rule(
                "budget_matches_price",
                "预算达到项目在售房源中位价的90% (budget ≥ 90% of the project's median price)",
                BudgetVsPrice {
                    min_ratio: Some(0.9),
                    max_ratio: None,
                },
                10,
            ),
            rule(
                "budget_far_below_price",
                "预算低于项目在售房源中位价的70% (budget < 70% of the project's median price)",
                BudgetVsPrice {
                    min_ratio: None,
                    max_ratio: Some(0.7),
                },
                -15,
            ),
            rule(
                "referral_or_walk_in",
                "老客户转介绍或展厅接待 (owner referral or showroom walk-in)",
                SourceIn {
                    sources: vec![LeadSource::OwnerReferral, LeadSource::WalkIn],
                },
                5,
            ),
        ],
        thresholds: GradeThresholds { a: 60, b: 30 },
    }
}
