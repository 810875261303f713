//! Customers and leads (DOMAIN §2): capture, grading, follow-up, lifecycle.

use serde::{Deserialize, Serialize};

use crate::wire_enum;
#[cfg(feature = "server")]
use validator::Validate;

wire_enum!(
    /// Where a lead came from (渠道).
    LeadSource {
        /// 官网
        OfficialSite = "official_site" / "官网",
        /// 微信公众号
        Wechat = "wechat" / "微信公众号",
        /// 线上售楼处
        OnlineSalesOffice = "online_sales_office" / "线上售楼处",
        /// 安居客
        Anjuke = "anjuke" / "安居客",
        /// 贝壳
        Beike = "beike" / "贝壳",
        /// 抖音
        Douyin = "douyin" / "抖音",
        /// 小红书
        Xiaohongshu = "xiaohongshu" / "小红书",
        /// 展厅接待
        WalkIn = "walk_in" / "展厅接待",
        /// 展会
        Exhibition = "exhibition" / "展会",
        /// 异业合作
        PartnerChannel = "partner_channel" / "异业合作",
        /// 老客户转介绍
        OwnerReferral = "owner_referral" / "老客户转介绍",
        /// 员工推荐
        StaffReferral = "staff_referral" / "员工推荐",
        /// 客服回访挖掘
        ServiceCallback = "service_callback" / "客服回访挖掘",
    }
);

wire_enum!(
    /// The source groups of DOMAIN §2.
    SourceGroup {
        /// 线上
        Online = "online" / "线上",
        /// 线下
        Offline = "offline" / "线下",
        /// 内部
        Internal = "internal" / "内部",
    }
);

impl LeadSource {
    /// The group the source belongs to.
    pub fn group(self) -> SourceGroup {
        use LeadSource::*;
        match self {
            OfficialSite | Wechat | OnlineSalesOffice | Anjuke | Beike | Douyin | Xiaohongshu => {
                SourceGroup::Online
            }
            WalkIn | Exhibition | PartnerChannel | OwnerReferral => SourceGroup::Offline,
            StaffReferral | ServiceCallback => SourceGroup::Internal,
        }
    }
}

wire_enum!(
    /// When the customer means to buy.
    PurchaseTimeframe {
        /// 3个月内
        Within3Months = "within_3_months" / "3个月内",
        /// 6个月内
        Within6Months = "within_6_months" / "6个月内",
        /// 1年内
        Within12Months = "within_12_months" / "1年内",
        /// 有计划，未定时间
        Undated = "undated" / "有计划未定时间",
        /// 暂无计划
        NoPlan = "no_plan" / "暂无计划",
    }
);

wire_enum!(
    /// Whether the customer can pay.
    AbilityToPay {
        /// 可支付（全款或贷款已落实）
        CanPay = "can_pay" / "可支付",
        /// 需要融资
        NeedsFinancing = "needs_financing" / "需融资",
        /// 未知
        Unknown = "unknown" / "未知",
    }
);

wire_enum!(
    /// Lead grade (线索分级).
    Grade {
        /// 高意向
        A = "A" / "A 高意向",
        /// 中等意向
        B = "B" / "B 中等意向",
        /// 低意向
        C = "C" / "C 低意向",
    }
);

wire_enum!(
    /// Lead lifecycle.
    LeadStatus {
        /// 新线索
        New = "new" / "新线索",
        /// 已联系
        Contacted = "contacted" / "已联系",
        /// 已到访
        Visited = "visited" / "已到访",
        /// 已认购（成交）
        Subscribed = "subscribed" / "已认购",
        /// 已流失
        Lost = "lost" / "已流失",
    }
);

wire_enum!(
    /// Why a lead was lost.
    LostReason {
        /// 价格异议
        PriceObjection = "price_objection" / "价格异议",
        /// 地段不满意
        Location = "location" / "地段不满意",
        /// 选择竞品
        Competitor = "competitor" / "选择竞品",
        /// 预算不足
        NoBudget = "no_budget" / "预算不足",
        /// 无法联系
        Unreachable = "unreachable" / "无法联系",
        /// 户型不满意
        Layout = "layout" / "户型不满意",
        /// 暂缓购房
        Postponed = "postponed" / "暂缓购房",
        /// 其他
        Other = "other" / "其他",
    }
);

wire_enum!(
    /// How a follow-up happened (跟进方式).
    FollowUpChannel {
        /// 电话
        Call = "call" / "电话",
        /// 到访
        Visit = "visit" / "到访",
        /// 微信
        Wechat = "wechat" / "微信",
        /// 短信
        Sms = "sms" / "短信",
        /// 备注
        Note = "note" / "备注",
    }
);

wire_enum!(
    /// State of an SLA clock.
    SlaState {
        /// 正常
        OnTime = "on_time" / "正常",
        /// 即将超时
        DueSoon = "due_soon" / "即将超时",
        /// 已超时
        Breached = "breached" / "已超时",
    }
);

/// The customer's four opt-outs (DOMAIN §10), all off by default.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct OptOuts {
    /// No direct marketing.
    #[serde(default)]
    pub direct_marketing: bool,
    /// No disclosure to third parties.
    #[serde(default)]
    pub third_party_disclosure: bool,
    /// No automated decision-making (e.g. automatic grading).
    #[serde(default)]
    pub automated_decisions: bool,
    /// No use of sensitive personal data.
    #[serde(default)]
    pub sensitive_data: bool,
}

/// Consent given at capture.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ConsentInput {
    /// Purpose consented to, e.g. `sales_contact`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    pub purpose: String,
    /// Version of the privacy notice shown, e.g. `2026-01`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub notice_version: String,
}

/// `POST /api/v1/leads` body: capture a lead (staff or integration).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CaptureLead {
    /// Customer name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub name: String,
    /// Mobile phone (11 digits; spaces, dashes and `+86` are ignored); identifies the customer.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub phone: String,
    /// Project of interest.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub project_id: String,
    /// Source channel.
    pub source: LeadSource,
    /// Budget in fen.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000_000_000i64))
    )]
    pub budget_fen: Option<i64>,
    /// Purchase timeframe.
    #[serde(default)]
    pub purchase_timeframe: Option<PurchaseTimeframe>,
    /// Ability to pay.
    #[serde(default)]
    pub ability_to_pay: Option<AbilityToPay>,
    /// Family structure, e.g. 三口之家.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 100)))]
    pub family_structure: String,
    /// Occupation.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 100)))]
    pub occupation: String,
    /// Preferred layouts, e.g. `["3室2厅"]`.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 10)))]
    pub preferred_layouts: Vec<String>,
    /// Notes.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    pub notes: String,
    /// Visits to the sales office so far.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(range(min = 0, max = 1000)))]
    pub visits: i32,
    /// Consent given (required: no collection without it).
    #[cfg_attr(feature = "server", validate(nested))]
    pub consent: ConsentInput,
    /// The customer's opt-outs.
    #[serde(default)]
    pub opt_outs: OptOuts,
}

/// A lead as staff see it. The phone is masked unless the role may see it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Lead {
    /// Lead id.
    pub id: String,
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub customer_name: String,
    /// Phone, masked (`138****0853`).
    pub phone_masked: String,
    /// Project id.
    pub project_id: String,
    /// Source.
    pub source: LeadSource,
    /// Source group.
    pub source_group: SourceGroup,
    /// Budget in fen.
    pub budget_fen: Option<i64>,
    /// Purchase timeframe.
    pub purchase_timeframe: Option<PurchaseTimeframe>,
    /// Ability to pay.
    pub ability_to_pay: Option<AbilityToPay>,
    /// Family structure.
    pub family_structure: String,
    /// Occupation.
    pub occupation: String,
    /// Preferred layouts.
    pub preferred_layouts: Vec<String>,
    /// Notes.
    pub notes: String,
    /// Visits.
    pub visits: i32,
    /// Grade; `null` while it waits for a person to grade it.
    pub grade: Option<Grade>,
    /// `rules` or `manual`.
    pub grade_source: Option<String>,
    /// Lifecycle status.
    pub status: LeadStatus,
    /// Why it was lost.
    pub lost_reason: Option<LostReason>,
    /// Assigned staff user; `null` = in the pool (公海).
    pub owner_id: Option<String>,
    /// SLA state of the open clock, if any.
    pub sla_state: Option<SlaState>,
    /// When the next contact is due.
    #[serde(serialize_with = "crate::wire_time::serialize_opt")]
    pub next_due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// How it was created: `staff`, `integration`, `import`, `referral`.
    pub created_via: String,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at.
    #[serde(serialize_with = "crate::wire_time::serialize")]
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Updated at.
    #[serde(serialize_with = "crate::wire_time::serialize")]
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// Result of a capture: the lead, and whether the phone was already a customer.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Captured {
    /// The new lead.
    pub lead: Lead,
    /// `true` when the phone matched an existing customer (a duplicate event was recorded).
    pub duplicate: bool,
    /// `true` when the phone matched a customer and the caller may not see
    /// the new lead (always for an integration's duplicate): the lead then
    /// shows only what the caller sent, as captured before the rules ran.
    /// Its grade, grade source, owner, SLA state and due time are `null`,
    /// `version` is 1 and `updated_at` its capture time, though the lead went
    /// on as usual, because those follow from what the CRM knows about that
    /// person (a grade left for a person to decide would tell an integration
    /// that they opted out of automated decisions). Staff who may see the new
    /// lead get it as they would read it.
    #[serde(default)]
    pub withheld: bool,
}

/// One rule's part in a grading.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct RuleOutcome {
    /// Rule id, e.g. `buys_within_3_months_and_can_pay`.
    pub rule: String,
    /// What the rule checks.
    pub description: String,
    /// Whether it fired.
    pub fired: bool,
    /// Points it contributed (0 when it did not fire).
    pub points: i32,
}

/// A grading and its explanation (`GET /api/v1/leads/{id}/grading`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Grading {
    /// Grading id.
    pub id: String,
    /// Lead id.
    pub lead_id: String,
    /// The grade.
    pub grade: Grade,
    /// Total score.
    pub score: i32,
    /// Version of the company's rule set used.
    pub rule_set_version: i32,
    /// Every rule, fired or not, with its contribution.
    pub rules: Vec<RuleOutcome>,
    /// The thresholds that turned the score into the grade, e.g. `A ≥ 60, B ≥ 30`.
    pub decided_by: String,
    /// `true` for a manual override.
    pub manual: bool,
    /// Who overrode (manual only).
    pub actor_id: Option<String>,
    /// Why (manual only).
    pub reason: String,
    /// When.
    pub created_at: chrono::DateTime<chrono::Utc>,
}
