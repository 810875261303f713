//! `/api/v1/me/deals`: the signed-in owner's own units and deals. Every query
//! is keyed by the [`Owner`]'s customer and company inside the query; another
//! customer's deal is 404 `deal_not_found`. The view leaves out everything
//! internal: staff ids, the lead, follow-up tasks, event details and the
//! reasons staff gave for discounts.

use actix_web::{get, web, HttpResponse};
use api_types::{DealEventKind, MyDeal, MyDealDiscount, MyDealEvent, MyUnit, Page};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::{self, DealRow};
use crate::auth::Owner;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::schema::{buildings, deal_events, deals, projects, units};
use crate::state::AppState;

type UnitRow = (String, String, String, String, i32, String, String, f64);

fn unit(conn: &mut DbConn, company_id: &str, unit_id: &str) -> QueryResult<MyUnit> {
    let r: UnitRow = units::table
        .inner_join(projects::table.on(projects::id.eq(units::project_id)))
        .inner_join(buildings::table.on(buildings::id.eq(units::building_id)))
        .filter(units::id.eq(unit_id))
        .filter(units::company_id.eq(company_id))
        .select((
            units::id,
            units::project_id,
            projects::name,
            buildings::name,
            units::floor,
            units::number,
            units::layout,
            units::area_m2,
        ))
        .first(conn)?;
    Ok(MyUnit {
        id: r.0,
        project_id: r.1,
        project_name: r.2,
        building_name: r.3,
        floor: r.4,
        number: r.5,
        layout: r.6,
        area_m2: r.7,
    })
}

/// The owner's view of a deal row (already scoped to the owner).
fn my_deal(conn: &mut DbConn, row: DealRow) -> QueryResult<MyDeal> {
    let discounts = model::discounts(conn, &row.id)?
        .into_iter()
        .map(|d| MyDealDiscount {
            kind: d.kind,
            label: d.label,
            basis_points: d.basis_points,
            amount_fen: d.amount_fen,
            rule: d.rule,
        })
        .collect();
    // Kind and date only: event reasons are staff free text (discount and
    // withdrawal reasons included), never shown to owners.
    let events: Vec<(String, chrono::NaiveDateTime)> = deal_events::table
        .filter(deal_events::deal_id.eq(&row.id))
        .order(deal_events::id.asc())
        .select((deal_events::kind, deal_events::occurred_at))
        .load(conn)?;
    let stage = row.stage();
    Ok(MyDeal {
        unit: unit(conn, &row.company_id, &row.unit_id)?,
        id: row.id,
        stage,
        list_price_fen: row.list_price_fen,
        discount_fen: row.discount_fen,
        net_price_fen: row.net_price_fen,
        discounts,
        subscribed_at: db::utc(row.subscribed_at),
        signed_at: row.signed_at.map(db::utc),
        paid_at: row.paid_at.map(db::utc),
        withdrawn_at: row.withdrawn_at.map(db::utc),
        events: events
            .into_iter()
            .map(|(kind, at)| MyDealEvent {
                kind: DealEventKind::parse(&kind).unwrap_or(DealEventKind::Subscribed),
                occurred_at: db::utc(at),
            })
            .collect(),
    })
}

/// Query of `GET /me/deals`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct MyDealsQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The owner's own deals (units bought, withdrawn ones too), newest first.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(MyDealsQuery),
    responses(
        (status = 200, description = "One page of the owner's deals", body = Page<MyDeal>),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/deals")]
pub async fn list_my_deals(
    state: web::Data<AppState>,
    owner: Owner,
    query: web::Query<MyDealsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let body = db::run(&state.pool, move |conn| {
        let mut query = deals::table
            .filter(deals::company_id.eq(&owner.company_id))
            .filter(deals::customer_id.eq(&owner.customer_id))
            .into_boxed();
        if let Some(after) = &page.after {
            query = query.filter(deals::id.lt(after.clone()));
        }
        let rows: Vec<DealRow> = query
            .order(deals::id.desc())
            .limit(page.fetch())
            .select(DealRow::as_select())
            .load(conn)?;
        let list = rows
            .into_iter()
            .map(|r| my_deal(conn, r))
            .collect::<QueryResult<Vec<_>>>()?;
        let (data, next_cursor) = page.finish(list, |d| &d.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// One of the owner's own deals: unit and project, stage, prices with the
/// discount items, and the history.
#[utoipa::path(
    tag = "me",
    security(("owner_bearer" = [])),
    params(("id" = String, Path, description = "Deal id")),
    responses(
        (status = 200, description = "The deal", body = MyDeal),
        (status = 401, description = "No valid owner token (`unauthenticated`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such deal of the owner (`deal_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/me/deals/{id}")]
pub async fn get_my_deal(
    state: web::Data<AppState>,
    owner: Owner,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let body = db::run(&state.pool, move |conn| {
        let row: DealRow = deals::table
            .filter(deals::id.eq(&id))
            .filter(deals::company_id.eq(&owner.company_id))
            .filter(deals::customer_id.eq(&owner.customer_id))
            .select(DealRow::as_select())
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("deal_not_found"))?;
        Ok(my_deal(conn, row)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
