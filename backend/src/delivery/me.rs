//! The owner's delivery endpoints (`/api/v1/me/…`, owner tokens only): the
//! slots of their batches, booking and cancelling their appointments, their
//! defects and their status, and accepting their unit. Every query is keyed
//! by the [`Owner`]'s customer inside the query: another owner's record is
//! 404, like one that does not exist.

use actix_web::{get, post, web, HttpResponse};
use api_types::{Appointment, BookAppointment, Handover, HandoverChannel, MyDefect, SignOff, Slot};
use diesel::prelude::*;

use super::appointments::{self, AppointmentRow, SlotRow, ENTITY};
use super::{buyers, handover};
use crate::audit::{self, snapshot};
use crate::auth::Owner;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::schema::{
    appointments as a, defects as d, delivery_batch_units, delivery_slots as s, units,
};
use crate::state::AppState;

fn my_units(conn: &mut DbConn, owner: &Owner) -> QueryResult<Vec<String>> {
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

/// Book an inspection slot for one of the owner's own units.
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
    body: ValidJson<BookAppointment>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
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
            Ok(row.view())
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/me/appointments/{}", view.id),
        ))
        .json(view))
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

/// Cancel one of the owner's appointments.
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
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
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
            Ok(after.view())
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(view))
}

/// The defects of the owner's units and where each is in its rectification.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    responses(
        (status = 200, description = "The defects, newest first", body = Vec<MyDefect>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/defects")]
pub async fn list_my_defects(
    state: web::Data<AppState>,
    owner: Owner,
) -> Result<HttpResponse, ApiError> {
    let list = db::run(&state.pool, move |conn| {
        let mine = my_units(conn, &owner)?;
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            String,
            chrono::NaiveDateTime,
            bool,
            chrono::NaiveDateTime,
        );
        let rows: Vec<Row> = d::table
            .filter(d::company_id.eq(&owner.company_id))
            .filter(d::unit_id.eq_any(mine))
            .order(d::id.desc())
            .limit(500)
            .select((
                d::id,
                d::unit_id,
                d::room,
                d::location,
                d::category,
                d::description,
                d::status,
                d::fix_due_at,
                d::reserved,
                d::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| MyDefect {
                id: r.0,
                unit_id: r.1,
                room: r.2,
                location: r.3,
                category: api_types::DefectCategory::parse(&r.4)
                    .unwrap_or(api_types::DefectCategory::Other),
                description: r.5,
                status: api_types::DefectStatus::parse(&r.6)
                    .unwrap_or(api_types::DefectStatus::Open),
                fix_due_at: db::utc(r.7),
                reserved: r.8,
                created_at: db::utc(r.9),
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Accept the owner's own unit in the mini-program once its handover day has
/// come (the unit must be in a delivery batch): the unit is handed over; open
/// defects need `with_reservations` and are listed on the record. Keys are
/// recorded by staff, not here.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = SignOff,
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 201, description = "Accepted", body = Handover),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the owner's unit (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Open defects (`open_defects`), not signed (`no_signed_deal`), already handed over (`already_handed_over`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not in a delivery batch (`unit_not_in_batch`), before the handover day (`handover_day_not_come`), or a tablet-only field (`signature_file_id`, `keys_handed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/units/{id}/accept")]
pub async fn accept_my_unit(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
    body: ValidJson<SignOff>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    if input.signature_file_id.is_some() {
        return Err(ApiError::invalid_field(
            "signature_file_id",
            "tablet_only",
            "a drawn signature is taken on the staff tablet",
        ));
    }
    if input.keys_handed.is_some() {
        return Err(ApiError::invalid_field(
            "keys_handed",
            "staff_only",
            "staff hand over the keys and record it",
        ));
    }
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if !my_units(conn, &owner)?.contains(&id) {
                return Err(ApiError::not_found("unit_not_found"));
            }
            handover::handover_day_has_come(conn, &owner.company_id, &id)?;
            let unit: crate::projects::model::UnitRow = units::table
                .find(&id)
                .select(crate::projects::model::UnitRow::as_select())
                .first(conn)?;
            let row = handover::sign_off(
                conn,
                &owner.audit(),
                &unit,
                Some(&owner.customer_id),
                HandoverChannel::MiniProgram,
                &input,
            )?;
            Ok(row.view())
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((
            actix_web::http::header::LOCATION,
            format!("/api/v1/me/units/{}/accept", view.unit_id),
        ))
        .json(view))
}
