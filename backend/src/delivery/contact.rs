//! Whom a delivery record is about, as staff see it (DOMAIN §1: service sees
//! masked contact data): the unit's number and the owner's name and masked
//! phone, batch-loaded for a page of records (two queries for any number).

use std::collections::HashMap;

use api_types::OwnerContact;
use diesel::prelude::*;

use crate::db::DbConn;
use crate::personal_data::PersonalData;
use crate::schema::{customers, units};

/// The numbers of units, by id.
pub fn unit_numbers(
    conn: &mut DbConn,
    unit_ids: &[String],
) -> QueryResult<HashMap<String, String>> {
    Ok(units::table
        .filter(units::id.eq_any(unit_ids))
        .select((units::id, units::number))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect())
}

/// Staff views of `rows`, in their order: `view` gets each row with the
/// contact of its `(unit_id, customer_id)` from `about`.
pub fn views<R, V>(
    conn: &mut DbConn,
    pd: &PersonalData,
    rows: &[R],
    about: impl Fn(&R) -> (&str, &str),
    view: impl Fn(&R, OwnerContact) -> V,
) -> QueryResult<Vec<V>> {
    let unit_ids: Vec<String> = rows.iter().map(|r| about(r).0.to_string()).collect();
    let customer_ids: Vec<String> = rows.iter().map(|r| about(r).1.to_string()).collect();
    let numbers = unit_numbers(conn, &unit_ids)?;
    let owners: HashMap<String, (String, String)> = customers::table
        .filter(customers::id.eq_any(customer_ids))
        .select((customers::id, customers::name, customers::phone_enc))
        .load::<(String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, enc)| (id, (name, enc)))
        .collect();
    Ok(rows
        .iter()
        .map(|r| {
            let (unit, customer) = about(r);
            let (owner_name, phone_masked) = owners
                .get(customer)
                .map(|(name, enc)| (name.clone(), pd.masked_phone(enc)))
                .unwrap_or_default();
            let contact = OwnerContact {
                unit_number: numbers.get(unit).cloned().unwrap_or_default(),
                owner_name,
                phone_masked,
            };
            view(r, contact)
        })
        .collect())
}
