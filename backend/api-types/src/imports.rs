//! Lead import (issue 3 point 10): the report of `POST /api/v1/leads/imports`
//! and of `estate-crm import leads FILE`.

use serde::{Deserialize, Serialize};

/// One problem with one row of an imported file. A row with several bad cells
/// has several entries (same `line`); such a row is not imported.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportRowError {
    /// 1-based line of the file (the header is line 1; for XLSX, the sheet's row number).
    pub line: u32,
    /// The column at fault, by its English name (`phone`, `project`, `budget` …), or `row`.
    pub field: String,
    /// Machine-readable reason, e.g. `required`, `invalid`, `unknown_project`, `length`.
    pub code: String,
    /// Human-readable message.
    pub message: String,
}

/// Why an import stopped before the end of the file (a database failure).
/// Rows from `line` on that were valid were not imported; the counts are exact.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportAborted {
    /// First line that was not imported; re-import from here.
    pub line: u32,
    /// What happened, without internal detail.
    pub message: String,
}

/// What an import did. Good rows were captured exactly like `POST /api/v1/leads`
/// (de-duplicated by phone, graded, assigned, clocked); bad rows were not.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ImportReport {
    /// Data rows in the file (blank rows are not counted).
    pub total_rows: u32,
    /// Leads created.
    pub imported: u32,
    /// Of `imported`, leads whose phone already belonged to a customer (from
    /// earlier captures or an earlier row of the same file); attached, not a new person.
    pub duplicates: u32,
    /// Rows refused (each has one or more entries in `failed`).
    pub failed_rows: u32,
    /// Every problem, by line.
    pub failed: Vec<ImportRowError>,
    /// Set when a database failure stopped the import early.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aborted: Option<ImportAborted>,
}
