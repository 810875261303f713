//! A lead's timeline, its grading explanation and the logged full read of its contact.

use actix_web::{get, web, HttpResponse};
use api_types::{Grade, Grading, LeadContact, LeadEvent, Page, RuleOutcome};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::visibility::{self, LeadWorkers};
use crate::audit;
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::schema::{customers, gradings, lead_events};
use crate::state::AppState;
use crate::users::queries as users;

/// Paging of a lead's timeline.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct TimelineQuery {
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// The lead's events, oldest first: capture, duplicates, gradings, assignments,
/// follow-ups, SLA breaches and escalations, returns to the pool, status changes.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id"), TimelineQuery),
    responses(
        (status = 200, description = "One page of events", body = Page<LeadEvent>),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours to see (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads/{id}/events")]
pub async fn list_lead_events(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
    query: web::Query<TimelineQuery>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = db::run(&state.pool, move |conn| {
        visibility::lead(conn, &staff, &id)?;
        let mut query = lead_events::table
            .filter(lead_events::lead_id.eq(id.clone()))
            .into_boxed::<db::MultiBackend>();
        if let Some(after) = page.after.clone() {
            query = query.filter(lead_events::id.gt(after));
        }
        type Row = (
            String,
            String,
            Option<String>,
            String,
            String,
            Option<String>,
            chrono::NaiveDateTime,
        );
        let rows: Vec<Row> = query
            .select((
                lead_events::id,
                lead_events::kind,
                lead_events::actor_id,
                lead_events::actor_kind,
                lead_events::reason,
                lead_events::detail_json,
                lead_events::created_at,
            ))
            .order(lead_events::id)
            .limit(page.fetch())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.0);
        let mut data: Vec<LeadEvent> = rows
            .into_iter()
            .map(|r| LeadEvent {
                id: r.0,
                kind: r.1,
                actor_id: r.2,
                actor_kind: r.3,
                reason: r.4,
                detail: r.5.and_then(|d| serde_json::from_str(&d).ok()),
                names: Default::default(),
                created_at: db::utc(r.6),
            })
            .collect();
        users::name_each(
            conn,
            &staff.company_id,
            &mut data,
            |e| staff_named(e).collect(),
            |e, names| e.names = names,
        )?;
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// The staff ids an event names: a staff actor, the owner it assigned
/// (`owner_id`), the owners a reassignment moved the lead between (`from`,
/// `to`) and the managers it escalated to (`to`, a list).
fn staff_named(e: &LeadEvent) -> impl Iterator<Item = &str> {
    let actor = e.actor_id.as_deref().filter(|_| e.actor_kind == "staff");
    event_names(&e.kind, actor, e.detail.as_ref())
}

/// The user ids a lead event of `kind` names: `actor` (when a person), and
/// from its `detail` the assigned owner, a reassignment's owners and the
/// managers it escalated to. Shared with the customer's timeline.
pub fn event_names<'a>(
    kind: &str,
    actor: Option<&'a str>,
    detail: Option<&'a serde_json::Value>,
) -> impl Iterator<Item = &'a str> {
    let field = |key: &str| detail.and_then(|d| d.get(key));
    let text = |key: &str| field(key).and_then(|v| v.as_str());
    let moved = (kind == "reassigned")
        .then(|| [text("from"), text("to")])
        .into_iter()
        .flatten()
        .flatten();
    let escalated_to = field("to")
        .and_then(|v| v.as_array())
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str());
    actor
        .into_iter()
        .chain(text("owner_id"))
        .chain(moved)
        .chain(escalated_to)
}

/// The lead's current grading and its explanation: which rules fired, what
/// each contributed, the rule-set version, and the thresholds that decided.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The grading", body = Grading),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead (`lead_not_found`), or not graded yet: it waits for a person (`grading_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads/{id}/grading")]
pub async fn get_lead_grading(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let grading = db::run(&state.pool, move |conn| {
        visibility::lead(conn, &staff, &id)?;
        type Row = (
            String,
            String,
            i32,
            i32,
            String,
            bool,
            Option<String>,
            String,
            chrono::NaiveDateTime,
        );
        let row: Row = gradings::table
            .filter(gradings::lead_id.eq(&id))
            .order(gradings::id.desc())
            .select((
                gradings::id,
                gradings::grade,
                gradings::score,
                gradings::rule_set_version,
                gradings::explanation_json,
                gradings::manual,
                gradings::actor_id,
                gradings::reason,
                gradings::created_at,
            ))
            .first(conn)
            .optional()?
            .ok_or_else(|| ApiError::not_found("grading_not_found"))?;
        let explanation: serde_json::Value = serde_json::from_str(&row.4).unwrap_or_default();
        let rules: Vec<RuleOutcome> =
            serde_json::from_value(explanation["rules"].clone()).unwrap_or_default();
        Ok(Grading {
            id: row.0,
            lead_id: id,
            grade: Grade::parse(&row.1).unwrap_or(Grade::C),
            score: row.2,
            rule_set_version: row.3,
            rules,
            decided_by: explanation["decided_by"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
            manual: row.5,
            actor_id: row.6,
            reason: row.7,
            created_at: db::utc(row.8),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(grading))
}

/// The customer's full phone, to call them. Every read is written to the
/// personal-data access log. Lists and reads elsewhere show it masked.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The unmasked contact", body = LeadContact),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours to see (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "A pool lead the sales rep or customer specialist has not claimed (`claim_first`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads/{id}/contact")]
pub async fn get_lead_contact(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let contact = db::run(&state.pool, move |conn| {
        let lead = visibility::worked_lead(conn, &staff, &id)?;
        let (name, enc): (String, String) = customers::table
            .find(&lead.customer_id)
            .select((customers::name, customers::phone_enc))
            .first(conn)?;
        let phone = st.personal_data.decrypt(&enc).map_err(ApiError::internal)?;
        audit::record_access(conn, &ctx, "customer", &lead.customer_id, &["phone"])?;
        Ok(LeadContact {
            lead_id: id,
            customer_id: lead.customer_id,
            name,
            phone,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(contact))
}
