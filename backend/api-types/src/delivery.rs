//! Delivery inspections (交付验房, DOMAIN §6): batches with their generated
//! timeline, inspections with checklists, and the rules behind the deadlines.

use serde::{Deserialize, Serialize};
#[cfg(feature = "server")]
use validator::Validate;

use crate::wire_enum;

wire_enum!(
    /// A step of a batch's timeline (DOMAIN §6), generated from the handover date.
    DeliveryTaskKind {
        /// 交付风险检查 (3 months before)
        RiskCheck = "risk_check" / "交付风险检查",
        /// 预验收 (1 month before)
        PreInspection = "pre_inspection" / "预验收",
        /// 入伙通告 (5 days before, sent to the owners through the outbox)
        HandoverNotice = "handover_notice" / "入伙通告",
        /// 交付日 (one-stop desk)
        HandoverDay = "handover_day" / "集中交付",
    }
);

wire_enum!(
    /// Status of a timeline task.
    DeliveryTaskStatus {
        /// 待办
        Open = "open" / "待办",
        /// 已完成
        Done = "done" / "已完成",
    }
);

wire_enum!(
    /// Kind of an inspection (and the phase a defect was found in).
    InspectionKind {
        /// 交付风险检查
        RiskCheck = "risk_check" / "风险检查",
        /// 预验收
        PreInspection = "pre_inspection" / "预验收",
        /// 交付验房
        Handover = "handover" / "交付验房",
        /// 一年回访验房
        OneYear = "one_year" / "一年验房",
    }
);

wire_enum!(
    /// Status of an inspection.
    InspectionStatus {
        /// 进行中
        InProgress = "in_progress" / "进行中",
        /// 已完成
        Completed = "completed" / "已完成",
    }
);

wire_enum!(
    /// The answer to one checklist item.
    CheckResult {
        /// 合格
        Yes = "yes" / "合格",
        /// 不合格
        No = "no" / "不合格",
        /// 不适用
        NotApplicable = "not_applicable" / "不适用",
    }
);

/// `POST /api/v1/delivery-batches`: a set of units of one project and their
/// planned handover date; the timeline is generated from it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateDeliveryBatch {
    /// The project.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub project_id: String,
    /// What staff call it, e.g. `一期 3 栋交付`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    pub name: String,
    /// Planned handover day (the first handover of the batch).
    pub handover_at: chrono::DateTime<chrono::Utc>,
    /// The units delivered (1–2000, of the project, in no other batch).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 2000)))]
    pub unit_ids: Vec<String>,
}

/// `PATCH /api/v1/delivery-batches/{id}` (send `If-Match`): rename the batch
/// or move its planned handover day; the open timeline tasks are re-dated by
/// the same rules (completed tasks keep their dates).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateDeliveryBatch {
    /// New name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    #[serde(default)]
    pub name: Option<String>,
    /// New planned handover day (not in the past).
    #[serde(default)]
    pub handover_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// One step of a batch's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryTask {
    /// Task id.
    pub id: String,
    /// Which step.
    pub kind: DeliveryTaskKind,
    /// When it is due.
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// The setting that decided, e.g. `delivery_rules.risk_check_days_before=90`.
    pub rule: String,
    /// Open or done.
    pub status: DeliveryTaskStatus,
    /// What was found or done.
    pub outcome: String,
    /// Who completed it (`null`: the system, e.g. the notice sweep).
    pub completed_by: Option<String>,
    /// When.
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Open and past due.
    pub overdue: bool,
}

/// A unit of a batch and how far its delivery is.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BatchUnit {
    /// Unit id.
    pub unit_id: String,
    /// Building name.
    pub building_name: String,
    /// Unit number.
    pub number: String,
    /// Sales status (`handed_over` once signed off).
    pub status: crate::UnitStatus,
    /// Open defects (not yet verified or closed).
    pub open_defects: i64,
}

/// A delivery batch with its timeline and units.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct DeliveryBatch {
    /// Batch id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Planned handover day.
    pub handover_at: chrono::DateTime<chrono::Utc>,
    /// Units in the batch.
    pub unit_count: i64,
    /// Units handed over.
    pub handed_over: i64,
    /// The timeline, in date order.
    pub tasks: Vec<DeliveryTask>,
    /// The units (only on `GET /delivery-batches/{id}`).
    #[serde(default)]
    pub units: Vec<BatchUnit>,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/delivery-tasks/{id}/complete`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CompleteDeliveryTask {
    /// What was found or done (2–2000 characters).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 2000)))]
    pub outcome: String,
}

/// A room of a checklist template and its items.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ChecklistRoom {
    /// Room, e.g. `客厅`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub room: String,
    /// Items checked in it, e.g. `墙面无裂缝`.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub items: Vec<String>,
}

/// One answered (or still open) checklist line of an inspection.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct ChecklistLine {
    /// Room.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub room: String,
    /// Item.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 200)))]
    pub item: String,
    /// Yes / no / not applicable; `null` while unanswered.
    #[serde(default)]
    pub result: Option<CheckResult>,
    /// Remark.
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    #[serde(default)]
    pub note: String,
}

/// `POST /api/v1/inspections`: start an inspection of a unit; its checklist
/// comes from the template of its kind.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateInspection {
    /// The unit.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub unit_id: String,
    /// Which inspection.
    pub kind: InspectionKind,
    /// The inspector (default: the caller).
    #[serde(default)]
    pub inspector_id: Option<String>,
    /// Who took part (names or roles, e.g. `业主`, `监理`).
    #[cfg_attr(feature = "server", validate(length(max = 20)))]
    #[serde(default)]
    pub participants: Vec<String>,
}

/// `PUT /api/v1/inspections/{id}/checklist` (send `If-Match`): the answers so far.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateChecklist {
    /// Every line of the checklist, with its answer.
    #[cfg_attr(feature = "server", validate(length(max = 500), nested))]
    pub lines: Vec<ChecklistLine>,
    /// Remark on the whole inspection.
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    #[serde(default)]
    pub note: Option<String>,
}

/// An inspection of a unit.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Inspection {
    /// Inspection id.
    pub id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// The unit's delivery batch, if any.
    pub batch_id: Option<String>,
    /// Kind.
    pub kind: InspectionKind,
    /// Inspector (user id).
    pub inspector_id: String,
    /// Participants.
    pub participants: Vec<String>,
    /// The checklist lines.
    pub checklist: Vec<ChecklistLine>,
    /// Lines answered `no`.
    pub failed_items: i64,
    /// In progress or completed.
    pub status: InspectionStatus,
    /// Remark.
    pub note: String,
    /// Defects recorded in this inspection.
    pub defect_ids: Vec<String>,
    /// Started.
    pub started_at: chrono::DateTime<chrono::Utc>,
    /// Completed.
    pub completed_at: Option<chrono::DateTime<chrono::Utc>>,
    /// Version for `If-Match`.
    pub version: i32,
}
