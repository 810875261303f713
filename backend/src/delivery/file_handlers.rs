//! `POST /api/v1/defects/{id}/photos` and `GET /api/v1/delivery-files/{id}`.

use actix_web::http::header;
use actix_web::{get, post, web, HttpResponse};
use api_types::DeliveryFile;

use super::photos;
use super::scope::{self, DeliveryReaders, Inspectors, OwnerDataReaders};
use crate::audit::{self, snapshot};
use crate::auth::principal::RolePolicy;
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Add a photo to a defect: the raw image bytes as the body (JPEG, PNG or
/// WebP, at most 10 MB; the type is read from the bytes). Stored by content
/// hash under the data directory.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Defect id")),
    request_body(content = String, content_type = "application/octet-stream", description = "The image bytes"),
    responses(
        (status = 201, description = "Stored; `Location` names the file", body = DeliveryFile),
        (status = 403, description = "Only crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such defect, or not yours (`defect_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 413, description = "Over 10 MB (`file_too_large`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not a JPEG, PNG or WebP image (`unsupported_image_type`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty upload (`empty_file`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/defects/{id}/photos")]
pub async fn upload_defect_photo(
    state: web::Data<AppState>,
    staff: RequireRole<Inspectors>,
    path: web::Path<String>,
    payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    // The defect must be visible before a byte is read or written.
    let probe = (staff.clone(), id.clone());
    db::run(&state.pool, move |conn| {
        scope::defect_id(conn, &probe.0, &probe.1)
    })
    .await?;
    let (bytes, kind) = photos::read_image(payload).await?;
    let data_dir = state.config.data_dir.clone();
    let file = db::run(&state.pool, move |conn| {
        photos::store(conn, &data_dir, &bytes, |conn, sha| {
            let defect = super::defects::find(conn, &staff, &id)?;
            let row = photos::insert(
                conn,
                &staff.company_id,
                "defect_photo",
                Some(&defect.id),
                &defect.unit_id,
                sha,
                kind,
                bytes.len(),
                Some(&staff.user_id),
            )?;
            let view = row.view();
            audit::record(
                conn,
                &staff.audit(),
                "defect.add_photo",
                "defect",
                &defect.id,
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

/// Read a stored photo or signature; only for those who may see its defect
/// (or, for a signature, the owner's sign-off: not engineering or property).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses(
        (status = 200, description = "The image, with its type", body = String, content_type = "application/octet-stream"),
        (status = 403, description = "Only delivery roles; signatures not for engineering or property (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file, or not yours (`file_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/delivery-files/{id}")]
pub async fn get_delivery_file(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let data_dir = state.config.data_dir.clone();
    let (kind, bytes) = db::run(&state.pool, move |conn| {
        let not_found = || ApiError::not_found("file_not_found");
        let row = photos::find(conn, &staff.company_id, &id)?.ok_or_else(not_found)?;
        match &row.defect_id {
            Some(d) => scope::defect_id(conn, &staff, d).map_err(|_| not_found())?,
            None => {
                // Out of the caller's projects: 404, whoever asks.
                let unit = crate::projects::scope::unit(conn, &staff, &row.unit_id)
                    .map_err(|_| not_found())?;
                // A signature is the owner's: not for engineering or property,
                // and every read is in the personal-data access log.
                if !OwnerDataReaders::allows(staff.role) {
                    return Err(ApiError::forbidden());
                }
                let buyers = super::buyers::of_units(conn, std::slice::from_ref(&unit.id))?;
                let ctx = staff.audit();
                // Under the person (a subject request finds it), else the unit.
                if buyers.is_empty() {
                    audit::record_access(conn, &ctx, "unit", &unit.id, &["signature"])?;
                }
                for b in &buyers {
                    audit::record_access(conn, &ctx, "customer", &b.customer_id, &["signature"])?;
                }
                unit.id
            }
        };
        Ok((
            row.content_type.clone(),
            photos::read(&data_dir, &row.sha256)?,
        ))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(kind)
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(bytes))
}
