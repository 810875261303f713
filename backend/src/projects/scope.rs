//! Data scope inside queries: which projects a user may touch (DOMAIN §1).
//!
//! Every read of a project, building or unit goes through these lookups, so
//! something outside the caller's scope is simply not found (404), exactly
//! like something that does not exist.

use diesel::prelude::*;

use super::model::{BuildingRow, ProjectRow, UnitRow};
use crate::auth::{ProjectScope, Staff};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::schema::{buildings, projects, units, user_projects};

/// Projects of the company visible to the caller, as a boxed query.
pub fn visible_projects<'a>(staff: &Staff) -> projects::BoxedQuery<'a, MultiBackend> {
    let q = projects::table
        .filter(projects::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    match staff.project_scope() {
        ProjectScope::All => q,
        ProjectScope::Granted(uid) => q.filter(
            projects::id.eq_any(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id),
            ),
        ),
    }
}

/// Buildings visible to the caller.
pub fn visible_buildings<'a>(staff: &Staff) -> buildings::BoxedQuery<'a, MultiBackend> {
    let q = buildings::table
        .filter(buildings::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    match staff.project_scope() {
        ProjectScope::All => q,
        ProjectScope::Granted(uid) => q.filter(
            buildings::project_id.eq_any(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id),
            ),
        ),
    }
}

/// Units visible to the caller.
pub fn visible_units<'a>(staff: &Staff) -> units::BoxedQuery<'a, MultiBackend> {
    let q = units::table
        .filter(units::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    match staff.project_scope() {
        ProjectScope::All => q,
        ProjectScope::Granted(uid) => q.filter(
            units::project_id.eq_any(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id),
            ),
        ),
    }
}

/// One visible project, or 404 `project_not_found`.
pub fn project(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<ProjectRow, ApiError> {
    visible_projects(staff)
        .filter(projects::id.eq(id.to_string()))
        .select(ProjectRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("project_not_found"))
}

/// [`project`] for a write that adds a row pointing at it: the project
/// cannot be deleted until the transaction ends ([`db::share_rows`]).
pub fn project_kept(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<ProjectRow, ApiError> {
    crate::db::share_rows(conn, "projects", "id", &[id])?;
    project(conn, staff, id)
}

/// One visible building, or 404 `building_not_found`.
pub fn building(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<BuildingRow, ApiError> {
    visible_buildings(staff)
        .filter(buildings::id.eq(id.to_string()))
        .select(BuildingRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("building_not_found"))
}

/// One visible unit, or 404 `unit_not_found`.
pub fn unit(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<UnitRow, ApiError> {
    visible_units(staff)
        .filter(units::id.eq(id.to_string()))
        .select(UnitRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("unit_not_found"))
}

/// [`unit`] for a write that adds a row pointing at it (an inspection, a
/// defect, a signature): the unit cannot be deleted until the transaction
/// ends ([`db::share_rows`]), so a concurrent delete either sees the new row
/// (409 `unit_in_use`) or runs first and this is 404.
pub fn unit_kept(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<UnitRow, ApiError> {
    crate::db::share_rows(conn, "units", "id", &[id])?;
    unit(conn, staff, id)
}
