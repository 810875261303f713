//! `POST /api/v1/me/units/{id}/accept`: the owner accepts their own unit in
//! the mini-program, once its handover day has come, with the same sign-off
//! as the staff tablet (without signature or keys).

use actix_web::http::StatusCode;
use actix_web::{get, post, web, HttpRequest, HttpResponse};
use api_types::{Handover, HandoverChannel, SignOff};
use diesel::prelude::*;

use super::handover;
use super::me::{my_units, owner_principal};
use crate::auth::Owner;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, ValidJson};
use crate::idempotency::InTx;
use crate::schema::units;
use crate::state::AppState;

/// Accept the owner's own unit in the mini-program once its handover day has
/// come (the unit must be in a delivery batch): the unit is handed over; open
/// defects need `with_reservations` and are listed on the record. Keys are
/// recorded by staff, not here. With `Idempotency-Key`, a retry replays the
/// first answer (`Idempotent-Replayed: true`) instead of 409
/// `already_handed_over`; `Location` names `GET /me/units/{id}/handover`.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    request_body = SignOff,
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 201, description = "Accepted", body = Handover),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the owner's unit (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Open defects (`open_defects`), not signed (`no_signed_deal`), already handed over (`already_handed_over`), not in a delivery batch (`unit_not_in_batch`), before the handover day (`handover_day_not_come`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A tablet-only field (`signature_file_id`, `keys_handed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/me/units/{id}/accept")]
pub async fn accept_my_unit(
    state: web::Data<AppState>,
    owner: Owner,
    req: HttpRequest,
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
    let key = InTx::from_request(&req, owner_principal(&owner), &input)?;
    let answer = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            if let Some(stored) = key.as_ref().map(|k| k.replay(conn)).transpose()?.flatten() {
                return Ok(Err(stored));
            }
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
            let view = row.view();
            let location = format!("/api/v1/me/units/{}/handover", view.unit_id);
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

/// The owner's own sign-off record of a unit (what `accept` answered, as it
/// is now: reservations, keys, occupancy).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The sign-off; `ETag` carries the version", body = Handover),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not the owner's unit, or not handed over to them (`handover_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/units/{id}/handover")]
pub async fn get_my_unit_handover(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let view = db::run(&state.pool, move |conn| {
        let not_found = || ApiError::not_found("handover_not_found");
        if !my_units(conn, &owner)?.contains(&id) {
            return Err(not_found());
        }
        let row = handover::of_unit(conn, &id)?
            .filter(|h| h.customer_id == owner.customer_id)
            .ok_or_else(not_found)?;
        Ok(row.view())
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}
