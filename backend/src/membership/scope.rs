//! Who may do what with membership (DOMAIN §1), and which customers a staff
//! user may reach: the same rule as `GET /customers/{id}` (company-wide roles
//! see every customer; others need a lead of the customer they may see; a sales rep
//! only customers with a lead assigned to them, not the pool's). Anything else is 404.

use api_types::Role;
use diesel::prelude::*;

use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::schema::{customers, leads};

/// Roles that read a customer's membership, tier history and ledger (the lead workers).
#[derive(Debug)]
pub struct MembershipReaders;
impl RolePolicy for MembershipReaders {
    const ROLES: &'static [Role] = &[
        Role::Admin,
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

/// The customer id if the caller may reach the customer, else 404 `customer_not_found`.
pub fn visible_customer(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    let exists = customers::table
        .filter(customers::company_id.eq(&staff.company_id))
        .filter(customers::id.eq(id))
        .select(customers::id)
        .first::<String>(conn)
        .optional()?;
    let Some(id) = exists else {
        return Err(ApiError::not_found("customer_not_found"));
    };
    let company_wide = matches!(
        staff.role,
        Role::Admin | Role::CrmHead | Role::PrivacyOfficer
    );
    if company_wide {
        return Ok(id);
    }
    let mut visible =
        crate::leads::visibility::visible(staff).filter(leads::customer_id.eq(id.clone()));
    if staff.role == Role::SalesRep {
        // A rep sees the pool of their projects, but only their own customers' membership.
        visible = visible.filter(leads::owner_id.eq(staff.user_id.clone()));
    }
    let has_visible_lead = visible
        .select(leads::id)
        .first::<String>(conn)
        .optional()?
        .is_some();
    if has_visible_lead {
        Ok(id)
    } else {
        Err(ApiError::not_found("customer_not_found"))
    }
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
