//! `/api/v1/points-catalogue`: what points buy (物业费抵扣 property-fee
//! credits, appliances …), with stock. The head of CRM creates and changes
//! items (`stock` in a PATCH is the count now in the warehouse; redemptions
//! take from it without changing the version); admins and the roles that
//! redeem read them.

use actix_web::{get, patch, post, web, HttpResponse};
use api_types::{CatalogueItem, CatalogueItemKind, CreateCatalogueItem, Page, UpdateCatalogueItem};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope::CatalogueReaders;
use crate::audit::{self, snapshot};
use crate::auth::principal::RuleEditors;
use crate::auth::RequireRole;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::points_catalogue_items as items;
use crate::state::AppState;

type Row = (
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i32>,
    bool,
    i32,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
);

const COLUMNS: (
    items::id,
    items::name,
    items::description,
    items::kind,
    items::points_cost,
    items::value_fen,
    items::stock,
    items::active,
    items::version,
    items::created_at,
    items::updated_at,
) = (
    items::id,
    items::name,
    items::description,
    items::kind,
    items::points_cost,
    items::value_fen,
    items::stock,
    items::active,
    items::version,
    items::created_at,
    items::updated_at,
);

fn view(r: Row) -> Result<CatalogueItem, ApiError> {
    Ok(CatalogueItem {
        id: r.0,
        name: r.1,
        description: r.2,
        kind: CatalogueItemKind::parse(&r.3).ok_or_else(|| ApiError::internal("item kind"))?,
        points_cost: r.4,
        value_fen: r.5,
        stock: r.6,
        active: r.7,
        version: r.8,
        created_at: db::utc(r.9),
        updated_at: db::utc(r.10),
    })
}

fn name_taken(e: diesel::result::Error) -> ApiError {
    if db::is_unique_violation(&e) {
        ApiError::conflict("catalogue_item_name_taken", "an item of this name exists")
    } else {
        e.into()
    }
}

/// One item of the company's catalogue, or 404 `catalogue_item_not_found`.
pub fn read(conn: &mut DbConn, company_id: &str, id: &str) -> Result<CatalogueItem, ApiError> {
    let row: Row = items::table
        .filter(items::company_id.eq(company_id))
        .filter(items::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("catalogue_item_not_found"))?;
    view(row)
}

/// Query of `GET /points-catalogue`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CatalogueQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the points catalogue (active and inactive), oldest first.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(CatalogueQuery),
    responses(
        (status = 200, description = "One page of items", body = Page<CatalogueItem>),
        (status = 403, description = "The role has no use for the catalogue (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/points-catalogue")]
pub async fn list_points_catalogue(
    state: web::Data<AppState>,
    staff: RequireRole<CatalogueReaders>,
    query: web::Query<CatalogueQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let company = staff.company_id.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = items::table
            .filter(items::company_id.eq(&company))
            .into_boxed();
        if let Some(after) = &page.after {
            query = query.filter(items::id.gt(after.clone()));
        }
        let rows: Vec<Row> = query
            .order(items::id.asc())
            .limit(page.fetch())
            .select(COLUMNS)
            .load(conn)?;
        let list = rows.into_iter().map(view).collect::<Result<Vec<_>, _>>()?;
        let (data, next_cursor) = page.finish(list, |i| &i.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Add an item to the points catalogue.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    request_body = CreateCatalogueItem,
    responses(
        (status = 201, description = "Created; `Location` and `ETag`", body = CatalogueItem),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`catalogue_item_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/points-catalogue")]
pub async fn create_points_catalogue_item(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    body: ValidJson<CreateCatalogueItem>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let ctx = staff.audit();
    let item = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = db::new_id();
            let now = db::now();
            diesel::insert_into(items::table)
                .values((
                    items::id.eq(&id),
                    items::company_id.eq(&ctx.company_id),
                    items::name.eq(input.name.trim()),
                    items::description.eq(input.description.trim()),
                    items::kind.eq(input.kind.as_str()),
                    items::points_cost.eq(input.points_cost),
                    items::value_fen.eq(input.value_fen),
                    items::stock.eq(input.stock),
                    items::active.eq(input.active),
                    items::version.eq(1),
                    items::created_at.eq(now),
                    items::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(name_taken)?;
            let item = read(conn, &ctx.company_id, &id)?;
            audit::record(
                conn,
                &ctx,
                "points_item.create",
                "points_catalogue_item",
                &id,
                None,
                snapshot(&item),
            )?;
            Ok(item)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/points-catalogue/{}", item.id),
        &item,
        Some(item.version),
    ))
}

/// Read an item of the points catalogue.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Item id")),
    responses(
        (status = 200, description = "The item; `ETag` carries its version", body = CatalogueItem),
        (status = 403, description = "The role has no use for the catalogue (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (`catalogue_item_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/points-catalogue/{id}")]
pub async fn get_points_catalogue_item(
    state: web::Data<AppState>,
    staff: RequireRole<CatalogueReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let company = staff.company_id.clone();
    let item = db::run(&state.pool, move |conn| read(conn, &company, &id)).await?;
    Ok(ok_with_etag(&item, item.version))
}

/// Change an item (name, cost, worth, stock, active).
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Item id"),
        ("If-Match" = String, Header, description = "The item's ETag"),
    ),
    request_body = UpdateCatalogueItem,
    responses(
        (status = 200, description = "The changed item", body = CatalogueItem),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such item (`catalogue_item_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`catalogue_item_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/points-catalogue/{id}")]
pub async fn update_points_catalogue_item(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateCatalogueItem>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    if let Some(Some(s)) = input.stock {
        if !(0..=1_000_000).contains(&s) {
            return Err(ApiError::invalid_field(
                "stock",
                "range",
                "must be between 0 and 1000000",
            ));
        }
    }
    if let Some(Some(v)) = input.value_fen {
        if !(0..=100_000_000).contains(&v) {
            return Err(ApiError::invalid_field(
                "value_fen",
                "range",
                "must be between 0 and 100000000",
            ));
        }
    }
    let ctx = staff.audit();
    let item = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = read(conn, &ctx.company_id, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            let changed =
                diesel::update(items::table.find(&id).filter(items::version.eq(if_match.0)))
                    .set((
                        items::name.eq(input
                            .name
                            .as_deref()
                            .map_or(before.name.as_str(), str::trim)),
                        items::description.eq(input
                            .description
                            .as_deref()
                            .map_or(before.description.as_str(), str::trim)),
                        items::points_cost.eq(input.points_cost.unwrap_or(before.points_cost)),
                        items::value_fen.eq(input.value_fen.unwrap_or(before.value_fen)),
                        items::active.eq(input.active.unwrap_or(before.active)),
                        items::version.eq(before.version + 1),
                        items::updated_at.eq(db::now()),
                    ))
                    .execute(conn)
                    .map_err(name_taken)?;
            if changed != 1 {
                return Err(stale());
            }
            // Only when given: redemptions take from the stock concurrently.
            if let Some(stock) = input.stock {
                diesel::update(items::table.find(&id))
                    .set(items::stock.eq(stock))
                    .execute(conn)?;
            }
            let after = read(conn, &ctx.company_id, &id)?;
            audit::record(
                conn,
                &ctx,
                "points_item.update",
                "points_catalogue_item",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&item, item.version))
}

/// One page of the company's active items, oldest first (what an owner can
/// redeem: `GET /me/points-catalogue`).
pub fn active_page(
    conn: &mut DbConn,
    company_id: &str,
    page: &PageParams,
) -> Result<(Vec<CatalogueItem>, Option<String>), ApiError> {
    let mut query = items::table
        .filter(items::company_id.eq(company_id))
        .filter(items::active.eq(true))
        .into_boxed();
    if let Some(after) = &page.after {
        query = query.filter(items::id.gt(after.clone()));
    }
    let rows: Vec<Row> = query
        .order(items::id.asc())
        .limit(page.fetch())
        .select(COLUMNS)
        .load(conn)?;
    let list = rows.into_iter().map(view).collect::<Result<Vec<_>, _>>()?;
    Ok(page.finish(list, |i| &i.id))
}
