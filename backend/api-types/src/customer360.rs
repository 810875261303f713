//! Customer 360 (客户画像, DOMAIN §3): the profile, the value tier (客户分层)
//! by the company's rules with a manual override, and one timeline.

use serde::{Deserialize, Serialize};

use crate::wire_enum;
use crate::{DealSummary, Grade, LeadSource, OptOuts};
#[cfg(feature = "server")]
use validator::Validate;

wire_enum!(
    /// Value tier of a customer (客户分层).
    ValueTier {
        /// VIP 客户
        Vip = "vip" / "VIP客户",
        /// 重点客户
        Key = "key" / "重点客户",
        /// 普通客户
        Ordinary = "ordinary" / "普通客户",
        /// 潜在客户
        Potential = "potential" / "潜在客户",
    }
);

/// When a tier applies: any one condition that is set suffices; a tier with
/// no condition set never applies.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct TierCriteria {
    /// At least this many units bought (live deals: subscribed, signed or paid).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 1000)),
        schema(minimum = 1, maximum = 1000)
    )]
    #[serde(default)]
    pub min_units: Option<i32>,
    /// At least this total of signed contracts, fen.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100_000_000_000_000i64)),
        schema(minimum = 1)
    )]
    #[serde(default)]
    pub min_signed_amount_fen: Option<i64>,
    /// A lead of the customer graded at least this (A is best).
    #[serde(default)]
    pub lead_grade_at_least: Option<Grade>,
}

/// The value-tier rules (a company setting; the body of
/// `PUT /api/v1/settings/customer-value` with `If-Match`). Checked in order
/// VIP, key, ordinary; a customer matching none is `potential`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ValueTierRules {
    /// VIP (default: 2 units, or ¥10,000,000 signed).
    #[cfg_attr(feature = "server", validate(nested))]
    pub vip: TierCriteria,
    /// Key 重点 (default: 1 unit, or a grade-A lead).
    #[cfg_attr(feature = "server", validate(nested))]
    pub key: TierCriteria,
    /// Ordinary 普通 (default: a grade-B lead).
    #[cfg_attr(feature = "server", validate(nested))]
    pub ordinary: TierCriteria,
}

impl Default for ValueTierRules {
    fn default() -> ValueTierRules {
        ValueTierRules {
            vip: TierCriteria {
                min_units: Some(2),
                min_signed_amount_fen: Some(1_000_000_000),
                lead_grade_at_least: None,
            },
            key: TierCriteria {
                min_units: Some(1),
                min_signed_amount_fen: None,
                lead_grade_at_least: Some(Grade::A),
            },
            ordinary: TierCriteria {
                min_units: None,
                min_signed_amount_fen: None,
                lead_grade_at_least: Some(Grade::B),
            },
        }
    }
}

/// `GET /api/v1/settings/customer-value`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ValueTierRulesSetting {
    /// Version for `If-Match`; 0 while the defaults are in force.
    pub version: i32,
    /// The rules.
    pub rules: ValueTierRules,
    /// Who last changed them.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A manual tier, with who and why.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TierOverride {
    /// The tier set by hand.
    pub tier: ValueTier,
    /// Why.
    pub reason: String,
    /// Who.
    pub by: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A customer's value tier and what decided it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CustomerValue {
    /// The tier in force (the override, else the computed one).
    pub tier: ValueTier,
    /// `rules` or `manual`.
    pub decided_by: String,
    /// The tier the rules give.
    pub computed_tier: ValueTier,
    /// The rule that gave it, e.g. `customer_value.key.min_units=1 (units_bought=1)`.
    pub rule: String,
    /// Live deals (subscribed, signed, paid).
    pub units_bought: i32,
    /// Total of signed contracts, fen.
    pub signed_amount_fen: i64,
    /// Best grade among the customer's leads.
    pub best_lead_grade: Option<Grade>,
    /// The manual override, if any.
    #[serde(rename = "override")]
    pub override_: Option<TierOverride>,
    /// Version (`ETag` of the value tier).
    pub version: i32,
}

/// `PUT /api/v1/customers/{id}/value-tier`: set (or with `tier: null` clear)
/// a manual tier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct OverrideValueTier {
    /// The tier; `null` returns the customer to the rules.
    pub tier: Option<ValueTier>,
    /// Why.
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 500)))]
    pub reason: String,
}

/// Where a customer came from: a lead's source.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CustomerSource {
    /// The channel.
    pub source: LeadSource,
    /// The project of that lead.
    pub project_id: String,
    /// When the lead was captured.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// Counts over the customer's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CustomerHistory {
    /// Leads (visible to the caller).
    pub leads: i64,
    /// Follow-ups on them.
    pub follow_ups: i64,
    /// Deals (visible to the caller), withdrawn ones included.
    pub deals: i64,
    /// First contact with the company.
    pub first_seen_at: chrono::DateTime<chrono::Utc>,
}

/// `GET /api/v1/customers/{id}/profile`: the customer 360 (客户画像).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CustomerProfile {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Gender, if known.
    pub gender: Option<String>,
    /// Phone, masked (`GET /leads/{id}/contact` gives it in full, logged).
    pub phone_masked: String,
    /// Family structure (the customer's, else the latest lead's).
    pub family_structure: String,
    /// Occupation (the customer's, else the latest lead's).
    pub occupation: String,
    /// Budget of the latest lead that states one, fen.
    pub budget_fen: Option<i64>,
    /// Preferred layouts (户型) over all visible leads.
    pub preferred_layouts: Vec<String>,
    /// Sources, oldest first.
    pub sources: Vec<CustomerSource>,
    /// Opt-outs.
    pub opt_outs: OptOuts,
    /// Value tier and why.
    pub value: CustomerValue,
    /// History counts.
    pub history: CustomerHistory,
    /// The customer's deals (visible to the caller), newest first.
    pub deals: Vec<DealSummary>,
    /// Version of the customer record.
    pub version: i32,
}

/// A row of `GET /api/v1/customers`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CustomerListItem {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Phone, masked.
    pub phone_masked: String,
    /// Value tier in force.
    pub value_tier: ValueTier,
    /// Created at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One entry of a customer's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TimelineEntry {
    /// Id of the underlying record.
    pub id: String,
    /// The source: `lead_event`, `follow_up`, `deal_event` (later `points`,
    /// `referral`, `inspection`, `complaint`).
    pub source: String,
    /// What happened, e.g. `graded`, `call`, `subscribed`.
    pub kind: String,
    /// When (business time where the source has one).
    pub at: chrono::DateTime<chrono::Utc>,
    /// The entity it belongs to: `lead`, `deal` …
    pub entity_type: String,
    /// Its id.
    pub entity_id: String,
    /// Who acted, if a person.
    pub actor_id: Option<String>,
    /// Display names of the staff the entry names, by user id (its actor;
    /// for a lead event also the owner it assigned, a reassignment's owners
    /// and the managers it escalated to), as in `GET /leads/{id}/events`.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
    /// One line for the timeline.
    pub summary: String,
    /// Source-specific detail.
    pub detail: Option<serde_json::Value>,
}
