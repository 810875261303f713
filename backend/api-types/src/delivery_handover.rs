//! Owner sign-off (验收交房) and post-handover visits (DOMAIN §6), for staff
//! and for the owners' mini-program. Appointments: `delivery_appointments`.

use serde::{Deserialize, Serialize};

use crate::wire_enum;

wire_enum!(
    /// Where the owner signed.
    HandoverChannel {
        /// 平板签字 (staff tablet, drawn signature)
        Tablet = "tablet" / "现场平板签字",
        /// 小程序确认
        MiniProgram = "mini_program" / "小程序确认",
    }
);

wire_enum!(
    /// Whether the owner lives in the unit (visits skip renovating and absent owners).
    Occupancy {
        /// 入住
        Living = "living" / "已入住",
        /// 装修中
        Renovating = "renovating" / "装修中",
        /// 未入住
        NotLiving = "not_living" / "未入住",
    }
);

wire_enum!(
    /// A post-handover visit.
    VisitKind {
        /// 三个月居住体验回访 (home or phone)
        ThreeMonth = "three_month" / "三个月回访",
        /// 一年房屋检查 (home)
        OneYear = "one_year" / "一年回访",
    }
);

wire_enum!(
    /// How a visit is made.
    VisitMode {
        /// 上门或电话
        HomeOrPhone = "home_or_phone" / "上门或电话",
        /// 上门
        Home = "home" / "上门",
    }
);

wire_enum!(
    /// Where a visit is.
    VisitStatus {
        /// 已排期
        Scheduled = "scheduled" / "已排期",
        /// 已通知业主
        Noticed = "noticed" / "已通知",
        /// 已完成
        Completed = "completed" / "已完成",
        /// 已跳过
        Skipped = "skipped" / "已跳过",
    }
);

wire_enum!(
    /// Why a visit was skipped (DOMAIN §6).
    VisitSkipReason {
        /// 有重大投诉记录
        MajorComplaint = "major_complaint" / "重大投诉",
        /// 装修中
        Renovating = "renovating" / "装修中",
        /// 未入住
        NotLiving = "not_living" / "未入住",
    }
);

/// `POST /api/v1/units/{id}/handover` (staff tablet) or
/// `POST /api/v1/me/units/{id}/accept` (owner): the owner accepts the unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct SignOff {
    /// Accept with the open defects listed as reservations; without it, open
    /// defects refuse the sign-off (409 `open_defects`).
    #[serde(default)]
    pub with_reservations: bool,
    /// The drawn signature (a file uploaded to `POST /units/{id}/signature`):
    /// required on the tablet, refused from the owner.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    #[serde(default)]
    pub signature_file_id: Option<String>,
    /// Keys handed over now (staff only; default true on the tablet). The
    /// owner may not send it: their acceptance records no keys, which staff
    /// hand over and record with `PATCH /units/{id}/handover`.
    #[serde(default)]
    pub keys_handed: Option<bool>,
    /// Whether the owner will live there (default `living`).
    #[serde(default)]
    pub occupancy: Option<Occupancy>,
    /// Remark.
    #[cfg_attr(feature = "server", validate(length(max = 1000)))]
    #[serde(default)]
    pub note: String,
}

/// A defect accepted with reservations at sign-off.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Reservation {
    /// Defect id.
    pub defect_id: String,
    /// Room.
    pub room: String,
    /// Description.
    pub description: String,
    /// Status at sign-off.
    pub status: crate::DefectStatus,
}

/// The sign-off record of a unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Handover {
    /// Record id.
    pub id: String,
    /// Unit.
    pub unit_id: String,
    /// Batch.
    pub batch_id: Option<String>,
    /// The accepting owner (customer id).
    pub customer_id: String,
    /// Tablet or mini-program.
    pub channel: HandoverChannel,
    /// Signature image, if drawn.
    pub signature_file_id: Option<String>,
    /// Open defects accepted with reservations.
    pub reservations: Vec<Reservation>,
    /// Keys handed over.
    pub keys_handed: bool,
    /// Occupancy (decides visit exclusions).
    pub occupancy: Occupancy,
    /// Remark.
    pub note: String,
    /// Signed at.
    pub signed_at: chrono::DateTime<chrono::Utc>,
    /// Version for `If-Match`.
    pub version: i32,
}

/// `PATCH /api/v1/units/{id}/handover` (send `If-Match`): what staff learn later.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateHandover {
    /// Whether the owner lives there now.
    #[serde(default)]
    pub occupancy: Option<Occupancy>,
    /// Keys handed over.
    #[serde(default)]
    pub keys_handed: Option<bool>,
}

/// `PUT /api/v1/customers/{id}/service-flags` (send `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ServiceFlags {
    /// A major complaint is on record (post-handover visits are skipped).
    pub major_complaint: bool,
    /// Why.
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    #[serde(default)]
    pub note: String,
}

/// `GET /api/v1/customers/{id}/service-flags`: the customer's service flags
/// and who set them last (the `ETag` is `version`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ServiceFlagsView {
    /// The customer.
    pub customer_id: String,
    /// A major complaint is on record.
    pub major_complaint: bool,
    /// Why.
    pub note: String,
    /// Who set them last (`null`: never set).
    pub updated_by: Option<String>,
    /// When (`null`: never set).
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Version for `If-Match` on `PUT`.
    pub version: i32,
}

/// A post-handover visit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Visit {
    /// Visit id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Owner (customer id).
    pub customer_id: String,
    /// Which visit.
    pub kind: VisitKind,
    /// Home or phone.
    pub mode: VisitMode,
    /// The setting that decided the date.
    pub rule: String,
    /// When it is due.
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// When the owner is told.
    pub notice_at: chrono::DateTime<chrono::Utc>,
    /// Status.
    pub status: VisitStatus,
    /// Why it was skipped.
    pub skip_reason: Option<VisitSkipReason>,
    /// Outcome recorded.
    pub outcome: String,
    /// Owner's satisfaction 1–5.
    pub satisfaction: Option<i32>,
    /// Completed at.
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Version for `If-Match`.
    pub version: i32,
    /// The unit's number and the owner's name and masked phone (DOMAIN §1:
    /// service sees masked contact data), for the staff who make the visit:
    /// in `GET /visits` and the completed visit; absent in audit snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<OwnerContact>,
}

/// `POST /api/v1/visits/{id}/complete`: the outcome.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CompleteVisit {
    /// What the owner said and what was found (2–2000 characters).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 2000)))]
    pub outcome: String,
    /// Satisfaction 1–5.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 5)),
        schema(minimum = 1, maximum = 5)
    )]
    #[serde(default)]
    pub satisfaction: Option<i32>,
}

/// An owner's view of a defect of their unit (no staff fields).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct MyDefect {
    /// Defect id.
    pub id: String,
    /// Unit.
    pub unit_id: String,
    /// Room.
    pub room: String,
    /// Location.
    pub location: String,
    /// Category.
    pub category: crate::DefectCategory,
    /// Description.
    pub description: String,
    /// Status.
    pub status: crate::DefectStatus,
    /// When it must be fixed.
    pub fix_due_at: chrono::DateTime<chrono::Utc>,
    /// Accepted with reservations.
    pub reserved: bool,
    /// Recorded at.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The defect's photos, each at `GET /api/v1/me/delivery-files/{id}`.
    #[serde(default)]
    pub photo_urls: Vec<String>,
}

/// Defects of one group (a project, building, category or contractor).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DefectGroup {
    /// The group's key (an id, a category, a contractor name; `""`: unassigned).
    pub key: String,
    /// What staff see (project or building name, category label, contractor).
    pub label: String,
    /// Defects recorded.
    pub total: i64,
    /// Not yet fixed (open or assigned).
    pub open: i64,
    /// Open or assigned and past the fix deadline.
    pub overdue: i64,
}

/// Handover progress of a batch.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BatchHandoverRate {
    /// Batch.
    pub batch_id: String,
    /// Name.
    pub name: String,
    /// Units.
    pub units: i64,
    /// Handed over.
    pub handed_over: i64,
    /// handed_over / units (0 when empty).
    pub rate: f64,
}

/// `GET /api/v1/reports/delivery`: DOMAIN §6 at a glance.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryReport {
    /// By project.
    pub by_project: Vec<DefectGroup>,
    /// By building.
    pub by_building: Vec<DefectGroup>,
    /// By category.
    pub by_category: Vec<DefectGroup>,
    /// By contractor.
    pub by_contractor: Vec<DefectGroup>,
    /// Defects fixed so far.
    pub fixed: i64,
    /// Of those, fixed by their deadline.
    pub fixed_on_time: i64,
    /// On-time rectification rate (fixed_on_time / fixed; `null` when none fixed).
    pub on_time_rate: Option<f64>,
    /// Open or assigned defects past their deadline now.
    pub overdue_open: i64,
    /// Handover rate per batch.
    pub batches: Vec<BatchHandoverRate>,
    /// Visits due so far (due date passed, or completed/skipped).
    pub visits_due: i64,
    /// Visits completed.
    pub visits_completed: i64,
    /// Visits skipped by an exclusion.
    pub visits_skipped: i64,
    /// Visit completion (completed / (due − skipped); `null` when none).
    pub visit_completion_rate: Option<f64>,
    /// The period asked for (`null`: all time): defects recorded, defects
    /// fixed, batches handed over and visits due within it.
    #[serde(default)]
    pub period: Option<crate::ReportPeriod>,
}

/// Whom a delivery record is about, as staff see it: the unit's number and
/// its owner's name and masked phone.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OwnerContact {
    /// Unit number (房号).
    pub unit_number: String,
    /// Owner's name.
    pub owner_name: String,
    /// Owner's phone, masked (`138****0853`).
    pub phone_masked: String,
}
