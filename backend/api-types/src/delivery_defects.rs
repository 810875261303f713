//! Defects found in delivery inspections (DOMAIN §6): status machine
//! `open → assigned → fixed → verified → closed` (or rejected back to
//! `assigned` at re-inspection), deadlines on the SLA clock, photos.

use serde::{Deserialize, Serialize};

use crate::wire_enum;
use crate::{InspectionKind, SlaState};

wire_enum!(
    /// What kind of defect.
    DefectCategory {
        /// 墙面裂缝
        WallCrack = "wall_crack" / "墙面裂缝",
        /// 给排水
        Plumbing = "plumbing" / "给排水",
        /// 电气
        Electrical = "electrical" / "电气",
        /// 门窗
        DoorsWindows = "doors_windows" / "门窗",
        /// 防水渗漏
        Waterproofing = "waterproofing" / "防水渗漏",
        /// 地面
        Flooring = "flooring" / "地面",
        /// 涂料
        Paint = "paint" / "涂料",
        /// 洁具五金
        Fixtures = "fixtures" / "洁具五金",
        /// 其他
        Other = "other" / "其他",
    }
);

wire_enum!(
    /// How bad it is.
    DefectSeverity {
        /// 一般
        Minor = "minor" / "一般",
        /// 严重
        Major = "major" / "严重",
        /// 紧急 (safety, water)
        Critical = "critical" / "紧急",
    }
);

wire_enum!(
    /// Where a defect is in its rectification.
    DefectStatus {
        /// 待分派
        Open = "open" / "待分派",
        /// 整改中
        Assigned = "assigned" / "整改中",
        /// 已整改 (awaiting re-inspection)
        Fixed = "fixed" / "待复验",
        /// 复验通过
        Verified = "verified" / "复验通过",
        /// 已关闭
        Closed = "closed" / "已关闭",
    }
);

/// `POST /api/v1/defects`: record a defect of a unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateDefect {
    /// The unit (or give `inspection_id`, whose unit it is).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    #[serde(default)]
    pub unit_id: Option<String>,
    /// The inspection that found it (its kind decides the deadline).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    #[serde(default)]
    pub inspection_id: Option<String>,
    /// The phase when there is no inspection (default `handover`).
    #[serde(default)]
    pub phase: Option<InspectionKind>,
    /// Room, e.g. `卫生间`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub room: String,
    /// Where in the room, e.g. `东墙距地 1.2 m`.
    #[cfg_attr(feature = "server", validate(length(max = 200)))]
    #[serde(default)]
    pub location: String,
    /// Category.
    pub category: DefectCategory,
    /// Severity.
    pub severity: DefectSeverity,
    /// What is wrong (2–2000 characters).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 2000)))]
    pub description: String,
    /// The responsible contractor, if known (then the defect starts `assigned`).
    #[cfg_attr(feature = "server", validate(length(max = 100)))]
    #[serde(default)]
    pub contractor: Option<String>,
}

/// `POST /api/v1/defects/{id}/assign`: the contractor and the engineer who follows it up.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AssignDefect {
    /// The responsible contractor.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    pub contractor: String,
    /// The engineering user who follows it up (default: the caller when engineering).
    #[serde(default)]
    pub assignee_id: Option<String>,
    /// The solution agreed (a handover-day defect needs one the same day).
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    #[serde(default)]
    pub solution: String,
}

/// Body of `fix`, `verify`, `reject` and `close`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct DefectStep {
    /// What was done or found; a rejection needs the reason (2+ characters).
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    #[serde(default)]
    pub note: String,
}

/// One status change of a defect.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DefectEvent {
    /// From (`null` when recorded).
    pub from_status: Option<DefectStatus>,
    /// To.
    pub to_status: DefectStatus,
    /// Note or reason.
    pub note: String,
    /// Who (staff user id, or the owner's customer id for `actor_kind: owner`).
    pub actor_id: Option<String>,
    /// `staff`, `owner` or `system`.
    pub actor_kind: String,
    /// When.
    pub at: chrono::DateTime<chrono::Utc>,
}

/// A photo (or signature) stored for a defect or unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryFile {
    /// File id.
    pub id: String,
    /// `image/jpeg`, `image/png` or `image/webp` (from the bytes).
    pub content_type: String,
    /// Size in bytes.
    pub size_bytes: i64,
    /// SHA-256 of the content (hex).
    pub sha256: String,
    /// Where to read it (same authorisation as the defect).
    pub url: String,
    /// Uploaded at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A defect.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Defect {
    /// Defect id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// Building.
    pub building_id: String,
    /// Unit.
    pub unit_id: String,
    /// Unit number (for boards and exports).
    pub unit_number: String,
    /// The inspection that found it.
    pub inspection_id: Option<String>,
    /// Phase it was found in.
    pub phase: InspectionKind,
    /// Room.
    pub room: String,
    /// Location in the room.
    pub location: String,
    /// Category.
    pub category: DefectCategory,
    /// Severity.
    pub severity: DefectSeverity,
    /// Description.
    pub description: String,
    /// Responsible contractor (empty until assigned).
    pub contractor: String,
    /// Engineering user following it up.
    pub assignee_id: Option<String>,
    /// Status.
    pub status: DefectStatus,
    /// The solution agreed.
    pub solution: String,
    /// When a solution is due (handover-day defects).
    pub solution_due_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When the solution was given.
    pub solution_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it must be fixed.
    pub fix_due_at: chrono::DateTime<chrono::Utc>,
    /// The settings that decided the deadlines.
    pub rule: String,
    /// The state of its SLA clock (`null` once fixed or closed).
    pub sla_state: Option<SlaState>,
    /// Still open or assigned and past its fix deadline.
    pub overdue: bool,
    /// Accepted by the owner "with reservations" at sign-off.
    pub reserved: bool,
    /// Times the fix was rejected at re-inspection.
    pub rejections: i32,
    /// Fixed at.
    pub fixed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Verified at.
    pub verified_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Closed at.
    pub closed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Photos.
    pub photos: Vec<DeliveryFile>,
    /// Status history (only on `GET /defects/{id}`).
    #[serde(default)]
    pub events: Vec<DefectEvent>,
    /// Version for `If-Match`.
    pub version: i32,
    /// Recorded at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}
