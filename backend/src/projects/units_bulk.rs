//! Bulk creation of a building's units and the sales-control grid (销控表).

use std::collections::BTreeMap;

use actix_web::{get, post, web, HttpResponse};
use api_types::{
    Building, BulkCreateUnits, BulkCreated, FieldError, SalesControl, SalesControlFloor,
    StatusCount, Unit, UnitStatus,
};
use diesel::prelude::*;
use validator::Validate;

use super::model::UnitRow;
use super::scope;
use super::units::{check_floor, number_taken};
use crate::audit;
use crate::auth::principal::{PriceReaders, ProjectManagers};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::ValidJson;
use crate::schema::{projects, units};
use crate::state::AppState;

/// Rows per INSERT statement: keeps every statement under SQLite's bound-parameter limit.
const INSERT_CHUNK: usize = 500;

/// Validates the nested positions and the floor range; 422 with every problem.
fn check_request(input: &BulkCreateUnits, floors: i32) -> Result<(), ApiError> {
    let mut errors: Vec<FieldError> = Vec::new();
    for (i, pos) in input.positions.iter().enumerate() {
        if let Err(e) = pos.validate() {
            errors.extend(ApiError::from(e).errors.into_iter().map(|mut f| {
                f.field = format!("positions[{i}].{}", f.field);
                f
            }));
        }
        if input.positions[..i]
            .iter()
            .any(|p| p.suffix.trim().len() != pos.suffix.trim().len())
        {
            // Floor 1 + "12" and floor 11 + "2" would both be "112".
            errors.push(FieldError {
                field: format!("positions[{i}].suffix"),
                code: "length".into(),
                message: "all suffixes need the same length".into(),
            });
        }
        if input.positions[..i]
            .iter()
            .any(|p| p.suffix.trim() == pos.suffix.trim())
        {
            errors.push(FieldError {
                field: format!("positions[{i}].suffix"),
                code: "duplicate".into(),
                message: "each position needs its own suffix".into(),
            });
        }
    }
    if input.floor_to < input.floor_from {
        errors.push(FieldError {
            field: "floor_to".into(),
            code: "range".into(),
            message: "must not be below floor_from".into(),
        });
    }
    for (field, floor) in [
        ("floor_from", input.floor_from),
        ("floor_to", input.floor_to),
    ] {
        if let Err(e) = check_floor(floor, floors, field) {
            errors.extend(e.errors);
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::validation(errors))
    }
}

/// Create floors × positions units in one transaction (all or nothing).
///
/// Unit numbers are the floor followed by the position's suffix (floor 12,
/// suffix `02` → `1202`); prices rise by `price_step_per_floor_fen` per floor.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    request_body = BulkCreateUnits,
    params(("id" = String, Path, description = "Building id")),
    responses(
        (status = 201, description = "All units created", body = BulkCreated),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A number already exists (`unit_number_taken`); nothing was created", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/buildings/{id}/units/bulk")]
pub async fn bulk_create_units(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    body: ValidJson<BulkCreateUnits>,
) -> Result<HttpResponse, ApiError> {
    let building_id = path.into_inner();
    let location = format!("/api/v1/buildings/{building_id}/units");
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let created = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            db::lock_row(conn, "buildings", &building_id)?;
            let b = scope::building(conn, &staff, &building_id)?;
            check_request(&input, b.floors)?;
            let now = db::now();
            let mut rows = Vec::new();
            for floor in input.floor_from..=input.floor_to {
                let step = i64::from(floor - input.floor_from) * input.price_step_per_floor_fen;
                for pos in &input.positions {
                    rows.push((
                        units::id.eq(db::new_id()),
                        units::company_id.eq(ctx.company_id.clone()),
                        units::project_id.eq(b.project_id.clone()),
                        units::building_id.eq(b.id.clone()),
                        units::floor.eq(floor),
                        units::number.eq(format!("{floor}{}", pos.suffix.trim())),
                        units::area_m2.eq(pos.area_m2),
                        units::layout.eq(pos.layout.trim().to_string()),
                        units::list_price_fen.eq(pos.base_price_fen.saturating_add(step)),
                        units::status.eq(UnitStatus::Available.as_str()),
                        units::version.eq(1),
                        units::created_at.eq(now),
                        units::updated_at.eq(now),
                    ));
                }
            }
            for chunk in rows.chunks(INSERT_CHUNK) {
                crate::batch_insert!(conn, units::table, chunk.to_vec()).map_err(number_taken)?;
            }
            let summary = serde_json::json!({
                "floor_from": input.floor_from,
                "floor_to": input.floor_to,
                "positions": input.positions.len(),
                "created": rows.len(),
            });
            audit::record(
                conn,
                &ctx,
                "unit.bulk_create",
                "building",
                &b.id,
                None,
                Some(summary),
            )?;
            Ok(BulkCreated {
                created: rows.len(),
            })
        })
    })
    .await?;
    Ok(HttpResponse::Created()
        .insert_header((actix_web::http::header::LOCATION, location))
        .json(created))
}

/// The sales-control grid of a building: floors from the top, units by number, counts by status.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Building id")),
    responses(
        (status = 200, description = "The grid", body = SalesControl),
        (status = 403, description = "Engineering, property and the data analyst, who see no sales data (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building, or not granted (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buildings/{id}/sales-control")]
pub async fn get_sales_control(
    state: web::Data<AppState>,
    staff: RequireRole<PriceReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let staff = (*staff).clone();
    let id = path.into_inner();
    let grid = db::run(&state.pool, move |conn| {
        let b = scope::building(conn, &staff, &id)?;
        let project_name: String = projects::table
            .filter(projects::id.eq(&b.project_id))
            .select(projects::name)
            .first(conn)?;
        let rows: Vec<UnitRow> = units::table
            .filter(units::building_id.eq(&id))
            .select(UnitRow::as_select())
            .order((units::floor.desc(), units::number))
            .load(conn)?;
        Ok(grid_of(Building::from(b), project_name, rows))
    })
    .await?;
    Ok(HttpResponse::Ok().json(grid))
}

/// Arranges a building's units into the grid.
fn grid_of(building: Building, project_name: String, rows: Vec<UnitRow>) -> SalesControl {
    let mut floors: BTreeMap<i32, Vec<Unit>> = BTreeMap::new();
    let mut counts: BTreeMap<&'static str, i64> = BTreeMap::new();
    for row in rows {
        let unit = Unit::from(row);
        *counts.entry(unit.status.as_str()).or_default() += 1;
        floors.entry(unit.floor).or_default().push(unit);
    }
    SalesControl {
        building,
        project_name,
        floors: floors
            .into_iter()
            .rev()
            .map(|(floor, units)| SalesControlFloor { floor, units })
            .collect(),
        counts: UnitStatus::ALL
            .into_iter()
            .map(|status| StatusCount {
                status,
                count: counts.get(status.as_str()).copied().unwrap_or(0),
            })
            .collect(),
    }
}
