//! Membership (DOMAIN §4): tiers and their rules, a customer's membership
//! with its tier history, and the settings of the points ledger. The
//! catalogues (benefits, points items) and redemptions are in
//! [`crate::membership_catalogue`].

use serde::{Deserialize, Serialize};

use crate::wire_enum;

wire_enum!(
    /// A membership tier (会员等级).
    MemberTier {
        /// 普通会员: bought a unit.
        Ordinary = "ordinary" / "普通会员",
        /// 银卡: a repeat purchase or one successful referral.
        Silver = "silver" / "银卡",
        /// 金卡: two or more successful referrals.
        Gold = "gold" / "金卡",
    }
);

impl MemberTier {
    /// Rank for comparisons: ordinary 1, silver 2, gold 3.
    pub fn rank(self) -> i32 {
        match self {
            MemberTier::Ordinary => 1,
            MemberTier::Silver => 2,
            MemberTier::Gold => 3,
        }
    }
}

wire_enum!(
    /// The event that caused a tier change.
    TierChangeCause {
        /// A unit was subscribed (认购): a purchase.
        DealSubscribed = "deal_subscribed" / "认购",
        /// A contract was signed without an earlier subscription.
        ContractSigned = "contract_signed" / "签约",
        /// A deal was withdrawn (退房): its purchase no longer counts.
        DealWithdrawn = "deal_withdrawn" / "退房",
        /// A referral of the customer succeeded (老带新成交).
        ReferralSucceeded = "referral_succeeded" / "推荐成交",
        /// A successful referral was revoked (the friend withdrew).
        ReferralRevoked = "referral_revoked" / "推荐撤销",
        /// Two customer records were merged: the survivor took over the
        /// other's purchases, referrals and points (`cause_id`: the other).
        CustomerMerged = "customer_merged" / "客户合并",
    }
);

/// The tier rules; the body of `PUT /api/v1/settings/membership-tiers`.
///
/// A customer with no counting purchase has no tier. Otherwise: gold with at
/// least `gold_min_referrals` successful referrals; silver with at least
/// `silver_min_purchases` purchases or `silver_min_referrals` referrals;
/// else ordinary. Withdrawn purchases and revoked referrals do not count.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct MembershipTierRules {
    /// Purchases that make a member silver (2–20; default 2: a repeat purchase).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 2, max = 20)),
        schema(minimum = 2, maximum = 20)
    )]
    pub silver_min_purchases: i32,
    /// Successful referrals that make a member silver (1–50; default 1).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 50)),
        schema(minimum = 1, maximum = 50)
    )]
    pub silver_min_referrals: i32,
    /// Successful referrals that make a member gold (2–100, more than
    /// silver's; default 2).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 2, max = 100)),
        schema(minimum = 2, maximum = 100)
    )]
    pub gold_min_referrals: i32,
    /// Silver's discount on a new purchase, basis points (0–1000; default 100 = 1 %).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1000)),
        schema(minimum = 0, maximum = 1000)
    )]
    pub silver_discount_bp: i64,
    /// Gold's discount on a new purchase, basis points (0–1000, at least
    /// silver's; default 100).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1000)),
        schema(minimum = 0, maximum = 1000)
    )]
    pub gold_discount_bp: i64,
    /// `true` (default): after a withdrawal (or a revoked referral) the tier is
    /// re-evaluated and may drop; `false`: a tier once reached is kept.
    pub downgrade_on_withdrawal: bool,
}

impl Default for MembershipTierRules {
    /// DOMAIN §4: silver on a repeat purchase or 1 referral, gold on 2
    /// referrals, 1 % purchase discount for silver and gold.
    fn default() -> MembershipTierRules {
        MembershipTierRules {
            silver_min_purchases: 2,
            silver_min_referrals: 1,
            gold_min_referrals: 2,
            silver_discount_bp: 100,
            gold_discount_bp: 100,
            downgrade_on_withdrawal: true,
        }
    }
}

/// `GET /api/v1/settings/membership-tiers`: the rules in force and their version (also the `ETag`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MembershipTierRulesSetting {
    /// Version for `If-Match`; 0 until the company first changes the rules.
    pub version: i32,
    /// The rules in force.
    pub rules: MembershipTierRules,
    /// Who last changed them (`null` for the defaults).
    pub updated_by: Option<String>,
    /// When they were last changed (`null` for the defaults).
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// The points rules; the body of `PUT /api/v1/settings/membership-points`.
///
/// A signed contract earns `contract_points` points per `contract_yuan` yuan
/// of its amount (rounded down); a successful referral earns
/// `referral_points`; an answered survey `survey_points`. Points expire
/// `expiry_months` after they were earned (0: never).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct MembershipPointsRules {
    /// Points per `contract_yuan` yuan of a signed contract (0–1000; default 1).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1000)),
        schema(minimum = 0, maximum = 1000)
    )]
    pub contract_points: i64,
    /// Yuan of contract amount that earn `contract_points` (1–1000000; default 100).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 1_000_000)),
        schema(minimum = 1, maximum = 1_000_000)
    )]
    pub contract_yuan: i64,
    /// Points per successful referral (0–1000000; default 2000).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000)),
        schema(minimum = 0, maximum = 1_000_000)
    )]
    pub referral_points: i64,
    /// Points per answered survey (0–100000; default 100).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 100_000)),
        schema(minimum = 0, maximum = 100_000)
    )]
    pub survey_points: i64,
    /// Months after earning at which points expire (0–120; 0 = never; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 120)),
        schema(minimum = 0, maximum = 120)
    )]
    pub expiry_months: i32,
}

impl Default for MembershipPointsRules {
    /// 1 point per 100 yuan signed, 2000 per referral, 100 per survey, 24 months.
    fn default() -> MembershipPointsRules {
        MembershipPointsRules {
            contract_points: 1,
            contract_yuan: 100,
            referral_points: 2000,
            survey_points: 100,
            expiry_months: 24,
        }
    }
}

/// `GET /api/v1/settings/membership-points`: the rules in force and their version (also the `ETag`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MembershipPointsRulesSetting {
    /// Version for `If-Match`; 0 until the company first changes the rules.
    pub version: i32,
    /// The rules in force.
    pub rules: MembershipPointsRules,
    /// Who last changed them (`null` for the defaults).
    pub updated_by: Option<String>,
    /// When they were last changed (`null` for the defaults).
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One tier change with its cause.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TierChange {
    /// Change id.
    pub id: String,
    /// Tier before (`null`: not a member).
    pub from_tier: Option<MemberTier>,
    /// Tier after (`null`: no longer a member).
    pub to_tier: Option<MemberTier>,
    /// The event that caused it.
    pub cause_kind: TierChangeCause,
    /// The deal or referral id of the event.
    pub cause_id: String,
    /// The rule that decided, e.g. `membership_tiers.gold_min_referrals=2 (referrals=2)`.
    pub rule: String,
    /// Counting purchases after the event.
    pub purchases: i32,
    /// Counting successful referrals after the event.
    pub referrals: i32,
    /// Staff user who recorded the event, if any.
    pub actor_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The discount a tier grants on a new purchase.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TierDiscountView {
    /// The tier granting it.
    pub tier: MemberTier,
    /// Basis points of the list price (100 = 1 %).
    pub basis_points: i64,
    /// The setting that decided, e.g. `membership_tiers.silver_discount_bp=100`.
    pub rule: String,
}

/// A benefit of the catalogue as it stands for one customer now.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BenefitStatus {
    /// The benefit.
    pub benefit: crate::Benefit,
    /// Whether the customer's tier has it.
    pub eligible: bool,
    /// The current quota period, e.g. `2026` or `2026-11` (China time) or `lifetime`.
    pub period: String,
    /// Redemptions in the current period.
    pub used: i64,
    /// Redemptions left in the period (`null`: unlimited; 0 when not eligible).
    pub remaining: Option<i64>,
}

/// `GET /api/v1/customers/{id}/membership`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Membership {
    /// The customer.
    pub customer_id: String,
    /// Current tier (`null`: not a member: no counting purchase).
    pub tier: Option<MemberTier>,
    /// Purchases that count (not withdrawn).
    pub purchases: i64,
    /// Successful referrals that count (not revoked).
    pub referrals: i64,
    /// Points balance (never negative).
    pub points_balance: i64,
    /// The discount the tier grants on a new purchase (`null`: none).
    pub purchase_discount: Option<TierDiscountView>,
    /// Tier changes, newest first (at most 100).
    pub tier_history: Vec<TierChange>,
    /// Every active benefit of the catalogue, with eligibility and quota left.
    pub benefits: Vec<BenefitStatus>,
}
