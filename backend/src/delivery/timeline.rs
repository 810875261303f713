//! Delivery on the customer timeline: the owner's sign-offs (source
//! `handover`), the defects recorded on their units (`defect`) and their
//! post-handover visits (`visit`), each in the caller's project scope.

use api_types::{DefectCategory, TimelineEntry, VisitKind, VisitStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{buyers, scope};
use crate::auth::Staff;
use crate::customers::timeline::{Before, TimelineSource};
use crate::db::{self, DbConn};
use crate::schema::{defects as d, handover_visits as v, handovers as h};

/// What a source row says; [`Row::entry`] makes the timeline entry.
struct Row<'a> {
    id: String,
    source: &'a str,
    kind: String,
    at: NaiveDateTime,
    entity: &'a str,
    entity_id: String,
    actor: Option<String>,
    summary: String,
}

impl Row<'_> {
    fn entry(self) -> (NaiveDateTime, TimelineEntry) {
        (
            self.at,
            TimelineEntry {
                id: self.id,
                source: self.source.into(),
                kind: self.kind,
                at: db::utc(self.at),
                entity_type: self.entity.into(),
                entity_id: self.entity_id,
                actor_id: self.actor,
                names: Default::default(),
                summary: self.summary,
                detail: None,
            },
        )
    }
}

/// (id, kind, status, due, completed by, skip reason) of a visit.
type VisitCols = (
    String,
    String,
    String,
    NaiveDateTime,
    Option<String>,
    Option<String>,
);

/// The owner's sign-offs.
pub struct Handovers;
impl TimelineSource for Handovers {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let q = scope::visible_handovers(staff).filter(h::customer_id.eq(customer_id.to_string()));
        let q = crate::older_than!(q, h::signed_at, h::id, before);
        let rows: Vec<(
            String,
            String,
            String,
            NaiveDateTime,
            Option<String>,
            String,
        )> = q
            .order((h::signed_at.desc(), h::id.desc()))
            .limit(limit)
            .select((
                h::id,
                h::unit_id,
                h::channel,
                h::signed_at,
                h::signed_by,
                h::reservations_json,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, unit, channel, at, by, res)| {
                let n = serde_json::from_str::<Vec<serde_json::Value>>(&res).map_or(0, |r| r.len());
                let summary = if n > 0 {
                    format!("业主验收交房(保留意见 {n} 项)")
                } else {
                    "业主验收交房".to_string()
                };
                Row {
                    id,
                    source: "handover",
                    kind: channel,
                    at,
                    entity: "unit",
                    entity_id: unit,
                    actor: by,
                    summary,
                }
                .entry()
            })
            .collect())
    }
}

/// Defects recorded on the owner's units.
pub struct Defects;
impl TimelineSource for Defects {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let units = buyers::units_of(conn, &staff.company_id, customer_id)?;
        let q = scope::visible_defects(staff).filter(d::unit_id.eq_any(units));
        let q = crate::older_than!(q, d::created_at, d::id, before);
        let rows: Vec<(
            String,
            String,
            String,
            String,
            NaiveDateTime,
            Option<String>,
        )> = q
            .order((d::created_at.desc(), d::id.desc()))
            .limit(limit)
            .select((
                d::id,
                d::room,
                d::category,
                d::status,
                d::created_at,
                d::created_by,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, room, category, status, at, by)| {
                let cat = DefectCategory::parse(&category).map_or("缺陷", |c| c.label_zh());
                Row {
                    id: id.clone(),
                    source: "defect",
                    kind: status,
                    at,
                    entity: "defect",
                    entity_id: id,
                    actor: by,
                    summary: format!("验房缺陷:{room} {cat}"),
                }
                .entry()
            })
            .collect())
    }
}

/// The owner's post-handover visits.
pub struct Visits;
impl TimelineSource for Visits {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let q = scope::visible_visits(staff).filter(v::customer_id.eq(customer_id.to_string()));
        let q = crate::older_than!(q, v::due_at, v::id, before);
        let rows: Vec<VisitCols> = q
            .order((v::due_at.desc(), v::id.desc()))
            .limit(limit)
            .select((
                v::id,
                v::kind,
                v::status,
                v::due_at,
                v::completed_by,
                v::skip_reason,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|(id, kind, status, at, by, skip)| {
                let k = VisitKind::parse(&kind).map_or("回访", |k| k.label_zh());
                let s = VisitStatus::parse(&status).map_or("", |s| s.label_zh());
                let summary = match skip {
                    Some(r) => format!("{k}:{s}({r})"),
                    None => format!("{k}:{s}"),
                };
                Row {
                    id: id.clone(),
                    source: "visit",
                    kind: status,
                    at,
                    entity: "handover_visit",
                    entity_id: id,
                    actor: by,
                    summary,
                }
                .entry()
            })
            .collect())
    }
}
