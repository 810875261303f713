//! Who works a lead: manual grading, reassignment, claiming from the pool (公海).

use actix_web::{post, web, HttpResponse};
use api_types::{AssignLead, GradeLead, Lead, Role};
use diesel::prelude::*;
use serde_json::json;

use super::pipeline::{self, Cause};
use super::visibility::{self, LeadEditors, LeadManagers};
use super::{events, queries};
use crate::audit::{self, snapshot};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, ValidJson};
use crate::schema::{leads, user_projects, users};
use crate::settings;
use crate::state::AppState;

/// Grade a lead by hand (override, or the first grade of a customer who opted
/// out of automated decisions). Records who and why; rules no longer change it.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    request_body = GradeLead,
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The graded lead", body = Lead),
        (status = 403, description = "The role may not work leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lead is converted or lost (`lead_closed`), or a pool lead the sales rep or customer specialist has not claimed (`claim_first`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/{id}/grade")]
pub async fn grade_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    path: web::Path<String>,
    body: ValidJson<GradeLead>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = super::work::open_lead(conn, &staff, &id)?;
            let decided_by = format!("manual grade by {}", staff.user_id);
            pipeline::store_grading(
                conn,
                &ctx,
                &id,
                input.grade,
                0,
                0,
                &[],
                &decided_by,
                true,
                input.reason.trim(),
            )?;
            diesel::update(leads::table.find(&id))
                .set((
                    leads::grade.eq(input.grade.as_str()),
                    leads::grade_source.eq("manual"),
                    leads::version.eq(leads::version + 1),
                    leads::updated_at.eq(db::now()),
                ))
                .execute(conn)?;
            let detail = json!({"from": row.grade, "to": input.grade.as_str()});
            events::record(
                conn,
                &ctx,
                &id,
                "graded_manually",
                input.reason.trim(),
                Some(detail),
            )?;
            pipeline::after_change(conn, &ctx, &id, Cause::GradedManually)?;
            let after = queries::view_by_id(conn, &st.personal_data, &id)?;
            audit::record(
                conn,
                &ctx,
                "lead.grade",
                "lead",
                &id,
                None,
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}

/// Reassign a lead to a staff user granted its project.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    request_body = AssignLead,
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The reassigned lead", body = Lead),
        (status = 403, description = "Only crm_head and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not yours (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The lead is converted or lost (`lead_closed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/{id}/assign")]
pub async fn assign_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadManagers>,
    path: web::Path<String>,
    body: ValidJson<AssignLead>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            db::lock_row(conn, "leads", &id)?;
            let row = visibility::lead(conn, &staff, &id)?;
            if !row.is_open() {
                return Err(ApiError::conflict("lead_closed", "the lead is converted or lost"));
            }
            let target: Option<(String, bool)> = users::table
                .filter(users::company_id.eq(&ctx.company_id))
                .filter(users::id.eq(&input.owner_id))
                .select((users::role, users::disabled))
                .first(conn)
                .optional()?;
            let granted: bool = diesel::select(diesel::dsl::exists(
                user_projects::table
                    .filter(user_projects::user_id.eq(&input.owner_id))
                    .filter(user_projects::project_id.eq(&row.project_id)),
            ))
            .get_result(conn)?;
            let works_leads = |r: &str| {
                matches!(Role::parse(r), Some(Role::SalesManager | Role::SalesRep | Role::CustomerSpecialist))
            };
            match target {
                Some((role, false)) if works_leads(&role) && granted => {}
                _ => {
                    return Err(ApiError::invalid_field(
                        "owner_id",
                        "ineligible_owner",
                        "the owner must be an enabled sales manager, sales rep or customer specialist granted the project",
                    ))
                }
            }
            super::assignment::set_owner(conn, &id, Some(&input.owner_id))?;
            let detail = json!({"from": row.owner_id, "to": input.owner_id});
            events::record(conn, &ctx, &id, "reassigned", input.reason.trim(), Some(detail))?;
            pipeline::after_change(conn, &ctx, &id, Cause::OwnerChanged)?;
            let after = queries::view_by_id(conn, &st.personal_data, &id)?;
            audit::record(conn, &ctx, "lead.assign", "lead", &id, None, snapshot(&after))?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}

/// Claim a lead from the pool. Eligible: staff granted the project whose role
/// takes the lead's grade (the assignment setting), and sales managers.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Lead id")),
    responses(
        (status = 200, description = "The lead, now yours", body = Lead),
        (status = 403, description = "The role may not work leads, or may not take this grade (`forbidden`, `not_eligible`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such lead, or not visible (`lead_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not in the pool: someone owns it (`already_claimed`), or it is closed (`lead_closed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/{id}/claim")]
pub async fn claim_lead(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let lead = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = visibility::lead(conn, &staff, &id)?;
            if !row.is_open() {
                return Err(ApiError::conflict(
                    "lead_closed",
                    "the lead is converted or lost",
                ));
            }
            let roles = settings::get::<api_types::LeadAssignment>(conn, &row.company_id)?
                .value
                .for_project(&row.project_id);
            let takes_grade = row.grade().is_none_or(|g| roles.role_for(g) == staff.role);
            let granted: bool = diesel::select(diesel::dsl::exists(
                user_projects::table
                    .filter(user_projects::user_id.eq(&staff.user_id))
                    .filter(user_projects::project_id.eq(&row.project_id)),
            ))
            .get_result(conn)?;
            if !granted || !(takes_grade || staff.role == Role::SalesManager) {
                return Err(ApiError::new(
                    actix_web::http::StatusCode::FORBIDDEN,
                    "not_eligible",
                    "your role does not take leads of this grade in this project",
                ));
            }
            // Conditional: of two claims at once, exactly one wins.
            let now = db::now();
            let won = diesel::update(
                leads::table
                    .filter(leads::id.eq(&id))
                    .filter(leads::owner_id.is_null()),
            )
            .set((
                leads::owner_id.eq(&staff.user_id),
                leads::assigned_at.eq(now),
                leads::version.eq(leads::version + 1),
                leads::updated_at.eq(now),
            ))
            .execute(conn)?;
            if won == 0 {
                return Err(ApiError::conflict(
                    "already_claimed",
                    "someone else owns this lead",
                ));
            }
            events::record(conn, &ctx, &id, "claimed", "claimed from the pool", None)?;
            pipeline::after_change(conn, &ctx, &id, Cause::OwnerChanged)?;
            let after = queries::view_by_id(conn, &st.personal_data, &id)?;
            audit::record(
                conn,
                &ctx,
                "lead.claim",
                "lead",
                &id,
                None,
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&lead, lead.version))
}
