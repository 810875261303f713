//! Defects: the stored row, views (batch-loaded: unit numbers, photos, clock
//! states), recording, and the clock each one runs on (entity `defect`).
//!
//! The clock follows the defect ([`sync_clock`]): a handover-day defect first
//! waits for its same-day solution (kind `defect_solution`), then for its fix
//! (`defect_fix`, due 7 days after it was raised); other phases wait for the
//! fix only. Once fixed (or later) the clock is closed; a fix rejected at
//! re-inspection puts the fix clock back, with its original deadline.

use std::collections::HashMap;

use api_types::{
    CreateDefect, Defect, DefectCategory, DefectEvent, DefectSeverity, DefectStatus, DeliveryRules,
    InspectionKind, SlaState,
};
use diesel::prelude::*;

use super::{photos, rules};
use crate::audit::AuditCtx;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{defect_events, defects, sla_clocks};
use crate::settings;
use crate::sla::{self, ClockSpec};

/// Entity type of defects (audit, notifications, SLA clocks).
pub const ENTITY: &str = "defect";
/// Statuses still waiting for a fix.
pub const UNFIXED: [&str; 2] = ["open", "assigned"];
/// Statuses not yet verified (open defects a sign-off lists as reservations).
pub const UNVERIFIED: [&str; 3] = ["open", "assigned", "fixed"];

/// A stored defect.
#[derive(Debug, Clone, Queryable, Selectable, serde::Serialize)]
#[diesel(table_name = defects)]
pub struct DefectRow {
    pub id: String,
    pub company_id: String,
    pub project_id: String,
    pub building_id: String,
    pub unit_id: String,
    pub inspection_id: Option<String>,
    pub phase: String,
    pub room: String,
    pub location: String,
    pub category: String,
    pub severity: String,
    pub description: String,
    pub contractor: String,
    pub assignee_id: Option<String>,
    pub status: String,
    pub solution: String,
    pub solution_due_at: Option<chrono::NaiveDateTime>,
    pub solution_at: Option<chrono::NaiveDateTime>,
    pub fix_due_at: chrono::NaiveDateTime,
    pub rule: String,
    pub reserved: bool,
    pub rejections: i32,
    pub fixed_at: Option<chrono::NaiveDateTime>,
    pub verified_at: Option<chrono::NaiveDateTime>,
    pub closed_at: Option<chrono::NaiveDateTime>,
    pub version: i32,
    pub created_by: Option<String>,
    pub created_at: chrono::NaiveDateTime,
    pub updated_at: chrono::NaiveDateTime,
}

impl DefectRow {
    /// The status.
    pub fn status(&self) -> DefectStatus {
        DefectStatus::parse(&self.status).unwrap_or(DefectStatus::Open)
    }
}

/// The row of a defect, without scope (callers have checked it).
pub fn load(conn: &mut DbConn, id: &str) -> QueryResult<DefectRow> {
    defects::table
        .find(id)
        .select(DefectRow::as_select())
        .first(conn)
}

/// A visible defect, or 404 `defect_not_found`.
pub fn find(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<DefectRow, ApiError> {
    super::scope::visible_defects(staff)
        .filter(defects::id.eq(id.to_string()))
        .select(DefectRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("defect_not_found"))
}

fn sla_state(s: &str) -> Option<SlaState> {
    match s {
        "on_time" => Some(SlaState::OnTime),
        "due_soon" => Some(SlaState::DueSoon),
        "breached" | "expired" => Some(SlaState::Breached),
        _ => None,
    }
}

/// Views of defects, in the rows' order: unit numbers, photos and clock
/// states batch-loaded; `with_events` adds each one's history.
pub fn views(
    conn: &mut DbConn,
    rows: Vec<DefectRow>,
    with_events: bool,
) -> QueryResult<Vec<Defect>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
    let numbers = super::contact::unit_numbers(conn, &unit_ids)?;
    let clocks: HashMap<String, String> = sla_clocks::table
        .filter(sla_clocks::entity_type.eq(ENTITY))
        .filter(sla_clocks::entity_id.eq_any(&ids))
        .filter(sla_clocks::closed_at.is_null())
        .select((sla_clocks::entity_id, sla_clocks::state))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let mut files = photos::for_defects(conn, &ids)?;
    let mut events: HashMap<String, Vec<DefectEvent>> = HashMap::new();
    if with_events {
        type Ev = (
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            String,
            chrono::NaiveDateTime,
        );
        let rows: Vec<Ev> = defect_events::table
            .filter(defect_events::defect_id.eq_any(&ids))
            .order(defect_events::id.asc())
            .select((
                defect_events::defect_id,
                defect_events::from_status,
                defect_events::to_status,
                defect_events::note,
                defect_events::actor_id,
                defect_events::actor_kind,
                defect_events::created_at,
            ))
            .load(conn)?;
        for (d, from, to, note, actor_id, actor_kind, at) in rows {
            events.entry(d).or_default().push(DefectEvent {
                from_status: from.as_deref().and_then(DefectStatus::parse),
                to_status: DefectStatus::parse(&to).unwrap_or(DefectStatus::Open),
                note,
                actor_id,
                actor_kind,
                at: db::utc(at),
            });
        }
    }
    let now = db::now();
    Ok(rows
        .into_iter()
        .map(|r| Defect {
            unit_number: numbers.get(&r.unit_id).cloned().unwrap_or_default(),
            phase: InspectionKind::parse(&r.phase).unwrap_or(InspectionKind::Handover),
            category: DefectCategory::parse(&r.category).unwrap_or(DefectCategory::Other),
            severity: DefectSeverity::parse(&r.severity).unwrap_or(DefectSeverity::Minor),
            status: r.status(),
            sla_state: clocks.get(&r.id).and_then(|s| sla_state(s)),
            overdue: UNFIXED.contains(&r.status.as_str()) && r.fix_due_at < now,
            photos: files.remove(&r.id).unwrap_or_default(),
            events: events.remove(&r.id).unwrap_or_default(),
            solution_due_at: r.solution_due_at.map(db::utc),
            solution_at: r.solution_at.map(db::utc),
            fix_due_at: db::utc(r.fix_due_at),
            fixed_at: r.fixed_at.map(db::utc),
            verified_at: r.verified_at.map(db::utc),
            closed_at: r.closed_at.map(db::utc),
            created_at: db::utc(r.created_at),
            id: r.id,
            project_id: r.project_id,
            building_id: r.building_id,
            unit_id: r.unit_id,
            inspection_id: r.inspection_id,
            room: r.room,
            location: r.location,
            description: r.description,
            contractor: r.contractor,
            assignee_id: r.assignee_id,
            solution: r.solution,
            rule: r.rule,
            reserved: r.reserved,
            rejections: r.rejections,
            version: r.version,
        })
        .collect())
}

/// One defect's full view.
pub fn view(conn: &mut DbConn, row: DefectRow) -> QueryResult<Defect> {
    Ok(views(conn, vec![row], true)?.remove(0))
}

/// Records a status change in the defect's history.
pub fn event(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    d: &DefectRow,
    from: Option<&str>,
    to: &str,
    note: &str,
) -> QueryResult<()> {
    diesel::insert_into(defect_events::table)
        .values((
            defect_events::id.eq(db::new_id()),
            defect_events::company_id.eq(&d.company_id),
            defect_events::defect_id.eq(&d.id),
            defect_events::from_status.eq(from),
            defect_events::to_status.eq(to),
            defect_events::note.eq(note),
            defect_events::actor_id.eq(&ctx.actor_id),
            defect_events::actor_kind.eq(ctx.actor_kind),
            defect_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Records a defect on a visible unit (or the unit of a visible inspection); returns its id.
pub fn create(conn: &mut DbConn, staff: &Staff, input: &CreateDefect) -> Result<String, ApiError> {
    let inspection = match &input.inspection_id {
        Some(i) => Some(super::inspections::find(conn, staff, i)?),
        None => None,
    };
    let unit_id = match (&input.unit_id, &inspection) {
        (Some(u), Some(i)) if *u != i.unit_id => {
            return Err(ApiError::invalid_field(
                "unit_id",
                "mismatch",
                "not the unit of the inspection",
            ))
        }
        (_, Some(i)) => i.unit_id.clone(),
        (Some(u), None) => u.clone(),
        (None, None) => {
            return Err(ApiError::invalid_field(
                "unit_id",
                "required",
                "give unit_id or inspection_id",
            ))
        }
    };
    let unit = crate::projects::scope::unit_kept(conn, staff, &unit_id)?;
    let phase = inspection
        .as_ref()
        .map(|i| i.kind())
        .or(input.phase)
        .unwrap_or(InspectionKind::Handover);
    let r = settings::get::<DeliveryRules>(conn, &staff.company_id)?.value;
    let now = db::now();
    let due = rules::defect_deadlines(&r, phase, now);
    let contractor = input.contractor.as_deref().map(str::trim).unwrap_or("");
    let status = if contractor.is_empty() {
        "open"
    } else {
        "assigned"
    };
    let id = db::new_id();
    diesel::insert_into(defects::table)
        .values((
            defects::id.eq(&id),
            defects::company_id.eq(&staff.company_id),
            defects::project_id.eq(&unit.project_id),
            defects::building_id.eq(&unit.building_id),
            defects::unit_id.eq(&unit.id),
            defects::inspection_id.eq(inspection.as_ref().map(|i| i.id.clone())),
            defects::phase.eq(phase.as_str()),
            defects::room.eq(input.room.trim()),
            defects::location.eq(input.location.trim()),
            defects::category.eq(input.category.as_str()),
            defects::severity.eq(input.severity.as_str()),
            defects::description.eq(input.description.trim()),
            defects::contractor.eq(contractor),
            defects::status.eq(status),
            defects::solution_due_at.eq(due.solution_due_at),
            defects::fix_due_at.eq(due.fix_due_at),
            defects::rule.eq(&due.rule),
            defects::created_by.eq(&staff.user_id),
            defects::created_at.eq(now),
            defects::updated_at.eq(now),
        ))
        .execute(conn)?;
    let row = load(conn, &id)?;
    event(conn, &staff.audit(), &row, None, status, "")?;
    sync_clock(conn, &row)?;
    Ok(id)
}

/// Puts the defect's clock where its status says (see the module docs).
/// Leaves a clock that already waits for the same thing alone.
pub fn sync_clock(conn: &mut DbConn, d: &DefectRow) -> QueryResult<()> {
    if !UNFIXED.contains(&d.status.as_str()) {
        sla::close(conn, ENTITY, &d.id)?;
        return Ok(());
    }
    let (kind, due, rule) = match (d.solution_due_at, d.solution_at) {
        (Some(due), None) => (
            "defect_solution",
            due,
            d.rule.split("; ").next().unwrap_or(&d.rule),
        ),
        _ => (
            "defect_fix",
            d.fix_due_at,
            d.rule.rsplit("; ").next().unwrap_or(&d.rule),
        ),
    };
    if let Some(open) = sla::open_clock(conn, ENTITY, &d.id)? {
        if open.kind == kind && open.due_at == due {
            return sla::reassign(conn, ENTITY, &d.id, d.assignee_id.as_deref()).map(|_| ());
        }
    }
    let r = settings::get::<DeliveryRules>(conn, &d.company_id)?.value;
    let (warn_at, grace_until) = rules::clock_times(&r, d.created_at, due);
    sla::start(
        conn,
        &ClockSpec {
            company_id: d.company_id.clone(),
            entity_type: ENTITY.into(),
            entity_id: d.id.clone(),
            kind: kind.into(),
            rule: rule.to_string(),
            owner_id: d.assignee_id.clone(),
            warn_at,
            due_at: due,
            grace_until,
        },
    )
    .map(|_| ())
}
