//! What keeps a project, building or unit from being deleted: every table
//! whose foreign key points at it. A delete is refused (409) while any of them
//! holds a row, and the refusal names what is still there.
//!
//! The lists must name every foreign key into these tables; the test
//! `every_foreign_key_into_the_project_tree_is_checked_before_a_delete` reads
//! the schema and fails when a migration adds one that is not listed here.

use diesel::prelude::*;
use diesel::sql_types::{Bool, Text};

use crate::db::{self, DbConn};
use crate::error::ApiError;

/// A table holding a foreign key to the row being deleted.
#[derive(Debug, Clone, Copy)]
pub struct Dependent {
    pub table: &'static str,
    pub column: &'static str,
    /// Plural noun for the refusal ("the project still has leads").
    pub what: &'static str,
}

const fn dep(table: &'static str, column: &'static str, what: &'static str) -> Dependent {
    Dependent {
        table,
        column,
        what,
    }
}

/// Rows that point at a project (`user_projects` grants are removed with it).
pub const PROJECT: &[Dependent] = &[
    dep("buildings", "project_id", "buildings"),
    dep("units", "project_id", "units"),
    dep("leads", "project_id", "leads"),
    dep("deals", "project_id", "deals"),
    dep("referrals", "project_id", "referrals"),
    dep("staff_phones", "project_id", "staff phone numbers"),
    dep("delivery_batches", "project_id", "delivery batches"),
];

/// Rows that point at a building.
pub const BUILDING: &[Dependent] = &[dep("units", "building_id", "units")];

/// Rows that point at a unit: its sales and delivery history.
pub const UNIT: &[Dependent] = &[
    dep("deals", "unit_id", "deals"),
    dep(
        "delivery_batch_units",
        "unit_id",
        "a place in a delivery batch",
    ),
    dep("inspections", "unit_id", "inspections"),
    dep("defects", "unit_id", "defects"),
    dep("delivery_files", "unit_id", "delivery files"),
    dep("handovers", "unit_id", "handovers"),
    dep("handover_visits", "unit_id", "handover visits"),
    dep("appointments", "unit_id", "appointments"),
];

#[derive(QueryableByName)]
struct Found {
    #[diesel(sql_type = Bool)]
    found: bool,
}

/// The first dependent that still holds a row pointing at `id`, if any.
/// One existence probe per dependent, most by index (a few are small tables
/// or only partly indexed: deletes are rare admin work).
pub fn first_holding(
    conn: &mut DbConn,
    dependents: &'static [Dependent],
    id: &str,
) -> QueryResult<Option<&'static Dependent>> {
    for d in dependents {
        let sql = format!(
            "SELECT EXISTS (SELECT 1 FROM {} WHERE {} = $1) AS found",
            d.table, d.column
        );
        let probe: Found = diesel::sql_query(db::placeholders(conn, &sql))
            .bind::<Text, _>(id)
            .get_result(conn)?;
        if probe.found {
            return Ok(Some(d));
        }
    }
    Ok(None)
}

/// Locks the row (PostgreSQL) and refuses with 409 `code` while anything
/// still points at it; `whose` is "project", "building" or "unit".
pub fn refuse_if_held(
    conn: &mut DbConn,
    table: &'static str,
    dependents: &'static [Dependent],
    id: &str,
    code: &'static str,
    whose: &str,
) -> Result<(), ApiError> {
    db::lock_row(conn, table, id)?;
    match first_holding(conn, dependents, id)? {
        Some(d) => Err(ApiError::conflict(
            code,
            format!("the {whose} still has {}; it cannot be deleted", d.what),
        )),
        None => Ok(()),
    }
}
