//! Company settings (DOMAIN: "every number is a default a company can change").
//!
//! The grading rule set (DOMAIN §2) is the first setting: a list of rules over
//! lead facts, each adding points when it fires, and two thresholds turning
//! the total into a grade. The server evaluates exactly these types, so what
//! the SPA edits is what grades leads.

use serde::{Deserialize, Serialize};

use crate::{AbilityToPay, LeadSource, PurchaseTimeframe};
#[cfg(feature = "server")]
use validator::Validate;

/// Most rules a rule set may hold.
pub const MAX_GRADING_RULES: usize = 50;

/// A condition over the facts of a lead. `kind` names the variant.
///
/// `budget_vs_price` compares the lead's budget with the median list price of
/// the project's available units; it never fires when either is unknown.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum GradingCondition {
    /// Always true (a base score).
    // A struct variant, not a unit one: serde ignores unknown fields after a
    // unit variant of an internally tagged enum, and the API rejects them.
    Always {},
    /// The purchase timeframe is one of these.
    TimeframeIn {
        /// Accepted timeframes.
        #[cfg_attr(feature = "server", schema(min_items = 1, max_items = 20))]
        timeframes: Vec<PurchaseTimeframe>,
    },
    /// The ability to pay is this one.
    AbilityIs {
        /// Required ability.
        ability: AbilityToPay,
    },
    /// The customer visited the sales office at least this often.
    VisitsAtLeast {
        /// Minimum visits.
        #[cfg_attr(feature = "server", schema(minimum = 0, maximum = 1000))]
        visits: i32,
    },
    /// `min_ratio ≤ budget / median available list price < max_ratio`; an
    /// absent bound is open. At least one bound, each between 0 and 100.
    BudgetVsPrice {
        /// Lower bound, inclusive.
        #[serde(default)]
        #[cfg_attr(feature = "server", schema(minimum = 0, maximum = 100))]
        min_ratio: Option<f64>,
        /// Upper bound, exclusive.
        #[serde(default)]
        #[cfg_attr(feature = "server", schema(minimum = 0, maximum = 100))]
        max_ratio: Option<f64>,
    },
    /// The lead came from one of these sources.
    SourceIn {
        /// Accepted sources.
        #[cfg_attr(feature = "server", schema(min_items = 1, max_items = 20))]
        sources: Vec<LeadSource>,
    },
    /// Every inner condition holds (conditions nest at most 3 deep).
    All {
        /// Inner conditions.
        #[cfg_attr(
            feature = "server",
            schema(no_recursion, min_items = 1, max_items = 10)
        )]
        conditions: Vec<GradingCondition>,
    },
    /// At least one inner condition holds (conditions nest at most 3 deep).
    Any {
        /// Inner conditions.
        #[cfg_attr(
            feature = "server",
            schema(no_recursion, min_items = 1, max_items = 10)
        )]
        conditions: Vec<GradingCondition>,
    },
}

/// One grading rule: when its condition holds, it adds its points.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GradingRule {
    /// Stable id shown in every grading's explanation: lowercase letters,
    /// digits and `_`, starting with a letter; unique in the rule set.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 64)),
        schema(min_length = 1, max_length = 64, pattern = "^[a-z][a-z0-9_]*$")
    )]
    pub id: String,
    /// What the rule checks, for people.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 200)),
        schema(min_length = 1, max_length = 200)
    )]
    pub description: String,
    /// When the rule fires.
    pub condition: GradingCondition,
    /// Points added when it fires (negative to subtract), −1000 to 1000.
    #[cfg_attr(
        feature = "server",
        validate(range(min = -1000, max = 1000)),
        schema(minimum = -1000, maximum = 1000)
    )]
    pub points: i32,
}

/// Score thresholds: `score ≥ a` → A, else `score ≥ b` → B, else C.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GradeThresholds {
    /// Lowest score of grade A; greater than `b`.
    #[cfg_attr(
        feature = "server",
        validate(range(min = -10000, max = 10000)),
        schema(minimum = -10000, maximum = 10000)
    )]
    pub a: i32,
    /// Lowest score of grade B.
    #[cfg_attr(
        feature = "server",
        validate(range(min = -10000, max = 10000)),
        schema(minimum = -10000, maximum = 10000)
    )]
    pub b: i32,
}

/// A company's grading rule set; the body of `PUT /api/v1/settings/grading-rules`
/// (with `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GradingRules {
    /// The rules, 1 to 50; all are evaluated, and every one appears in each explanation.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 50), nested),
        schema(min_items = 1, max_items = 50)
    )]
    pub rules: Vec<GradingRule>,
    /// Thresholds turning the score into a grade.
    #[cfg_attr(feature = "server", validate(nested))]
    pub thresholds: GradeThresholds,
}

/// `GET /api/v1/settings/grading-rules`: the rule set in force and its version
/// (also the `ETag`). Version 0 means the company still uses the defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct GradingRulesSetting {
    /// Version for `If-Match`; 0 until the company first changes the rules.
    pub version: i32,
    /// The rules.
    pub rules: Vec<GradingRule>,
    /// The thresholds.
    pub thresholds: GradeThresholds,
    /// Who last changed them (`null` for the defaults).
    pub updated_by: Option<String>,
    /// When they were last changed (`null` for the defaults).
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}
