//! Staff side of sign-off: the drawn signature, the sign-off on the tablet,
//! reading it, and what staff learn later (occupancy, keys).

use actix_web::http::header;
use actix_web::{get, patch, post, web, HttpResponse};
use api_types::{DeliveryFile, Handover, HandoverChannel, SignOff, UpdateHandover};
use diesel::prelude::*;

use super::handover::{self, HandoverRow, ENTITY};
use super::photos;
use super::scope::{DeliveryManagers, OwnerDataReaders};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, ValidJson};
use crate::schema::handovers;
use crate::state::AppState;

/// Upload the owner's drawn signature for a unit's sign-off (raw PNG, JPEG
/// or WebP bytes, at most 10 MB); pass its id as `signature_file_id`.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Unit id")),
    request_body(content = String, content_type = "application/octet-stream", description = "The image bytes"),
    responses(
        (status = 201, description = "Stored", body = DeliveryFile),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, or not yours (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 10 MB (`file_too_large`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, PNG or WebP image (`unsupported_image_type`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty upload (`empty_file`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/signature")]
pub async fn upload_signature(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let probe = (staff.clone(), id.clone());
    db::run(&state.pool, move |conn| {
        crate::projects::scope::unit(conn, &probe.0, &probe.1)
    })
    .await?;
    let (bytes, kind) = photos::read_image(payload).await?;
    let data_dir = state.config.data_dir.clone();
    let file = db::run(&state.pool, move |conn| {
        photos::store(conn, &data_dir, &bytes, |conn, sha| {
            let unit = crate::projects::scope::unit_kept(conn, &staff, &id)?;
            let row = photos::insert(
                conn,
                &staff.company_id,
                "signature",
                None,
                &unit.id,
                sha,
                kind,
                bytes.len(),
                Some(&staff.user_id),
            )?;
            let view = row.view();
            audit::record(
                conn,
                &staff.audit(),
                "unit.signature",
                "unit",
                &unit.id,
                None,
                snapshot(&view),
            )?;
            Ok((view, row.id))
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((header::LOCATION, file.url.clone()))
        .json(file))
}

/// Sign off a unit on the tablet: its signed buyer accepts it with a drawn
/// signature (`signature_file_id`, required: 422 `required` without it), keys
/// are handed over and the unit becomes `handed_over`. Open defects refuse it
/// (409 `open_defects`) unless `with_reservations`, which lists them on the
/// record. The 3-month and 1-year visits are scheduled.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = SignOff,
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 201, description = "Handed over", body = Handover),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, or not yours (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Open defects (`open_defects`), no signed contract (`no_signed_deal`), already handed over (`already_handed_over`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "No signature (`signature_file_id`: `required`), or not one uploaded for the unit (`not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/units/{id}/handover")]
pub async fn sign_off_unit(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
    body: ValidJson<SignOff>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    if input.signature_file_id.is_none() {
        return Err(ApiError::invalid_field(
            "signature_file_id",
            "required",
            "the owner's drawn signature is required on the tablet",
        ));
    }
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let unit = crate::projects::scope::unit(conn, &staff, &id)?;
            let row = handover::sign_off(
                conn,
                &staff.audit(),
                &unit,
                None,
                HandoverChannel::Tablet,
                &input,
            )?;
            Ok(row.view())
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/units/{}/handover", view.unit_id),
        &view,
        Some(view.version),
    ))
}

/// Read a unit's sign-off record (reservations, signature, occupancy).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The sign-off", body = Handover),
        (status = 403, description = "Only crm_head, service and customer specialists: not engineering or property (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, not yours, or not handed over (`unit_not_found`, `handover_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/handover")]
pub async fn get_unit_handover(
    state: web::Data<AppState>,
    staff: RequireRole<OwnerDataReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        let unit = crate::projects::scope::unit(conn, &staff, &id)?;
        let row = handover::of_unit(conn, &unit.id)?
            .ok_or_else(|| ApiError::not_found("handover_not_found"))?;
        Ok(row.view())
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Update what staff learn after the sign-off (send `If-Match`): occupancy
/// (renovating and absent owners' visits are skipped) and keys.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = UpdateHandover,
    params(
        ("id" = String, Path, description = "Unit id"),
        ("If-Match" = String, Header, description = "The sign-off's ETag"),
    ),
    responses(
        (status = 200, description = "The sign-off", body = Handover),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, not yours, or not handed over (`handover_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/units/{id}/handover")]
pub async fn update_unit_handover(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<UpdateHandover>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let unit = crate::projects::scope::unit(conn, &staff, &id)?;
            let before: HandoverRow = handover::of_unit(conn, &unit.id)?
                .ok_or_else(|| ApiError::not_found("handover_not_found"))?;
            let n = diesel::update(
                handovers::table
                    .filter(handovers::id.eq(&before.id))
                    .filter(handovers::version.eq(if_match.0)),
            )
            .set((
                handovers::occupancy.eq(input
                    .occupancy
                    .map_or(before.occupancy.clone(), |o| o.as_str().to_string())),
                handovers::keys_handed.eq(input.keys_handed.unwrap_or(before.keys_handed)),
                handovers::version.eq(handovers::version + 1),
                handovers::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
            if n == 0 {
                return Err(stale());
            }
            let after = handover::of_unit(conn, &unit.id)?
                .ok_or_else(|| ApiError::internal("handover vanished"))?;
            audit::record(
                conn,
                &staff.audit(),
                "handover.update",
                ENTITY,
                &after.id,
                snapshot(&before.view()),
                snapshot(&after.view()),
            )?;
            Ok(after.view())
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}
