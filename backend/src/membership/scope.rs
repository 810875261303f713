//! Who may do what with membership (DOMAIN §1), and which customers a staff
//! user may reach: the same rule as `GET /customers/{id}` and the customer
//! 360 (`customer_visibility!`: company-wide roles see every customer; a sales
//! manager those with a lead or deal in their projects; a sales rep only their
//! own customers, never the pool's; a customer specialist those of their leads
//! and deal tasks). Anything else is 404.

use api_types::Role;
use diesel::prelude::*;

use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::schema::customers;

/// Roles that read a customer's membership, tier history and ledger (the
/// lead workers; not the admin, who has no customers' data).
#[derive(Debug)]
pub struct MembershipReaders;
impl RolePolicy for MembershipReaders {
    const ROLES: &'static [Role] = &[
        Role::CrmHead,
        Role::PrivacyOfficer,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// Roles that redeem points and benefits on a customer's behalf.
#[derive(Debug)]
pub struct Redeemers;
impl RolePolicy for Redeemers {
    const ROLES: &'static [Role] = &[
        Role::CrmHead,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// Roles that read the catalogues: their editors, admins, and those who redeem.
#[derive(Debug)]
pub struct CatalogueReaders;
impl RolePolicy for CatalogueReaders {
    const ROLES: &'static [Role] = &[
        Role::Admin,
        Role::CrmHead,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// The customer id if the caller may reach the customer (the customer
/// 360's rule, [`crate::customers::visibility`]), else 404 `customer_not_found`.
pub fn visible_customer(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    crate::customers::visibility::visible(staff)
        .filter(customers::id.eq(id.to_string()))
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))
}

/// The surviving customer (after merges) of `id` in the company, for the
/// hooks; an unknown customer or one of another company is 404.
pub fn customer_of_company(
    conn: &mut DbConn,
    company_id: &str,
    id: &str,
) -> Result<String, ApiError> {
    let found = customers::table
        .filter(customers::company_id.eq(company_id))
        .filter(customers::id.eq(id))
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))?;
    Ok(crate::customers::queries::surviving(conn, found)?)
}
