//! The owner's delivery endpoints (`/api/v1/me/…`, owner tokens only): the
//! slots of their batches, booking, reading and cancelling their
//! appointments (their defects: [`super::me_defects`]; accepting their unit:
//! [`super::me_accept`]). Every query is keyed
//! by the [`Owner`]'s customer inside the query: another owner's record is
//! 404, like one that does not exist.

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{Appointment, BookAppointment, Slot};
use diesel::prelude::*;

use super::appointments::{self, AppointmentRow, SlotRow, ENTITY};
use super::buyers;
use crate::audit::{self, snapshot};
use crate::auth::Owner;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ValidJson};
use crate::idempotency::InTx;
use crate::schema::{appointments as a, delivery_batch_units, delivery_slots as s};
use crate::state::AppState;

pub(super) fn my_units(conn: &mut DbConn, owner: &Owner) -> QueryResult<Vec<String>> {
    buyers::units_of(conn, &owner.company_id, &owner.customer_id)
}

/// The future slots of the batches delivering the owner's units.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "Bookable slots (full ones included, with `booked`)", body = Vec<Slot>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/delivery-slots")]
pub async fn list_my_delivery_slots(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let slots = db::run(&state.pool, move |conn| {
        let mine = my_units(conn, &owner)?;
        let batches = delivery_batch_units::table
            .filter(delivery_batch_units::unit_id.eq_any(mine))
            .select(delivery_batch_units::batch_id);
        let rows: Vec<SlotRow> = s::table
            .filter(s::company_id.eq(&owner.company_id))
            .filter(s::batch_id.eq_any(batches))
            .filter(s::starts_at.gt(db::now()))
            .order((s::starts_at.asc(), s::id.asc()))
            .limit(200)
            .select(SlotRow::as_select())
            .load(conn)?;
        Ok(rows.iter().map(SlotRow::view).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(slots))
}

/// Book an inspection slot for one of the owner's own units. With
/// `Idempotency-Key`, a retry replays the first answer
/// (`Idempotent-Replayed: true`) instead of 409 `already_booked`.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = BookAppointment,
    responses(
        (status = 201, description = "Booked; a reminder is sent before the slot", body = Appointment),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the owner's unit, or no such slot (`unit_not_found`, `slot_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Full (`slot_full`), begun (`slot_past`) or already booked (`already_booked`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/appointments")]
pub async fn book_my_appointment(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
    body: ValidJson<BookAppointment>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let key = InTx::from_request(&req, owner_principal(&owner), &input)?;
    let answer = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some(stored) = key.as_ref().map(|k| k.replay(conn)).transpose()?.flatten() {
                return Ok(Err(stored));
            }
            if !my_units(conn, &owner)?.contains(&input.unit_id) {
                return Err(ApiError::not_found("unit_not_found"));
            }
            let row =
                appointments::book(conn, &owner.company_id, &owner.customer_id, &input, "owner")?;
            audit::record(
                conn,
                &owner.audit(),
                "appointment.book",
                ENTITY,
                &row.id,
                None,
                snapshot(&row.view()),
            )?;
            let view = row.view();
            let location = format!("/api/v1/me/appointments/{}", view.id);
            if let Some(k) = &key {
                k.store(conn, StatusCode::CREATED, &view, Some(&location))?;
            }
            Ok(Ok((view, location)))
        })
    })
    .await?;
    Ok(match answer {
        Ok((view, location)) => created(location, &view, None),
        Err(stored) => stored.replay(),
    })
}

/// The idempotency principal of an owner.
pub fn owner_principal(owner: &Owner) -> String {
    format!("owner:{}", owner.customer_id)
}

/// The owner's appointments, newest first (cancelled ones too).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "The appointments", body = Vec<Appointment>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/appointments")]
pub async fn list_my_appointments(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let list = db::run(&state.pool, move |conn| {
        let rows: Vec<AppointmentRow> = a::table
            .filter(a::company_id.eq(&owner.company_id))
            .filter(a::customer_id.eq(&owner.customer_id))
            .order(a::id.desc())
            .limit(200)
            .select(AppointmentRow::as_select())
            .load(conn)?;
        Ok(rows.iter().map(AppointmentRow::view).collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// One of the owner's appointments.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "The appointment", body = Appointment),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment of the owner (`appointment_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/appointments/{id}")]
pub async fn get_my_appointment(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let row: AppointmentRow = a::table
            .filter(a::id.eq(&id))
            .filter(a::company_id.eq(&owner.company_id))
            .filter(a::customer_id.eq(&owner.customer_id))
            .select(AppointmentRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("appointment_not_found"))?;
        Ok(row.view())
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// Cancel one of the owner's appointments. With `Idempotency-Key`, a retry
/// replays the first answer instead of 409 `appointment_cancelled`.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Appointment id")),
    responses(
        (status = 200, description = "Cancelled", body = Appointment),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such appointment of the owner (`appointment_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already cancelled (`appointment_cancelled`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/appointments/{id}/cancel")]
pub async fn cancel_my_appointment(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let key = InTx::from_request(&req, owner_principal(&owner), &())?;
    let answer = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some(stored) = key.as_ref().map(|k| k.replay(conn)).transpose()?.flatten() {
                return Ok(Err(stored));
            }
            let row: AppointmentRow = a::table
                .filter(a::id.eq(&id))
                .filter(a::company_id.eq(&owner.company_id))
                .filter(a::customer_id.eq(&owner.customer_id))
                .select(AppointmentRow::as_select())
                .first(conn)
                .optional()?
                .ok_or_else(|| ApiError::not_found("appointment_not_found"))?;
            let after = appointments::cancel(conn, &row)?;
            audit::record(
                conn,
                &owner.audit(),
                "appointment.cancel",
                ENTITY,
                &id,
                snapshot(&row.view()),
                snapshot(&after.view()),
            )?;
            let view = after.view();
            if let Some(k) = &key {
                k.store(conn, StatusCode::OK, &view, None)?;
            }
            Ok(Ok(view))
        })
    })
    .await?;
    Ok(match answer {
        Ok(view) => HttpResponse::Ok().json(view),
        Err(stored) => stored.replay(),
    })
}
