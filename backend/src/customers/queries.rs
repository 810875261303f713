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
    let c = NewCustomer::new(
        pd,
        company_id,
        name,
        phone,
        family_structure,
        occupation,
        opt_outs,
    );
    let id = c.id.clone();
    diesel::insert_into(customers::table)
        .values(c)
        .execute(conn)?;
    Ok(id)
}

/// A customer row to insert: its phone encrypted and blind-indexed.
#[derive(Debug, Clone, Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
pub struct NewCustomer {
    /// New id.
    pub id: String,
    company_id: String,
    name: String,
    phone_enc: String,
    /// Blind index of the phone.
    pub phone_bidx: String,
    family_structure: String,
    occupation: String,
    opt_out_marketing: bool,
    opt_out_third_party: bool,
    /// Opted out of automated decisions.
    pub opt_out_automated: bool,
    opt_out_sensitive: bool,
    version: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

impl NewCustomer {
    /// The row of a new customer (a new id, now).
    pub fn new(
        pd: &PersonalData,
        company_id: &str,
        name: &str,
        phone: &str,
        family_structure: &str,
        occupation: &str,
        o: OptOuts,
    ) -> NewCustomer {
        let now = db::now();
        NewCustomer {
            id: db::new_id(),
            company_id: company_id.into(),
            name: name.into(),
            phone_enc: pd.encrypt(phone),
            phone_bidx: pd.blind_index(PHONE, phone),
            family_structure: family_structure.into(),
            occupation: occupation.into(),
            opt_out_marketing: o.direct_marketing,
            opt_out_third_party: o.third_party_disclosure,
            opt_out_automated: o.automated_decisions,
            opt_out_sensitive: o.sensitive_data,
            version: 1,
            created_at: now,
            updated_at: now,
        }
    }
}

/// Inserts many new customers in few statements (the import's fast path).
pub fn insert_all(conn: &mut DbConn, rows: &[NewCustomer]) -> QueryResult<()> {
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, customers::table, chunk)?;
    }
    Ok(())
}

/// The customers with these phone blind indexes in the company, in one query:
/// blind index → (surviving customer id, opted out of automated decisions).
pub fn by_phone_indexes(
    conn: &mut DbConn,
    company_id: &str,
    bidxs: &[String],
) -> QueryResult<std::collections::HashMap<String, (String, bool)>> {
    let mut out = std::collections::HashMap::new();
    for chunk in bidxs.chunks(500) {
        let found: Vec<(String, String, Option<String>, bool)> = customers::table
            .filter(customers::company_id.eq(company_id))
            .filter(customers::phone_bidx.eq_any(chunk))
            .select((
                customers::phone_bidx,
                customers::id,
                customers::merged_into,
                customers::opt_out_automated,
            ))
            .load(conn)?;
        for (bidx, id, merged, opted) in found {
            // Merged customers are rare: follow them one by one, as `by_phone` does.
            let found = match merged {
                Some(_) => {
                    let id = surviving(conn, id)?;
                    let opted = opted_out_of_automation(conn, &id)?;
                    (id, opted)
                }
                None => (id, opted),
            };
            out.insert(bidx, found);
        }
    }
    Ok(out)
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
    record_consents(
        conn,
        company_id,
        channel,
        &[(customer_id, purpose, notice_version)],
    )
}

/// Records consents given at collection, in few statements:
/// `(customer id, purpose, notice version)` each.
pub fn record_consents(
    conn: &mut DbConn,
    company_id: &str,
    channel: &str,
    given: &[(&str, &str, &str)],
) -> QueryResult<()> {
    let now = db::now();
    let rows: Vec<_> = given
        .iter()
        .map(|(customer_id, purpose, notice_version)| {
            (
                consents::id.eq(db::new_id()),
                consents::company_id.eq(company_id),
                consents::customer_id.eq(*customer_id),
                consents::purpose.eq(*purpose),
                consents::notice_version.eq(*notice_version),
                consents::channel.eq(channel),
                consents::given_at.eq(now),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, consents::table, chunk.to_vec())?;
    }
    Ok(())
}
