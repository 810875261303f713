//! Inspection appointments: slots of a batch with a capacity, booked by the
//! owner (mini-program) or by staff for them. A booking takes a place by a
//! conditional `UPDATE … SET booked = booked + 1 WHERE booked < capacity`,
//! so a slot never overfills under concurrency; a unit holds one live
//! appointment (partial unique index). The reminder goes out through the
//! outbox `appointment_reminder_hours` before the slot ([`super::sweep`]).

use api_types::{Appointment, AppointmentStatus, BookAppointment, DeliveryRules, Slot};
use chrono::Duration;
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{appointments as a, delivery_batch_units, delivery_slots as s};
use crate::settings;

/// Audit entity of an appointment.
pub const ENTITY: &str = "appointment";

/// A stored slot.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = s)]
pub struct SlotRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Batch.
    pub batch_id: String,
    /// Start.
    pub starts_at: chrono::NaiveDateTime,
    /// End.
    pub ends_at: chrono::NaiveDateTime,
    /// Capacity.
    pub capacity: i32,
    /// Booked.
    pub booked: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
}

impl SlotRow {
    /// The wire view.
    pub fn view(&self) -> Slot {
        Slot {
            id: self.id.clone(),
            batch_id: self.batch_id.clone(),
            starts_at: db::utc(self.starts_at),
            ends_at: db::utc(self.ends_at),
            capacity: self.capacity,
            booked: self.booked,
        }
    }
}

/// A stored appointment.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = a)]
pub struct AppointmentRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Slot.
    pub slot_id: String,
    /// Batch.
    pub batch_id: String,
    /// Unit.
    pub unit_id: String,
    /// Owner.
    pub customer_id: String,
    /// Slot start.
    pub starts_at: chrono::NaiveDateTime,
    /// Status.
    pub status: String,
    /// `owner` or `staff`.
    pub booked_by_kind: String,
    /// Reminder due.
    pub reminder_at: chrono::NaiveDateTime,
    /// Reminder sent.
    pub reminded_at: Option<chrono::NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl AppointmentRow {
    /// The wire view.
    pub fn view(&self) -> Appointment {
        Appointment {
            id: self.id.clone(),
            slot_id: self.slot_id.clone(),
            batch_id: self.batch_id.clone(),
            unit_id: self.unit_id.clone(),
            starts_at: db::utc(self.starts_at),
            status: AppointmentStatus::parse(&self.status).unwrap_or(AppointmentStatus::Booked),
            booked_by_kind: self.booked_by_kind.clone(),
            reminder_at: db::utc(self.reminder_at),
            reminded_at: self.reminded_at.map(db::utc),
            contact: None,
        }
    }
}

/// Books `input.unit_id` (whose buyer is `customer_id`) into a slot of the company.
pub fn book(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    input: &BookAppointment,
    by: &'static str,
) -> Result<AppointmentRow, ApiError> {
    let slot: SlotRow = s::table
        .filter(s::id.eq(&input.slot_id))
        .filter(s::company_id.eq(company_id))
        .select(SlotRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("slot_not_found"))?;
    let now = db::now();
    if slot.starts_at <= now {
        return Err(ApiError::conflict(
            "slot_past",
            "the slot has already begun",
        ));
    }
    let in_batch: i64 = delivery_batch_units::table
        .filter(delivery_batch_units::unit_id.eq(&input.unit_id))
        .filter(delivery_batch_units::batch_id.eq(&slot.batch_id))
        .count()
        .get_result(conn)?;
    if in_batch == 0 {
        return Err(ApiError::invalid_field(
            "unit_id",
            "not_in_batch",
            "the unit is not delivered in this slot's batch",
        ));
    }
    let took = diesel::update(
        s::table
            .filter(s::id.eq(&slot.id))
            .filter(s::booked.lt(s::capacity)),
    )
    .set(s::booked.eq(s::booked + 1))
    .execute(conn)?;
    if took == 0 {
        return Err(ApiError::conflict(
            "slot_full",
            "the slot is fully booked; choose another",
        ));
    }
    let r = settings::get::<DeliveryRules>(conn, company_id)?.value;
    let id = db::new_id();
    diesel::insert_into(a::table)
        .values((
            a::id.eq(&id),
            a::company_id.eq(company_id),
            a::slot_id.eq(&slot.id),
            a::batch_id.eq(&slot.batch_id),
            a::unit_id.eq(&input.unit_id),
            a::customer_id.eq(customer_id),
            a::starts_at.eq(slot.starts_at),
            a::status.eq("booked"),
            a::booked_by_kind.eq(by),
            a::reminder_at
                .eq(slot.starts_at - Duration::hours(i64::from(r.appointment_reminder_hours))),
            a::created_at.eq(now),
            a::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                ApiError::conflict(
                    "already_booked",
                    "the unit already has an appointment; cancel it first",
                )
            } else {
                e.into()
            }
        })?;
    Ok(a::table
        .find(&id)
        .select(AppointmentRow::as_select())
        .first(conn)?)
}

/// Cancels a booked appointment and frees its place.
pub fn cancel(conn: &mut DbConn, row: &AppointmentRow) -> Result<AppointmentRow, ApiError> {
    let n = diesel::update(
        a::table
            .filter(a::id.eq(&row.id))
            .filter(a::status.eq("booked")),
    )
    .set((
        a::status.eq("cancelled"),
        a::version.eq(a::version + 1),
        a::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(ApiError::conflict(
            "appointment_cancelled",
            "the appointment is already cancelled",
        ));
    }
    diesel::update(
        s::table
            .filter(s::id.eq(&row.slot_id))
            .filter(s::booked.gt(0)),
    )
    .set(s::booked.eq(s::booked - 1))
    .execute(conn)?;
    Ok(a::table
        .find(&row.id)
        .select(AppointmentRow::as_select())
        .first(conn)?)
}

/// A withdrawn deal (退房): the buyer's booked inspections of that unit are
/// cancelled (audited with the reason), so the former buyer gets no reminder
/// and the unit's next buyer can book. Returns how many were cancelled.
pub fn cancel_for_withdrawn_deal(
    conn: &mut DbConn,
    ctx: &crate::audit::AuditCtx,
    unit_id: &str,
    customer_id: &str,
) -> Result<usize, ApiError> {
    let booked: Vec<AppointmentRow> = a::table
        .filter(a::unit_id.eq(unit_id))
        .filter(a::customer_id.eq(customer_id))
        .filter(a::status.eq("booked"))
        .select(AppointmentRow::as_select())
        .load(conn)?;
    for row in &booked {
        let after = cancel(conn, row)?;
        crate::audit::record(
            conn,
            ctx,
            "appointment.cancel",
            ENTITY,
            &row.id,
            crate::audit::snapshot(&row.view()),
            Some(serde_json::json!({"status": after.status, "reason": "deal_withdrawn"})),
        )?;
    }
    Ok(booked.len())
}
