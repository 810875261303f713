//! In-app notifications: each staff user's own list (SLA warnings, breaches,
//! escalations, leads returned to the pool …).

use serde::{Deserialize, Serialize};

/// One notification addressed to the caller.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Notification {
    /// Id (UUIDv7: newer notifications have greater ids).
    pub id: String,
    /// What happened: `sla_due_soon`, `sla_breached`, `sla_escalated`,
    /// `lead_returned_to_pool`; more kinds will follow (complaints, defects).
    pub kind: String,
    /// Short title in the staff's language, e.g. `线索即将超时`.
    pub title: String,
    /// Details: the deadline and the rule that set it. Never personal data.
    pub body: String,
    /// Type of the entity it is about (e.g. `lead`), if any.
    pub entity_type: Option<String>,
    /// Id of that entity.
    pub entity_id: Option<String>,
    /// When the user marked it read; `null` while unread.
    pub read_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was sent.
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// What it says as data, for a client to word it in its reader's
    /// language and time zone (`title` and `body` are the Chinese wording of
    /// the same facts); `null` for notifications sent before it existed.
    #[serde(default)]
    pub params: Option<NotificationParams>,
}

/// The facts of a deadline notification (every kind today is about an SLA
/// clock): what is due, when, the setting that set it, and for the later
/// steps the grace period and whether anybody was responsible.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NotificationParams {
    /// What is due: `first_contact`, `follow_up` (a lead); `defect_solution`,
    /// `defect_fix` (a defect); `specialist_contact`, `satisfaction_revisit`
    /// (a deal task); `fraud_review` (a referral).
    pub due: String,
    /// The deadline.
    #[serde(serialize_with = "crate::wire_time::serialize")]
    pub due_at: chrono::DateTime<chrono::Utc>,
    /// The setting that set it, e.g. `lead_sla.a_first_contact_hours=24`.
    pub rule: String,
    /// The grace period after the deadline, in hours, once it has passed
    /// (`sla_expired`, `lead_returned_to_pool`).
    pub grace_hours: Option<i64>,
    /// For an escalation: nobody was responsible (a lead in the pool, a task
    /// with no specialist, a defect with no contractor).
    #[serde(default)]
    pub unassigned: bool,
    /// What the record is, where it has words of its own: a defect's room and
    /// description; empty otherwise.
    #[serde(default)]
    pub subject: String,
}

/// Result of `POST /api/v1/notifications/read-all`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct NotificationsMarked {
    /// How many unread notifications were marked read.
    pub marked: i64,
}

/// Result of `GET /api/v1/notifications/unread-count`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UnreadCount {
    /// How many of the caller's notifications are unread.
    pub count: i64,
}
