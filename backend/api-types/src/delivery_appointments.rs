//! Inspection appointment slots and bookings (DOMAIN §6), for staff and for
//! the owners' mini-program.

use serde::{Deserialize, Serialize};

use crate::wire_enum;

wire_enum!(
    /// Status of an appointment.
    AppointmentStatus {
        /// 已预约
        Booked = "booked" / "已预约",
        /// 已取消
        Cancelled = "cancelled" / "已取消",
    }
);

/// `POST /api/v1/delivery-batches/{id}/slots`: an inspection slot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateSlot {
    /// Start.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// End (after the start).
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// Units that can be received in it (1–500).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 500)),
        schema(minimum = 1, maximum = 500)
    )]
    pub capacity: i32,
}

/// An appointment slot.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Slot {
    /// Slot id.
    pub id: String,
    /// Batch.
    pub batch_id: String,
    /// Start.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// End.
    pub ends_at: chrono::DateTime<chrono::Utc>,
    /// Capacity.
    pub capacity: i32,
    /// Booked so far.
    pub booked: i32,
}

/// `POST /api/v1/me/appointments` (owner) or `POST /api/v1/appointments` (staff).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct BookAppointment {
    /// The slot.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub slot_id: String,
    /// The unit (the owner's own, in the slot's batch).
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub unit_id: String,
}

/// An inspection appointment.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Appointment {
    /// Appointment id.
    pub id: String,
    /// Slot.
    pub slot_id: String,
    /// Batch.
    pub batch_id: String,
    /// Unit.
    pub unit_id: String,
    /// Slot start.
    pub starts_at: chrono::DateTime<chrono::Utc>,
    /// Booked or cancelled.
    pub status: AppointmentStatus,
    /// `owner` or `staff`.
    pub booked_by_kind: String,
    /// When the reminder goes out.
    pub reminder_at: chrono::DateTime<chrono::Utc>,
    /// When it went out.
    pub reminded_at: Option<chrono::DateTime<chrono::Utc>>,
    /// The unit's number and the owner's name and masked phone: only in the
    /// staff list (`GET /appointments`); absent in a single appointment, a
    /// booking's answer, the owner's own views and audit snapshots.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contact: Option<crate::OwnerContact>,
}
