//! Who owns a unit, for delivery: the customer of the unit's live deal (not
//! withdrawn). Read here, in one place, so notices, sign-off and the owner's
//! endpoints agree.

use std::collections::HashMap;

use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::{customers, deals};

/// Deal stages whose buyer may accept the unit (the contract is signed).
pub const SIGNED: [&str; 2] = ["signed", "paid"];

/// A unit's buyer with their stored (encrypted) phone.
#[derive(Debug, Clone)]
pub struct Buyer {
    /// Unit.
    pub unit_id: String,
    /// Customer.
    pub customer_id: String,
    /// Deal stage.
    pub stage: String,
    /// Encrypted phone.
    pub phone_enc: String,
    /// Blind index of the phone.
    pub phone_bidx: String,
}

/// The buyers of the units (units without a live deal are left out).
pub fn of_units(conn: &mut DbConn, unit_ids: &[String]) -> QueryResult<Vec<Buyer>> {
    let rows: Vec<(String, String, String, String, String)> = deals::table
        .inner_join(customers::table.on(customers::id.eq(deals::customer_id)))
        .filter(deals::unit_id.eq_any(unit_ids))
        .filter(deals::stage.ne("withdrawn"))
        .select((
            deals::unit_id,
            deals::customer_id,
            deals::stage,
            customers::phone_enc,
            customers::phone_bidx,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(unit_id, customer_id, stage, phone_enc, phone_bidx)| Buyer {
                unit_id,
                customer_id,
                stage,
                phone_enc,
                phone_bidx,
            },
        )
        .collect())
}

/// The units a customer has bought (live deals, any stage), of one company.
pub fn units_of(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> QueryResult<Vec<String>> {
    deals::table
        .filter(deals::company_id.eq(company_id))
        .filter(deals::customer_id.eq(customer_id))
        .filter(deals::stage.ne("withdrawn"))
        .select(deals::unit_id)
        .load(conn)
}

/// The stored (encrypted) phones of customers, by id: `(phone_enc, phone_bidx)`.
pub fn phones(
    conn: &mut DbConn,
    customer_ids: &[String],
) -> QueryResult<HashMap<String, (String, String)>> {
    Ok(customers::table
        .filter(customers::id.eq_any(customer_ids))
        .select((customers::id, customers::phone_enc, customers::phone_bidx))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, enc, bidx)| (id, (enc, bidx)))
        .collect())
}
