//! The points ledger and redemptions as the API shows them: ledger
//! entries, points redemptions against the catalogue and benefit
//! redemptions against their quota.

use serde::{Deserialize, Serialize};

use crate::{wire_enum, MemberTier};

wire_enum!(
    /// The kind of a ledger entry.
    PointsEntryKind {
        /// Points earned (a lot that may later be spent, reversed or expire).
        Earn = "earn" / "获得",
        /// Points spent on a redemption.
        Redeem = "redeem" / "兑换",
        /// Points taken back (withdrawal, revoked referral).
        Reverse = "reverse" / "冲回",
        /// Points that expired.
        Expire = "expire" / "过期",
    }
);

/// One entry of a customer's points ledger.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PointsEntry {
    /// Entry id.
    pub id: String,
    /// Kind.
    pub kind: PointsEntryKind,
    /// Points: positive when earned, negative when spent, reversed or expired.
    pub points: i64,
    /// Machine-readable reason: `contract_signed`, `referral_succeeded`,
    /// `survey_answered`, `redemption`, `deal_withdrawn`, `referral_revoked`, `expiry`.
    pub reason_code: String,
    /// Human-readable reason.
    pub reason: String,
    /// What the entry refers to: `deal`, `referral`, `survey`, `redemption`, `entry`.
    pub reference_type: String,
    /// Its id.
    pub reference_id: String,
    /// The setting that decided the amount, if any.
    pub rule: String,
    /// Earned points not yet spent, reversed or expired (0 for other kinds).
    pub remaining: i64,
    /// When earned points expire (`null`: never, or not an earning).
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Staff user who caused it, if any.
    pub actor_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/customers/{id}/points/redemptions` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RedeemPoints {
    /// The catalogue item.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 64)),
        schema(min_length = 1, max_length = 64)
    )]
    pub item_id: String,
    /// Units (1–100; default 1).
    #[serde(default = "one")]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100)),
        schema(minimum = 1, maximum = 100)
    )]
    pub quantity: i32,
}

fn one() -> i32 {
    1
}

/// A points redemption.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PointsRedemption {
    /// Redemption id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The catalogue item.
    pub item_id: String,
    /// Units.
    pub quantity: i32,
    /// Points spent.
    pub points: i64,
    /// The ledger entry that spent them.
    pub entry_id: String,
    /// The balance after this redemption (at the time it was made).
    pub balance_after: i64,
    /// `staff` or `owner`.
    pub actor_kind: String,
    /// Who redeemed.
    pub actor_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/customers/{id}/benefit-redemptions` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RedeemBenefit {
    /// The benefit.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 64)),
        schema(min_length = 1, max_length = 64)
    )]
    pub benefit_id: String,
    /// A note (e.g. the booked date).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_length = 500)
    )]
    pub note: String,
}

/// A benefit redemption.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BenefitRedemption {
    /// Redemption id.
    pub id: String,
    /// The customer.
    pub customer_id: String,
    /// The benefit.
    pub benefit_id: String,
    /// The quota period it counts in, e.g. `2026`.
    pub period: String,
    /// The customer's tier when redeemed.
    pub tier: MemberTier,
    /// Note.
    pub note: String,
    /// `staff` or `owner`.
    pub actor_kind: String,
    /// Who redeemed.
    pub actor_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}
