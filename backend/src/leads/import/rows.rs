//! One row → one [`CaptureLead`], validated exactly like `POST /api/v1/leads`
//! (the same `validator` rules) plus the row-level checks: required cells,
//! the project (id or name, within the caller's projects), enum labels, consent.

use api_types::{
    AbilityToPay, CaptureLead, ConsentInput, ImportRowError, LeadSource, OptOuts, PurchaseTimeframe,
};
use diesel::prelude::*;
use validator::Validate;

use super::columns::{Column, Header};
use super::parse::RawRow;
use super::values;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::schema::projects;

/// Defaults for rows that leave consent out (request query or CLI options).
#[derive(Debug, Clone, Default)]
pub struct ImportDefaults {
    /// Purpose consented to, e.g. `sales_contact`.
    pub consent_purpose: Option<String>,
    /// Privacy notice version, e.g. `2026-01`.
    pub notice_version: Option<String>,
}

/// The company's projects by id and by name, and those the importer may use.
#[derive(Debug, Clone)]
pub struct ProjectIndex {
    projects: Vec<(String, String)>,
    allowed: Option<Vec<String>>,
}

impl ProjectIndex {
    /// Loads the company's projects; `allowed` as in [`Origin`](crate::leads::capture::Origin).
    pub fn load(
        conn: &mut DbConn,
        company_id: &str,
        allowed: Option<Vec<String>>,
    ) -> QueryResult<ProjectIndex> {
        let projects = projects::table
            .filter(projects::company_id.eq(company_id))
            .select((projects::id, projects::name))
            .load(conn)?;
        Ok(ProjectIndex { projects, allowed })
    }

    /// The project id a cell names (an id, or a name exactly), if the importer may use it.
    /// Unknown and ungranted projects get the same answer, as in capture.
    pub fn resolve(&self, cell: &str) -> Option<String> {
        self.projects
            .iter()
            .find(|(id, _)| id == cell)
            .or_else(|| self.projects.iter().find(|(_, name)| name == cell))
            .map(|(id, _)| id.clone())
            .filter(|id| self.allowed.as_ref().is_none_or(|ps| ps.contains(id)))
    }
}

/// A row error.
pub fn row_error(line: u32, field: &str, code: &str, message: impl Into<String>) -> ImportRowError {
    ImportRowError {
        line,
        field: field.into(),
        code: code.into(),
        message: message.into(),
    }
}

/// Reads and validates one row.
pub fn to_capture(
    header: &Header,
    projects: &ProjectIndex,
    defaults: &ImportDefaults,
    row: &RawRow,
) -> Result<CaptureLead, Vec<ImportRowError>> {
    let line = row.line;
    let mut errors = Vec::new();
    let cell = |c: Column| -> &str {
        header
            .columns
            .iter()
            .position(|h| *h == Some(c))
            .and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    };
    let mut fail = |c: Column, code: &str, message: String| {
        errors.push(row_error(line, c.key(), code, message));
    };
    for c in [Column::Name, Column::Phone, Column::Project, Column::Source] {
        if cell(c).is_empty() {
            fail(
                c,
                "required",
                format!("{} / {} is required", c.key(), c.label_zh()),
            );
        }
    }
    let project_id = match cell(Column::Project) {
        "" => String::new(),
        p => projects.resolve(p).unwrap_or_else(|| {
            fail(
                Column::Project,
                "unknown_project",
                format!("{p:?}: no such project, or not one of yours"),
            );
            String::new()
        }),
    };
    let source = match cell(Column::Source) {
        "" => None,
        s => values::choice(s, LeadSource::ALL, LeadSource::as_str, LeadSource::label_zh).or_else(
            || {
                let ok =
                    values::accepted(LeadSource::ALL, LeadSource::as_str, LeadSource::label_zh);
                fail(
                    Column::Source,
                    "invalid",
                    format!("unknown source {s:?}; use one of {ok}"),
                );
                None
            },
        ),
    };
    let timeframe = match cell(Column::PurchaseTimeframe) {
        "" => None,
        s => {
            let (all, api, zh) = (
                PurchaseTimeframe::ALL,
                PurchaseTimeframe::as_str,
                PurchaseTimeframe::label_zh,
            );
            values::choice(s, all, api, zh).or_else(|| {
                let ok = values::accepted(all, api, zh);
                fail(
                    Column::PurchaseTimeframe,
                    "invalid",
                    format!("{s:?}: use one of {ok}"),
                );
                None
            })
        }
    };
    let ability = match cell(Column::AbilityToPay) {
        "" => None,
        s => {
            let (all, api, zh) = (
                AbilityToPay::ALL,
                AbilityToPay::as_str,
                AbilityToPay::label_zh,
            );
            values::choice(s, all, api, zh).or_else(|| {
                let ok = values::accepted(all, api, zh);
                fail(
                    Column::AbilityToPay,
                    "invalid",
                    format!("{s:?}: use one of {ok}"),
                );
                None
            })
        }
    };
    let budget_fen =
        values::budget_fen(cell(Column::Budget), header.budget_in_wan).unwrap_or_else(|m| {
            fail(Column::Budget, "invalid", m);
            None
        });
    let visits = values::visits(cell(Column::Visits)).unwrap_or_else(|m| {
        fail(Column::Visits, "invalid", m);
        0
    });
    let with_default = |c: Column, default: &Option<String>| match cell(c) {
        "" => default.clone().unwrap_or_default(),
        v => v.to_string(),
    };
    let consent = ConsentInput {
        purpose: with_default(Column::ConsentPurpose, &defaults.consent_purpose),
        notice_version: with_default(Column::NoticeVersion, &defaults.notice_version),
    };
    for (c, v) in [
        (Column::ConsentPurpose, &consent.purpose),
        (Column::NoticeVersion, &consent.notice_version),
    ] {
        if v.trim().is_empty() {
            fail(
                c,
                "required",
                format!(
                    "no consent, no import: give a {} column or the import's default",
                    c.key()
                ),
            );
        }
    }
    let extra = row.cells.iter().enumerate().skip(header.columns.len());
    if extra.filter(|(_, v)| !v.is_empty()).count() > 0 {
        errors.push(row_error(
            line,
            "row",
            "extra_cells",
            "the row has more cells than the header",
        ));
    }
    let lead = CaptureLead {
        name: cell(Column::Name).to_string(),
        phone: cell(Column::Phone).to_string(),
        project_id,
        source: source.unwrap_or(LeadSource::WalkIn),
        budget_fen,
        purchase_timeframe: timeframe,
        ability_to_pay: ability,
        family_structure: cell(Column::FamilyStructure).to_string(),
        occupation: cell(Column::Occupation).to_string(),
        preferred_layouts: values::layouts(cell(Column::PreferredLayouts)),
        notes: cell(Column::Notes).to_string(),
        visits,
        consent,
        opt_outs: OptOuts::default(),
    };
    if let Err(e) = lead.validate() {
        // A cell already reported (e.g. empty and required) is not reported twice.
        for fe in ApiError::from(e).errors {
            let field = column_key(&fe.field);
            if !errors.iter().any(|x| x.field == field) {
                errors.push(row_error(line, field, &fe.code, fe.message));
            }
        }
    }
    if errors.is_empty() {
        Ok(lead)
    } else {
        Err(errors)
    }
}

/// The column of a `CaptureLead` field path, for errors from validation or capture.
pub fn column_key(field: &str) -> &str {
    match field {
        "project_id" => Column::Project.key(),
        "budget_fen" => Column::Budget.key(),
        "consent.purpose" => Column::ConsentPurpose.key(),
        "consent.notice_version" => Column::NoticeVersion.key(),
        f if f.starts_with("preferred_layouts") => Column::PreferredLayouts.key(),
        f => f,
    }
}
