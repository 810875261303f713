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
