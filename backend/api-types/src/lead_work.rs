//! Working leads and customers: follow-ups, edits, losing, grading by hand, assignment, merges.

use serde::{Deserialize, Serialize};

use crate::{AbilityToPay, FollowUpChannel, Grade, LostReason, OptOuts, PurchaseTimeframe};

/// `POST /api/v1/leads/{id}/follow-ups` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateFollowUp {
    /// How.
    pub channel: FollowUpChannel,
    /// What came of it.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    pub outcome: String,
    /// The agreed next step.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    pub next_step: String,
    /// When it happened (default: now); not in the future.
    #[serde(default)]
    pub occurred_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// A recorded follow-up (跟进).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct FollowUp {
    /// Id.
    pub id: String,
    /// Lead id.
    pub lead_id: String,
    /// Who followed up.
    pub actor_id: String,
    /// Their display name (`null` when the user no longer exists).
    #[serde(default)]
    pub actor_name: Option<String>,
    /// How.
    pub channel: FollowUpChannel,
    /// Outcome.
    pub outcome: String,
    /// Next step.
    pub next_step: String,
    /// When it happened.
    pub occurred_at: chrono::DateTime<chrono::Utc>,
}

/// `PATCH /api/v1/leads/{id}` body (requires `If-Match`); absent fields are kept.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateLead {
    /// Budget in fen.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000_000_000i64))
    )]
    pub budget_fen: Option<i64>,
    /// Purchase timeframe.
    pub purchase_timeframe: Option<PurchaseTimeframe>,
    /// Ability to pay.
    pub ability_to_pay: Option<AbilityToPay>,
    /// Family structure.
    #[cfg_attr(feature = "server", validate(length(max = 100)))]
    pub family_structure: Option<String>,
    /// Occupation.
    #[cfg_attr(feature = "server", validate(length(max = 100)))]
    pub occupation: Option<String>,
    /// Preferred layouts (replaces the list).
    #[cfg_attr(feature = "server", validate(length(max = 10)))]
    pub preferred_layouts: Option<Vec<String>>,
    /// Notes.
    #[cfg_attr(feature = "server", validate(length(max = 2000)))]
    pub notes: Option<String>,
}

/// `POST /api/v1/leads/{id}/lose` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LoseLead {
    /// Why the lead was lost.
    pub reason: LostReason,
    /// Details.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 1000)))]
    pub note: String,
}

/// `POST /api/v1/leads/{id}/grade` body: a manual grade, with why.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GradeLead {
    /// The grade.
    pub grade: Grade,
    /// Why (required).
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 500)))]
    pub reason: String,
}

/// `POST /api/v1/leads/{id}/assign` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct AssignLead {
    /// The new owner (a staff user granted the project).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub owner_id: String,
    /// Why.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 500)))]
    pub reason: String,
}

/// A customer (one person), as staff see them: phone masked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Customer {
    /// Customer id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Phone, masked.
    pub phone_masked: String,
    /// The customer's opt-outs.
    pub opt_outs: OptOuts,
    /// When merged into another customer, that customer's id.
    pub merged_into: Option<String>,
    /// Version.
    pub version: i32,
    /// Created at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/customers/{id}/merge` body: merge another customer into this one.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct MergeCustomers {
    /// The duplicate customer to merge into the path's customer.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub from_customer_id: String,
    /// Why they are the same person.
    #[cfg_attr(feature = "server", validate(length(min = 2, max = 500)))]
    pub reason: String,
}

/// One event of a lead's timeline.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadEvent {
    /// Event id.
    pub id: String,
    /// What happened: `captured`, `duplicate`, `graded`, `graded_manually`,
    /// `awaiting_manual_grading`, `assigned`, `reassigned`, `claimed`, `pooled`,
    /// `followed_up`, `status_changed`, `lost`, `sla_breached`, `escalated`,
    /// `returned_to_pool`, `merged` …
    pub kind: String,
    /// Who (user or key id; `null` for the system).
    pub actor_id: Option<String>,
    /// `staff`, `integration` or `system`.
    pub actor_kind: String,
    /// Why, in words: the rule that decided.
    pub reason: String,
    /// Details.
    #[cfg_attr(feature = "server", schema(value_type = Option<Object>))]
    pub detail: Option<serde_json::Value>,
    /// Display names of the staff the event names, by user id: its actor,
    /// the owner it assigned (`detail.owner_id`), the owners a reassignment
    /// moved it between (`detail.from`, `detail.to`) and the managers it
    /// escalated to (`detail.to`). Every reader of the lead gets them, so a
    /// rep sees who assigned or escalated their lead without the staff
    /// directory.
    #[serde(default)]
    pub names: std::collections::BTreeMap<String, String>,
    /// When.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A lead's customer contact, unmasked (a logged read).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadContact {
    /// Lead id.
    pub lead_id: String,
    /// Customer id.
    pub customer_id: String,
    /// Customer name.
    pub name: String,
    /// Full phone number.
    pub phone: String,
}
