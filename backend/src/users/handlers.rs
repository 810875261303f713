//! `/api/v1/users`: admins manage staff; privacy officers and admins read staff personal data.

use actix_web::{get, patch, post, put, web, HttpResponse};
use api_types::{CreateUser, GrantProjects, Page, Role, UpdateUser, User};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::queries::{self, UserFilter};
use crate::audit::{self, snapshot};
use crate::auth::principal::Admins;
use crate::auth::{password, sessions, RequireRole};
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::users;
use crate::state::AppState;

/// Query of `GET /api/v1/users`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListUsersQuery {
    /// Only this role.
    pub role: Option<Role>,
    /// `true`: only disabled users; `false`: only enabled ones.
    pub disabled: Option<bool>,
    /// Text in the e-mail or display name.
    pub q: Option<String>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the company's staff users.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(ListUsersQuery),
    responses(
        (status = 200, description = "One page of users", body = Page<User>),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users")]
pub async fn list_users(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    query: web::Query<ListUsersQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let filter = UserFilter {
        role: q.role,
        disabled: q.disabled,
        q: q.q.filter(|s| !s.trim().is_empty()),
    };
    let company = staff.company_id.clone();
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let rows = queries::list(conn, &company, &filter, page.after.as_deref(), page.fetch())?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
        let mut grants = queries::grants_of(conn, &ids)?;
        let data = rows
            .into_iter()
            .map(|r| {
                let g = grants.remove(&r.id).unwrap_or_default();
                r.view(&st.personal_data, g)
            })
            .collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Create a staff user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = CreateUser,
    responses(
        (status = 201, description = "Created; `Location` names the user", body = User),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The e-mail is taken (`email_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/users")]
pub async fn create_user(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    body: ValidJson<CreateUser>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let ctx = staff.audit();
    let st = state.clone();
    let user = db::run(&state.pool, move |conn| {
        let hash = password::hash(&input.password).map_err(ApiError::internal)?;
        let phone = input
            .phone
            .as_deref()
            .map(api_types::normalize_cn_mobile)
            .map(|p| {
                (
                    st.personal_data.encrypt(&p),
                    st.personal_data.blind_index("phone", &p),
                )
            });
        let email = input.email.trim().to_lowercase();
        db::write_tx(conn, |conn| {
            let unknown = queries::unknown_projects(conn, &ctx.company_id, &input.project_ids)?;
            if !unknown.is_empty() {
                return Err(ApiError::invalid_field(
                    "project_ids",
                    "unknown_project",
                    format!("no such project: {}", unknown.join(", ")),
                ));
            }
            let id = db::new_id();
            queries::insert(
                conn,
                &id,
                &ctx.company_id,
                &email,
                &hash,
                input.display_name.trim(),
                input.role,
                phone,
            )
            .map_err(|e| {
                if db::is_unique_violation(&e) {
                    ApiError::conflict("email_taken", "a user with this e-mail already exists")
                } else {
                    e.into()
                }
            })?;
            queries::set_grants(conn, &id, &input.project_ids)?;
            let row = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::internal("user vanished"))?;
            let view = queries::view_one(conn, &st.personal_data, row)?;
            audit::record(
                conn,
                &ctx,
                "user.create",
                "user",
                &id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    let location = format!("/api/v1/users/{}", user.id);
    Ok(created(location, &user, Some(user.version)))
}

/// Read one staff user (phone masked).
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, description = "The user; `ETag` carries its version", body = User),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user (`user_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/users/{id}")]
pub async fn get_user(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let company = staff.company_id.clone();
    let st = state.clone();
    let user = db::run(&state.pool, move |conn| {
        let row = queries::find(conn, &company, &id)?
            .ok_or_else(|| ApiError::not_found("user_not_found"))?;
        Ok(queries::view_one(conn, &st.personal_data, row)?)
    })
    .await?;
    Ok(ok_with_etag(&user, user.version))
}

/// Changeable columns of a user.
#[derive(AsChangeset, Default)]
#[diesel(table_name = users)]
struct UserChanges {
    display_name: Option<String>,
    role: Option<String>,
    disabled: Option<bool>,
    phone_enc: Option<String>,
    phone_bidx: Option<String>,
    password_hash: Option<String>,
}

/// Change a user: name, role, phone, password, or disable/enable.
///
/// Disabling a user or changing their password ends all their sessions at
/// once. Admins cannot disable themselves or change their own role.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = UpdateUser,
    params(
        ("id" = String, Path, description = "User id"),
        ("If-Match" = String, Header, description = "The user's ETag"),
    ),
    responses(
        (status = 200, description = "The changed user", body = User),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user (`user_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "Admins cannot disable or demote themselves (`cannot_change_self`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 412, description = "Stale `If-Match` (`precondition_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 428, description = "`If-Match` missing (`precondition_required`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/users/{id}")]
pub async fn update_user(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateUser>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let me = staff.user_id.clone();
    let st = state.clone();
    let user = db::run(&state.pool, move |conn| {
        let self_change = id == me
            && (input.disabled == Some(true) || input.role.is_some_and(|r| r != Role::Admin));
        if self_change {
            return Err(ApiError::conflict(
                "cannot_change_self",
                "you cannot disable yourself or give up your own admin role",
            ));
        }
        let mut changes = UserChanges {
            display_name: input.display_name.map(|s| s.trim().to_string()),
            role: input.role.map(|r| r.as_str().to_string()),
            disabled: input.disabled,
            ..UserChanges::default()
        };
        if let Some(p) = input.phone.as_deref().map(api_types::normalize_cn_mobile) {
            let p = &p;
            changes.phone_enc = Some(st.personal_data.encrypt(p));
            changes.phone_bidx = Some(st.personal_data.blind_index("phone", p));
        }
        if let Some(pw) = &input.password {
            changes.password_hash = Some(password::hash(pw).map_err(ApiError::internal)?);
        }
        db::write_tx(conn, |conn| {
            let row = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::not_found("user_not_found"))?;
            if row.version != if_match.0 {
                return Err(stale());
            }
            let before = queries::view_one(conn, &st.personal_data, row)?;
            let changed = diesel::update(
                users::table
                    .filter(users::id.eq(&id))
                    .filter(users::version.eq(if_match.0)),
            )
            .set((
                &changes,
                users::version.eq(users::version + 1),
                users::updated_at.eq(db::now()),
            ))
            .execute(conn)?;
            if changed == 0 {
                return Err(stale());
            }
            if input.disabled == Some(true) {
                sessions::revoke_all(conn, &id, "user_disabled")?;
            } else if input.password.is_some() {
                sessions::revoke_all(conn, &id, "password_changed")?;
            }
            let row = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::internal("user vanished"))?;
            let after = queries::view_one(conn, &st.personal_data, row)?;
            let action = match input.disabled {
                Some(true) if !before.disabled => "user.disable",
                Some(false) if before.disabled => "user.enable",
                _ if before.role != after.role => "user.change_role",
                _ => "user.update",
            };
            audit::record(
                conn,
                &ctx,
                action,
                "user",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&user, user.version))
}

/// Replace the projects granted to a user.
#[utoipa::path(
    tag = "users",
    security(("bearer" = [])),
    request_body = GrantProjects,
    params(("id" = String, Path, description = "User id")),
    responses(
        (status = 200, description = "The user with the new grants", body = User),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user (`user_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/users/{id}/projects")]
pub async fn grant_user_projects(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    path: web::Path<String>,
    body: ValidJson<GrantProjects>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ids = body.0.project_ids;
    let ctx = staff.audit();
    let st = state.clone();
    let user = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let row = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::not_found("user_not_found"))?;
            let unknown = queries::unknown_projects(conn, &ctx.company_id, &ids)?;
            if !unknown.is_empty() {
                return Err(ApiError::invalid_field(
                    "project_ids",
                    "unknown_project",
                    format!("no such project: {}", unknown.join(", ")),
                ));
            }
            let before = queries::view_one(conn, &st.personal_data, row)?;
            queries::set_grants(conn, &id, &ids)?;
            diesel::update(users::table.filter(users::id.eq(&id)))
                .set((
                    users::version.eq(users::version + 1),
                    users::updated_at.eq(db::now()),
                ))
                .execute(conn)?;
            let row = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::internal("user vanished"))?;
            let after = queries::view_one(conn, &st.personal_data, row)?;
            audit::record(
                conn,
                &ctx,
                "user.grant_projects",
                "user",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&user, user.version))
}
