//! One timeline of a customer, newest first: a union of sources, each a
//! [`TimelineSource`] that pages its own table by the shared keyset
//! `(at, id)` and applies the caller's visibility inside its query. The
//! merge takes one page from each source and keeps the newest `limit`.
//!
//! Sources today: lead events, follow-ups, deal events, membership
//! (tier changes, points entries, benefit redemptions: `membership::timeline`),
//! delivery (sign-offs, defects, visits: `delivery::timeline`) and referrals
//! (`referrals::timeline`). Complaints are added later by
//! implementing [`TimelineSource`] in their module and listing it in
//! [`sources`].

use actix_web::{get, web, HttpResponse};
use api_types::{Page, TimelineEntry};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{decode_composite, encode_composite, DEFAULT_LIMIT, MAX_LIMIT};
use crate::leads::visibility::LeadWorkers;
use crate::schema::{deal_events, follow_ups, lead_events, leads};
use crate::state::AppState;

/// Where a page starts: strictly older than `(at, id)`.
#[derive(Debug, Clone)]
pub struct Before {
    /// Time of the last entry of the previous page.
    pub at: NaiveDateTime,
    /// Its id.
    pub id: String,
}

/// One source of timeline entries.
pub trait TimelineSource {
    /// Up to `limit` entries of the customer, newest first, older than `before`,
    /// limited to what `staff` may see.
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>>;
}

/// The sources of the customer timeline.
pub fn sources() -> Vec<Box<dyn TimelineSource>> {
    vec![
        Box::new(LeadEvents),
        Box::new(FollowUps),
        Box::new(DealEvents),
        Box::new(crate::membership::timeline::TierChanges),
        Box::new(crate::membership::timeline::PointsEntries),
        Box::new(crate::membership::timeline::BenefitRedemptions),
        Box::new(crate::delivery::timeline::Handovers),
        Box::new(crate::delivery::timeline::Defects),
        Box::new(crate::delivery::timeline::Visits),
        Box::new(crate::referrals::timeline::ReferralEvents),
    ]
}

/// The keyset condition `(at, id) < before` on any table, with the redundant
/// `at <= before.at` bound that keeps the index range tight (also used by
/// the sources of other modules as `crate::older_than!`).
#[macro_export]
macro_rules! older_than {
    ($q:expr, $at:expr, $id:expr, $before:expr) => {
        match $before {
            Some(b) => $q
                .filter($at.le(b.at))
                .filter($at.lt(b.at).or($at.eq(b.at).and($id.lt(b.id.clone())))),
            None => $q,
        }
    };
}

/// The ids of the customer's leads the caller may see (a customer has few).
fn visible_leads(conn: &mut DbConn, staff: &Staff, customer_id: &str) -> QueryResult<Vec<String>> {
    crate::leads::visibility::visible(staff)
        .filter(leads::customer_id.eq(customer_id.to_string()))
        .select(leads::id)
        .load(conn)
}

struct LeadEvents;
impl TimelineSource for LeadEvents {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let visible = visible_leads(conn, staff, customer_id)?;
        // Follow-ups have their own source, with channel and outcome.
        let q = lead_events::table
            .filter(lead_events::lead_id.eq_any(visible))
            .filter(lead_events::kind.ne("followed_up"))
            .into_boxed::<db::MultiBackend>();
        let q = older_than!(q, lead_events::created_at, lead_events::id, before);
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((lead_events::created_at.desc(), lead_events::id.desc()))
            .limit(limit)
            .select((
                lead_events::id,
                lead_events::lead_id,
                lead_events::kind,
                lead_events::actor_id,
                lead_events::reason,
                lead_events::detail_json,
                lead_events::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = TimelineEntry {
                    id: r.0,
                    source: "lead_event".into(),
                    summary: if r.4.is_empty() {
                        r.2.clone()
                    } else {
                        format!("{}: {}", r.2, r.4)
                    },
                    kind: r.2,
                    at: db::utc(r.6),
                    entity_type: "lead".into(),
                    entity_id: r.1,
                    actor_id: r.3,
                    names: Default::default(),
                    detail: r.5.and_then(|d: String| serde_json::from_str(&d).ok()),
                };
                (r.6, entry)
            })
            .collect())
    }
}

struct FollowUps;
impl TimelineSource for FollowUps {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let visible = visible_leads(conn, staff, customer_id)?;
        let q = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(visible))
            .into_boxed::<db::MultiBackend>();
        let q = older_than!(q, follow_ups::occurred_at, follow_ups::id, before);
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((follow_ups::occurred_at.desc(), follow_ups::id.desc()))
            .limit(limit)
            .select((
                follow_ups::id,
                follow_ups::lead_id,
                follow_ups::actor_id,
                follow_ups::channel,
                follow_ups::outcome,
                follow_ups::next_step,
                follow_ups::occurred_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = TimelineEntry {
                    id: r.0,
                    source: "follow_up".into(),
                    summary: format!("{}: {}", r.3, r.4),
                    kind: r.3.clone(),
                    at: db::utc(r.6),
                    entity_type: "lead".into(),
                    entity_id: r.1,
                    actor_id: Some(r.2),
                    names: Default::default(),
                    detail: Some(
                        serde_json::json!({"channel": r.3, "outcome": r.4, "next_step": r.5}),
                    ),
                };
                (r.6, entry)
            })
            .collect())
    }
}

struct DealEvents;
impl TimelineSource for DealEvents {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        let visible: Vec<String> = crate::deals::visibility::visible(staff)
            .filter(crate::schema::deals::customer_id.eq(customer_id.to_string()))
            .select(crate::schema::deals::id)
            .load(conn)?;
        let q = deal_events::table
            .filter(deal_events::customer_id.eq(customer_id.to_string()))
            .filter(deal_events::deal_id.eq_any(visible))
            .into_boxed::<db::MultiBackend>();
        let q = older_than!(q, deal_events::occurred_at, deal_events::id, before);
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((deal_events::occurred_at.desc(), deal_events::id.desc()))
            .limit(limit)
            .select((
                deal_events::id,
                deal_events::deal_id,
                deal_events::kind,
                deal_events::actor_id,
                deal_events::reason,
                deal_events::detail_json,
                deal_events::occurred_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = TimelineEntry {
                    id: r.0,
                    source: "deal_event".into(),
                    summary: if r.4.is_empty() {
                        r.2.clone()
                    } else {
                        format!("{}: {}", r.2, r.4)
                    },
                    kind: r.2,
                    at: db::utc(r.6),
                    entity_type: "deal".into(),
                    entity_id: r.1,
                    actor_id: r.3,
                    names: Default::default(),
                    detail: r.5.and_then(|d: String| serde_json::from_str(&d).ok()),
                };
                (r.6, entry)
            })
            .collect())
    }
}

/// Merges one page from every source: newest first, ties by id (descending).
pub fn merged(
    conn: &mut DbConn,
    staff: &Staff,
    customer_id: &str,
    before: Option<&Before>,
    limit: i64,
) -> QueryResult<(Vec<TimelineEntry>, Option<String>)> {
    let mut all = Vec::new();
    for s in sources() {
        all.extend(s.page(conn, staff, customer_id, before, limit + 1)?);
    }
    all.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| b.1.id.cmp(&a.1.id)));
    let more = all.len() as i64 > limit;
    all.truncate(usize::try_from(limit).unwrap_or(0));
    let next = if more {
        all.last()
            .map(|(at, e)| encode_composite(&[&at.and_utc().timestamp_micros().to_string(), &e.id]))
    } else {
        None
    };
    Ok((all.into_iter().map(|(_, e)| e).collect(), next))
}

/// Paging of the timeline.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CustomerTimelineQuery {
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

fn before_of(cursor: Option<&str>) -> Result<Option<Before>, ApiError> {
    let bad = || ApiError::invalid_field("cursor", "invalid", "not a cursor this API issued");
    match cursor {
        None | Some("") => Ok(None),
        Some(c) => {
            let parts = decode_composite(c, 2).ok_or_else(bad)?;
            let micros: i64 = parts[0].parse().map_err(|_| bad())?;
            let at = chrono::DateTime::from_timestamp_micros(micros)
                .and_then(|t| crate::db::time::in_range("cursor", t.naive_utc()).ok())
                .ok_or_else(bad)?;
            Ok(Some(Before {
                at,
                id: parts[1].clone(),
            }))
        }
    }
}

/// The customer's timeline, newest first: lead events, follow-ups, deal
/// events, membership tier changes, points entries, benefit redemptions and
/// referral events (as referrer or friend; inspections and complaints join
/// as they arrive), each limited to what you may see.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), CustomerTimelineQuery),
    responses(
        (status = 200, description = "One page of entries", body = Page<TimelineEntry>),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/timeline")]
pub async fn get_customer_timeline(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
    query: web::Query<CustomerTimelineQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let limit = q.limit.unwrap_or(DEFAULT_LIMIT);
    if !(1..=MAX_LIMIT).contains(&limit) {
        return Err(ApiError::invalid_field(
            "limit",
            "range",
            format!("must be between 1 and {MAX_LIMIT}"),
        ));
    }
    let before = before_of(q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        let id = super::value_handlers::visible_id(conn, &staff, &id)?;
        let (mut data, next_cursor) = merged(conn, &staff, &id, before.as_ref(), limit)?;
        crate::users::queries::name_each(
            conn,
            &staff.company_id,
            &mut data,
            |e| match e.source.as_str() {
                "lead_event" => crate::leads::timeline::event_names(
                    &e.kind,
                    e.actor_id.as_deref(),
                    e.detail.as_ref(),
                )
                .collect(),
                _ => e.actor_id.as_deref().into_iter().collect(),
            },
            |e, names| e.names = names,
        )?;
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
