//! `/api/v1/projects/{id}/buildings` and `/api/v1/buildings/{id}`.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use api_types::{Building, CreateBuilding, Page, UpdateBuilding};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::BuildingRow;
use super::{dependents, scope};
use crate::audit::{self, snapshot};
use crate::auth::principal::ProjectManagers;
use crate::auth::{RequireRole, Staff};
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::{buildings, units};
use crate::state::AppState;

/// Query of `GET /api/v1/projects/{id}/buildings`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListBuildingsQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

fn name_taken(e: diesel::result::Error) -> ApiError {
    if db::is_unique_violation(&e) {
        ApiError::conflict(
            "building_name_taken",
            "the project already has a building with this name",
        )
    } else {
        e.into()
    }
}

/// List a project's buildings.
#[utoipa::path(
    tag = "buildings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Project id"), ListBuildingsQuery),
    responses(
        (status = 200, description = "One page of buildings", body = Page<Building>),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/projects/{id}/buildings")]
pub async fn list_buildings(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
    query: web::Query<ListBuildingsQuery>,
) -> Result<HttpResponse, ApiError> {
    let project_id = path.into_inner();
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let body = db::run(&state.pool, move |conn| {
        scope::project(conn, &staff, &project_id)?;
        let mut query = buildings::table
            .filter(buildings::project_id.eq(project_id.clone()))
            .into_boxed::<db::MultiBackend>();
        if let Some(after) = page.after.clone() {
            query = query.filter(buildings::id.gt(after));
        }
        let rows: Vec<BuildingRow> = query
            .select(BuildingRow::as_select())
            .order(buildings::id)
            .limit(page.fetch())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: rows.into_iter().map(Building::from).collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Add a building to a project.
#[utoipa::path(
    tag = "buildings",
    security(("bearer" = [])),
    request_body = CreateBuilding,
    params(("id" = String, Path, description = "Project id")),
    responses(
        (status = 201, description = "Created; `Location` names the building", body = Building),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken in the project (`building_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/projects/{id}/buildings")]
pub async fn create_building(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    body: ValidJson<CreateBuilding>,
) -> Result<HttpResponse, ApiError> {
    let project_id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let building = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            db::lock_row(conn, "projects", &project_id)?;
            scope::project(conn, &staff, &project_id)?;
            let now = db::now();
            let row: BuildingRow = diesel::insert_into(buildings::table)
                .values((
                    buildings::id.eq(db::new_id()),
                    buildings::company_id.eq(&ctx.company_id),
                    buildings::project_id.eq(&project_id),
                    buildings::name.eq(input.name.trim()),
                    buildings::floors.eq(input.floors),
                    buildings::version.eq(1),
                    buildings::created_at.eq(now),
                    buildings::updated_at.eq(now),
                ))
                .returning(buildings::all_columns)
                .get_result(conn)
                .map_err(name_taken)?;
            let view = Building::from(row);
            audit::record(
                conn,
                &ctx,
                "building.create",
                "building",
                &view.id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/buildings/{}", building.id),
        &building,
        Some(building.version),
    ))
}

/// Read one building.
#[utoipa::path(
    tag = "buildings",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Building id")),
    responses(
        (status = 200, description = "The building; `ETag` carries its version", body = Building),
        (status = 404, description = "No such building, or not granted (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buildings/{id}")]
pub async fn get_building(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let b = db::run(&state.pool, move |conn| {
        Ok(Building::from(scope::building(conn, &staff, &id)?))
    })
    .await?;
    Ok(ok_with_etag(&b, b.version))
}

/// Change a building's name or floor count.
#[utoipa::path(
    tag = "buildings",
    security(("bearer" = [])),
    request_body = UpdateBuilding,
    params(
        ("id" = String, Path, description = "Building id"),
        ("If-Match" = String, Header, description = "The building's ETag"),
    ),
    responses(
        (status = 200, description = "The changed building", body = Building),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Name taken (`building_name_taken`) or units above the new floor count (`units_above_floors`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/buildings/{id}")]
pub async fn update_building(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateBuilding>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let b = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = scope::building(conn, &staff, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            db::lock_row(conn, "buildings", &id)?;
            if let Some(floors) = input.floors {
                let top: Option<i32> = units::table
                    .filter(units::building_id.eq(&id))
                    .select(diesel::dsl::max(units::floor))
                    .first(conn)?;
                if top.is_some_and(|t| t > floors) {
                    return Err(ApiError::conflict(
                        "units_above_floors",
                        "units exist above the new floor count",
                    ));
                }
            }
            let after: BuildingRow = diesel::update(
                buildings::table
                    .filter(buildings::id.eq(&id))
                    .filter(buildings::version.eq(if_match.0)),
            )
            .set((
                input
                    .name
                    .as_ref()
                    .map(|n| buildings::name.eq(n.trim().to_string())),
                input.floors.map(|f| buildings::floors.eq(f)),
                buildings::version.eq(buildings::version + 1),
                buildings::updated_at.eq(db::now()),
            ))
            .returning(buildings::all_columns)
            .get_result(conn)
            .optional()
            .map_err(name_taken)?
            .ok_or_else(stale)?;
            let (before, after) = (Building::from(before), Building::from(after));
            audit::record(
                conn,
                &ctx,
                "building.update",
                "building",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&b, b.version))
}

/// Delete a building that has no units.
#[utoipa::path(
    tag = "buildings",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Building id"),
        ("If-Match" = String, Header, description = "The building's ETag"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The building still has units (`building_not_empty`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/buildings/{id}")]
pub async fn delete_building(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    let staff = (*staff).clone();
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = scope::building(conn, &staff, &id)?;
            if row.version != if_match.0 {
                return Err(stale());
            }
            dependents::refuse_if_held(
                conn,
                "buildings",
                dependents::BUILDING,
                &id,
                "building_not_empty",
                "building",
            )?;
            let gone = diesel::delete(
                buildings::table
                    .filter(buildings::id.eq(&id))
                    .filter(buildings::version.eq(if_match.0)),
            )
            .execute(conn)?;
            if gone == 0 {
                return Err(stale());
            }
            audit::record(
                conn,
                &ctx,
                "building.delete",
                "building",
                &id,
                snapshot(&Building::from(row)),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
