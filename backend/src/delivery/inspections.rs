//! Inspections of a unit (risk check, pre-inspection, handover, 1-year), with
//! inspector, participants and a checklist built from the template of the
//! kind (`delivery_checklists`): rooms × items, each answered yes / no / not
//! applicable. Defects found are recorded against the inspection.

use api_types::{
    ChecklistLine, CreateInspection, DeliveryChecklists, Inspection, InspectionKind,
    InspectionStatus, UpdateChecklist,
};
use diesel::prelude::*;

use super::{batches, rules, scope};
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{defects, inspections, users};
use crate::settings;

/// Audit entity of an inspection.
pub const ENTITY: &str = "inspection";

/// A stored inspection.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = inspections)]
pub struct InspectionRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Batch.
    pub batch_id: Option<String>,
    /// Kind.
    pub kind: String,
    /// Inspector.
    pub inspector_id: String,
    /// Participants (JSON array).
    pub participants_json: String,
    /// Checklist (JSON array of lines).
    pub checklist_json: String,
    /// Status.
    pub status: String,
    /// Remark.
    pub note: String,
    /// Started.
    pub started_at: chrono::NaiveDateTime,
    /// Completed.
    pub completed_at: Option<chrono::NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl InspectionRow {
    /// The kind.
    pub fn kind(&self) -> InspectionKind {
        InspectionKind::parse(&self.kind).unwrap_or(InspectionKind::Handover)
    }

    fn lines(&self) -> Vec<ChecklistLine> {
        serde_json::from_str(&self.checklist_json).unwrap_or_default()
    }
}

/// The wire view, with the ids of the defects recorded in it.
pub fn view(conn: &mut DbConn, row: InspectionRow) -> QueryResult<Inspection> {
    let defect_ids: Vec<String> = defects::table
        .filter(defects::inspection_id.eq(&row.id))
        .order(defects::id.asc())
        .select(defects::id)
        .load(conn)?;
    let mut v = view_without_defects(row);
    v.defect_ids = defect_ids;
    Ok(v)
}

/// The wire view with `defect_ids` left empty (lists fill them in one query).
pub fn view_without_defects(row: InspectionRow) -> Inspection {
    let checklist = row.lines();
    Inspection {
        failed_items: checklist
            .iter()
            .filter(|l| l.result == Some(api_types::CheckResult::No))
            .count() as i64,
        kind: row.kind(),
        checklist,
        participants: serde_json::from_str(&row.participants_json).unwrap_or_default(),
        status: InspectionStatus::parse(&row.status).unwrap_or(InspectionStatus::InProgress),
        defect_ids: Vec::new(),
        id: row.id,
        project_id: row.project_id,
        unit_id: row.unit_id,
        batch_id: row.batch_id,
        inspector_id: row.inspector_id,
        note: row.note,
        started_at: db::utc(row.started_at),
        completed_at: row.completed_at.map(db::utc),
        version: row.version,
    }
}

/// A visible inspection, or 404 `inspection_not_found`.
pub fn find(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<InspectionRow, ApiError> {
    scope::visible_inspections(staff)
        .filter(inspections::id.eq(id.to_string()))
        .select(InspectionRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("inspection_not_found"))
}

/// Starts an inspection of a visible unit with the kind's checklist; returns its id.
pub fn create(
    conn: &mut DbConn,
    staff: &Staff,
    input: &CreateInspection,
) -> Result<String, ApiError> {
    let unit = crate::projects::scope::unit_kept(conn, staff, &input.unit_id)?;
    let inspector = match &input.inspector_id {
        None => staff.user_id.clone(),
        Some(i) => users::table
            .filter(users::id.eq(i))
            .filter(users::company_id.eq(&staff.company_id))
            .filter(users::disabled.eq(false))
            .select(users::id)
            .first(conn)
            .optional()?
            .ok_or_else(|| {
                ApiError::invalid_field("inspector_id", "unknown_user", "no such active user")
            })?,
    };
    let templates = settings::get::<DeliveryChecklists>(conn, &staff.company_id)?.value;
    let lines: Vec<ChecklistLine> = rules::template(&templates, input.kind)
        .iter()
        .flat_map(|room| {
            room.items.iter().map(|item| ChecklistLine {
                room: room.room.clone(),
                item: item.clone(),
                result: None,
                note: String::new(),
            })
        })
        .collect();
    let participants: Vec<String> = input
        .participants
        .iter()
        .map(|p| p.trim().to_string())
        .collect();
    if let Some(p) = participants
        .iter()
        .find(|p| p.is_empty() || p.chars().count() > 50)
    {
        return Err(ApiError::validation(vec![crate::error::size_error(
            "participants",
            p.is_empty(),
            "each participant: 1–50 characters",
        )]));
    }
    let id = db::new_id();
    let now = db::now();
    diesel::insert_into(inspections::table)
        .values((
            inspections::id.eq(&id),
            inspections::company_id.eq(&staff.company_id),
            inspections::project_id.eq(&unit.project_id),
            inspections::unit_id.eq(&unit.id),
            inspections::batch_id.eq(batches::batch_of_unit(conn, &unit.id)?),
            inspections::kind.eq(input.kind.as_str()),
            inspections::inspector_id.eq(&inspector),
            inspections::participants_json
                .eq(serde_json::to_string(&participants).map_err(ApiError::internal)?),
            inspections::checklist_json
                .eq(serde_json::to_string(&lines).map_err(ApiError::internal)?),
            inspections::status.eq("in_progress"),
            inspections::started_at.eq(now),
            inspections::created_at.eq(now),
            inspections::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// Records the answers (the lines must be the checklist's own, in any order).
/// `complete`: every line must be answered, and the inspection is closed.
pub fn answer(
    conn: &mut DbConn,
    row: &InspectionRow,
    version: i32,
    input: &UpdateChecklist,
    complete: bool,
) -> Result<(), ApiError> {
    if row.status == "completed" {
        return Err(ApiError::conflict(
            "inspection_completed",
            "the inspection is already completed",
        ));
    }
    let mut lines = row.lines();
    for (i, given) in input.lines.iter().enumerate() {
        let Some(line) = lines
            .iter_mut()
            .find(|l| l.room == given.room && l.item == given.item)
        else {
            return Err(ApiError::invalid_field(
                &format!("lines[{i}]"),
                "not_in_checklist",
                format!(
                    "{} / {} is not an item of this checklist",
                    given.room, given.item
                ),
            ));
        };
        line.result = given.result;
        line.note = given.note.trim().to_string();
    }
    if complete {
        if let Some(i) = lines.iter().position(|l| l.result.is_none()) {
            return Err(ApiError::invalid_field(
                &format!("lines[{i}]"),
                "unanswered",
                format!("{} / {} is not answered", lines[i].room, lines[i].item),
            ));
        }
    }
    let now = db::now();
    let n = diesel::update(
        inspections::table
            .filter(inspections::id.eq(&row.id))
            .filter(inspections::version.eq(version)),
    )
    .set((
        inspections::checklist_json.eq(serde_json::to_string(&lines).map_err(ApiError::internal)?),
        inspections::note.eq(input
            .note
            .clone()
            .map(|n| n.trim().to_string())
            .unwrap_or_else(|| row.note.clone())),
        inspections::status.eq(if complete { "completed" } else { "in_progress" }),
        inspections::completed_at.eq(complete.then_some(now)),
        inspections::version.eq(inspections::version + 1),
        inspections::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(crate::extract::stale());
    }
    Ok(())
}
