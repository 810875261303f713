//! The stages after subscription: signing (签约), payment complete (回款),
//! withdrawal (退房) and unit change (换房). Each is a conditional update of
//! the deal's stage under its row lock, so two concurrent transitions cannot
//! both apply (the loser gets 409 `deal_stage_conflict`), with the unit, the
//! membership hooks, the tasks and the customer's value tier following in
//! the same transaction.

use api_types::{ChangeDealUnit, DealEventKind, DealStage, DealTaskKind, DealTransition};
use diesel::prelude::*;
use serde_json::json;

use super::model::{self, DealRow};
use super::service::{move_unit, sale_event, unit_taken};
use super::{events, pricing, tasks, visibility};
use crate::audit::AuditCtx;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::membership::hooks;
use crate::schema::deals;

/// 409 `deal_stage_conflict`.
fn wrong_stage(deal: &DealRow, action: &str, needs: &str) -> ApiError {
    ApiError::conflict(
        "deal_stage_conflict",
        format!(
            "cannot {action} a deal that is {}; it must be {needs}",
            deal.stage
        ),
    )
}

/// Moves the deal's stage if it is still in one of `from`; sets the stage's time.
fn set_stage(
    conn: &mut DbConn,
    deal: &DealRow,
    from: &[&str],
    to: DealStage,
    at: chrono::NaiveDateTime,
) -> QueryResult<bool> {
    let target = deals::table
        .filter(deals::id.eq(&deal.id))
        .filter(deals::stage.eq_any(from.to_vec()));
    let stamp = (
        deals::version.eq(deals::version + 1),
        deals::updated_at.eq(db::now()),
    );
    let n = match to {
        DealStage::Signed => diesel::update(target)
            .set((deals::stage.eq(to.as_str()), deals::signed_at.eq(at), stamp))
            .execute(conn)?,
        DealStage::Paid => diesel::update(target)
            .set((deals::stage.eq(to.as_str()), deals::paid_at.eq(at), stamp))
            .execute(conn)?,
        DealStage::Withdrawn => diesel::update(target)
            .set((
                deals::stage.eq(to.as_str()),
                deals::withdrawn_at.eq(at),
                stamp,
            ))
            .execute(conn)?,
        DealStage::Subscribed => 0,
    };
    Ok(n == 1)
}

/// The visible deal, locked for the rest of the transaction.
fn locked(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<DealRow, ApiError> {
    visibility::deal(conn, staff, id)?;
    db::lock_row(conn, "deals", id)?;
    Ok(model::reload(conn, id)?)
}

/// A business time not before the subscription.
fn event_time(deal: &DealRow, input: &DealTransition) -> Result<chrono::NaiveDateTime, ApiError> {
    let at = db::time::happened("occurred_at", input.occurred_at, db::now())?;
    if at < deal.subscribed_at {
        return Err(ApiError::invalid_field(
            "occurred_at",
            "before_subscription",
            "must not be before the subscription",
        ));
    }
    Ok(at)
}

/// Signs the contract (签约) at the net price: the unit becomes `signed`,
/// membership earns by the contract amount, and the satisfaction revisit is due.
pub fn sign(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    staff: &Staff,
    id: &str,
    input: &DealTransition,
) -> Result<DealRow, ApiError> {
    let deal = locked(conn, staff, id)?;
    let at = event_time(&deal, input)?;
    if !set_stage(conn, &deal, &["subscribed"], DealStage::Signed, at)? {
        return Err(wrong_stage(&deal, "sign", "subscribed"));
    }
    if !move_unit(conn, &deal.unit_id, "subscribed", "signed")? {
        return Err(ApiError::conflict(
            "unit_status_conflict",
            "the unit is no longer subscribed",
        ));
    }
    let deal = model::reload(conn, id)?;
    let detail = json!({"contract_amount_fen": deal.net_price_fen, "unit_id": deal.unit_id});
    events::record(
        conn,
        ctx,
        &deal,
        DealEventKind::Signed,
        at,
        input.reason.trim(),
        Some(detail),
    )?;
    hooks::contract_signed(conn, &sale_event(&deal, ctx, at), deal.net_price_fen)?;
    crate::referrals::hooks::deal_signed(conn, ctx, &deal, at)?;
    tasks::open(conn, &deal, DealTaskKind::SatisfactionRevisit, at)?;
    crate::customers::value::refresh(conn, &deal.company_id, &deal.customer_id)?;
    Ok(deal)
}

/// Records payment complete (回款) of a signed deal.
pub fn pay(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    staff: &Staff,
    id: &str,
    input: &DealTransition,
) -> Result<DealRow, ApiError> {
    let deal = locked(conn, staff, id)?;
    let at = event_time(&deal, input)?;
    if !set_stage(conn, &deal, &["signed"], DealStage::Paid, at)? {
        return Err(wrong_stage(&deal, "record payment of", "signed"));
    }
    let deal = model::reload(conn, id)?;
    let detail = json!({"amount_fen": deal.net_price_fen});
    events::record(
        conn,
        ctx,
        &deal,
        DealEventKind::Paid,
        at,
        input.reason.trim(),
        Some(detail),
    )?;
    Ok(deal)
}

/// Withdraws a live deal (退房): the unit is available again, open tasks and
/// the buyer's booked inspections of the unit are cancelled and membership
/// reverses what the deal earned. A reason is required. A deal whose unit
/// was handed over cannot be withdrawn (409 `unit_handed_over`).
pub fn withdraw(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    staff: &Staff,
    id: &str,
    input: &DealTransition,
) -> Result<DealRow, ApiError> {
    if input.reason.trim().chars().count() < 2 {
        return Err(ApiError::invalid_field(
            "reason",
            "required",
            "say why the deal is withdrawn",
        ));
    }
    let deal = locked(conn, staff, id)?;
    let at = event_time(&deal, input)?;
    if !set_stage(
        conn,
        &deal,
        &["subscribed", "signed", "paid"],
        DealStage::Withdrawn,
        at,
    )? {
        return Err(wrong_stage(&deal, "withdraw", "subscribed, signed or paid"));
    }
    // A unit handed over to its buyer is theirs: it never goes back on sale
    // (checked in the same statement that frees it, so a sign-off racing the
    // withdrawal cannot slip between; the stage change above rolls back).
    use crate::schema::units;
    let freed = diesel::update(
        units::table
            .find(&deal.unit_id)
            .filter(units::status.ne(api_types::UnitStatus::HandedOver.as_str())),
    )
    .set((
        units::status.eq("available"),
        units::version.eq(units::version + 1),
        units::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if freed == 0 {
        return Err(ApiError::conflict(
            "unit_handed_over",
            "the unit was handed over to the buyer; a deal cannot be withdrawn after handover",
        ));
    }
    let cancelled = tasks::cancel_open(conn, &deal.id)?;
    let deal = model::reload(conn, id)?;
    let detail = json!({"from_stage": deal_stage_before(&deal), "unit_id": deal.unit_id, "cancelled_tasks": cancelled});
    events::record(
        conn,
        ctx,
        &deal,
        DealEventKind::Withdrawn,
        at,
        input.reason.trim(),
        Some(detail),
    )?;
    hooks::deal_withdrawn(conn, &sale_event(&deal, ctx, at))?;
    crate::referrals::hooks::deal_withdrawn(conn, ctx, &deal, at)?;
    crate::delivery::appointments::cancel_for_withdrawn_deal(
        conn,
        ctx,
        &deal.unit_id,
        &deal.customer_id,
    )?;
    crate::customers::value::refresh(conn, &deal.company_id, &deal.customer_id)?;
    Ok(deal)
}

/// The stage a withdrawn deal had reached, from its stage times.
fn deal_stage_before(deal: &DealRow) -> &'static str {
    if deal.paid_at.is_some() {
        "paid"
    } else if deal.signed_at.is_some() {
        "signed"
    } else {
        "subscribed"
    }
}

/// Changes the unit of a subscribed deal (换房): the new unit (same project,
/// available) is taken, the old one freed, and the deal re-priced.
pub fn change_unit(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    staff: &Staff,
    id: &str,
    input: &ChangeDealUnit,
) -> Result<DealRow, ApiError> {
    let deal = locked(conn, staff, id)?;
    let at = event_time(
        &deal,
        &DealTransition {
            occurred_at: input.occurred_at,
            reason: String::new(),
        },
    )?;
    if deal.stage != "subscribed" {
        return Err(wrong_stage(
            &deal,
            "change the unit of",
            "subscribed (withdraw a signed contract instead)",
        ));
    }
    let new_unit = crate::projects::scope::unit(conn, staff, &input.unit_id)?;
    if new_unit.project_id != deal.project_id || new_unit.id == deal.unit_id {
        return Err(ApiError::invalid_field(
            "unit_id",
            "other_unit",
            "must be another unit of the deal's project",
        ));
    }
    if !move_unit(conn, &new_unit.id, "available", "subscribed")? {
        return Err(unit_taken());
    }
    move_unit(conn, &deal.unit_id, "subscribed", "available")?;
    diesel::update(deals::table.find(&deal.id))
        .set(deals::unit_id.eq(&new_unit.id))
        .execute(conn)
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                unit_taken()
            } else {
                e.into()
            }
        })?;
    pricing::reprice(conn, &deal.id, new_unit.list_price_fen, "unit_id")?;
    let after = model::reload(conn, id)?;
    let detail = json!({
        "from_unit_id": deal.unit_id, "to_unit_id": after.unit_id,
        "from_list_price_fen": deal.list_price_fen, "to_list_price_fen": after.list_price_fen,
        "from_net_price_fen": deal.net_price_fen, "to_net_price_fen": after.net_price_fen,
    });
    events::record(
        conn,
        ctx,
        &after,
        DealEventKind::UnitChanged,
        at,
        input.reason.trim(),
        Some(detail),
    )?;
    Ok(after)
}
