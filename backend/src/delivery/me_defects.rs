//! The owner's defects (`/api/v1/me/defects`) and their photos
//! (`/api/v1/me/delivery-files/{id}`): only the defects of the owner's own
//! units; another owner's photo is 404, like one that does not exist.

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use api_types::MyDefect;
use diesel::prelude::*;

use super::me::my_units;
use super::photos;
use crate::auth::Owner;
use crate::db;
use crate::error::ApiError;
use crate::schema::{defects as d, delivery_files};
use crate::state::AppState;

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
        let ids: Vec<String> = rows.iter().map(|r| r.0.clone()).collect();
        let photos_of = photos::for_defects(conn, &ids)?;
        Ok(rows
            .into_iter()
            .map(|r| MyDefect {
                unit_id: r.1,
                room: r.2,
                location: r.3,
                category: api_types::DefectCategory::parse(&r.4)
                    .unwrap_or(api_types::DefectCategory::Other),
                description: r.5,
                status: api_types::DefectStatus::parse(&r.6)
                    .unwrap_or(api_types::DefectStatus::Open),
                fix_due_at: db::utc(r.7),
                photo_urls: photos_of
                    .get(&r.0)
                    .map(|ids| {
                        ids.iter()
                            .map(|f| format!("/api/v1/me/delivery-files/{}", f.id))
                            .collect()
                    })
                    .unwrap_or_default(),
                id: r.0,
                reserved: r.8,
                created_at: db::utc(r.9),
            })
            .collect::<Vec<_>>())
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// A photo of one of the owner's own defects (signatures and other owners'
/// photos are 404).
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "File id")),
    responses(
        (status = 200, description = "The image, with its type", body = String, content_type = "application/octet-stream"),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such photo of the owner's defects (`file_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/delivery-files/{id}")]
pub async fn get_my_delivery_file(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let data_dir = state.config.data_dir.clone();
    let (kind, bytes) = db::run(&state.pool, move |conn| {
        let mine = my_units(conn, &owner)?;
        let (kind, sha): (String, String) = delivery_files::table
            .inner_join(d::table.on(delivery_files::defect_id.eq(d::id.nullable())))
            .filter(delivery_files::id.eq(&id))
            .filter(delivery_files::company_id.eq(&owner.company_id))
            .filter(delivery_files::kind.eq("defect_photo"))
            .filter(d::unit_id.eq_any(mine))
            .select((delivery_files::content_type, delivery_files::sha256))
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("file_not_found"))?;
        Ok((kind, photos::read(&data_dir, &sha)?))
    })
    .await?;
    Ok(HttpResponse::Ok()
        .content_type(kind)
        .insert_header((header::CACHE_CONTROL, "private, max-age=3600"))
        .insert_header(("x-content-type-options", "nosniff"))
        .body(bytes))
}
