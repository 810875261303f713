//! Staff side of appointments: slots of a batch, booking for an owner, the
//! batch's appointment list, cancelling.

use actix_web::{get, post, web, HttpResponse};
use api_types::{Appointment, BookAppointment, CreateSlot, Page, Slot};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::appointments::{self, AppointmentRow, SlotRow, ENTITY};
use super::scope::{DeliveryManagers, DeliveryReaders, OwnerDataReaders};
use super::{batches, buyers, contact};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, PageParams, ValidJson};
use crate::schema::{appointments as a, delivery_slots as s};
use crate::state::AppState;

/// Open an inspection slot in a batch, with its capacity.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = CreateSlot,
    params(("id" = String, Path, description = "Batch id")),
    responses(
        (status = 201, description = "The slot; `Location` names it", body = Slot),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch, or not yours (`delivery_batch_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/delivery-batches/{id}/slots")]
pub async fn create_delivery_slot(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
    body: ValidJson<CreateSlot>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let starts_at = db::time::stored("starts_at", input.starts_at)?;
    let ends_at = db::time::stored("ends_at", input.ends_at)?;
    if ends_at <= starts_at {
        return Err(ApiError::invalid_field(
            "ends_at",
            "order",
            "must be after starts_at",
        ));
    }
    let staff = (*staff).clone();
    let slot = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let batch = batches::find(conn, &staff, &id)?;
            let sid = db::new_id();
            diesel::insert_into(s::table)
                .values((
                    s::id.eq(&sid),
                    s::company_id.eq(&staff.company_id),
                    s::batch_id.eq(&batch.id),
                    s::starts_at.eq(starts_at),
                    s::ends_at.eq(ends_at),
                    s::capacity.eq(input.capacity),
                    s::created_at.eq(db::now()),
                ))
                .execute(conn)?;
            let row: SlotRow = s::table
                .find(&sid)
                .select(SlotRow::as_select())
                .first(conn)?;
            audit::record(
                conn,
                &staff.audit(),
                "delivery_slot.create",
                "delivery_slot",
                &sid,
                None,
                snapshot(&row.view()),
            )?;
            Ok(row.view())
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/delivery-slots/{}", slot.id),
        &slot,
        None,
    ))
}

/// Read a slot of a batch you may see, with how many places are booked.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Slot id")),
    responses(
        (status = 200, description = "The slot", body = Slot),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot, or not yours (`slot_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/delivery-slots/{id}")]
pub async fn get_delivery_slot(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let slot = db::run(&state.pool, move |conn| {
        let not_found = || ApiError::not_found("slot_not_found");
        let row: SlotRow = s::table
            .filter(s::id.eq(&id))
            .filter(s::company_id.eq(&staff.company_id))
            .select(SlotRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(not_found)?;
        batches::find(conn, &staff, &row.batch_id).map_err(|_| not_found())?;
        Ok(row.view())
    })
    .await?;
    Ok(HttpResponse::Ok().json(slot))
}

/// An appointment of a batch the caller may see, or 404 `appointment_not_found`.
fn visible_appointment(
    conn: &mut crate::db::DbConn,
    staff: &crate::auth::Staff,
    id: &str,
) -> Result<AppointmentRow, ApiError> {
    let not_found = || ApiError::not_found("appointment_not_found");
    let row: AppointmentRow = a::table
        .filter(a::id.eq(id))
        .filter(a::company_id.eq(&staff.company_id))
        .select(AppointmentRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(not_found)?;
    batches::find(conn, staff, &row.batch_id).map_err(|_| not_found())?;
    Ok(row)
}

/// Read an appointment (owner data: not for engineering or property).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 403, description = "Only crm_head, service and customer specialists: not engineering or property (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment, or not yours (`appointment_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/appointments/{id}")]
pub async fn get_appointment(
    state: web::Data<AppState>,
    staff: RequireRole<OwnerDataReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        Ok(visible_appointment(conn, &staff, &id)?.view())
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The slots of a batch, in time order, with how many places are booked.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Batch id")),
    responses(
        (status = 200, description = "The slots", body = Vec<Slot>),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch, or not yours (`delivery_batch_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/delivery-batches/{id}/slots")]
pub async fn list_delivery_slots(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let slots = db::run(&state.pool, move |conn| {
        let batch = batches::find(conn, &staff, &id)?;
        let rows: Vec<SlotRow> = s::table
            .filter(s::batch_id.eq(&batch.id))
            .order((s::starts_at.asc(), s::id.asc()))
            .limit(500)
            .select(SlotRow::as_select())
            .load(conn)?;
        Ok(rows.iter().map(SlotRow::view).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(slots))
}

/// Book a slot for a unit's owner (staff scheduling on their behalf).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = BookAppointment,
    responses(
        (status = 201, description = "Booked", body = Appointment),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such slot or unit, or not yours (`slot_not_found`, `unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Full (`slot_full`), begun (`slot_past`), the unit already booked (`already_booked`) or unsold (`no_owner`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments")]
pub async fn create_appointment(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    body: ValidJson<BookAppointment>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let unit = crate::projects::scope::unit(conn, &staff, &input.unit_id)?;
            let buyer = buyers::of_units(conn, std::slice::from_ref(&unit.id))?
                .into_iter()
                .next()
                .ok_or_else(|| {
                    ApiError::conflict("no_owner", "the unit has no buyer to receive")
                })?;
            let row =
                appointments::book(conn, &staff.company_id, &buyer.customer_id, &input, "staff")?;
            audit::record(
                conn,
                &staff.audit(),
                "appointment.book",
                ENTITY,
                &row.id,
                None,
                snapshot(&row.view()),
            )?;
            Ok(row.view())
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/appointments/{}", view.id),
        &view,
        None,
    ))
}

/// Filters of the appointment list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct AppointmentQuery {
    /// The batch (required).
    pub batch_id: String,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// A batch's appointments, newest first.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(AppointmentQuery),
    responses(
        (status = 200, description = "One page of appointments, each with `contact` (unit number, owner's name and masked phone)", body = Page<Appointment>),
        (status = 403, description = "Only crm_head, service and customer specialists: not engineering or property (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such batch, or not yours (`delivery_batch_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/appointments")]
pub async fn list_appointments(
    state: web::Data<AppState>,
    staff: RequireRole<OwnerDataReaders>,
    query: web::Query<AppointmentQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let batch = batches::find(conn, &staff, &q.batch_id)?;
        let mut query = a::table.filter(a::batch_id.eq(batch.id)).into_boxed();
        if let Some(after) = page.after.clone() {
            query = query.filter(a::id.lt(after));
        }
        let rows: Vec<AppointmentRow> = query
            .order(a::id.desc())
            .limit(page.fetch())
            .select(AppointmentRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: contact::views(
                conn,
                &st.personal_data,
                &rows,
                |r| (&r.unit_id, &r.customer_id),
                |r, c| Appointment {
                    contact: Some(c),
                    ..r.view()
                },
            )?,
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Cancel an appointment (its place is freed).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "Cancelled", body = Appointment),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment, or not yours (`appointment_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled (`appointment_cancelled`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/appointments/{id}/cancel")]
pub async fn cancel_appointment(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = visible_appointment(conn, &staff, &id)?;
            let after = appointments::cancel(conn, &row)?;
            audit::record(
                conn,
                &staff.audit(),
                "appointment.cancel",
                ENTITY,
                &id,
                snapshot(&row.view()),
                snapshot(&after.view()),
            )?;
            Ok(after.view())
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}
