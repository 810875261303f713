//! Membership catalogues (DOMAIN §4): the benefits per tier with quotas per
//! period, and the points catalogue with stock. Redemptions and the ledger
//! are in [`crate::membership_points`].

use serde::{Deserialize, Deserializer, Serialize};

use crate::{wire_enum, MemberTier};

wire_enum!(
    /// What a benefit is.
    BenefitKind {
        /// A discount (e.g. parking space).
        Discount = "discount" / "折扣",
        /// A service (e.g. housekeeping once a year).
        Service = "service" / "服务",
        /// A priority (e.g. unit selection, community events).
        Priority = "priority" / "优先权",
        /// An event invitation (e.g. premium events).
        Event = "event" / "活动",
    }
);

wire_enum!(
    /// The period a benefit's quota counts over (calendar, China Standard Time).
    QuotaPeriod {
        /// Per calendar year.
        Year = "year" / "每年",
        /// Per calendar month.
        Month = "month" / "每月",
        /// Once for the membership's lifetime.
        Lifetime = "lifetime" / "终身",
    }
);

wire_enum!(
    /// What a points-catalogue item is.
    CatalogueItemKind {
        /// A credit against property fees.
        PropertyFeeCredit = "property_fee_credit" / "物业费抵扣",
        /// A household appliance.
        Appliance = "appliance" / "家电",
        /// Anything else.
        Other = "other" / "其他",
    }
);

/// Deserialises a present field (even `null`) as `Some(value)`, so a PATCH
/// can tell "set to null" from "leave alone" (absent: `None`).
fn present<'de, D, T>(d: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(d).map(Some)
}

/// A benefit of the catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Benefit {
    /// Benefit id.
    pub id: String,
    /// Name, e.g. 年度家政服务.
    pub name: String,
    /// Description.
    pub description: String,
    /// Kind.
    pub kind: BenefitKind,
    /// The lowest tier that has it; higher tiers have it too.
    pub min_tier: MemberTier,
    /// Redemptions per period (`null`: unlimited).
    pub quota: Option<i32>,
    /// The quota's period.
    pub quota_period: QuotaPeriod,
    /// Inactive benefits cannot be redeemed.
    pub active: bool,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/membership-benefits` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateBenefit {
    /// Name, unique in the company.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// Description.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_length = 500)
    )]
    pub description: String,
    /// Kind.
    pub kind: BenefitKind,
    /// The lowest tier that has it.
    pub min_tier: MemberTier,
    /// Redemptions per period (1–1000; absent or `null`: unlimited).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 1000)),
        schema(minimum = 1, maximum = 1000)
    )]
    pub quota: Option<i32>,
    /// The quota's period (default `year`).
    #[serde(default = "default_period")]
    pub quota_period: QuotaPeriod,
    /// Active (default `true`).
    #[serde(default = "default_true")]
    pub active: bool,
}

fn default_period() -> QuotaPeriod {
    QuotaPeriod::Year
}

fn default_true() -> bool {
    true
}

/// `PATCH /api/v1/membership-benefits/{id}` body (requires `If-Match`).
/// Past redemptions keep counting against a changed quota.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateBenefit {
    /// New name.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: Option<String>,
    /// New description.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_length = 500)
    )]
    pub description: Option<String>,
    /// New kind.
    pub kind: Option<BenefitKind>,
    /// New lowest tier.
    pub min_tier: Option<MemberTier>,
    /// New quota (1–1000), or `null` for unlimited.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "server", schema(value_type = Option<i32>, minimum = 1, maximum = 1000))]
    pub quota: Option<Option<i32>>,
    /// New quota period.
    pub quota_period: Option<QuotaPeriod>,
    /// Activate or deactivate.
    pub active: Option<bool>,
}

/// An item of the points catalogue.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CatalogueItem {
    /// Item id.
    pub id: String,
    /// Name, e.g. 物业费抵扣 ¥500.
    pub name: String,
    /// Description.
    pub description: String,
    /// Kind.
    pub kind: CatalogueItemKind,
    /// Points per unit.
    pub points_cost: i64,
    /// What one unit is worth in fen (e.g. the property-fee credit), if stated.
    pub value_fen: Option<i64>,
    /// Units left (`null`: unlimited); never below zero.
    pub stock: Option<i32>,
    /// Inactive items cannot be redeemed.
    pub active: bool,
    /// Version for `If-Match` (redemptions change `stock`, not the version).
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/points-catalogue` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateCatalogueItem {
    /// Name, unique in the company.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// Description.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_length = 500)
    )]
    pub description: String,
    /// Kind.
    pub kind: CatalogueItemKind,
    /// Points per unit (1–100000000).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100_000_000)),
        schema(minimum = 1, maximum = 100_000_000)
    )]
    pub points_cost: i64,
    /// Worth of one unit in fen (0–100000000).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 100_000_000)),
        schema(minimum = 0, maximum = 100_000_000)
    )]
    pub value_fen: Option<i64>,
    /// Units in stock (0–1000000; absent or `null`: unlimited).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000)),
        schema(minimum = 0, maximum = 1_000_000)
    )]
    pub stock: Option<i32>,
    /// Active (default `true`).
    #[serde(default = "default_true")]
    pub active: bool,
}

/// `PATCH /api/v1/points-catalogue/{id}` body (requires `If-Match`).
/// `stock` sets the count now in the warehouse.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateCatalogueItem {
    /// New name.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: Option<String>,
    /// New description.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_length = 500)
    )]
    pub description: Option<String>,
    /// New points cost (1–100000000).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100_000_000)),
        schema(minimum = 1, maximum = 100_000_000)
    )]
    pub points_cost: Option<i64>,
    /// New worth in fen, or `null`.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "server", schema(value_type = Option<i64>, minimum = 0, maximum = 100_000_000))]
    pub value_fen: Option<Option<i64>>,
    /// New stock (0–1000000), or `null` for unlimited.
    #[serde(default, deserialize_with = "present")]
    #[cfg_attr(feature = "server", schema(value_type = Option<i32>, minimum = 0, maximum = 1_000_000))]
    pub stock: Option<Option<i32>>,
    /// Activate or deactivate.
    pub active: Option<bool>,
}
