//! The explainable lead-grading engine (DOMAIN §2, 线索分级). Pure: no database.
//!
//! A company's rule set ([`GradingRules`], stored as the `grading_rules`
//! setting) lists rules over lead facts; every rule that fires adds its
//! points, and two thresholds turn the total into A, B or C. [`evaluate`]
//! returns the grade with its explanation: every rule, fired or not, with what
//! it contributed, and the thresholds that decided. Callers store it with the
//! rule set's version.

use api_types::{
    AbilityToPay, FieldError, Grade, GradeThresholds, GradingCondition, GradingRule, GradingRules,
    LeadSource, PurchaseTimeframe, RuleOutcome,
};

use crate::settings::Setting;

mod check;
mod defaults;

pub use check::check;
pub use defaults::default_rules;

impl Setting for GradingRules {
    const KEY: &'static str = "grading_rules";

    fn defaults() -> Self {
        default_rules()
    }

    fn check(&self) -> Result<(), Vec<FieldError>> {
        check(self)
    }
}

/// The facts of a lead that rules look at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LeadFacts {
    /// When the customer means to buy, if known.
    pub timeframe: Option<PurchaseTimeframe>,
    /// Whether they can pay, if known.
    pub ability: Option<AbilityToPay>,
    /// Visits to the sales office so far.
    pub visits: i32,
    /// Budget in fen, if known.
    pub budget_fen: Option<i64>,
    /// Where the lead came from.
    pub source: Option<LeadSource>,
    /// Median list price (fen) of the project's available units; `None` when
    /// it has none for sale. See [`median_price`].
    pub project_median_price_fen: Option<i64>,
}

/// A grade and its explanation.
#[derive(Debug, Clone, PartialEq)]
pub struct Evaluation {
    /// The grade.
    pub grade: Grade,
    /// Sum of the points of the rules that fired.
    pub score: i32,
    /// Every rule of the set, in order, fired or not.
    pub outcomes: Vec<RuleOutcome>,
    /// The thresholds that turned the score into the grade, e.g.
    /// `A ≥ 60, B ≥ 30: score 70 → A`.
    pub decided_by: String,
}

/// Grades a lead by a rule set.
pub fn evaluate(rules: &GradingRules, facts: &LeadFacts) -> Evaluation {
    let outcomes: Vec<RuleOutcome> = rules.rules.iter().map(|r| outcome(r, facts)).collect();
    let score = outcomes
        .iter()
        .fold(0i32, |sum, o| sum.saturating_add(o.points));
    let grade = grade_for(score, rules.thresholds);
    Evaluation {
        grade,
        score,
        outcomes,
        decided_by: decided_by(rules.thresholds, score, grade),
    }
}

fn outcome(rule: &GradingRule, facts: &LeadFacts) -> RuleOutcome {
    let fired = holds(&rule.condition, facts);
    RuleOutcome {
        rule: rule.id.clone(),
        description: rule.description.clone(),
        fired,
        points: if fired { rule.points } else { 0 },
    }
}

/// The grade of a score: `≥ a` → A, `≥ b` → B, else C.
pub fn grade_for(score: i32, t: GradeThresholds) -> Grade {
    if score >= t.a {
        Grade::A
    } else if score >= t.b {
        Grade::B
    } else {
        Grade::C
    }
}

/// The explanation of the decision, e.g. `A ≥ 60, B ≥ 30: score 45 → B`.
pub fn decided_by(t: GradeThresholds, score: i32, grade: Grade) -> String {
    format!(
        "A ≥ {}, B ≥ {}: score {score} → {}",
        t.a,
        t.b,
        grade.as_str()
    )
}

/// Whether a condition holds for the facts. Unknown facts satisfy nothing.
pub fn holds(condition: &GradingCondition, facts: &LeadFacts) -> bool {
    use GradingCondition::*;
    match condition {
        Always {} => true,
        TimeframeIn { timeframes } => facts.timeframe.is_some_and(|t| timeframes.contains(&t)),
        AbilityIs { ability } => facts.ability == Some(*ability),
        VisitsAtLeast { visits } => facts.visits >= *visits,
        BudgetVsPrice {
            min_ratio,
            max_ratio,
        } => budget_ratio(facts).is_some_and(|r| {
            min_ratio.is_none_or(|min| r >= min) && max_ratio.is_none_or(|max| r < max)
        }),
        SourceIn { sources } => facts.source.is_some_and(|s| sources.contains(&s)),
        All { conditions } => conditions.iter().all(|c| holds(c, facts)),
        Any { conditions } => conditions.iter().any(|c| holds(c, facts)),
    }
}

/// Budget divided by the project's median available list price, when both are known.
pub fn budget_ratio(facts: &LeadFacts) -> Option<f64> {
    let budget = facts.budget_fen.filter(|b| *b >= 0)?;
    let price = facts.project_median_price_fen.filter(|p| *p > 0)?;
    Some(budget as f64 / price as f64)
}

/// The median of list prices (fen): the middle one, or the mean of the two
/// middle ones; `None` for no prices. Feed it the project's available units.
pub fn median_price(prices: impl IntoIterator<Item = i64>) -> Option<i64> {
    let mut v: Vec<i64> = prices.into_iter().collect();
    if v.is_empty() {
        return None;
    }
    v.sort_unstable();
    let mid = v.len() / 2;
    if v.len() % 2 == 1 {
        Some(v[mid])
    } else {
        let sum = i128::from(v[mid - 1]) + i128::from(v[mid]);
        i64::try_from(sum / 2).ok()
    }
}

#[cfg(test)]
mod tests;
