//! `GET /api/v1/lead-staff`: the people a manager may assign a lead to.
//!
//! The same eligibility as `POST /leads/{id}/assign` (enabled sales managers,
//! sales reps and customer specialists granted the project), with each
//! person's open-lead count so the manager sees the workload. Only the display
//! name leaves the server: no email, no phone.

use actix_web::{get, web, HttpResponse};
use api_types::{LeadStaff, Page, Role};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::visibility::LeadManagers;
use crate::auth::{ProjectScope, RequireRole, Staff};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::schema::{leads, projects, user_projects, users};
use crate::state::AppState;

/// Roles a lead can be assigned to.
const ASSIGNABLE: [Role; 3] = [Role::SalesManager, Role::SalesRep, Role::CustomerSpecialist];

/// Lead statuses that still count as workload.
const OPEN: [&str; 3] = ["new", "contacted", "visited"];

/// Query of `GET /api/v1/lead-staff`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListLeadStaffQuery {
    /// Only staff granted this project (the assign form). Without it: staff of
    /// every project the caller sees (the list's owner filter).
    pub project_id: Option<String>,
    /// Only this role (`sales_manager`, `sales_rep` or `customer_specialist`).
    pub role: Option<Role>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the staff a lead may be assigned to, with their open-lead counts.
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(ListLeadStaffQuery),
    responses(
        (status = 200, description = "One page of assignable staff, oldest account first", body = Page<LeadStaff>),
        (status = 403, description = "Only crm_head and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted to a sales manager (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "`role` is not a role leads are assigned to (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/lead-staff")]
pub async fn list_lead_staff(
    state: web::Data<AppState>,
    staff: RequireRole<LeadManagers>,
    query: web::Query<ListLeadStaffQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    if let Some(role) = q.role {
        if !ASSIGNABLE.contains(&role) {
            return Err(ApiError::invalid_field(
                "role",
                "not_assignable",
                "leads are assigned to sales managers, sales reps and customer specialists",
            ));
        }
    }
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let staff = (*staff).clone();
    let body = crate::db::run(&state.pool, move |conn| {
        if let Some(p) = &q.project_id {
            crate::projects::scope::project(conn, &staff, p)?;
        }
        let rows = assignable(conn, &staff, q.project_id.as_deref(), q.role, &page)?;
        let (data, next_cursor) = page.finish(rows, |s| &s.id);
        Ok::<_, ApiError>(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// One page of assignable staff (two queries: the people, then their counts).
fn assignable(
    conn: &mut DbConn,
    staff: &Staff,
    project_id: Option<&str>,
    role: Option<Role>,
    page: &PageParams,
) -> QueryResult<Vec<LeadStaff>> {
    let roles: Vec<String> = match role {
        Some(r) => vec![r.as_str().to_string()],
        None => ASSIGNABLE.iter().map(|r| r.as_str().to_string()).collect(),
    };
    // Projects whose staff the caller may list: the one asked for (already
    // checked visible), or every project in the caller's scope.
    let mut scope = projects::table
        .filter(projects::company_id.eq(staff.company_id.clone()))
        .select(projects::id)
        .into_boxed::<MultiBackend>();
    if let Some(p) = project_id {
        scope = scope.filter(projects::id.eq(p.to_string()));
    }
    if let ProjectScope::Granted(uid) = staff.project_scope() {
        scope = scope.filter(
            projects::id.eq_any(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id),
            ),
        );
    }
    let in_scope: Vec<String> = scope.load(conn)?;
    let granted = user_projects::table
        .filter(user_projects::project_id.eq_any(in_scope))
        .select(user_projects::user_id);
    let mut q = users::table
        .filter(users::company_id.eq(staff.company_id.clone()))
        .filter(users::disabled.eq(false))
        .filter(users::role.eq_any(roles))
        .filter(users::id.eq_any(granted))
        .into_boxed::<MultiBackend>();
    if let Some(after) = &page.after {
        q = q.filter(users::id.gt(after.clone()));
    }
    let people: Vec<(String, String, String)> = q
        .select((users::id, users::display_name, users::role))
        .order(users::id.asc())
        .limit(page.fetch())
        .load(conn)?;
    let ids: Vec<String> = people.iter().map(|p| p.0.clone()).collect();
    let counts: Vec<(Option<String>, i64)> = leads::table
        .filter(leads::company_id.eq(staff.company_id.clone()))
        .filter(leads::owner_id.eq_any(ids))
        .filter(leads::status.eq_any(OPEN))
        .group_by(leads::owner_id)
        .select((leads::owner_id, diesel::dsl::count_star()))
        .load(conn)?;
    Ok(people
        .into_iter()
        .filter_map(|(id, display_name, role)| {
            let role = Role::parse(&role)?;
            let open_leads = counts
                .iter()
                .find(|(owner, _)| owner.as_deref() == Some(id.as_str()))
                .map_or(0, |c| c.1);
            Some(LeadStaff {
                id,
                display_name,
                role,
                open_leads,
            })
        })
        .collect())
}
