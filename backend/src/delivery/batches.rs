//! Delivery batches: a set of units of one project and a planned handover
//! date, whose timeline (DOMAIN §6) is generated as tasks when the batch is
//! created: risk check (−3 months), pre-inspection (−1 month), handover
//! notice (−5 days; the sweep sends it to the owners through the outbox) and
//! handover day. Each task names the setting that dated it.

use std::collections::HashMap;

use api_types::{
    BatchUnit, CreateDeliveryBatch, DeliveryBatch, DeliveryRules, DeliveryTask, DeliveryTaskKind,
    DeliveryTaskStatus, UnitStatus,
};
use diesel::prelude::*;

use super::rules;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{
    buildings, defects, delivery_batch_units, delivery_batches, delivery_tasks, units,
};
use crate::settings;

/// Audit entity of a batch.
pub const ENTITY: &str = "delivery_batch";
/// Audit entity of a timeline task.
pub const TASK_ENTITY: &str = "delivery_task";

/// A stored batch.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delivery_batches)]
pub struct BatchRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Planned handover.
    pub handover_at: chrono::NaiveDateTime,
    /// Version.
    pub version: i32,
    /// Creator.
    pub created_by: Option<String>,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

/// A stored timeline task.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delivery_tasks)]
pub struct TaskRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Batch.
    pub batch_id: String,
    /// Project.
    pub project_id: String,
    /// Kind.
    pub kind: String,
    /// Rule.
    pub rule: String,
    /// Due.
    pub due_at: chrono::NaiveDateTime,
    /// Status.
    pub status: String,
    /// Outcome.
    pub outcome: String,
    /// Who completed it.
    pub completed_by: Option<String>,
    /// When.
    pub completed_at: Option<chrono::NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl TaskRow {
    /// The wire view at `now`.
    pub fn view(&self, now: chrono::NaiveDateTime) -> DeliveryTask {
        let status = DeliveryTaskStatus::parse(&self.status).unwrap_or(DeliveryTaskStatus::Open);
        DeliveryTask {
            id: self.id.clone(),
            kind: DeliveryTaskKind::parse(&self.kind).unwrap_or(DeliveryTaskKind::HandoverDay),
            due_at: db::utc(self.due_at),
            rule: self.rule.clone(),
            status,
            outcome: self.outcome.clone(),
            completed_by: self.completed_by.clone(),
            completed_at: self.completed_at.map(db::utc),
            overdue: status == DeliveryTaskStatus::Open && self.due_at < now,
        }
    }
}

/// Creates the batch, its unit list and its timeline; returns the batch id.
pub fn create(
    conn: &mut DbConn,
    staff: &Staff,
    input: &CreateDeliveryBatch,
) -> Result<String, ApiError> {
    let project = crate::projects::scope::project_kept(conn, staff, &input.project_id)?;
    let mut ids = input.unit_ids.clone();
    ids.sort();
    ids.dedup();
    if ids.len() != input.unit_ids.len() {
        return Err(ApiError::invalid_field(
            "unit_ids",
            "duplicate",
            "a unit is listed twice",
        ));
    }
    // The listed units cannot be deleted while the batch names them (a
    // racing delete lands first and the check below misses the unit, or it
    // sees the batch and is 409 `unit_in_use`).
    let listed: Vec<&str> = ids.iter().map(String::as_str).collect();
    db::share_rows(conn, "units", "id", &listed)?;
    let found: Vec<String> = units::table
        .filter(units::company_id.eq(&staff.company_id))
        .filter(units::project_id.eq(&project.id))
        .filter(units::id.eq_any(&ids))
        .select(units::id)
        .load(conn)?;
    if found.len() != ids.len() {
        let missing = ids
            .iter()
            .find(|i| !found.contains(i))
            .cloned()
            .unwrap_or_default();
        return Err(ApiError::invalid_field(
            "unit_ids",
            "unit_not_in_project",
            format!("unit {missing} is not a unit of the project"),
        ));
    }
    let r = settings::get::<DeliveryRules>(conn, &staff.company_id)?.value;
    let now = db::now();
    let handover_at = super::batch_update::future_handover(input.handover_at, now)?;
    let id = db::new_id();
    diesel::insert_into(delivery_batches::table)
        .values((
            delivery_batches::id.eq(&id),
            delivery_batches::company_id.eq(&staff.company_id),
            delivery_batches::project_id.eq(&project.id),
            delivery_batches::name.eq(input.name.trim()),
            delivery_batches::handover_at.eq(handover_at),
            delivery_batches::created_by.eq(&staff.user_id),
            delivery_batches::created_at.eq(now),
            delivery_batches::updated_at.eq(now),
        ))
        .execute(conn)?;
    let rows: Vec<_> = ids
        .iter()
        .map(|u| {
            (
                delivery_batch_units::unit_id.eq(u.clone()),
                delivery_batch_units::batch_id.eq(id.clone()),
                delivery_batch_units::company_id.eq(staff.company_id.clone()),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, delivery_batch_units::table, chunk.to_vec()).map_err(
            |e| {
                if db::is_unique_violation(&e) {
                    ApiError::conflict(
                        "unit_in_batch",
                        "a unit is already in another delivery batch",
                    )
                } else {
                    e.into()
                }
            },
        )?;
    }
    let tasks: Vec<_> = DeliveryTaskKind::ALL
        .iter()
        .map(|k| {
            let (due, rule) = rules::task_due(&r, *k, handover_at);
            (
                delivery_tasks::id.eq(db::new_id()),
                delivery_tasks::company_id.eq(staff.company_id.clone()),
                delivery_tasks::batch_id.eq(id.clone()),
                delivery_tasks::project_id.eq(project.id.clone()),
                delivery_tasks::kind.eq(k.as_str()),
                delivery_tasks::rule.eq(rule),
                delivery_tasks::due_at.eq(due),
                delivery_tasks::status.eq("open"),
                delivery_tasks::created_at.eq(now),
                delivery_tasks::updated_at.eq(now),
            )
        })
        .collect();
    crate::batch_insert!(&mut *conn, delivery_tasks::table, tasks)?;
    Ok(id)
}

/// A visible batch, or 404 `delivery_batch_not_found`.
pub fn find(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<BatchRow, ApiError> {
    super::scope::visible_batches(staff)
        .filter(delivery_batches::id.eq(id.to_string()))
        .select(BatchRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("delivery_batch_not_found"))
}

/// The views of batches: counts (a grouped COUNT) and timelines in a few
/// queries (no N+1, no unit loaded for the list); `with_units` adds each
/// unit with its open defects.
pub fn views(
    conn: &mut DbConn,
    rows: Vec<BatchRow>,
    with_units: bool,
) -> QueryResult<Vec<DeliveryBatch>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let tasks: Vec<TaskRow> = delivery_tasks::table
        .filter(delivery_tasks::batch_id.eq_any(&ids))
        .order((delivery_tasks::due_at.asc(), delivery_tasks::id.asc()))
        .select(TaskRow::as_select())
        .load(conn)?;
    let members: Vec<(String, String, String, String, String)> = if with_units {
        delivery_batch_units::table
            .inner_join(units::table.on(units::id.eq(delivery_batch_units::unit_id)))
            .inner_join(buildings::table.on(buildings::id.eq(units::building_id)))
            .filter(delivery_batch_units::batch_id.eq_any(&ids))
            .order((
                buildings::name.asc(),
                units::floor.asc(),
                units::number.asc(),
            ))
            .select((
                delivery_batch_units::batch_id,
                units::id,
                buildings::name,
                units::number,
                units::status,
            ))
            .load(conn)?
    } else {
        Vec::new()
    };
    // (units, handed over) per batch, counted in SQL.
    let counts: HashMap<String, (i64, i64)> = delivery_batch_units::table
        .inner_join(units::table.on(units::id.eq(delivery_batch_units::unit_id)))
        .filter(delivery_batch_units::batch_id.eq_any(&ids))
        .group_by(delivery_batch_units::batch_id)
        .select((
            delivery_batch_units::batch_id,
            diesel::dsl::count_star(),
            diesel::dsl::sql::<diesel::sql_types::Nullable<diesel::sql_types::BigInt>>(
                "SUM(CASE WHEN units.status = 'handed_over' THEN 1 ELSE 0 END)",
            ),
        ))
        .load::<(String, i64, Option<i64>)>(conn)?
        .into_iter()
        .map(|(id, n, handed)| (id, (n, handed.unwrap_or(0))))
        .collect();
    let open: HashMap<String, i64> = if with_units {
        let unit_ids: Vec<String> = members.iter().map(|m| m.1.clone()).collect();
        defects::table
            .filter(defects::unit_id.eq_any(unit_ids))
            .filter(defects::status.eq_any(["open", "assigned", "fixed"]))
            .group_by(defects::unit_id)
            .select((defects::unit_id, diesel::dsl::count_star()))
            .load::<(String, i64)>(conn)?
            .into_iter()
            .collect()
    } else {
        HashMap::new()
    };
    let now = db::now();
    Ok(rows
        .into_iter()
        .map(|r| {
            let mine: Vec<_> = members.iter().filter(|m| m.0 == r.id).collect();
            let (unit_count, handed) = counts.get(&r.id).copied().unwrap_or((0, 0));
            DeliveryBatch {
                unit_count,
                handed_over: handed,
                tasks: tasks
                    .iter()
                    .filter(|t| t.batch_id == r.id)
                    .map(|t| t.view(now))
                    .collect(),
                units: if with_units {
                    mine.iter()
                        .map(|m| BatchUnit {
                            unit_id: m.1.clone(),
                            building_name: m.2.clone(),
                            number: m.3.clone(),
                            status: UnitStatus::parse(&m.4).unwrap_or(UnitStatus::Signed),
                            open_defects: open.get(&m.1).copied().unwrap_or(0),
                        })
                        .collect()
                } else {
                    Vec::new()
                },
                id: r.id,
                project_id: r.project_id,
                name: r.name,
                handover_at: db::utc(r.handover_at),
                version: r.version,
                created_at: db::utc(r.created_at),
            }
        })
        .collect())
}

/// The batch a unit is delivered in, if any.
pub fn batch_of_unit(conn: &mut DbConn, unit_id: &str) -> QueryResult<Option<String>> {
    delivery_batch_units::table
        .filter(delivery_batch_units::unit_id.eq(unit_id))
        .select(delivery_batch_units::batch_id)
        .first(conn)
        .optional()
}
