//! `/api/v1/projects`.

use actix_web::{delete, get, patch, post, web, HttpResponse};
use api_types::{CreateProject, Page, Project, UpdateProject};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::model::ProjectRow;
use super::{dependents, scope};
use crate::audit::{self, snapshot};
use crate::auth::principal::ProjectManagers;
use crate::auth::{RequireRole, Staff};
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::{projects, user_projects};
use crate::state::AppState;
use crate::users::queries::escape_like;

/// Query of `GET /api/v1/projects`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListProjectsQuery {
    /// Text in the project name.
    pub q: Option<String>,
    /// Exact city.
    pub city: Option<String>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

fn name_taken(e: diesel::result::Error) -> ApiError {
    if db::is_unique_violation(&e) {
        ApiError::conflict("project_name_taken", "another project has this name")
    } else {
        e.into()
    }
}

/// List the projects the caller may see.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(ListProjectsQuery),
    responses((status = 200, description = "One page of projects", body = Page<Project>))
)]
#[get("/projects")]
pub async fn list_projects(
    state: web::Data<AppState>,
    staff: Staff,
    query: web::Query<ListProjectsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let body = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_projects(&staff);
        if let Some(text) = q.q.filter(|s| !s.trim().is_empty()) {
            query = query.filter(
                projects::name
                    .like(format!("%{}%", escape_like(text.trim())))
                    .escape('\\'),
            );
        }
        if let Some(city) = q.city.filter(|s| !s.is_empty()) {
            query = query.filter(projects::city.eq(city));
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(projects::id.gt(after));
        }
        let rows: Vec<ProjectRow> = query
            .select(ProjectRow::as_select())
            .order(projects::id)
            .limit(page.fetch())
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        Ok(Page {
            data: rows.into_iter().map(Project::from).collect(),
            next_cursor,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Create a project.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    request_body = CreateProject,
    responses(
        (status = 201, description = "Created; `Location` names the project", body = Project),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`project_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/projects")]
pub async fn create_project(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    body: ValidJson<CreateProject>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let ctx = staff.audit();
    let project = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let now = db::now();
            let row: ProjectRow = diesel::insert_into(projects::table)
                .values((
                    projects::id.eq(db::new_id()),
                    projects::company_id.eq(&ctx.company_id),
                    projects::name.eq(input.name.trim()),
                    projects::city.eq(input.city.trim()),
                    projects::district.eq(input.district.trim()),
                    projects::address.eq(input.address.trim()),
                    projects::version.eq(1),
                    projects::created_at.eq(now),
                    projects::updated_at.eq(now),
                ))
                .returning(projects::all_columns)
                .get_result(conn)
                .map_err(name_taken)?;
            let view = Project::from(row);
            audit::record(
                conn,
                &ctx,
                "project.create",
                "project",
                &view.id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/projects/{}", project.id),
        &project,
        Some(project.version),
    ))
}

/// Read one project.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Project id")),
    responses(
        (status = 200, description = "The project; `ETag` carries its version", body = Project),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/projects/{id}")]
pub async fn get_project(
    state: web::Data<AppState>,
    staff: Staff,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let project = db::run(&state.pool, move |conn| {
        Ok(Project::from(scope::project(conn, &staff, &id)?))
    })
    .await?;
    Ok(ok_with_etag(&project, project.version))
}

/// Changeable columns of a project.
#[derive(AsChangeset)]
#[diesel(table_name = projects)]
struct ProjectChanges {
    name: Option<String>,
    city: Option<String>,
    district: Option<String>,
    address: Option<String>,
}

/// Change a project.
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    request_body = UpdateProject,
    params(
        ("id" = String, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "The project's ETag"),
    ),
    responses(
        (status = 200, description = "The changed project", body = Project),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`project_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/projects/{id}")]
pub async fn update_project(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateProject>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let project = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = scope::project(conn, &staff, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            let changes = ProjectChanges {
                name: input.name.map(|s| s.trim().to_string()),
                city: input.city.map(|s| s.trim().to_string()),
                district: input.district.map(|s| s.trim().to_string()),
                address: input.address.map(|s| s.trim().to_string()),
            };
            // The version in the WHERE clause makes a concurrent writer lose (412), not overwrite.
            let after: ProjectRow = diesel::update(
                projects::table
                    .filter(projects::id.eq(&id))
                    .filter(projects::version.eq(if_match.0)),
            )
            .set((
                changes,
                projects::version.eq(projects::version + 1),
                projects::updated_at.eq(db::now()),
            ))
            .returning(projects::all_columns)
            .get_result(conn)
            .optional()
            .map_err(name_taken)?
            .ok_or_else(stale)?;
            let (before, after) = (Project::from(before), Project::from(after));
            audit::record(
                conn,
                &ctx,
                "project.update",
                "project",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&project, project.version))
}

/// Delete a project nothing points at yet (no buildings, leads, deals,
/// referrals, staff phone numbers or delivery batches).
#[utoipa::path(
    tag = "projects",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Project id"),
        ("If-Match" = String, Header, description = "The project's ETag"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 403, description = "Only admin and crm_head (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The project still has buildings, leads, deals, referrals, staff phone numbers or delivery batches (`project_not_empty`; the detail names which)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/projects/{id}")]
pub async fn delete_project(
    state: web::Data<AppState>,
    staff: RequireRole<ProjectManagers>,
    path: web::Path<String>,
    if_match: IfMatch,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    let staff = (*staff).clone();
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = scope::project(conn, &staff, &id)?;
            if row.version != if_match.0 {
                return Err(stale());
            }
            dependents::refuse_if_held(
                conn,
                "projects",
                dependents::PROJECT,
                &id,
                "project_not_empty",
                "project",
            )?;
            diesel::delete(user_projects::table.filter(user_projects::project_id.eq(&id)))
                .execute(conn)?;
            let gone = diesel::delete(
                projects::table
                    .filter(projects::id.eq(&id))
                    .filter(projects::version.eq(if_match.0)),
            )
            .execute(conn)?;
            if gone == 0 {
                return Err(stale());
            }
            audit::record(
                conn,
                &ctx,
                "project.delete",
                "project",
                &id,
                snapshot(&Project::from(row)),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
