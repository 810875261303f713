//! `/api/v1/units` and `/api/v1/buildings/{id}/units`.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use api_types::{CreateUnit, Unit, UnitStatus, UpdateUnit};
use diesel::prelude::*;

use super::model::{unit_seen_by, UnitRow};
use super::{dependents, scope};
use crate::audit::{self, snapshot};
use crate::auth::principal::{ProjectManagers, UnitReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, ValidJson};
use crate::schema::units;
use crate::state::AppState;

/// Maps a unique violation to 409 `unit_number_taken`.
pub fn number_taken(e: diesel::result::Error) -> ApiError {
    if db::is_unique_violation(&e) {
        ApiError::conflict(
            "unit_number_taken",
            "the building already has a unit with this number",
        )
    } else {
        e.into()
    }
}

/// 422 when a floor lies outside the building.
pub fn check_floor(floor: i32, floors: i32, field: &str) -> Result<(), ApiError> {
    if floor < 1 || floor > floors {
        return Err(ApiError::invalid_field(
            field,
            "range",
            format!("the building has floors 1 to {floors}"),
        ));
    }
    Ok(())
}

/// Whether staff may set `status` by hand: `available` and `reserved` only;
/// `subscribed`, `signed` and `handed_over` follow the unit's deal (认购, 签约)
/// and its sign-off, and are never typed.
fn set_by_hand(status: UnitStatus) -> bool {
    matches!(status, UnitStatus::Available | UnitStatus::Reserved)
}

/// 422 `sale_status` for a status only a sale or a handover sets.
fn check_settable(status: Option<UnitStatus>) -> Result<(), ApiError> {
    match status {
        Some(s) if !set_by_hand(s) => Err(ApiError::invalid_field(
            "status",
            "sale_status",
            format!(
                "{} follows the unit's deal and handover; staff set available or reserved",
                s.as_str()
            ),
        )),
        _ => Ok(()),
    }
}

/// Add one unit to a building.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = CreateUnit,
    params(("id" = String, Path, description = "Building id")),
    responses(
        (status = 201, description = "Created; `Location` names the unit", body = Unit),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The number is taken (`unit_number_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`), with per-field `errors`; a status other than `available` or `reserved` is field code `sale_status`", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/buildings/{id}/units")]
pub async fn create_unit(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    body: ValidJson<CreateUnit>,
) -> Result<HttpResponse, ApiError> {
    let building_id = path.into_inner();
    let input = body.0;
    check_settable(input.status)?;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let unit = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            db::lock_row(conn, "buildings", &building_id)?;
            let b = scope::building(conn, &staff, &building_id)?;
            check_floor(input.floor, b.floors, "floor")?;
            let now = db::now();
            let row: UnitRow = diesel::insert_into(units::table)
                .values((
                    units::id.eq(db::new_id()),
                    units::company_id.eq(&ctx.company_id),
                    units::project_id.eq(&b.project_id),
                    units::building_id.eq(&b.id),
                    units::floor.eq(input.floor),
                    units::number.eq(input.number.trim()),
                    units::area_m2.eq(input.area_m2),
                    units::layout.eq(input.layout.trim()),
                    units::list_price_fen.eq(input.list_price_fen),
                    units::status.eq(input.status.unwrap_or(UnitStatus::Available).as_str()),
                    units::version.eq(1),
                    units::created_at.eq(now),
                    units::updated_at.eq(now),
                ))
                .returning(units::all_columns)
                .get_result(conn)
                .map_err(number_taken)?;
            let view = Unit::from(row);
            audit::record(
                conn,
                &ctx,
                "unit.create",
                "unit",
                &view.id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/units/{}", unit.id),
        &unit,
        Some(unit.version),
    ))
}

/// Read one unit.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The unit (`list_price_fen` is `null` for engineering and property); `ETag` carries its version", body = Unit),
        (status = 403, description = "The data analyst (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, or not granted (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}")]
pub async fn get_unit(
    state: web::Data<AppState>,
    staff: RequireRole<UnitReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let u = db::run(&state.pool, move |conn| {
        Ok(unit_seen_by(scope::unit(conn, &staff, &id)?, staff.role))
    })
    .await?;
    Ok(ok_with_etag(&u, u.version))
}

/// Changeable columns of a unit.
#[derive(AsChangeset)]
#[diesel(table_name = units)]
struct UnitChanges {
    floor: Option<i32>,
    number: Option<String>,
    area_m2: Option<f64>,
    layout: Option<String>,
    list_price_fen: Option<i64>,
    status: Option<String>,
}

/// Change a unit.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = UpdateUnit,
    params(
        ("id" = String, Path, description = "Unit id"),
        ("If-Match" = String, Header, description = "The unit's ETag"),
    ),
    responses(
        (status = 200, description = "The changed unit", body = Unit),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The number is taken (`unit_number_taken`), or the status of a sold or handed-over unit was changed by hand (`unit_status_follows_sale`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`), with per-field `errors`; a status other than `available` or `reserved` is field code `sale_status`", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/units/{id}")]
pub async fn update_unit(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateUnit>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let u = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = scope::unit(conn, &staff, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            check_settable(input.status)?;
            let current = UnitStatus::parse(&before.status);
            if input.status.is_some_and(|s| Some(s) != current) && !current.is_some_and(set_by_hand)
            {
                return Err(ApiError::conflict(
                    "unit_status_follows_sale",
                    format!(
                        "the unit is {}: its status follows its deal and handover, not a hand edit",
                        before.status
                    ),
                ));
            }
            if let Some(floor) = input.floor {
                db::lock_row(conn, "buildings", &before.building_id)?;
                let b = scope::building(conn, &staff, &before.building_id)?;
                check_floor(floor, b.floors, "floor")?;
            }
            let changes = UnitChanges {
                floor: input.floor,
                number: input.number.map(|s| s.trim().to_string()),
                area_m2: input.area_m2,
                layout: input.layout.map(|s| s.trim().to_string()),
                list_price_fen: input.list_price_fen,
                status: input.status.map(|s| s.as_str().to_string()),
            };
            let after: UnitRow = diesel::update(
                units::table
                    .filter(units::id.eq(&id))
                    .filter(units::version.eq(if_match.0)),
            )
            .set((
                changes,
                units::version.eq(units::version + 1),
                units::updated_at.eq(db::now()),
            ))
            .returning(units::all_columns)
            .get_result(conn)
            .optional()
            .map_err(number_taken)?
            .ok_or_else(stale)?;
            let (before, after) = (Unit::from(before), Unit::from(after));
            audit::record(
                conn,
                &ctx,
                "unit.update",
                "unit",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&u, u.version))
}

/// Delete an available unit that no deal or delivery record points at (sold
/// units, and units whose deal was withdrawn, keep their history).
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Unit id"),
        ("If-Match" = String, Header, description = "The unit's ETag"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is not available (`unit_not_available`), or deals or delivery records point at it (`unit_in_use`; the detail names which)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/units/{id}")]
pub async fn delete_unit(
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
            let row = scope::unit(conn, &staff, &id)?;
            if row.version != if_match.0 {
                return Err(stale());
            }
            if row.status != UnitStatus::Available.as_str() {
                return Err(ApiError::conflict(
                    "unit_not_available",
                    "only an available unit can be deleted",
                ));
            }
            dependents::refuse_if_held(
                conn,
                "units",
                dependents::UNIT,
                &id,
                "unit_in_use",
                "unit",
            )?;
            let gone = diesel::delete(
                units::table
                    .filter(units::id.eq(&id))
                    .filter(units::version.eq(if_match.0)),
            )
            .execute(conn)?;
            if gone == 0 {
                return Err(stale());
            }
            audit::record(
                conn,
                &ctx,
                "unit.delete",
                "unit",
                &id,
                snapshot(&Unit::from(row)),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
