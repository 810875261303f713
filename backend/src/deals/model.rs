//! Deal rows and their API views.

use api_types::{
    Deal, DealDiscount, DealEvent, DealEventKind, DealStage, DealSummary, DealTask, DealTaskKind,
    DealTaskStatus, DiscountKind, SlaState, UnitStatus,
};
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::schema::{customers, deal_discounts, deal_events, deal_tasks, deals, sla_clocks, units};

/// Entity type of deals (audit, notifications).
pub const ENTITY: &str = "deal";
/// Entity type of follow-up tasks (SLA clocks, notifications).
pub const TASK_ENTITY: &str = "deal_task";

/// A deal row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deals)]
pub struct DealRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Buyer.
    pub customer_id: String,
    /// Converted lead.
    pub lead_id: Option<String>,
    /// Responsible sales staff.
    pub owner_id: String,
    /// Stage name.
    pub stage: String,
    /// List price, fen.
    pub list_price_fen: i64,
    /// Discounts, fen.
    pub discount_fen: i64,
    /// Net price, fen.
    pub net_price_fen: i64,
    /// Subscribed (business time).
    pub subscribed_at: chrono::NaiveDateTime,
    /// Signed.
    pub signed_at: Option<chrono::NaiveDateTime>,
    /// Paid.
    pub paid_at: Option<chrono::NaiveDateTime>,
    /// Withdrawn.
    pub withdrawn_at: Option<chrono::NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

/// A follow-up task row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = deal_tasks)]
pub struct TaskRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Deal.
    pub deal_id: String,
    /// Project.
    pub project_id: String,
    /// Buyer.
    pub customer_id: String,
    /// Kind name.
    pub kind: String,
    /// Assignee.
    pub assignee_id: Option<String>,
    /// Deciding setting.
    pub rule: String,
    /// Deadline.
    pub due_at: chrono::NaiveDateTime,
    /// Status name.
    pub status: String,
    /// Outcome.
    pub outcome: String,
    /// Completed by.
    pub completed_by: Option<String>,
    /// Completed at.
    pub completed_at: Option<chrono::NaiveDateTime>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl DealRow {
    /// The parsed stage.
    pub fn stage(&self) -> DealStage {
        DealStage::parse(&self.stage).unwrap_or(DealStage::Subscribed)
    }

    /// The list view.
    pub fn summary(&self) -> DealSummary {
        DealSummary {
            id: self.id.clone(),
            project_id: self.project_id.clone(),
            unit_id: self.unit_id.clone(),
            customer_id: self.customer_id.clone(),
            owner_id: self.owner_id.clone(),
            stage: self.stage(),
            list_price_fen: self.list_price_fen,
            discount_fen: self.discount_fen,
            net_price_fen: self.net_price_fen,
            subscribed_at: db::utc(self.subscribed_at),
            version: self.version,
        }
    }
}

/// Reloads a deal by id (no visibility check: call after one).
pub fn reload(conn: &mut DbConn, id: &str) -> QueryResult<DealRow> {
    deals::table
        .find(id)
        .select(DealRow::as_select())
        .first(conn)
}

/// The SLA state shown for an open task's clock state.
fn sla_state(state: &str) -> Option<SlaState> {
    match state {
        "on_time" => Some(SlaState::OnTime),
        "due_soon" => Some(SlaState::DueSoon),
        "breached" | "expired" => Some(SlaState::Breached),
        _ => None,
    }
}

/// Task views, with the buyer's name and the state of each open task's clock
/// (two queries for any number of tasks).
pub fn task_views(conn: &mut DbConn, rows: Vec<TaskRow>) -> QueryResult<Vec<DealTask>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let customer_ids: Vec<String> = rows.iter().map(|r| r.customer_id.clone()).collect();
    let names: std::collections::HashMap<String, String> = customers::table
        .filter(customers::id.eq_any(customer_ids))
        .select((customers::id, customers::name))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let clocks: Vec<(String, String)> = sla_clocks::table
        .filter(sla_clocks::entity_type.eq(TASK_ENTITY))
        .filter(sla_clocks::entity_id.eq_any(ids))
        .filter(sla_clocks::closed_at.is_null())
        .select((sla_clocks::entity_id, sla_clocks::state))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let state = clocks
                .iter()
                .find(|(id, _)| *id == r.id)
                .and_then(|(_, s)| sla_state(s))
                .filter(|_| r.status == "open");
            DealTask {
                id: r.id,
                deal_id: r.deal_id,
                project_id: r.project_id,
                customer_name: names.get(&r.customer_id).cloned().unwrap_or_default(),
                customer_id: r.customer_id,
                kind: DealTaskKind::parse(&r.kind).unwrap_or(DealTaskKind::SpecialistContact),
                assignee_id: r.assignee_id,
                rule: r.rule,
                due_at: db::utc(r.due_at),
                status: DealTaskStatus::parse(&r.status).unwrap_or(DealTaskStatus::Open),
                sla_state: state,
                outcome: r.outcome,
                completed_by: r.completed_by,
                completed_at: r.completed_at.map(db::utc),
                created_at: db::utc(r.created_at),
            }
        })
        .collect())
}

type DiscountTuple = (
    String,
    String,
    String,
    Option<i64>,
    i64,
    String,
    String,
    Option<String>,
    chrono::NaiveDateTime,
);

type EventTuple = (
    String,
    String,
    chrono::NaiveDateTime,
    String,
    Option<String>,
    Option<String>,
);

/// The discount items of a deal, in the order they were added.
pub fn discounts(conn: &mut DbConn, deal_id: &str) -> QueryResult<Vec<DealDiscount>> {
    let rows: Vec<DiscountTuple> = deal_discounts::table
        .filter(deal_discounts::deal_id.eq(deal_id))
        .order(deal_discounts::id.asc())
        .select((
            deal_discounts::id,
            deal_discounts::kind,
            deal_discounts::label,
            deal_discounts::basis_points,
            deal_discounts::amount_fen,
            deal_discounts::rule,
            deal_discounts::reason,
            deal_discounts::actor_id,
            deal_discounts::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| DealDiscount {
            id: r.0,
            kind: DiscountKind::parse(&r.1).unwrap_or(DiscountKind::Other),
            label: r.2,
            basis_points: r.3,
            amount_fen: r.4,
            rule: r.5,
            reason: r.6,
            actor_id: r.7,
            created_at: db::utc(r.8),
        })
        .collect())
}

/// The full view of a deal: items, history and tasks.
pub fn view(conn: &mut DbConn, row: DealRow) -> QueryResult<Deal> {
    let discounts = discounts(conn, &row.id)?;
    let events: Vec<EventTuple> = deal_events::table
        .filter(deal_events::deal_id.eq(&row.id))
        .order(deal_events::id.asc())
        .select((
            deal_events::id,
            deal_events::kind,
            deal_events::occurred_at,
            deal_events::reason,
            deal_events::actor_id,
            deal_events::detail_json,
        ))
        .load(conn)?;
    let tasks: Vec<TaskRow> = deal_tasks::table
        .filter(deal_tasks::deal_id.eq(&row.id))
        .order(deal_tasks::id.asc())
        .select(TaskRow::as_select())
        .load(conn)?;
    let tasks = task_views(conn, tasks)?;
    let (unit_number, unit_status): (String, String) = units::table
        .find(&row.unit_id)
        .select((units::number, units::status))
        .first(conn)?;
    let stage = row.stage();
    Ok(Deal {
        id: row.id,
        project_id: row.project_id,
        unit_id: row.unit_id,
        unit_number,
        unit_status: UnitStatus::parse(&unit_status).unwrap_or(UnitStatus::Available),
        customer_id: row.customer_id,
        lead_id: row.lead_id,
        owner_id: row.owner_id,
        stage,
        list_price_fen: row.list_price_fen,
        discount_fen: row.discount_fen,
        net_price_fen: row.net_price_fen,
        discounts,
        subscribed_at: db::utc(row.subscribed_at),
        signed_at: row.signed_at.map(db::utc),
        paid_at: row.paid_at.map(db::utc),
        withdrawn_at: row.withdrawn_at.map(db::utc),
        events: events
            .into_iter()
            .map(|e| DealEvent {
                id: e.0,
                kind: DealEventKind::parse(&e.1).unwrap_or(DealEventKind::Subscribed),
                occurred_at: db::utc(e.2),
                reason: e.3,
                actor_id: e.4,
                detail: e.5.and_then(|d| serde_json::from_str(&d).ok()),
            })
            .collect(),
        tasks,
        version: row.version,
        created_at: db::utc(row.created_at),
    })
}
