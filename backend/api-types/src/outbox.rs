//! The message outbox: every message the system sends (SMS now), as admins see it.

use serde::{Deserialize, Serialize};

crate::wire_enum!(
    /// Where an outgoing message stands.
    OutboxStatus {
        /// Waiting for (the next attempt at) delivery.
        Pending = "pending" / "待发送",
        /// Accepted by the SMS gateway.
        Sent = "sent" / "已发送",
        /// Kept in the outbox only: no gateway is configured (development).
        Recorded = "recorded" / "仅记录",
        /// Given up: attempts exhausted, refused by the gateway, or expired.
        Failed = "failed" / "发送失败",
    }
);

crate::wire_enum!(
    /// The channel of an outgoing message.
    OutboxChannel {
        /// Text message to a mainland mobile.
        Sms = "sms" / "短信",
    }
);

/// One outgoing message (`GET /api/v1/outbox`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OutboxMessage {
    /// Id (UUIDv7: newer messages have greater ids).
    pub id: String,
    /// Channel.
    pub channel: OutboxChannel,
    /// Recipient, masked (`138****0853`).
    pub recipient_masked: String,
    /// What the message is for (its template), e.g. `owner_login_code`.
    pub purpose: String,
    /// The text. In production the digits of confidential messages (one-time
    /// codes) are masked; in development they are shown, so codes can be read
    /// while testing without a gateway.
    pub body: String,
    /// Whether the body holds a secret (a one-time code).
    pub confidential: bool,
    /// Delivery status.
    pub status: OutboxStatus,
    /// Delivery attempts so far.
    pub attempts: i32,
    /// When the next attempt is due (pending messages).
    pub next_attempt_at: chrono::DateTime<chrono::Utc>,
    /// After this the message is no longer worth sending (one-time codes).
    pub expires_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The last delivery error, if any.
    pub last_error: Option<String>,
    /// The sender that handled it: `record` or `sms_gateway`.
    pub sender: Option<String>,
    /// When it was sent (or recorded).
    pub sent_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was enqueued.
    pub created_at: chrono::DateTime<chrono::Utc>,
}
