//! Who may work which deal (issue 4 point 1), applied inside the queries.
//!
//! * `crm_head`: every deal of the company;
//! * `sales_manager`: deals of their granted projects;
//! * `sales_rep`: deals they own (of customers whose lead is assigned to them);
//! * `customer_specialist`: reads (only) the deals of their follow-up tasks;
//! * everyone else: 403 on the deal endpoints.
//!
//! The customer 360 reads deals through [`visible`] with the customer roles:
//! the privacy officer sees every deal there, a customer
//! specialist the deals whose follow-up tasks are theirs.

use api_types::Role;
use diesel::prelude::*;

use super::model::DealRow;
use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::schema::{deal_tasks, deals, user_projects};

/// Roles that record and read deals.
#[derive(Debug)]
pub struct DealWorkers;
impl RolePolicy for DealWorkers {
    const ROLES: &'static [Role] = &[Role::CrmHead, Role::SalesManager, Role::SalesRep];
}

/// Roles that read and complete deal follow-up tasks, and read one deal
/// (`GET /deals/{id}`: a customer specialist the deals of their tasks, to
/// know whom they call and about what).
#[derive(Debug)]
pub struct DealTaskWorkers;
impl RolePolicy for DealTaskWorkers {
    const ROLES: &'static [Role] = &[
        Role::CrmHead,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
    ];
}

/// The deals the caller may see, as a boxed query.
pub fn visible<'a>(staff: &Staff) -> deals::BoxedQuery<'a, MultiBackend> {
    let q = deals::table
        .filter(deals::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    let granted = user_projects::table
        .filter(user_projects::user_id.eq(staff.user_id.clone()))
        .select(user_projects::project_id);
    let me = staff.user_id.clone();
    match staff.role {
        Role::CrmHead | Role::PrivacyOfficer => q,
        Role::SalesManager => q.filter(deals::project_id.eq_any(granted)),
        Role::SalesRep => q.filter(deals::owner_id.eq(me)),
        Role::CustomerSpecialist => q.filter(
            deals::id.eq_any(
                deal_tasks::table
                    .filter(deal_tasks::assignee_id.eq(me))
                    .select(deal_tasks::deal_id),
            ),
        ),
        _ => q.filter(deals::id.is_null()),
    }
}

/// One visible deal, or 404 `deal_not_found`.
pub fn deal(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<DealRow, ApiError> {
    visible(staff)
        .filter(deals::id.eq(id.to_string()))
        .select(DealRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("deal_not_found"))
}

/// The follow-up tasks the caller may see, as a boxed query.
pub fn visible_tasks<'a>(staff: &Staff) -> deal_tasks::BoxedQuery<'a, MultiBackend> {
    let q = deal_tasks::table
        .filter(deal_tasks::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    let granted = user_projects::table
        .filter(user_projects::user_id.eq(staff.user_id.clone()))
        .select(user_projects::project_id);
    let me = staff.user_id.clone();
    match staff.role {
        Role::CrmHead | Role::PrivacyOfficer => q,
        Role::SalesManager => q.filter(deal_tasks::project_id.eq_any(granted)),
        Role::SalesRep => q.filter(
            deal_tasks::deal_id.eq_any(
                deals::table
                    .filter(deals::owner_id.eq(me))
                    .select(deals::id),
            ),
        ),
        Role::CustomerSpecialist => q.filter(deal_tasks::assignee_id.eq(me)),
        _ => q.filter(deal_tasks::id.is_null()),
    }
}
