//! The words for the API's enums (sources, grades, statuses …) in each language.
//!
//! Chinese comes from the wire types themselves (`label_zh`, declared beside
//! the API name), so the SPA and the server say the same word; English is here.

use api_types::{
    AbilityToPay, AppointmentStatus, BenefitKind, CatalogueItemKind, CheckResult, DealEventKind,
    DealStage, DealTaskKind, DealTaskStatus, DefectCategory, DefectSeverity, DefectStatus,
    DeliveryTaskKind, DeliveryTaskStatus, DiscountKind, FollowUpChannel, Grade, InspectionKind,
    InspectionStatus, LeadSource, LeadStatus, LostReason, MemberTier, Occupancy, PointsEntryKind,
    PurchaseTimeframe, QuotaPeriod, Role, SlaState, SourceGroup, TierChangeCause, ValueTier,
    VisitKind, VisitMode, VisitSkipReason, VisitStatus,
};

use super::Lang;

/// An API enum with a word in each language.
pub trait Labelled: Copy {
    /// 中文.
    fn zh(self) -> &'static str;
    /// English.
    fn en(self) -> &'static str;
}

macro_rules! labelled {
    ($t:ty { $($v:ident => $en:literal),+ $(,)? }) => {
        impl Labelled for $t {
            fn zh(self) -> &'static str { self.label_zh() }
            fn en(self) -> &'static str { match self { $(<$t>::$v => $en),+ } }
        }
    };
}

labelled!(LeadSource {
    OfficialSite => "Official site", Wechat => "WeChat official account",
    OnlineSalesOffice => "Online sales office", Anjuke => "Anjuke", Beike => "Beike",
    Douyin => "Douyin", Xiaohongshu => "Xiaohongshu", WalkIn => "Showroom walk-in",
    Exhibition => "Exhibition", PartnerChannel => "Partner channel",
    OwnerReferral => "Owner referral", StaffReferral => "Staff referral",
    ServiceCallback => "Service call-back",
});
labelled!(SourceGroup { Online => "Online", Offline => "Offline", Internal => "Internal" });
labelled!(PurchaseTimeframe {
    Within3Months => "Within 3 months", Within6Months => "Within 6 months",
    Within12Months => "Within a year", Undated => "Plans to buy, no date", NoPlan => "No plan",
});
labelled!(AbilityToPay { CanPay => "Can pay", NeedsFinancing => "Needs financing", Unknown => "Unknown" });
labelled!(Grade { A => "A high intent", B => "B medium intent", C => "C low intent" });
labelled!(LeadStatus {
    New => "New", Contacted => "Contacted", Visited => "Visited",
    Subscribed => "Subscribed", Lost => "Lost",
});
labelled!(LostReason {
    PriceObjection => "Price objection", Location => "Location", Competitor => "Competitor",
    NoBudget => "No budget", Unreachable => "Unreachable", Layout => "Layout",
    Postponed => "Postponed", Other => "Other",
});
labelled!(FollowUpChannel { Call => "Call", Visit => "Visit", Wechat => "WeChat", Sms => "SMS", Note => "Note" });
labelled!(SlaState { OnTime => "On time", DueSoon => "Due soon", Breached => "Overdue" });
labelled!(DealStage { Subscribed => "Subscribed", Signed => "Signed", Paid => "Paid", Withdrawn => "Withdrawn" });
labelled!(DiscountKind { Member => "Member discount", Referral => "Referral discount", Other => "Other discount" });
labelled!(DealEventKind {
    Subscribed => "Subscribed", Signed => "Signed", Paid => "Payment complete", Withdrawn => "Withdrawn",
    UnitChanged => "Unit changed", DiscountAdded => "Discount added",
});
labelled!(DealTaskKind { SpecialistContact => "Specialist contact", SatisfactionRevisit => "Satisfaction revisit" });
labelled!(DealTaskStatus { Open => "Open", Done => "Done", Cancelled => "Cancelled" });
labelled!(ValueTier { Vip => "VIP", Key => "Key", Ordinary => "Ordinary", Potential => "Potential" });
labelled!(MemberTier { Ordinary => "Ordinary member", Silver => "Silver", Gold => "Gold" });
labelled!(TierChangeCause {
    DealSubscribed => "Subscription", ContractSigned => "Contract signed", DealWithdrawn => "Withdrawal",
    ReferralSucceeded => "Referral succeeded", ReferralRevoked => "Referral revoked",
    CustomerMerged => "Customers merged",
});
labelled!(BenefitKind { Discount => "Discount", Service => "Service", Priority => "Priority", Event => "Event" });
labelled!(QuotaPeriod { Year => "per year", Month => "per month", Lifetime => "lifetime" });
labelled!(CatalogueItemKind { PropertyFeeCredit => "Property-fee credit", Appliance => "Appliance", Other => "Other" });
labelled!(PointsEntryKind { Earn => "Earned", Redeem => "Redeemed", Reverse => "Reversed", Expire => "Expired" });
labelled!(DeliveryTaskKind {
    RiskCheck => "Risk check", PreInspection => "Pre-inspection",
    HandoverNotice => "Handover notice", HandoverDay => "Handover day",
});
labelled!(DeliveryTaskStatus { Open => "Open", Done => "Done" });
labelled!(InspectionKind {
    RiskCheck => "Risk check", PreInspection => "Pre-inspection", Handover => "Handover inspection",
    OneYear => "One-year inspection",
});
labelled!(InspectionStatus { InProgress => "In progress", Completed => "Completed" });
labelled!(CheckResult { Yes => "Pass", No => "Fail", NotApplicable => "N/A" });
labelled!(DefectCategory {
    WallCrack => "Wall crack", Plumbing => "Plumbing", Electrical => "Electrical",
    DoorsWindows => "Doors and windows", Waterproofing => "Leak / waterproofing", Flooring => "Flooring",
    Paint => "Paint", Fixtures => "Fixtures", Other => "Other",
});
labelled!(DefectSeverity { Minor => "Minor", Major => "Major", Critical => "Critical" });
labelled!(DefectStatus {
    Open => "Open", Assigned => "Being fixed", Fixed => "Awaiting re-inspection",
    Verified => "Verified", Closed => "Closed",
});
labelled!(AppointmentStatus { Booked => "Booked", Cancelled => "Cancelled" });
labelled!(VisitKind { ThreeMonth => "3-month visit", OneYear => "1-year visit" });
labelled!(VisitMode { HomeOrPhone => "Home or phone", Home => "Home" });
labelled!(VisitStatus {
    Scheduled => "Scheduled", Noticed => "Owner notified", Completed => "Completed", Skipped => "Skipped",
});
labelled!(VisitSkipReason {
    MajorComplaint => "Major complaint", Renovating => "Renovating", NotLiving => "Not living there",
});
labelled!(Occupancy { Living => "Living there", Renovating => "Renovating", NotLiving => "Not living there" });

impl Labelled for Role {
    fn zh(self) -> &'static str {
        self.label_zh()
    }
    fn en(self) -> &'static str {
        Lang::En.role_label(self)
    }
}

impl Lang {
    /// The word for an API enum value in this language.
    pub fn label<T: Labelled>(self, v: T) -> &'static str {
        match self {
            Lang::ZhCn => v.zh(),
            Lang::En => v.en(),
        }
    }

    /// The word for a lead event kind (`captured`, `graded` …); unknown kinds as they are.
    pub fn event_label(self, kind: &str) -> String {
        let (zh, en) = match kind {
            "captured" => ("录入线索", "Captured"),
            "duplicate" => ("重复客户（已关联）", "Duplicate customer (attached)"),
            "graded" => ("规则定级", "Graded by rules"),
            "graded_manually" => ("人工定级", "Graded by hand"),
            "awaiting_manual_grading" => ("等待人工定级", "Awaiting a manual grade"),
            "assigned" => ("自动分配", "Assigned"),
            "reassigned" => ("改派", "Reassigned"),
            "claimed" => ("从公海领取", "Claimed from the pool"),
            "pooled" => ("进入公海", "Put in the pool"),
            "followed_up" => ("跟进", "Followed up"),
            "status_changed" => ("状态变更", "Status changed"),
            "lost" => ("标记流失", "Marked lost"),
            "sla_due_soon" => ("即将超时", "SLA due soon"),
            "sla_breached" => ("已超时", "SLA breached"),
            "sla_expired" => ("超时未处理", "SLA grace expired"),
            "escalated" => ("已升级", "Escalated"),
            "returned_to_pool" => ("退回公海", "Returned to the pool"),
            "merged" => ("客户合并", "Customers merged"),
            "subscribed" => ("认购", "Subscribed"),
            "signed" => ("签约", "Signed"),
            "paid" => ("回款完成", "Payment complete"),
            "withdrawn" => ("退房", "Withdrawn"),
            "unit_changed" => ("换房", "Unit changed"),
            "discount_added" => ("新增优惠", "Discount added"),
            "call" => ("电话跟进", "Call"),
            "visit" => ("到访", "Visit"),
            "wechat" => ("微信跟进", "WeChat"),
            "sms" => ("短信", "SMS"),
            "note" => ("备注", "Note"),
            other => return other.to_string(),
        };
        match self {
            Lang::ZhCn => zh.to_string(),
            Lang::En => en.to_string(),
        }
    }
}
