//! Strings of the referral screens (老带新), each declared once with both
//! translations, so a missing one is a compile error.

use super::Lang;

macro_rules! strings {
    ($($field:ident: $zh:literal / $en:literal,)+) => {
        /// Every string of the referral screens.
        #[derive(Debug, PartialEq)]
        pub struct ReferralStrings {
            $(#[doc = $en] pub $field: &'static str,)+
        }

        /// 简体中文.
        pub static ZH_CN: ReferralStrings = ReferralStrings { $($field: $zh,)+ };

        /// English.
        pub static EN: ReferralStrings = ReferralStrings { $($field: $en,)+ };
    };
}

impl Lang {
    /// The referral screens' strings in this language.
    pub fn referrals(self) -> &'static ReferralStrings {
        match self {
            Lang::ZhCn => &ZH_CN,
            Lang::En => &EN,
        }
    }

    /// A wire enum's label: the Chinese word, or the API name in English.
    pub fn word(self, zh: &'static str, api: &'static str) -> String {
        match self {
            Lang::ZhCn => zh.to_string(),
            Lang::En => api.replace('_', " "),
        }
    }
}

strings! {
    nav_referrals: "老带新" / "Referrals",
    pipeline_title: "老带新报备" / "Referral pipeline",
    review_queue: "仅看待审核" / "Review queue only",
    all_statuses: "全部状态" / "All statuses",
    friend: "朋友" / "Friend",
    referrer: "推荐业主" / "Referrer",
    status: "状态" / "Status",
    review: "审核" / "Review",
    reward: "奖励" / "Reward",
    registered_at: "报备时间" / "Registered",
    none_yet: "暂无报备" / "No referrals",
    detail_title: "报备详情" / "Referral",
    decision: "判定" / "Decision",
    rule: "规则" / "Rule",
    protected_until: "保护期至" / "Protected until",
    signals: "风险信号" / "Fraud signals",
    review_due: "审核期限" / "Review due",
    history: "历程" / "History",
    deal: "成交" / "Deal",
    amount: "金额" / "Amount",
    reference: "发放凭证" / "Payment reference",
    note: "说明" / "Note",
    clear: "审核通过" / "Clear",
    reject: "驳回" / "Reject",
    approve: "批准奖励" / "Approve reward",
    pay: "登记发放" / "Record payment",
    register_title: "为业主报备朋友" / "Register a friend for this owner",
    friend_name: "朋友姓名" / "Friend's name",
    friend_phone: "朋友手机" / "Friend's phone",
    project: "意向项目" / "Project of interest",
    consent_given: "朋友已同意接受联系" / "The friend agreed to be contacted",
    register: "报备" / "Register",
    registered_ok: "已报备" / "Registered",
    not_chosen: "未选择" / "Not chosen",
    referrals_of_customer: "该业主的推荐" / "This owner's referrals",
    rules_title: "老带新规则" / "Referral rules",
    no_contact_days: "未到访/来电天数" / "No visit or call within (days)",
    protection_days: "保护期（天）" / "Protection (days)",
    friend_discount_bp: "朋友额外优惠（%）" / "Friend's extra discount (%)",
    shopping_card_fen: "购物卡金额（元）" / "Shopping card (yuan)",
    property_fees_months: "物业费月数" / "Months of property fees",
    property_fees_value_fen: "物业费估值（元）" / "Property fees worth (yuan)",
    burst_count: "短时报备次数" / "Registrations in a burst",
    burst_hours: "短时窗口（小时）" / "Burst window (hours)",
    review_hours: "审核时限（小时）" / "Review within (hours)",
    exclude_relatives: "排除直系亲属" / "Exclude relatives",
    exclude_staff_phones: "排除员工与中介" / "Exclude staff and agencies",
    relatives_title: "亲属/家庭成员" / "Household (relatives)",
    relatives_hint: "名单上的亲属不能由该客户推荐（老带新不予认定）。" / "Relatives on this list cannot be referred by this customer.",
    relative_name: "姓名" / "Name",
    relation: "关系" / "Relation",
    relation_placeholder: "如 配偶、父母、子女" / "e.g. spouse, parent, child",
    phone: "手机号" / "Phone",
    added_at: "登记时间" / "Added",
    no_relatives: "暂无登记的亲属" / "No relatives on the list",
    add_relative: "添加亲属" / "Add relative",
    relative_added: "已添加亲属" / "Relative added",
    staff_phones_title: "员工及中介电话" / "Staff and agency phones",
    staff_phones_hint: "名单上的号码不能作为被推荐的朋友报备。" / "Phones on this list cannot be registered as referred friends.",
    kind: "类型" / "Kind",
    staff_name: "姓名/机构" / "Person or agency",
    every_project: "全部项目" / "Every project",
    no_staff_phones: "名单为空" / "The list is empty",
    add_staff_phone: "添加号码" / "Add phone",
    staff_phone_added: "已添加号码" / "Phone added",
    report_title: "老带新报表" / "Referral report",
    referral_share: "老带新占比" / "Referral share of deals",
    signed_deals: "签约数" / "Signed deals",
    referral_deals: "老带新签约数" / "Referral deals",
    registrations: "报备数" / "Registrations",
    valid_registrations: "有效报备" / "Valid registrations",
    signed_registrations: "报备已签约" / "Registrations signed",
    conversion: "报备→签约转化率" / "Registration → signing",
    reward_cost: "奖励成本（已批准）" / "Reward cost (approved)",
    paid: "已发放" / "Paid",
    clawback: "已追回" / "Clawed back",
    by_project: "分项目" / "By project",
    share_by_project: "各项目老带新占比" / "Referral share by project",
    target_line: "目标线" / "Target",
    definition: "统计口径" / "How it is counted",
    total: "合计" / "Total",
}
