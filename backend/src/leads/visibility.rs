//! Who sees which lead (DOMAIN §1, issue point 8), applied inside the queries.
//!
//! * `crm_head`, `privacy_officer`: every lead of the company;
//! * `sales_manager`: every lead of their granted projects;
//! * `sales_rep`: leads assigned to them, and the pool (unassigned) of their projects;
//! * `customer_specialist`: grade-C leads of their projects, and their own;
//! * everyone else (`admin`, `service`, `engineering`, `property`,
//!   `data_analyst`): none (403). DOMAIN §1 gives the admin users, roles,
//!   settings, API keys and webhooks, not the customers' data.
//!
//! A lead outside the caller's view is 404 for reads, updates and lists alike.
//! A sales rep (and a customer specialist, for the grade-C leads they see)
//! sees the pool to claim from it: a pool lead's full phone and every change
//! to it wait until they have claimed it ([`worked_lead`]), so the claim's
//! eligibility (their grades, their projects) cannot be bypassed.

use api_types::Role;
use diesel::prelude::*;

use super::model::LeadRow;
use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::schema::leads;

/// Roles that work with leads at all.
#[derive(Debug)]
pub struct LeadWorkers;
impl RolePolicy for LeadWorkers {
    const ROLES: &'static [Role] = &[
        Role::CrmHead,
        Role::PrivacyOfficer,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// Roles that capture and change leads (the privacy officer only reads).
#[derive(Debug)]
pub struct LeadEditors;
impl RolePolicy for LeadEditors {
    const ROLES: &'static [Role] = &[
        Role::CrmHead,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// Roles that assign and reassign leads and merge customers.
#[derive(Debug)]
pub struct LeadManagers;
impl RolePolicy for LeadManagers {
    const ROLES: &'static [Role] = &[Role::CrmHead, Role::SalesManager];
}

/// Narrows any boxed query over `leads` (alone or joined) to what the caller may see.
#[macro_export]
macro_rules! lead_visibility {
    ($query:expr, $staff:expr) => {{
        use api_types::Role;
        use diesel::prelude::*;
        use $crate::schema::{leads, user_projects};
        let staff: &$crate::auth::Staff = $staff;
        let q = $query.filter(leads::company_id.eq(staff.company_id.clone()));
        let granted = user_projects::table
            .filter(user_projects::user_id.eq(staff.user_id.clone()))
            .select(user_projects::project_id);
        let me = staff.user_id.clone();
        match staff.role {
            Role::CrmHead | Role::PrivacyOfficer => q,
            Role::SalesManager => q.filter(leads::project_id.eq_any(granted)),
            Role::SalesRep => q.filter(
                leads::owner_id.eq(me).or(leads::owner_id
                    .is_null()
                    .and(leads::project_id.eq_any(granted))),
            ),
            Role::CustomerSpecialist => q.filter(
                leads::owner_id
                    .eq(me)
                    .or(leads::grade.eq("C").and(leads::project_id.eq_any(granted))),
            ),
            // No lead access: an always-false filter keeps the match total.
            _ => q.filter(leads::id.is_null()),
        }
    }};
}

/// The leads the caller may see, as a boxed query.
pub fn visible<'a>(staff: &Staff) -> leads::BoxedQuery<'a, MultiBackend> {
    crate::lead_visibility!(leads::table.into_boxed(), staff)
}

/// One visible lead, or 404 `lead_not_found`.
pub fn lead(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<LeadRow, ApiError> {
    visible(staff)
        .filter(leads::id.eq(id.to_string()))
        .select(LeadRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("lead_not_found"))
}

/// One visible lead the caller may work on: change it, or read its full
/// contact. As [`lead`], except that a pool lead is 409 `claim_first` for a
/// sales rep or customer specialist, who see the pool only to claim from it.
pub fn worked_lead(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<LeadRow, ApiError> {
    let row = lead(conn, staff, id)?;
    if matches!(staff.role, Role::SalesRep | Role::CustomerSpecialist) && row.owner_id.is_none() {
        return Err(ApiError::conflict(
            "claim_first",
            "the lead is in the pool: claim it before working on it",
        ));
    }
    Ok(row)
}
