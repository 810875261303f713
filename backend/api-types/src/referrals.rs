//! Referral rewards (老带新, DOMAIN §5): an owner registers a friend (报备);
//! eligibility by rules (each a setting); a lifecycle tied to the friend's
//! deal; the reward (one year of property fees or a shopping card), approved
//! by the head of CRM and paid once; a fraud review queue; the household and
//! staff phone lists eligibility needs. Owners see their own registrations
//! through [`MyReferral`], which never says why a friend was not eligible.

use serde::{Deserialize, Serialize};

use crate::{wire_enum, ConsentInput};
#[cfg(feature = "server")]
use validator::Validate;

wire_enum!(
    /// Where a registration stands.
    ReferralStatus {
        /// 已报备: valid and protected.
        Registered = "registered" / "已报备",
        /// 已到访: the friend visited after the registration.
        Visited = "visited" / "已到访",
        /// 已认购: the friend subscribed a unit.
        Subscribed = "subscribed" / "已认购",
        /// 已签约: the friend signed (transient: the reward is then pending).
        Signed = "signed" / "已签约",
        /// 待审批: the reward waits for the head of CRM.
        RewardPending = "reward_pending" / "奖励待审批",
        /// 已批准: the reward is approved, not yet paid.
        Approved = "approved" / "奖励已批准",
        /// 已发放: the reward was paid.
        Paid = "paid" / "奖励已发放",
        /// 不符合条件: kept with its reason.
        Ineligible = "ineligible" / "不符合条件",
        /// 已取消: the friend withdrew (退房) before the reward was paid.
        Cancelled = "cancelled" / "已取消",
        /// 已追回: the friend withdrew after the reward was paid (claw-back).
        ClawedBack = "clawed_back" / "已追回",
        /// 保护期满: no deal within the protection period; the friend is released.
        Expired = "expired" / "保护期满",
    }
);

impl ReferralStatus {
    /// Statuses that hold the friend (at most one per phone and company).
    pub const LIVE: &'static [ReferralStatus] = &[
        ReferralStatus::Registered,
        ReferralStatus::Visited,
        ReferralStatus::Subscribed,
        ReferralStatus::Signed,
        ReferralStatus::RewardPending,
        ReferralStatus::Approved,
    ];
}

wire_enum!(
    /// The reward the referrer chooses.
    ReferralReward {
        /// 一年物业费
        PropertyFees = "property_fees" / "一年物业费",
        /// 购物卡
        ShoppingCard = "shopping_card" / "购物卡",
    }
);

wire_enum!(
    /// The rule that made a registration ineligible (staff only).
    IneligibleReason {
        /// The friend is the referrer.
        SelfReferral = "self_referral" / "本人推荐本人",
        /// The friend is on the referrer's household list.
        Relative = "relative" / "直系亲属",
        /// The phone is on the staff and agency list.
        StaffPhone = "staff_phone" / "项目员工或中介",
        /// The friend visited or called within the no-contact window.
        RecentContact = "recent_contact" / "近期已到访或来电",
        /// Another registration of the friend is valid and protected.
        AlreadyRegistered = "already_registered" / "已被报备",
        /// The fraud review rejected it.
        FraudRejected = "fraud_rejected" / "审核驳回",
    }
);

wire_enum!(
    /// A fraud signal (staff only).
    ReferralSignal {
        /// The friend's phone is on the staff and agency list.
        StaffPhone = "staff_phone" / "号码属于员工或中介",
        /// Many registrations from one owner in a short time.
        RegistrationBurst = "registration_burst" / "短时间内大量报备",
        /// The friend's phone was already in the CRM.
        KnownPhone = "known_phone" / "号码已在系统中",
        /// The buyer's name differs from the registered name.
        NameMismatch = "name_mismatch" / "购房人姓名与报备不符",
    }
);

wire_enum!(
    /// Where the fraud review stands.
    ReviewStatus {
        /// No signal: nothing to review.
        None = "none" / "无需审核",
        /// In the review queue.
        Pending = "pending" / "待审核",
        /// Reviewed: the signals are explained.
        Cleared = "cleared" / "审核通过",
        /// Reviewed: fraud; the registration is ineligible.
        Rejected = "rejected" / "审核驳回",
    }
);

wire_enum!(
    /// A reviewer's decision.
    ReviewDecision {
        /// The signals are explained; the referral goes on.
        Cleared = "cleared" / "通过",
        /// Fraud: the registration becomes ineligible.
        Rejected = "rejected" / "驳回",
    }
);

wire_enum!(
    /// The owner-facing status: `not_eligible` covers every ineligible
    /// registration, whatever the reason.
    MyReferralStatus {
        /// 已报备
        Registered = "registered" / "已报备",
        /// 已到访
        Visited = "visited" / "已到访",
        /// 已认购
        Subscribed = "subscribed" / "已认购",
        /// 已签约, reward pending
        RewardPending = "reward_pending" / "奖励待审批",
        /// 奖励已批准
        Approved = "approved" / "奖励已批准",
        /// 奖励已发放
        Paid = "paid" / "奖励已发放",
        /// 不符合活动规则
        NotEligible = "not_eligible" / "不符合活动规则",
        /// 已取消
        Cancelled = "cancelled" / "已取消",
        /// 已追回
        ClawedBack = "clawed_back" / "已追回",
        /// 保护期满
        Expired = "expired" / "保护期满",
    }
);

/// `POST /api/v1/me/referrals`: an owner registers a friend (报备).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RegisterReferral {
    /// The friend's name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub friend_name: String,
    /// The friend's mobile phone (11 digits; spaces, dashes and `+86` ignored).
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub friend_phone: String,
    /// The project the friend is interested in.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub project_id: String,
    /// The reward the referrer wants (may be chosen later, before approval).
    #[serde(default)]
    pub reward: Option<ReferralReward>,
    /// The friend's consent to be contacted (purpose and notice version).
    #[cfg_attr(feature = "server", validate(nested))]
    pub consent: ConsentInput,
}

/// `POST /api/v1/referrals`: staff register a friend on an owner's behalf.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateReferral {
    /// The referring owner (a customer).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub referrer_customer_id: String,
    /// The friend's name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub friend_name: String,
    /// The friend's mobile phone.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub friend_phone: String,
    /// The project of interest.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub project_id: String,
    /// The reward the referrer chose, if already known.
    #[serde(default)]
    pub reward: Option<ReferralReward>,
    /// The friend's consent to be contacted.
    #[cfg_attr(feature = "server", validate(nested))]
    pub consent: ConsentInput,
}

/// `PUT /api/v1/referrals/{id}/reward` and `/me/referrals/{id}/reward` (`If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ChooseReferralReward {
    /// Property fees for a year, or the shopping card.
    pub reward: ReferralReward,
}

/// `POST /api/v1/referrals/{id}/review`: the fraud review's decision.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ReviewReferral {
    /// Cleared or rejected.
    pub decision: ReviewDecision,
    /// What the reviewer found (required).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 1000)))]
    pub note: String,
}

/// `POST /api/v1/referrals/{id}/approve`: the head of CRM approves the reward.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ApproveReferralReward {
    /// The reward, if the referrer has not chosen yet.
    #[serde(default)]
    pub reward: Option<ReferralReward>,
    /// Property fees only: the year's fees of the referrer's unit in fen
    /// (default `referral_rules.property_fees_value_fen`).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100_000_000)),
        schema(minimum = 1, maximum = 100_000_000)
    )]
    pub amount_fen: Option<i64>,
    /// Note.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    pub note: String,
}

/// `POST /api/v1/referrals/{id}/pay`: the reward was paid (once).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct PayReferralReward {
    /// Payment reference: card number, voucher or property-fee credit note.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 200)))]
    pub reference: String,
}

/// One fraud signal with what raised it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralSignalEntry {
    /// The signal.
    pub signal: ReferralSignal,
    /// What raised it, with the rule (no personal data).
    pub detail: String,
}

/// One step of a referral's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReferralEvent {
    /// Event id.
    pub id: String,
    /// `registered`, `ineligible`, `visited`, `subscribed`, `signed`,
    /// `reward_pending`, `reward_chosen`, `flagged`, `reviewed`, `approved`,
    /// `paid`, `cancelled`, `clawed_back`, `expired`.
    pub kind: String,
    /// Status before.
    pub from_status: Option<ReferralStatus>,
    /// Status after.
    pub to_status: Option<ReferralStatus>,
    /// Why, with the rule that decided.
    pub reason: String,
    /// `owner`, `staff` or `system`.
    pub actor_kind: String,
    /// Staff user (or the owner's customer id).
    pub actor_id: Option<String>,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A registration as staff see it: every reason, signal and step.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Referral {
    /// Id.
    pub id: String,
    /// Project of interest.
    pub project_id: String,
    /// The referring owner.
    pub referrer_customer_id: String,
    /// The friend's name as registered.
    pub friend_name: String,
    /// The friend's phone, masked.
    pub friend_phone_masked: String,
    /// The friend's customer (valid registrations).
    pub friend_customer_id: Option<String>,
    /// The friend's lead (source `owner_referral`).
    pub lead_id: Option<String>,
    /// The friend's deal, once subscribed.
    pub deal_id: Option<String>,
    /// Status.
    pub status: ReferralStatus,
    /// Whether the registration was valid when made.
    pub eligible: bool,
    /// Why not (staff only).
    pub ineligible_reason: Option<IneligibleReason>,
    /// The full decision, e.g. `the friend called on 2026-11-20, within 90 days`.
    pub decision: String,
    /// The setting that decided, e.g. `referral_rules.no_contact_days=90`.
    pub rule: String,
    /// End of the protection (valid registrations).
    pub protected_until: Option<chrono::DateTime<chrono::Utc>>,
    /// The chosen reward.
    pub reward: Option<ReferralReward>,
    /// The reward's worth in fen (set at approval).
    pub reward_amount_fen: Option<i64>,
    /// The setting that valued it.
    pub reward_rule: String,
    /// The fraud review.
    pub review_status: ReviewStatus,
    /// Fraud signals.
    pub signals: Vec<ReferralSignalEntry>,
    /// Review deadline.
    pub review_due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The reviewer's note.
    pub review_note: String,
    /// Reviewer.
    pub reviewed_by: Option<String>,
    /// Approver.
    pub approved_by: Option<String>,
    /// Approved at.
    pub approved_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Who recorded the payment.
    pub paid_by: Option<String>,
    /// Paid at.
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Payment reference.
    pub payment_reference: String,
    /// Clawed back (fen), after a withdrawal of a paid referral.
    pub clawback_fen: Option<i64>,
    /// The friend signed at.
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// `owner` (mini-program) or `staff`.
    pub registered_via: String,
    /// Staff who registered it on the owner's behalf.
    pub registered_by: Option<String>,
    /// History, oldest first.
    pub events: Vec<ReferralEvent>,
    /// Version (`ETag`).
    pub version: i32,
    /// Registered at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A registration as its owner sees it: progress and reward, never why a
/// friend was not eligible nor anything about the friend's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyReferral {
    /// Id.
    pub id: String,
    /// The friend's name as registered.
    pub friend_name: String,
    /// The friend's phone, masked.
    pub friend_phone_masked: String,
    /// Project of interest.
    pub project_id: String,
    /// Its name.
    pub project_name: String,
    /// Status (owner view).
    pub status: MyReferralStatus,
    /// A generic explanation when `not_eligible` (the same for every reason).
    pub status_note: String,
    /// End of the protection, for a valid registration.
    pub protected_until: Option<chrono::DateTime<chrono::Utc>>,
    /// The chosen reward.
    pub reward: Option<ReferralReward>,
    /// Version (`ETag`) for choosing the reward.
    pub version: i32,
    /// Registered at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}
