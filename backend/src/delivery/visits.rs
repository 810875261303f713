//! Post-handover visits (DOMAIN §6): scheduled at sign-off at +3 months
//! (home or phone) and +1 year (home), each noticed to the owner a week
//! before by the jobs sweep ([`super::sweep`]), which first skips — with the
//! reason — owners with a major complaint on record, owners renovating and
//! owners not living there. Staff record the outcome.

use api_types::{DeliveryRules, Visit, VisitKind, VisitMode, VisitSkipReason, VisitStatus};
use diesel::prelude::*;

use super::handover::HandoverRow;
use super::rules;
use crate::db::{self, DbConn};
use crate::schema::handover_visits as v;
use crate::settings;

/// Audit entity of a visit.
pub const ENTITY: &str = "handover_visit";

/// A stored visit.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = v)]
pub struct VisitRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Owner.
    pub customer_id: String,
    /// Sign-off.
    pub handover_id: String,
    /// Kind.
    pub kind: String,
    /// Mode.
    pub mode: String,
    /// Rule.
    pub rule: String,
    /// Due.
    pub due_at: chrono::NaiveDateTime,
    /// Notice.
    pub notice_at: chrono::NaiveDateTime,
    /// Status.
    pub status: String,
    /// Skip reason.
    pub skip_reason: Option<String>,
    /// Outcome.
    pub outcome: String,
    /// Satisfaction.
    pub satisfaction: Option<i32>,
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

impl VisitRow {
    /// The wire view.
    pub fn view(&self) -> Visit {
        Visit {
            id: self.id.clone(),
            project_id: self.project_id.clone(),
            unit_id: self.unit_id.clone(),
            customer_id: self.customer_id.clone(),
            kind: VisitKind::parse(&self.kind).unwrap_or(VisitKind::ThreeMonth),
            mode: VisitMode::parse(&self.mode).unwrap_or(VisitMode::Home),
            rule: self.rule.clone(),
            due_at: db::utc(self.due_at),
            notice_at: db::utc(self.notice_at),
            status: VisitStatus::parse(&self.status).unwrap_or(VisitStatus::Scheduled),
            skip_reason: self.skip_reason.as_deref().and_then(VisitSkipReason::parse),
            outcome: self.outcome.clone(),
            satisfaction: self.satisfaction,
            completed_at: self.completed_at.map(db::utc),
            version: self.version,
            contact: None,
        }
    }
}

/// Schedules the two visits of a sign-off (dates from `delivery_rules`).
pub fn schedule(conn: &mut DbConn, h: &HandoverRow) -> QueryResult<()> {
    let r = settings::get::<DeliveryRules>(conn, &h.company_id)?.value;
    let now = db::now();
    let rows: Vec<_> = VisitKind::ALL
        .iter()
        .map(|k| {
            let (mode, due, notice, rule) = rules::visit_plan(&r, *k, h.signed_at);
            (
                v::id.eq(db::new_id()),
                v::company_id.eq(h.company_id.clone()),
                v::project_id.eq(h.project_id.clone()),
                v::unit_id.eq(h.unit_id.clone()),
                v::customer_id.eq(h.customer_id.clone()),
                v::handover_id.eq(h.id.clone()),
                v::kind.eq(k.as_str()),
                v::mode.eq(mode.as_str()),
                v::rule.eq(rule),
                v::due_at.eq(due),
                v::notice_at.eq(notice),
                v::status.eq("scheduled"),
                v::created_at.eq(now),
                v::updated_at.eq(now),
            )
        })
        .collect();
    crate::batch_insert!(&mut *conn, v::table, rows).map(|_| ())
}
