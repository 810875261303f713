//! `GET /api/v1/units` and `GET /api/v1/buildings/{id}/units`: filtered, keyset-paginated lists.

use actix_web::{get, web, HttpResponse};
use api_types::{Page, Unit, UnitStatus};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::{unit_seen_by, UnitRow};
use super::scope;
use crate::auth::principal::UnitReaders;
use crate::auth::{RequireRole, Staff};
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::schema::units;
use crate::state::AppState;

/// Filters of the unit lists.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListUnitsQuery {
    /// Only this project (`GET /api/v1/units` only).
    pub project_id: Option<String>,
    /// Only this building (`GET /api/v1/units` only).
    pub building_id: Option<String>,
    /// Only this status.
    pub status: Option<UnitStatus>,
    /// Only this floor.
    pub floor: Option<i32>,
    /// Exact layout (户型).
    pub layout: Option<String>,
    /// List price at least this (fen); 403 for the roles that see no prices.
    pub min_price_fen: Option<i64>,
    /// List price at most this (fen); 403 for the roles that see no prices.
    pub max_price_fen: Option<i64>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// Loads one page of visible units matching the filters.
fn load_page(
    conn: &mut db::DbConn,
    staff: &Staff,
    q: &ListUnitsQuery,
    page: &PageParams,
) -> Result<Page<Unit>, ApiError> {
    let mut query = scope::visible_units(staff);
    if let Some(v) = &q.project_id {
        query = query.filter(units::project_id.eq(v.clone()));
    }
    if let Some(v) = &q.building_id {
        query = query.filter(units::building_id.eq(v.clone()));
    }
    if let Some(v) = q.status {
        query = query.filter(units::status.eq(v.as_str()));
    }
    if let Some(v) = q.floor {
        query = query.filter(units::floor.eq(v));
    }
    if let Some(v) = &q.layout {
        query = query.filter(units::layout.eq(v.clone()));
    }
    if (q.min_price_fen.is_some() || q.max_price_fen.is_some()) && !staff.role.reads_unit_prices() {
        return Err(ApiError::new(
            actix_web::http::StatusCode::FORBIDDEN,
            "forbidden",
            "your role sees no unit prices, so it may not filter by them",
        ));
    }
    if let Some(v) = q.min_price_fen {
        query = query.filter(units::list_price_fen.ge(v));
    }
    if let Some(v) = q.max_price_fen {
        query = query.filter(units::list_price_fen.le(v));
    }
    if let Some(after) = page.after.clone() {
        query = query.filter(units::id.gt(after));
    }
    let rows: Vec<UnitRow> = query
        .select(UnitRow::as_select())
        .order(units::id)
        .limit(page.fetch())
        .load(conn)?;
    let (rows, next_cursor) = page.finish(rows, |r| &r.id);
    Ok(Page {
        data: rows
            .into_iter()
            .map(|r| unit_seen_by(r, staff.role))
            .collect(),
        next_cursor,
    })
}

/// List units across the caller's projects, with filters.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(ListUnitsQuery),
    responses(
        (status = 200, description = "One page of units (`list_price_fen` is `null` for engineering and property)", body = Page<Unit>),
        (status = 403, description = "The data analyst, or a price filter from a role that sees no prices (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units")]
pub async fn list_units(
    state: web::Data<AppState>,
    staff: RequireRole<UnitReaders>,
    query: web::Query<ListUnitsQuery>,
) -> Result<HttpResponse, ApiError> {
    let staff = (*staff).clone();
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let body = db::run(&state.pool, move |conn| load_page(conn, &staff, &q, &page)).await?;
    Ok(HttpResponse::Ok().json(body))
}

/// List a building's units, with filters.
#[utoipa::path(
    tag = "units",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Building id"), ListUnitsQuery),
    responses(
        (status = 200, description = "One page of units (`list_price_fen` is `null` for engineering and property)", body = Page<Unit>),
        (status = 403, description = "The data analyst, or a price filter from a role that sees no prices (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such building, or not granted (`building_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/buildings/{id}/units")]
pub async fn list_building_units(
    state: web::Data<AppState>,
    staff: RequireRole<UnitReaders>,
    path: web::Path<String>,
    query: web::Query<ListUnitsQuery>,
) -> Result<HttpResponse, ApiError> {
    let staff = (*staff).clone();
    let building_id = path.into_inner();
    let mut q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let body = db::run(&state.pool, move |conn| {
        scope::building(conn, &staff, &building_id)?;
        q.building_id = Some(building_id);
        load_page(conn, &staff, &q, &page)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
