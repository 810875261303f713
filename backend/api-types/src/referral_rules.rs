//! The referral rules (DOMAIN §5 defaults, `PUT /api/v1/settings/referral-rules`)
//! and the referral KPI report.

use serde::{Deserialize, Serialize};

use crate::{ReportPeriod, ReportScope};

/// Every number of the referral process; DOMAIN §5 gives the defaults.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReferralRules {
    /// The friend must not have visited or called in this many days before
    /// the registration (0–365; default 90; 0 switches the rule off).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 365)),
        schema(minimum = 0, maximum = 365)
    )]
    pub no_contact_days: i32,
    /// The first valid registration is protected this many days (1–90; default 90).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 90)),
        schema(minimum = 1, maximum = 90)
    )]
    pub protection_days: i32,
    /// Relatives on the referrer's household list are excluded (default true).
    pub exclude_relatives: bool,
    /// Phones on the staff and agency list are excluded (default true).
    pub exclude_staff_phones: bool,
    /// The friend's extra discount, basis points of the list price (0–1000; default 100 = 1 %).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1000)),
        schema(minimum = 0, maximum = 1000)
    )]
    pub friend_discount_bp: i64,
    /// The shopping card's worth in fen (default 500000 = ¥5,000).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 100_000_000)),
        schema(minimum = 0, maximum = 100_000_000)
    )]
    pub shopping_card_fen: i64,
    /// Months of property fees the reward pays (1–60; default 12).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 60)),
        schema(minimum = 1, maximum = 60)
    )]
    pub property_fees_months: i32,
    /// The property-fee reward's worth in fen when the approver states none
    /// (the company's estimate; default 360000 = ¥3,600), for the cost KPI.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 100_000_000)),
        schema(minimum = 0, maximum = 100_000_000)
    )]
    pub property_fees_value_fen: i64,
    /// Fraud signal: this many registrations by one owner … (2–100; default 3)
    #[cfg_attr(
        feature = "server",
        validate(range(min = 2, max = 100)),
        schema(minimum = 2, maximum = 100)
    )]
    pub burst_count: i32,
    /// … within this many hours (1–720; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 720)),
        schema(minimum = 1, maximum = 720)
    )]
    pub burst_hours: i32,
    /// A flagged registration is reviewed within this many hours (1–720; default 72).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 720)),
        schema(minimum = 1, maximum = 720)
    )]
    pub review_hours: i32,
}

impl Default for ReferralRules {
    /// DOMAIN §5.
    fn default() -> ReferralRules {
        ReferralRules {
            no_contact_days: 90,
            protection_days: 90,
            exclude_relatives: true,
            exclude_staff_phones: true,
            friend_discount_bp: 100,
            shopping_card_fen: 500_000,
            property_fees_months: 12,
            property_fees_value_fen: 360_000,
            burst_count: 3,
            burst_hours: 24,
            review_hours: 72,
        }
    }
}

/// `GET /api/v1/settings/referral-rules`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralRulesSetting {
    /// Version for `If-Match`; 0 while the defaults are in force.
    pub version: i32,
    /// The rules.
    pub rules: ReferralRules,
    /// Who last changed them.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// Referral KPIs of one project (or of the whole scope).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralKpis {
    /// Contracts signed in the period (deals not withdrawn since).
    pub signed_deals: i64,
    /// Of those, deals of referred friends.
    pub referral_deals: i64,
    /// `referral_deals / signed_deals`; `null` without deals.
    pub referral_share: Option<f64>,
    /// Registrations made in the period.
    pub registrations: i64,
    /// Of those, valid when made.
    pub valid_registrations: i64,
    /// Of the valid ones, the friend has signed (and not withdrawn).
    pub signed_registrations: i64,
    /// `signed_registrations / valid_registrations`; `null` without valid registrations.
    pub conversion_rate: Option<f64>,
    /// Rewards approved in the period, fen.
    pub reward_cost_fen: i64,
    /// Rewards paid in the period, fen.
    pub paid_fen: i64,
    /// Rewards clawed back in the period, fen.
    pub clawback_fen: i64,
}

/// One project's row of the referral report.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralProjectKpis {
    /// Project.
    pub project_id: String,
    /// Its name.
    pub project_name: String,
    /// Its KPIs.
    #[serde(flatten)]
    pub kpis: ReferralKpis,
}

/// `GET /api/v1/reports/referrals`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralReport {
    /// The period covered.
    pub period: ReportPeriod,
    /// The project asked for; `null` for every project in `scope`.
    pub project_id: Option<String>,
    /// Which projects were counted.
    pub scope: ReportScope,
    /// What was counted.
    pub definition: String,
    /// The totals.
    pub totals: ReferralKpis,
    /// Target of the referral share (DOMAIN §11: at least 0.20).
    pub share_target: f64,
    /// Whether the share meets it; `null` without deals.
    pub meets_target: Option<bool>,
    /// Per project, by name.
    pub projects: Vec<ReferralProjectKpis>,
}
