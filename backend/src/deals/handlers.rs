//! `/api/v1/deals`: subscribe, read, list, and every later stage.

use actix_web::{get, post, web, HttpResponse};
use api_types::{
    ChangeDealUnit, CreateDeal, Deal, DealStage, DealSummary, DealTransition, NewDiscount, Page,
};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::{self, DealRow};
use super::visibility::{self, DealTaskWorkers, DealWorkers};
use super::{pricing, service, transitions};
use crate::audit::{self, snapshot, AuditCtx};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, PageParams, ValidJson};
use crate::schema::deals;
use crate::state::AppState;

/// Runs a deal write in one transaction, audits it with before and after, and answers the deal.
async fn write(
    state: web::Data<AppState>,
    staff: Staff,
    id: Option<String>,
    action: &'static str,
    f: impl FnOnce(&mut DbConn, &AuditCtx, &Staff) -> Result<DealRow, ApiError> + Send + 'static,
) -> Result<Deal, ApiError> {
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let ctx = staff.audit();
            let before = match &id {
                Some(id) => {
                    let row = visibility::deal(conn, &staff, id)?;
                    snapshot(&model::view(conn, row)?)
                }
                None => None,
            };
            let row = f(conn, &ctx, &staff)?;
            let after = model::view(conn, row)?;
            audit::record(
                conn,
                &ctx,
                action,
                model::ENTITY,
                &after.id,
                before,
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await
}

/// Subscribe (认购) an available unit for a customer.
///
/// Prices the deal from the unit's list price: a member discount when the
/// customer's membership tier grants one (`kind: member`, with its rule), and
/// the staff discounts given (`kind: other`, with their reasons). The unit
/// becomes `subscribed`, the customer's open leads of the project `subscribed`
/// (converted, clock closed), and the customer specialist's contact task is due
/// within `deal_follow_up.specialist_contact_hours`. Of concurrent
/// subscriptions of one unit exactly one succeeds.
#[utoipa::path(
    tag = "deals",
    security(("bearer" = [])),
    request_body = CreateDeal,
    responses(
        (status = 201, description = "Subscribed; `Location` names the deal", body = Deal),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit or customer, or not yours (`unit_not_found`, `customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The unit is not available (`unit_not_available`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/deals")]
pub async fn create_deal(
    state: web::Data<AppState>,
    staff: RequireRole<DealWorkers>,
    body: ValidJson<CreateDeal>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let deal = write(
        state,
        (*staff).clone(),
        None,
        "deal.subscribe",
        move |conn, _, staff| service::subscribe(conn, staff, &input),
    )
    .await?;
    Ok(created(
        format!("/api/v1/deals/{}", deal.id),
        &deal,
        Some(deal.version),
    ))
}

/// Filters of the deal list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DealQuery {
    /// Only this project.
    pub project_id: Option<String>,
    /// Only this customer.
    pub customer_id: Option<String>,
    /// Only this unit.
    pub unit_id: Option<String>,
    /// Only this stage.
    pub stage: Option<DealStage>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the deals you may see, newest first.
#[utoipa::path(
    tag = "deals",
    security(("bearer" = [])),
    params(DealQuery),
    responses(
        (status = 200, description = "One page of deals", body = Page<DealSummary>),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deals")]
pub async fn list_deals(
    state: web::Data<AppState>,
    staff: RequireRole<DealWorkers>,
    query: web::Query<DealQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = visibility::visible(&staff);
        if let Some(p) = q.project_id {
            query = query.filter(deals::project_id.eq(p));
        }
        if let Some(c) = q.customer_id {
            query = query.filter(deals::customer_id.eq(c));
        }
        if let Some(u) = q.unit_id {
            query = query.filter(deals::unit_id.eq(u));
        }
        if let Some(s) = q.stage {
            query = query.filter(deals::stage.eq(s.as_str()));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(deals::id.lt(after));
        }
        let rows: Vec<DealRow> = query
            .order(deals::id.desc())
            .limit(page.fetch())
            .select(DealRow::as_select())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: rows.iter().map(DealRow::summary).collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Read a deal: prices with every discount item, its history and its follow-up tasks
/// (customer specialists too, for the deals of their follow-up tasks: read only).
#[utoipa::path(
    tag = "deals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Deal id")),
    responses(
        (status = 200, description = "The deal", body = Deal),
        (status = 403, description = "Only crm_head, sales managers, sales reps and customer specialists (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such deal, or not yours; a customer specialist reads only the deals of their follow-up tasks (`deal_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/deals/{id}")]
pub async fn get_deal(
    state: web::Data<AppState>,
    staff: RequireRole<DealTaskWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let deal = db::run(&state.pool, move |conn| {
        let row = visibility::deal(conn, &staff, &id)?;
        Ok(model::view(conn, row)?)
    })
    .await?;
    Ok(ok_with_etag(&deal, deal.version))
}

macro_rules! transition {
    ($(#[$doc:meta])* $name:ident, $path:literal, $body:ty, $action:literal, $conflict:literal, $svc:path) => {
        $(#[$doc])*
        #[utoipa::path(
            tag = "deals",
            security(("bearer" = [])),
            request_body = $body,
            params(("id" = String, Path, description = "Deal id")),
            responses(
                (status = 200, description = "The deal after the change", body = Deal),
                (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
                (status = 404, description = "No such deal, or not yours (`deal_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
                (status = 409, description = $conflict, body = api_types::Problem, content_type = "application/problem+json"),
            )
        )]
        #[post($path)]
        pub async fn $name(
            state: web::Data<AppState>,
            staff: RequireRole<DealWorkers>,
            path: web::Path<String>,
            body: ValidJson<$body>,
        ) -> Result<HttpResponse, ApiError> {
            let id = path.into_inner();
            let input = body.0;
            let key = id.clone();
            let deal = write(state, (*staff).clone(), Some(id), $action, move |conn, ctx, staff| {
                $svc(conn, ctx, staff, &key, &input)
            })
            .await?;
            Ok(ok_with_etag(&deal, deal.version))
        }
    };
}

transition!(
    /// Sign the contract (签约) at the deal's net price: the unit becomes
    /// `signed`, membership earns by the contract amount, and a satisfaction
    /// revisit is due within `deal_follow_up.satisfaction_revisit_hours`.
    sign_deal, "/deals/{id}/sign", DealTransition, "deal.sign",
    "The deal is not subscribed (`deal_stage_conflict`)", transitions::sign
);
transition!(
    /// Record payment complete (回款) of a signed deal.
    pay_deal, "/deals/{id}/pay", DealTransition, "deal.pay",
    "The deal is not signed (`deal_stage_conflict`)", transitions::pay
);
transition!(
    /// Withdraw the deal (退房), with a reason: the unit is available again,
    /// open follow-up tasks are cancelled and membership reverses the deal.
    /// Not once the unit was handed over to the buyer (`unit_handed_over`).
    withdraw_deal, "/deals/{id}/withdraw", DealTransition, "deal.withdraw",
    "The deal is already withdrawn (`deal_stage_conflict`), or its unit was handed over (`unit_handed_over`)",
    transitions::withdraw
);
transition!(
    /// Change the unit (换房) of a subscribed deal to another available unit
    /// of its project: the old unit is freed and the deal re-priced
    /// (percentage discounts follow the new list price).
    change_deal_unit, "/deals/{id}/change-unit", ChangeDealUnit, "deal.change_unit",
    "The deal is not subscribed (`deal_stage_conflict`), or the new unit is taken (`unit_not_available`)",
    transitions::change_unit
);

fn add_other(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    staff: &Staff,
    id: &str,
    input: &NewDiscount,
) -> Result<DealRow, ApiError> {
    let item = pricing::staff_item(input, "body")?;
    let deal = visibility::deal(conn, staff, id)?;
    db::lock_row(conn, "deals", id)?;
    let deal = model::reload(conn, &deal.id)?;
    pricing::add(conn, ctx, &deal, &item)?;
    Ok(model::reload(conn, id)?)
}

transition!(
    /// Grant a staff discount (`kind: other`, with a reason) on a deal not yet
    /// signed; the deal is re-priced.
    add_deal_discount, "/deals/{id}/discounts", NewDiscount, "deal.add_discount",
    "The contract is already signed (`deal_stage_conflict`)", add_other
);
