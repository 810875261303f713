//! Prices in fen, itemised: the deal keeps the unit's list price, every
//! discount item (kind, label, basis points or a fixed amount, the rule that
//! decided) and the net price.
//!
//! Percentage items are always of the **list price** (they do not compound)
//! and rounded down to the fen; the net price is the list price minus the sum
//! of the items and never negative. A unit change re-prices: percentage items
//! follow the new list price, fixed amounts stay.
//!
//! Items of kind `member` come from the membership rules at subscription
//! ([`crate::membership::hooks::purchase_discount`]); `other` from staff with
//! a reason; `referral` is reserved for the referral process, which adds its
//! item through [`add`] like any other code.

use api_types::{DealEventKind, DiscountKind};
use diesel::prelude::*;
use serde_json::json;

use super::events;
use super::model::DealRow;
use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{deal_discounts, deals};

/// A discount item to add.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// Member, referral or other.
    pub kind: DiscountKind,
    /// What staff see.
    pub label: String,
    /// Basis points of the list price (exclusive with `fixed_fen`).
    pub basis_points: Option<i64>,
    /// A fixed amount in fen (exclusive with `basis_points`).
    pub fixed_fen: Option<i64>,
    /// The rule or setting that decided.
    pub rule: String,
    /// Why (staff items).
    pub reason: String,
}

/// The amount of an item on a list price, fen (percentages rounded down).
pub fn amount(list_price_fen: i64, basis_points: Option<i64>, fixed_fen: Option<i64>) -> i64 {
    match (basis_points, fixed_fen) {
        (Some(bp), _) => {
            let v = i128::from(list_price_fen) * i128::from(bp) / 10_000;
            i64::try_from(v).unwrap_or(i64::MAX)
        }
        (None, Some(f)) => f,
        (None, None) => 0,
    }
}

/// An item staff grant (kind `other`) from the wire type; exactly one of
/// basis points and amount must be given (422 on `field`).
pub fn staff_item(d: &api_types::NewDiscount, field: &str) -> Result<Item, ApiError> {
    if d.basis_points.is_some() == d.amount_fen.is_some() {
        return Err(ApiError::invalid_field(
            field,
            "one_of",
            "give exactly one of basis_points and amount_fen",
        ));
    }
    let how = match (d.basis_points, d.amount_fen) {
        (Some(bp), _) => format!("{bp} bp"),
        (_, Some(f)) => format!("{f} fen"),
        _ => String::new(),
    };
    Ok(Item {
        kind: DiscountKind::Other,
        label: d.label.trim().to_string(),
        basis_points: d.basis_points,
        fixed_fen: d.amount_fen,
        rule: format!("granted by staff: {how}"),
        reason: d.reason.trim().to_string(),
    })
}

/// Inserts an item (its amount on the deal's current list price); call
/// [`reprice`] afterwards.
pub fn insert(conn: &mut DbConn, ctx: &AuditCtx, deal: &DealRow, item: &Item) -> QueryResult<()> {
    let actor = match item.kind {
        DiscountKind::Other => ctx.actor_id.clone(),
        _ => None,
    };
    diesel::insert_into(deal_discounts::table)
        .values((
            deal_discounts::id.eq(db::new_id()),
            deal_discounts::company_id.eq(&deal.company_id),
            deal_discounts::deal_id.eq(&deal.id),
            deal_discounts::kind.eq(item.kind.as_str()),
            deal_discounts::label.eq(&item.label),
            deal_discounts::basis_points.eq(item.basis_points),
            deal_discounts::fixed_fen.eq(item.fixed_fen),
            deal_discounts::amount_fen.eq(amount(
                deal.list_price_fen,
                item.basis_points,
                item.fixed_fen,
            )),
            deal_discounts::rule.eq(&item.rule),
            deal_discounts::reason.eq(&item.reason),
            deal_discounts::actor_id.eq(actor),
            deal_discounts::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Recomputes every item on `list_price_fen` and stores the deal's list,
/// discount and net prices (version + 1). 422 on `field` when the discounts
/// would exceed the list price.
pub fn reprice(
    conn: &mut DbConn,
    deal_id: &str,
    list_price_fen: i64,
    field: &str,
) -> Result<(), ApiError> {
    let items: Vec<(String, Option<i64>, Option<i64>)> = deal_discounts::table
        .filter(deal_discounts::deal_id.eq(deal_id))
        .select((
            deal_discounts::id,
            deal_discounts::basis_points,
            deal_discounts::fixed_fen,
        ))
        .load(conn)?;
    let mut total: i64 = 0;
    for (id, bp, fixed) in items {
        let a = amount(list_price_fen, bp, fixed);
        total = total.saturating_add(a);
        if bp.is_some() {
            diesel::update(deal_discounts::table.find(&id))
                .set(deal_discounts::amount_fen.eq(a))
                .execute(conn)?;
        }
    }
    if total > list_price_fen {
        return Err(ApiError::invalid_field(
            field,
            "exceeds_price",
            format!("the discounts ({total} fen) exceed the list price ({list_price_fen} fen)"),
        ));
    }
    diesel::update(deals::table.find(deal_id))
        .set((
            deals::list_price_fen.eq(list_price_fen),
            deals::discount_fen.eq(total),
            deals::net_price_fen.eq(list_price_fen - total),
            deals::version.eq(deals::version + 1),
            deals::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(())
}

/// Adds one item to a deal that is not yet signed, re-prices it and records
/// a `discount_added` event. For staff items and for code (the referral
/// process adds its `referral` item this way). 409 `deal_stage_conflict` once
/// the contract is signed.
pub fn add(conn: &mut DbConn, ctx: &AuditCtx, deal: &DealRow, item: &Item) -> Result<(), ApiError> {
    if deal.stage != api_types::DealStage::Subscribed.as_str() {
        return Err(ApiError::conflict(
            "deal_stage_conflict",
            format!(
                "discounts can only be added before signing; the deal is {}",
                deal.stage
            ),
        ));
    }
    insert(conn, ctx, deal, item)?;
    reprice(conn, &deal.id, deal.list_price_fen, "discount")?;
    let after = super::model::reload(conn, &deal.id)?;
    let detail = json!({
        "kind": item.kind.as_str(), "label": item.label, "basis_points": item.basis_points,
        "fixed_fen": item.fixed_fen, "rule": item.rule, "net_price_fen": after.net_price_fen,
    });
    let reason = if item.reason.is_empty() {
        item.rule.clone()
    } else {
        item.reason.clone()
    };
    events::record(
        conn,
        ctx,
        &after,
        DealEventKind::DiscountAdded,
        db::now(),
        &reason,
        Some(detail),
    )?;
    Ok(())
}

/// Removes the items of one kind (e.g. the friend's `referral` discount once
/// the referral is rejected) from a deal that is not yet signed and
/// re-prices it; `false` when nothing changed (signed deal, no such item).
pub fn remove_kind(
    conn: &mut DbConn,
    deal: &DealRow,
    kind: DiscountKind,
) -> Result<bool, ApiError> {
    if deal.stage != api_types::DealStage::Subscribed.as_str() {
        return Ok(false);
    }
    let n = diesel::delete(
        deal_discounts::table
            .filter(deal_discounts::deal_id.eq(&deal.id))
            .filter(deal_discounts::kind.eq(kind.as_str())),
    )
    .execute(conn)?;
    if n > 0 {
        reprice(conn, &deal.id, deal.list_price_fen, "discount")?;
    }
    Ok(n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_of_the_list_price_rounded_down() {
        assert_eq!(amount(300_000_000, Some(100), None), 3_000_000);
        assert_eq!(amount(999, Some(100), None), 9, "9.99 fen rounds down");
        assert_eq!(amount(300_000_000, None, Some(50_000)), 50_000);
        assert_eq!(amount(i64::MAX, Some(10_000), None), i64::MAX);
    }
}
