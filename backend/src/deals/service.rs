//! Subscription (认购): the use case that spans units, leads, customers,
//! membership and the SLA clock, in one write transaction.
//!
//! A unit is sold once: the unit moves `available → subscribed` by a
//! conditional `UPDATE … WHERE status = 'available'`, so of concurrent
//! subscriptions exactly one changes the row and the others get 409
//! `unit_not_available` (PostgreSQL re-checks the condition after the
//! winner's commit; SQLite serialises writers with `BEGIN IMMEDIATE`). A
//! partial unique index (one live deal per unit) backs this up.

use api_types::{CreateDeal, DealEventKind, DealStage, DealTaskKind, Role};
use diesel::prelude::*;
use serde_json::json;

use super::model::{self, DealRow};
use super::{events, pricing, tasks};
use crate::audit::AuditCtx;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::leads::pipeline::{self, Cause};
use crate::membership::hooks::{self, SaleEvent};
use crate::schema::{customers, deals, leads, units};

/// The membership hooks' view of a deal event.
pub fn sale_event<'a>(
    deal: &'a DealRow,
    ctx: &'a AuditCtx,
    at: chrono::NaiveDateTime,
) -> SaleEvent<'a> {
    SaleEvent {
        company_id: &deal.company_id,
        customer_id: &deal.customer_id,
        deal_id: &deal.id,
        at,
        actor_id: ctx.actor_id.as_deref(),
    }
}

/// 409 `unit_not_available`.
pub fn unit_taken() -> ApiError {
    ApiError::conflict(
        "unit_not_available",
        "the unit is not available: it was subscribed, signed or reserved",
    )
}

/// Moves a unit from one status to another if it is still in it; `false` if not.
pub fn move_unit(conn: &mut DbConn, unit_id: &str, from: &str, to: &str) -> QueryResult<bool> {
    let n = diesel::update(
        units::table
            .filter(units::id.eq(unit_id))
            .filter(units::status.eq(from)),
    )
    .set((
        units::status.eq(to),
        units::version.eq(units::version + 1),
        units::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    Ok(n == 1)
}

/// The customer, if the caller may see them and they were not merged away.
fn customer(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    crate::customers::visibility::visible(staff)
        .filter(customers::id.eq(id.to_string()))
        .filter(customers::merged_into.is_null())
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))
}

/// Who owns the deal: a sales rep owns what they record; otherwise the owner
/// of the customer's latest assigned lead in the project, else the caller.
fn owner(
    conn: &mut DbConn,
    staff: &Staff,
    customer_id: &str,
    project_id: &str,
) -> QueryResult<String> {
    if staff.role == Role::SalesRep {
        return Ok(staff.user_id.clone());
    }
    let lead_owner: Option<Option<String>> = leads::table
        .filter(leads::customer_id.eq(customer_id))
        .filter(leads::project_id.eq(project_id))
        .filter(leads::owner_id.is_not_null())
        .order(leads::id.desc())
        .select(leads::owner_id)
        .first(conn)
        .optional()?;
    Ok(lead_owner
        .flatten()
        .unwrap_or_else(|| staff.user_id.clone()))
}

/// Converts the customer's open leads of the project (`subscribed`, clock
/// closed, event with the deal) and returns the lead the deal came from.
fn convert_leads(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    deal: &DealRow,
) -> Result<Option<String>, ApiError> {
    let ids: Vec<String> = leads::table
        .filter(leads::customer_id.eq(&deal.customer_id))
        .filter(leads::project_id.eq(&deal.project_id))
        .filter(leads::status.ne_all(["subscribed", "lost"]))
        .order(leads::id.asc())
        .select(leads::id)
        .load(conn)?;
    for id in &ids {
        diesel::update(leads::table.find(id))
            .set((
                leads::status.eq(api_types::LeadStatus::Subscribed.as_str()),
                leads::version.eq(leads::version + 1),
                leads::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
        let reason = format!("converted by deal {} (认购)", deal.id);
        crate::leads::events::record(
            conn,
            ctx,
            id,
            "subscribed",
            &reason,
            Some(json!({"deal_id": deal.id, "unit_id": deal.unit_id})),
        )?;
        pipeline::after_change(conn, ctx, id, Cause::Closed)?;
    }
    if let Some(first) = ids.into_iter().next_back() {
        return Ok(Some(first));
    }
    Ok(leads::table
        .filter(leads::customer_id.eq(&deal.customer_id))
        .filter(leads::project_id.eq(&deal.project_id))
        .order(leads::id.desc())
        .select(leads::id)
        .first(conn)
        .optional()?)
}

/// Subscribes a unit for a customer. Call inside a write transaction.
pub fn subscribe(
    conn: &mut DbConn,
    staff: &Staff,
    input: &CreateDeal,
) -> Result<DealRow, ApiError> {
    let ctx = staff.audit();
    let at = db::time::happened("occurred_at", input.occurred_at, db::now())?;
    let items = input
        .discounts
        .iter()
        .enumerate()
        .map(|(i, d)| pricing::staff_item(d, &format!("discounts[{i}]")))
        .collect::<Result<Vec<_>, _>>()?;
    let customer_id = customer(conn, staff, &input.customer_id)?;
    let unit = crate::projects::scope::unit(conn, staff, &input.unit_id)?;
    if !move_unit(conn, &unit.id, "available", DealStage::Subscribed.as_str())? {
        return Err(unit_taken());
    }
    let owner_id = owner(conn, staff, &customer_id, &unit.project_id)?;
    let now = db::now();
    let id = db::new_id();
    diesel::insert_into(deals::table)
        .values((
            deals::id.eq(&id),
            deals::company_id.eq(&staff.company_id),
            deals::project_id.eq(&unit.project_id),
            deals::unit_id.eq(&unit.id),
            deals::customer_id.eq(&customer_id),
            deals::owner_id.eq(&owner_id),
            deals::stage.eq(DealStage::Subscribed.as_str()),
            deals::list_price_fen.eq(unit.list_price_fen),
            deals::discount_fen.eq(0),
            deals::net_price_fen.eq(unit.list_price_fen),
            deals::subscribed_at.eq(at),
            deals::version.eq(0),
            deals::created_at.eq(now),
            deals::updated_at.eq(now),
        ))
        .execute(conn)
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                unit_taken()
            } else {
                e.into()
            }
        })?;
    let deal = model::reload(conn, &id)?;
    if let Some(m) = hooks::purchase_discount(conn, &staff.company_id, &customer_id)? {
        let item = pricing::Item {
            kind: api_types::DiscountKind::Member,
            label: format!("{}会员折扣", m.tier),
            basis_points: Some(m.basis_points),
            fixed_fen: None,
            rule: m.rule,
            reason: String::new(),
        };
        pricing::insert(conn, &ctx, &deal, &item)?;
    }
    for item in &items {
        pricing::insert(conn, &ctx, &deal, item)?;
    }
    pricing::reprice(conn, &id, unit.list_price_fen, "discounts")?;
    let lead_id = convert_leads(conn, &ctx, &deal)?;
    diesel::update(deals::table.find(&id))
        .set(deals::lead_id.eq(&lead_id))
        .execute(conn)?;
    let deal = model::reload(conn, &id)?;
    let detail = json!({
        "unit_id": deal.unit_id, "list_price_fen": deal.list_price_fen,
        "discount_fen": deal.discount_fen, "net_price_fen": deal.net_price_fen,
    });
    events::record(
        conn,
        &ctx,
        &deal,
        DealEventKind::Subscribed,
        at,
        input.reason.trim(),
        Some(detail),
    )?;
    hooks::deal_subscribed(conn, &sale_event(&deal, &ctx, at))?;
    if let Some(item) = crate::referrals::hooks::friend_discount(conn, &ctx, &deal)? {
        pricing::add(conn, &ctx, &deal, &item)?;
    }
    let deal = model::reload(conn, &id)?;
    tasks::open(conn, &deal, DealTaskKind::SpecialistContact, at)?;
    crate::customers::value::refresh(conn, &deal.company_id, &deal.customer_id)?;
    Ok(deal)
}

/// Moves every deal (with its events and tasks) of a merged-away customer to
/// the surviving one (called by the customer merge).
pub fn move_customer(conn: &mut DbConn, from: &str, into: &str) -> QueryResult<()> {
    use crate::schema::{deal_events, deal_tasks};
    diesel::update(deals::table.filter(deals::customer_id.eq(from)))
        .set((
            deals::customer_id.eq(into),
            deals::version.eq(deals::version + 1),
        ))
        .execute(conn)?;
    diesel::update(deal_events::table.filter(deal_events::customer_id.eq(from)))
        .set(deal_events::customer_id.eq(into))
        .execute(conn)?;
    diesel::update(deal_tasks::table.filter(deal_tasks::customer_id.eq(from)))
        .set(deal_tasks::customer_id.eq(into))
        .execute(conn)?;
    Ok(())
}
