//! `/api/v1/leads`: capture, search, read, timeline, grading, contact.

use actix_web::{get, post, web, HttpResponse};
use api_types::{
    ApiKeyScope, CaptureLead, Captured, Grade, Lead, LeadSource, LeadStatus, Page, SlaState,
};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::capture::{self, Origin};
use super::queries::{self, After, LeadFilter};
use super::visibility::{self, LeadEditors, LeadWorkers};
use crate::auth::integration::Caller;
use crate::auth::principal::RolePolicy;
use crate::auth::{DeferredStaff, ProjectScope, RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{decode_composite, encode_composite, ok_with_etag, PageParams, ValidJson};
use crate::schema::user_projects;
use crate::state::AppState;

/// Capture a lead: by staff (bearer) or by an integration (`X-API-Key` with `leads:write`).
///
/// A phone that is already a customer attaches the lead to that customer
/// (`duplicate: true`, never a second person). The lead is graded by the
/// company's rules (unless the customer opted out of automated decisions),
/// assigned, and its first-contact clock starts. Retry-safe with `Idempotency-Key`.
/// On a duplicate whose new lead the caller may not see (always for an
/// integration), the answer is `withheld`: the lead as captured, before the
/// rules ran (the name sent; grade, owner and clock `null`; version 1; no
/// `ETag`). An integration, which never reads leads, thus gets the same
/// answer whatever is stored of the person, an opt-out of automated
/// decisions included. Staff who may see the new lead (theirs, or in their
/// pool) get it as `GET /leads/{id}` shows it; where it landed follows the
/// rules (an opted-out customer's lead waits ungraded in the pool).
#[utoipa::path(
    tag = "leads",
    security(("bearer" = []), ("api_key" = [])),
    request_body = CaptureLead,
    responses(
        (status = 201, description = "Captured; `Location` names the lead", body = Captured),
        (status = 403, description = "The role may not capture leads, or the key lacks `leads:write` (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads")]
pub async fn capture_lead(
    state: web::Data<AppState>,
    caller: Caller,
    body: ValidJson<CaptureLead>,
) -> Result<HttpResponse, ApiError> {
    caller.require_scope(ApiKeyScope::LeadsWrite)?;
    let staff = caller.staff().cloned();
    if let Some(s) = &staff {
        if !LeadEditors::allows(s.role) {
            return Err(ApiError::forbidden());
        }
    }
    let input = body.0;
    let ctx = caller.audit();
    let via = if staff.is_some() {
        "staff"
    } else {
        "integration"
    };
    let st = state.clone();
    let captured = db::run(&state.pool, move |conn| {
        let allowed_projects = match staff.as_ref().map(|s| s.project_scope()) {
            Some(ProjectScope::Granted(uid)) => Some(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id)
                    .load::<String>(conn)?,
            ),
            _ => None,
        };
        let origin = Origin {
            ctx,
            via,
            allowed_projects,
        };
        db::write_tx(conn, |conn| {
            let out = capture::capture(conn, &st.personal_data, &origin, &input)?;
            let row = queries::reload(conn, &out.lead_id)?;
            let mut lead = queries::view(conn, &st.personal_data, row)?;
            let withheld = out.duplicate && !sees_lead(conn, staff.as_ref(), &lead.id)?;
            if withheld {
                withhold(&mut lead, &input);
            }
            Ok::<_, ApiError>(Captured {
                lead,
                duplicate: out.duplicate,
                withheld,
            })
        })
    })
    .await?;
    Ok(crate::extract::created(
        format!("/api/v1/leads/{}", captured.lead.id),
        &captured,
        (!captured.withheld).then_some(captured.lead.version),
    ))
}

/// A phone must not tell the capturer what the CRM knows about a customer
/// whose new lead they may not see: the answer is the lead as captured,
/// before the pipeline ran on what is stored of that person (grade, owner,
/// clock, and the version and update time that would count their steps; an
/// opt-out of automated decisions leaves the grade to a person), with the
/// name the capturer gave.
fn withhold(lead: &mut Lead, input: &CaptureLead) {
    lead.customer_name = input.name.trim().to_string();
    lead.grade = None;
    lead.grade_source = None;
    lead.owner_id = None;
    lead.sla_state = None;
    lead.next_due_at = None;
    lead.version = 1;
    lead.updated_at = lead.created_at;
}

/// Whether the staff caller may see the lead (an integration never reads leads).
fn sees_lead(conn: &mut DbConn, staff: Option<&Staff>, id: &str) -> QueryResult<bool> {
    let Some(staff) = staff else {
        return Ok(false);
    };
    visibility::visible(staff)
        .filter(crate::schema::leads::id.eq(id.to_string()))
        .count()
        .get_result::<i64>(conn)
        .map(|n| n > 0)
}

/// Query of `GET /api/v1/leads`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListLeadsQuery {
    /// Grade.
    pub grade: Option<Grade>,
    /// Lifecycle status.
    pub status: Option<LeadStatus>,
    /// Source channel.
    pub source: Option<LeadSource>,
    /// Owner (staff user id).
    pub owner_id: Option<String>,
    /// `true`: only the pool (公海), leads without an owner.
    pub pool: Option<bool>,
    /// Project.
    pub project_id: Option<String>,
    /// Customer.
    pub customer_id: Option<String>,
    /// SLA state of the lead's clock.
    pub sla_state: Option<SlaState>,
    /// Created at or after (RFC 3339).
    pub created_from: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before (RFC 3339).
    pub created_to: Option<chrono::DateTime<chrono::Utc>>,
    /// Text in the customer's name.
    pub q: Option<String>,
    /// The customer's phone, matched exactly (any spacing, `+86` allowed) through its blind index.
    pub phone: Option<String>,
    /// Only leads whose follow-up clock is due before this time (RFC 3339), e.g. the end of today.
    pub due_before: Option<chrono::DateTime<chrono::Utc>>,
    /// `created` (default, oldest first) or `next_due` (soonest due first; leads without a clock are left out).
    pub sort: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// Search the leads the caller may see.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(ListLeadsQuery),
    responses(
        (status = 200, description = "One page of leads", body = Page<Lead>),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads")]
pub async fn list_leads(
    state: web::Data<AppState>,
    staff: DeferredStaff<LeadWorkers>,
    query: web::Query<ListLeadsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let by_due = match q.sort.as_deref() {
        None | Some("created") => false,
        Some("next_due") => true,
        Some(_) => {
            return Err(ApiError::invalid_field(
                "sort",
                "invalid",
                "use created or next_due",
            ))
        }
    };
    let (page, after) = if by_due {
        let page = PageParams::new(q.limit, None)?;
        let after = match q.cursor.as_deref().filter(|c| !c.is_empty()) {
            None => After::Start,
            Some(c) => {
                let parts = decode_composite(c, 2).ok_or_else(bad_cursor)?;
                let t = chrono::NaiveDateTime::parse_from_str(&parts[0], "%Y-%m-%dT%H:%M:%S%.f")
                    .ok()
                    .and_then(|t| db::time::in_range("cursor", t).ok())
                    .ok_or_else(bad_cursor)?;
                After::Due(t, parts[1].clone())
            }
        };
        (page, after)
    } else {
        let page = PageParams::new(q.limit, q.cursor.as_deref())?;
        let after = page.after.clone().map_or(After::Start, After::Id);
        (page, after)
    };
    let filter = LeadFilter {
        grade: q.grade,
        status: q.status,
        source: q.source,
        owner_id: q.owner_id,
        pool: q.pool.unwrap_or(false),
        project_id: q.project_id,
        customer_id: q.customer_id,
        sla_state: q.sla_state,
        created_from: db::time::filter("created_from", q.created_from)?,
        created_to: db::time::filter("created_to", q.created_to)?,
        name: q.q.map(|s| s.trim().to_string()).filter(|s| !s.is_empty()),
        phone_customer_id: None,
        due_before: db::time::filter("due_before", q.due_before)?,
    };
    // The phone is never logged (the access log records the path only) and
    // never echoed in an error.
    let phone = match q.phone.as_deref().map(str::trim).filter(|p| !p.is_empty()) {
        None => None,
        Some(p) => {
            if api_types::validate_cn_mobile(p).is_err() {
                return Err(ApiError::invalid_field(
                    "phone",
                    "phone",
                    "must be an 11-digit mainland mobile number",
                ));
            }
            Some(api_types::normalize_cn_mobile(p))
        }
    };
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let found = |p: &Page<Lead>| !p.data.is_empty();
        staff.run(conn, found, |conn, staff, live| {
            let mut filter = filter.clone();
            if let Some(phone) = &phone {
                let found = crate::customers::queries::by_phone(
                    conn,
                    &st.personal_data,
                    &staff.company_id,
                    phone,
                )?;
                match found {
                    Some(id) => filter.phone_customer_id = Some(id),
                    None => {
                        return Ok(Page {
                            data: Vec::new(),
                            next_cursor: None,
                        })
                    }
                }
            }
            let rows = queries::search(conn, staff, live, &filter, by_due, &after, page.fetch())?;
            let more = rows.len() as i64 > page.limit;
            let mut rows = rows;
            rows.truncate(page.limit as usize);
            let next_cursor = match rows.last().filter(|_| more) {
                None => None,
                Some((row, _)) if by_due => row.next_due_at.map(|t| {
                    encode_composite(&[&t.format("%Y-%m-%dT%H:%M:%S%.6f").to_string(), &row.id])
                }),
                Some((row, _)) => Some(crate::extract::encode_id_cursor(&row.id)),
            };
            let data = rows
                .into_iter()
                .map(|(row, extras)| row.view(extras, &st.personal_data))
                .collect();
            Ok(Page { data, next_cursor })
        })
    })
    .await?;
    // A lead is about 730 bytes of JSON.
    crate::extract::ok_page(&body, 1024)
}

fn bad_cursor() -> ApiError {
    ApiError::invalid_field("cursor", "invalid", "not a cursor this API issued")
}

/// Read one lead (phone masked).
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The lead; `ETag` carries its version", body = Lead),
        (status = 403, description = "The role works with no leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours to see (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/leads/{id}")]
pub async fn get_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        let row = visibility::lead(conn, &staff, &id)?;
        Ok(queries::view(conn, &st.personal_data, row)?)
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}
