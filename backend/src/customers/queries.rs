//! Finding and creating customers by phone.

use api_types::OptOuts;
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::personal_data::PersonalData;
use crate::schema::{consents, customers};

/// Blind-index kind of phone numbers.
pub const PHONE: &str = "phone";

/// Follows `merged_into` to the customer that survived a merge.
pub fn surviving(conn: &mut DbConn, mut id: String) -> QueryResult<String> {
    // Merges never chain deeper than a few steps; the bound guards against a cycle.
    for _ in 0..8 {
        let next: Option<String> = customers::table
            .find(&id)
            .select(customers::merged_into)
            .first(conn)?;
        match next {
            Some(n) => id = n,
            None => break,
        }
    }
    Ok(id)
}

/// The customer with this phone in the company, if any (after merges).
pub fn by_phone(
    conn: &mut DbConn,
    pd: &PersonalData,
    company_id: &str,
    phone: &str,
) -> QueryResult<Option<String>> {
    let found: Option<String> = customers::table
        .filter(customers::company_id.eq(company_id))
        .filter(customers::phone_bidx.eq(pd.blind_index(PHONE, phone)))
        .select(customers::id)
        .first(conn)
        .optional()?;
    match found {
        Some(id) => surviving(conn, id).map(Some),
        None => Ok(None),
    }
}

/// A new customer for the person; the caller has checked the phone is new.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConn,
    pd: &PersonalData,
    company_id: &str,
    name: &str,
    phone: &str,
    family_structure: &str,
    occupation: &str,
    opt_outs: OptOuts,
) -> QueryResult<String> {
    let id = db::new_id();
    let now = db::now();
    diesel::insert_into(customers::table)
        .values((
            customers::id.eq(&id),
            customers::company_id.eq(company_id),
            customers::name.eq(name),
            customers::phone_enc.eq(pd.encrypt(phone)),
            customers::phone_bidx.eq(pd.blind_index(PHONE, phone)),
            customers::family_structure.eq(family_structure),
            customers::occupation.eq(occupation),
            customers::opt_out_marketing.eq(opt_outs.direct_marketing),
            customers::opt_out_third_party.eq(opt_outs.third_party_disclosure),
            customers::opt_out_automated.eq(opt_outs.automated_decisions),
            customers::opt_out_sensitive.eq(opt_outs.sensitive_data),
            customers::version.eq(1),
            customers::created_at.eq(now),
            customers::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Adds opt-outs the customer asked for now; never clears one they gave before.
pub fn add_opt_outs(conn: &mut DbConn, id: &str, o: OptOuts) -> QueryResult<()> {
    if o == OptOuts::default() {
        return Ok(());
    }
    let target = customers::table.find(id);
    if o.direct_marketing {
        diesel::update(target)
            .set(customers::opt_out_marketing.eq(true))
            .execute(conn)?;
    }
    if o.third_party_disclosure {
        diesel::update(target)
            .set(customers::opt_out_third_party.eq(true))
            .execute(conn)?;
    }
    if o.automated_decisions {
        diesel::update(target)
            .set(customers::opt_out_automated.eq(true))
            .execute(conn)?;
    }
    if o.sensitive_data {
        diesel::update(target)
            .set(customers::opt_out_sensitive.eq(true))
            .execute(conn)?;
    }
    Ok(())
}

/// Has the customer opted out of automated decision-making?
pub fn opted_out_of_automation(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    customers::table
        .find(id)
        .select(customers::opt_out_automated)
        .first(conn)
}

/// Records consent given at collection.
pub fn record_consent(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    purpose: &str,
    notice_version: &str,
    channel: &str,
) -> QueryResult<()> {
    diesel::insert_into(consents::table)
        .values((
            consents::id.eq(db::new_id()),
            consents::company_id.eq(company_id),
            consents::customer_id.eq(customer_id),
            consents::purpose.eq(purpose),
            consents::notice_version.eq(notice_version),
            consents::channel.eq(channel),
            consents::given_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}
