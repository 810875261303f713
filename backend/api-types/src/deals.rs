//! Deals on units (DOMAIN §3): subscription (认购), signing (签约), payment
//! complete (回款), withdrawal (退房) and unit change (换房), with itemised
//! prices in fen, an event history and follow-up tasks on the SLA clock.

use serde::{Deserialize, Serialize};

use crate::wire_enum;
use crate::UnitStatus;
#[cfg(feature = "server")]
use validator::Validate;

wire_enum!(
    /// Stage of a deal.
    DealStage {
        /// 已认购
        Subscribed = "subscribed" / "已认购",
        /// 已签约
        Signed = "signed" / "已签约",
        /// 已回款
        Paid = "paid" / "已回款",
        /// 已退房
        Withdrawn = "withdrawn" / "已退房",
    }
);

wire_enum!(
    /// Kind of a discount item on a deal.
    DiscountKind {
        /// 会员折扣: granted by the customer's membership tier.
        Member = "member" / "会员折扣",
        /// 老带新折扣: granted to a referred friend (added by the referral process).
        Referral = "referral" / "老带新折扣",
        /// 其他优惠: granted by staff, with a reason.
        Other = "other" / "其他优惠",
    }
);

wire_enum!(
    /// What happened to a deal.
    DealEventKind {
        /// 认购
        Subscribed = "subscribed" / "认购",
        /// 签约
        Signed = "signed" / "签约",
        /// 回款完成
        Paid = "paid" / "回款",
        /// 退房
        Withdrawn = "withdrawn" / "退房",
        /// 换房
        UnitChanged = "unit_changed" / "换房",
        /// 新增优惠
        DiscountAdded = "discount_added" / "新增优惠",
    }
);

wire_enum!(
    /// Follow-up task of a deal (DOMAIN §3).
    DealTaskKind {
        /// 客户专员联系买受人 (within 1 week of subscription)
        SpecialistContact = "specialist_contact" / "客户专员联系",
        /// 销售服务满意度回访 (within 1 week of signing)
        SatisfactionRevisit = "satisfaction_revisit" / "满意度回访",
    }
);

wire_enum!(
    /// Status of a follow-up task.
    DealTaskStatus {
        /// 待办
        Open = "open" / "待办",
        /// 已完成
        Done = "done" / "已完成",
        /// 已取消 (the deal was withdrawn)
        Cancelled = "cancelled" / "已取消",
    }
);

/// A discount staff grant on a deal (kind `other`): either basis points of the
/// list price or a fixed amount in fen, never both.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct NewDiscount {
    /// What staff call it, e.g. `开盘优惠`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    pub label: String,
    /// Why it is granted (recorded as the item's rule).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 500)))]
    pub reason: String,
    /// Basis points of the list price (1–10000; 100 = 1 %).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 10000)),
        schema(minimum = 1, maximum = 10000)
    )]
    #[serde(default)]
    pub basis_points: Option<i64>,
    /// A fixed amount in fen (≥ 1).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 100_000_000_000i64)),
        schema(minimum = 1)
    )]
    #[serde(default)]
    pub amount_fen: Option<i64>,
}

/// `POST /api/v1/deals`: subscribe (认购) an available unit for a customer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateDeal {
    /// The unit; it must be `available`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub unit_id: String,
    /// The buying customer.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub customer_id: String,
    /// Business date of the subscription (default: now).
    #[serde(default)]
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Note on the subscription (e.g. deposit receipt number).
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    #[serde(default)]
    pub reason: String,
    /// Discounts staff grant (kind `other`); a member discount is added by the rules.
    #[cfg_attr(feature = "server", validate(length(max = 10), nested))]
    #[serde(default)]
    pub discounts: Vec<NewDiscount>,
}

/// Body of a stage change (`sign`, `pay`, `withdraw`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DealTransition {
    /// Business date of the event (default: now).
    #[serde(default)]
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why, or the reference (contract number, receipt); a withdrawal needs one.
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    #[serde(default)]
    pub reason: String,
}

/// `POST /api/v1/deals/{id}/change-unit`: unit change (换房) to another
/// available unit of the same project, while the deal is only subscribed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ChangeDealUnit {
    /// The new unit; it must be `available` and in the deal's project.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub unit_id: String,
    /// Business date (default: now).
    #[serde(default)]
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Why the customer changes unit.
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 500)))]
    pub reason: String,
}

/// One itemised discount of a deal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DealDiscount {
    /// Item id.
    pub id: String,
    /// Member, referral or other.
    pub kind: DiscountKind,
    /// What staff see, e.g. `银卡会员折扣`.
    pub label: String,
    /// Basis points of the list price, when the item is a percentage.
    pub basis_points: Option<i64>,
    /// The amount in fen (percentage items: of the current list price, rounded down).
    pub amount_fen: i64,
    /// The rule or setting that decided, e.g. `membership.silver.purchase_discount_bp=100`.
    pub rule: String,
    /// Why staff granted it (kind `other`).
    pub reason: String,
    /// Who added it (`null`: the rules).
    pub actor_id: Option<String>,
    /// Added at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One event of a deal's history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DealEvent {
    /// Event id.
    pub id: String,
    /// What happened.
    pub kind: DealEventKind,
    /// Business date.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
    /// Why, or the reference.
    pub reason: String,
    /// Who recorded it.
    pub actor_id: Option<String>,
    /// Details (units of a change, amounts).
    pub detail: Option<serde_json::Value>,
}

/// A follow-up task of a deal, on the SLA clock.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DealTask {
    /// Task id.
    pub id: String,
    /// The deal.
    pub deal_id: String,
    /// The deal's project.
    pub project_id: String,
    /// The buyer.
    pub customer_id: String,
    /// The buyer's name (whom the task is about).
    pub customer_name: String,
    /// What is to be done.
    pub kind: DealTaskKind,
    /// Who must do it (`null`: nobody eligible; the head of CRM is told at breach).
    pub assignee_id: Option<String>,
    /// The setting that set the deadline, e.g. `deal_follow_up.specialist_contact_hours=168`.
    pub rule: String,
    /// Deadline.
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// Open, done or cancelled.
    pub status: DealTaskStatus,
    /// SLA state while open: `on_time`, `due_soon` or `breached`.
    pub sla_state: Option<crate::SlaState>,
    /// Outcome recorded at completion.
    pub outcome: String,
    /// Who completed it.
    pub completed_by: Option<String>,
    /// When it was completed.
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Created at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/deal-tasks/{id}/complete`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CompleteDealTask {
    /// What came of it (the buyer's feedback, satisfaction).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 2000)))]
    pub outcome: String,
}

/// A deal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Deal {
    /// Deal id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// The unit (the new one after a unit change).
    pub unit_id: String,
    /// The unit's number, e.g. `3-1201`.
    pub unit_number: String,
    /// The unit's status: once `handed_over`, the deal can no longer be withdrawn.
    pub unit_status: UnitStatus,
    /// The buyer.
    pub customer_id: String,
    /// The lead that converted, if any.
    pub lead_id: Option<String>,
    /// The responsible sales staff.
    pub owner_id: String,
    /// Stage.
    pub stage: DealStage,
    /// List price of the unit, fen.
    pub list_price_fen: i64,
    /// Sum of the discount items, fen.
    pub discount_fen: i64,
    /// Net price (list − discounts), fen; the contract amount once signed.
    pub net_price_fen: i64,
    /// Every discount item.
    pub discounts: Vec<DealDiscount>,
    /// Subscribed (business date).
    pub subscribed_at: chrono::DateTime<chrono::Utc>,
    /// Signed.
    pub signed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Payment complete.
    pub paid_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Withdrawn.
    pub withdrawn_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The history, oldest first.
    pub events: Vec<DealEvent>,
    /// Follow-up tasks.
    pub tasks: Vec<DealTask>,
    /// Version (`ETag`).
    pub version: i32,
    /// Created at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A deal in a list (without history and tasks).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DealSummary {
    /// Deal id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Buyer.
    pub customer_id: String,
    /// Owner.
    pub owner_id: String,
    /// Stage.
    pub stage: DealStage,
    /// List price, fen.
    pub list_price_fen: i64,
    /// Discounts, fen.
    pub discount_fen: i64,
    /// Net price, fen.
    pub net_price_fen: i64,
    /// Subscribed at.
    pub subscribed_at: chrono::DateTime<chrono::Utc>,
    /// Version.
    pub version: i32,
}

/// The deal follow-up deadlines (DOMAIN §3); the body of
/// `PUT /api/v1/settings/deal-follow-up` (with `If-Match`).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DealFollowUp {
    /// The customer specialist contacts the buyer within this many hours of
    /// the subscription (1–2160; default 168: one week).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 2160)),
        schema(minimum = 1, maximum = 2160)
    )]
    pub specialist_contact_hours: i32,
    /// Satisfaction revisit within this many hours of signing (1–2160; default 168).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 2160)),
        schema(minimum = 1, maximum = 2160)
    )]
    pub satisfaction_revisit_hours: i32,
    /// Warn the assignee when this share of the interval remains (0–90 %; default 20).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 90)),
        schema(minimum = 0, maximum = 90)
    )]
    pub warn_before_percent: i32,
    /// Hours after a breach before the head of CRM is reminded (0–720; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 720)),
        schema(minimum = 0, maximum = 720)
    )]
    pub grace_hours: i32,
}

impl Default for DealFollowUp {
    /// DOMAIN §3: one week after subscription, one week after signing.
    fn default() -> DealFollowUp {
        DealFollowUp {
            specialist_contact_hours: 168,
            satisfaction_revisit_hours: 168,
            warn_before_percent: 20,
            grace_hours: 24,
        }
    }
}

/// `GET /api/v1/settings/deal-follow-up`: the values in force and their version.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DealFollowUpSetting {
    /// Version for `If-Match`; 0 while the defaults are in force.
    pub version: i32,
    /// The values.
    pub follow_up: DealFollowUp,
    /// Who last changed them.
    pub updated_by: Option<String>,
    /// When.
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}
