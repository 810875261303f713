//! The seam between sales and membership. Deals call these functions inside
//! their write transaction; membership records what it needs (purchases,
//! tier changes with their cause, point entries) in its own tables.
//!
//! The referral issue will call [`referral_succeeded`].

use crate::db::DbConn;
use crate::error::ApiError;

/// A sales event that concerns one customer's membership.
#[derive(Debug, Clone)]
pub struct SaleEvent<'a> {
    /// Company of the customer.
    pub company_id: &'a str,
    /// The buying customer.
    pub customer_id: &'a str,
    /// The deal.
    pub deal_id: &'a str,
    /// When it happened (the business date of the event, UTC).
    pub at: chrono::NaiveDateTime,
    /// Staff user who recorded it, if any.
    pub actor_id: Option<&'a str>,
}

/// One discount a tier grants on a new deal, itemised on the deal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierDiscount {
    /// The tier that grants it, e.g. `silver`.
    pub tier: String,
    /// Discount in basis points of the list price (100 = 1 %).
    pub basis_points: i64,
    /// The setting that decided, e.g. `membership.silver.purchase_discount_bp=100`.
    pub rule: String,
}

/// A unit was subscribed (认购): a purchase by the customer.
pub fn deal_subscribed(_conn: &mut DbConn, _event: &SaleEvent<'_>) -> Result<(), ApiError> {
    Ok(())
}

/// A contract was signed (签约) for `amount_fen`: earns points by the earn rules.
pub fn contract_signed(
    _conn: &mut DbConn,
    _event: &SaleEvent<'_>,
    _amount_fen: i64,
) -> Result<(), ApiError> {
    Ok(())
}

/// A deal was withdrawn (退房): reverses its points and re-evaluates the tier.
pub fn deal_withdrawn(_conn: &mut DbConn, _event: &SaleEvent<'_>) -> Result<(), ApiError> {
    Ok(())
}

/// A referral by `referrer_customer_id` succeeded (the friend signed).
pub fn referral_succeeded(
    _conn: &mut DbConn,
    _company_id: &str,
    _referrer_customer_id: &str,
    _referral_id: &str,
    _at: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    Ok(())
}

/// The discount the customer's current tier grants on a new deal, if any.
pub fn purchase_discount(
    _conn: &mut DbConn,
    _company_id: &str,
    _customer_id: &str,
) -> Result<Option<TierDiscount>, ApiError> {
    Ok(None)
}
