//! The grading engine against DOMAIN §2.

use api_types::{
    AbilityToPay::*, Grade, GradeThresholds, GradingCondition, LeadSource, PurchaseTimeframe::*,
};

use super::*;

const PRICE: i64 = 300_000_000; // ¥3,000,000 in fen

fn facts(timeframe: Option<PurchaseTimeframe>, ability: Option<AbilityToPay>) -> LeadFacts {
    LeadFacts {
        timeframe,
        ability,
        source: Some(LeadSource::Wechat),
        ..LeadFacts::default()
    }
}

fn grade(f: &LeadFacts) -> Evaluation {
    evaluate(&default_rules(), f)
}

fn fired(e: &Evaluation) -> Vec<&str> {
    e.outcomes
        .iter()
        .filter(|o| o.fired)
        .map(|o| o.rule.as_str())
        .collect()
}

#[test]
fn buys_within_3_months_and_can_pay_is_a() {
    let e = grade(&facts(Some(Within3Months), Some(CanPay)));
    assert_eq!((e.grade, e.score), (Grade::A, 70));
    assert_eq!(
        fired(&e),
        [
            "buys_within_3_months_and_can_pay",
            "plans_to_buy",
            "interested"
        ]
    );
    assert_eq!(e.decided_by, "A ≥ 60, B ≥ 30: score 70 → A");
}

#[test]
fn plans_to_buy_without_a_date_is_b() {
    let e = grade(&facts(Some(Undated), Some(CanPay)));
    assert_eq!((e.grade, e.score), (Grade::B, 30));
    for tf in [Within6Months, Within12Months, Undated] {
        assert_eq!(grade(&facts(Some(tf), None)).grade, Grade::B, "{tf:?}");
    }
    // Soon, but payment not settled: plans to buy, not yet A.
    let e = grade(&facts(Some(Within3Months), Some(NeedsFinancing)));
    assert_eq!((e.grade, e.score), (Grade::B, 30));
}

#[test]
fn interested_without_a_plan_is_c() {
    let e = grade(&facts(Some(NoPlan), Some(CanPay)));
    assert_eq!((e.grade, e.score), (Grade::C, 10));
    assert_eq!(fired(&e), ["interested"]);
    assert_eq!(e.decided_by, "A ≥ 60, B ≥ 30: score 10 → C");
    assert_eq!(grade(&LeadFacts::default()).grade, Grade::C, "no facts");
}

#[test]
fn factors_never_promote_a_lead_without_a_near_date_and_payment_to_a() {
    let best = LeadFacts {
        timeframe: Some(Undated),
        ability: Some(CanPay),
        visits: 5,
        budget_fen: Some(PRICE * 2),
        source: Some(LeadSource::OwnerReferral),
        project_median_price_fen: Some(PRICE),
    };
    let e = grade(&best);
    assert_eq!((e.grade, e.score), (Grade::B, 55));
}

#[test]
fn visits_add_points_from_the_second_visit() {
    let mut f = facts(Some(NoPlan), None);
    f.visits = 1;
    assert!(!fired(&grade(&f)).contains(&"visited_twice"));
    f.visits = 2;
    let e = grade(&f);
    assert!(fired(&e).contains(&"visited_twice"));
    assert_eq!(e.score, 20);
}

#[test]
fn budget_is_compared_with_the_projects_median_price() {
    let mut f = facts(Some(Undated), None);
    f.project_median_price_fen = Some(PRICE);
    f.budget_fen = Some(PRICE * 9 / 10);
    let e = grade(&f);
    assert_eq!(
        fired(&e),
        ["plans_to_buy", "interested", "budget_matches_price"]
    );
    assert_eq!(e.score, 40);
    f.budget_fen = Some(PRICE * 8 / 10);
    assert_eq!(grade(&f).score, 30, "between 0.7 and 0.9: neutral");
    f.budget_fen = Some(PRICE * 7 / 10 - 1);
    let e = grade(&f);
    assert!(fired(&e).contains(&"budget_far_below_price"));
    assert_eq!((e.grade, e.score), (Grade::C, 15));
    // A plain A far below the price drops to B, and says why.
    let mut a = facts(Some(Within3Months), Some(CanPay));
    a.project_median_price_fen = Some(PRICE);
    a.budget_fen = Some(PRICE / 2);
    assert_eq!((grade(&a).grade, grade(&a).score), (Grade::B, 55));
}

#[test]
fn budget_rules_do_not_fire_without_a_budget_or_a_price() {
    let mut f = facts(Some(Undated), None);
    f.budget_fen = Some(1);
    assert_eq!(grade(&f).score, 30, "no price: no budget rule");
    f.project_median_price_fen = Some(0);
    assert_eq!(grade(&f).score, 30, "a zero price is unknown");
    f.budget_fen = None;
    f.project_median_price_fen = Some(PRICE);
    assert_eq!(grade(&f).score, 30, "no budget: no budget rule");
}

#[test]
fn owner_referrals_and_walk_ins_add_points() {
    for (source, points) in [
        (LeadSource::OwnerReferral, 5),
        (LeadSource::WalkIn, 5),
        (LeadSource::Douyin, 0),
    ] {
        let mut f = facts(Some(NoPlan), None);
        f.source = Some(source);
        assert_eq!(grade(&f).score, 10 + points, "{source:?}");
    }
}

#[test]
fn every_rule_is_explained_fired_or_not() {
    let rules = default_rules();
    let e = grade(&facts(Some(NoPlan), None));
    assert_eq!(e.outcomes.len(), rules.rules.len());
    for (o, r) in e.outcomes.iter().zip(&rules.rules) {
        assert_eq!(o.rule, r.id);
        assert_eq!(o.description, r.description);
        assert_eq!(o.points, if o.fired { r.points } else { 0 });
    }
    assert_eq!(e.score, e.outcomes.iter().map(|o| o.points).sum::<i32>());
}

#[test]
fn thresholds_are_inclusive_and_any_combines() {
    let t = GradeThresholds { a: 60, b: 30 };
    assert_eq!(grade_for(60, t), Grade::A);
    assert_eq!(grade_for(59, t), Grade::B);
    assert_eq!(grade_for(30, t), Grade::B);
    assert_eq!(grade_for(29, t), Grade::C);
    let any = GradingCondition::Any {
        conditions: vec![
            GradingCondition::VisitsAtLeast { visits: 3 },
            GradingCondition::AbilityIs { ability: CanPay },
        ],
    };
    assert!(holds(&any, &facts(None, Some(CanPay))));
    assert!(!holds(&any, &facts(None, Some(Unknown))));
}

#[test]
fn median_price_takes_the_middle() {
    assert_eq!(median_price([]), None);
    assert_eq!(median_price([5, 1, 3]), Some(3));
    assert_eq!(median_price([4, 1, 3, 2]), Some(2));
    assert_eq!(median_price([i64::MAX, i64::MAX]), Some(i64::MAX));
}

#[test]
fn the_defaults_pass_their_own_checks() {
    assert_eq!(check(&default_rules()), Ok(()));
}

fn fields(rules: &GradingRules) -> Vec<(String, String)> {
    check(rules)
        .expect_err("invalid")
        .into_iter()
        .map(|e| (e.field, e.code))
        .collect()
}

fn pair(field: &str, code: &str) -> (String, String) {
    (field.to_string(), code.to_string())
}

#[test]
fn ids_must_be_well_formed_and_unique() {
    let mut r = default_rules();
    r.rules[1].id = r.rules[0].id.clone();
    r.rules[2].id = "Not An Id".into();
    assert_eq!(
        fields(&r),
        [
            pair("rules[1].id", "duplicate"),
            pair("rules[2].id", "invalid_id")
        ]
    );
}

#[test]
fn thresholds_must_be_ordered_and_in_range() {
    let mut r = default_rules();
    r.thresholds = GradeThresholds { a: 30, b: 30 };
    assert_eq!(fields(&r), [pair("thresholds.a", "thresholds_order")]);
    r.thresholds = GradeThresholds { a: 20_000, b: 0 };
    assert_eq!(fields(&r), [pair("thresholds.a", "range")]);
}

#[test]
fn ratio_bounds_must_be_sane() {
    let mut r = default_rules();
    let set = |r: &mut GradingRules, min, max| {
        r.rules[4].condition = GradingCondition::BudgetVsPrice {
            min_ratio: min,
            max_ratio: max,
        };
    };
    set(&mut r, Some(1.2), Some(0.8));
    assert_eq!(
        fields(&r),
        [pair("rules[4].condition.max_ratio", "ratio_order")]
    );
    set(&mut r, Some(-0.1), None);
    assert_eq!(fields(&r), [pair("rules[4].condition.min_ratio", "range")]);
    set(&mut r, None, Some(f64::NAN));
    assert_eq!(fields(&r), [pair("rules[4].condition.max_ratio", "range")]);
    set(&mut r, None, None);
    assert_eq!(
        fields(&r),
        [pair("rules[4].condition.min_ratio", "required")]
    );
}

#[test]
fn rule_counts_lists_and_nesting_are_bounded() {
    let mut r = default_rules();
    let template = r.rules[2].clone();
    r.rules = (0..51)
        .map(|i| GradingRule {
            id: format!("r{i}"),
            ..template.clone()
        })
        .collect();
    assert_eq!(fields(&r), [pair("rules", "length")]);
    let mut r = default_rules();
    r.rules[1].condition = GradingCondition::TimeframeIn { timeframes: vec![] };
    r.rules[3].points = 5000;
    r.rules[0].description = "  ".into();
    let deep = GradingCondition::All {
        conditions: vec![GradingCondition::Any {
            conditions: vec![GradingCondition::All {
                conditions: vec![GradingCondition::Always {}],
            }],
        }],
    };
    r.rules[2].condition = deep;
    assert_eq!(
        fields(&r),
        [
            pair("rules[0].description", "required"),
            pair("rules[1].condition.timeframes", "required"),
            pair(
                "rules[2].condition.conditions[0].conditions[0].conditions",
                "too_deep"
            ),
            pair("rules[3].points", "range"),
        ]
    );
}

#[test]
fn the_rule_set_round_trips_as_tagged_json() {
    let json = serde_json::to_value(default_rules()).expect("json");
    assert_eq!(json["rules"][0]["condition"]["kind"], "all");
    assert_eq!(
        json["rules"][0]["condition"]["conditions"][0],
        serde_json::json!({"kind": "timeframe_in", "timeframes": ["within_3_months"]})
    );
    let back: GradingRules = serde_json::from_value(json).expect("parse");
    assert_eq!(back, default_rules());
    for unknown in [
        serde_json::json!({"kind": "always", "extra": 1}),
        serde_json::json!({"kind": "visits_at_least", "visits": 1, "extra": 1}),
    ] {
        assert!(serde_json::from_value::<GradingCondition>(unknown).is_err());
    }
}
