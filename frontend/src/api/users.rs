//! Staff users (admin only).

use api_types::{CreateUser, GrantProjects, Page, Role, UpdateUser, User};

use super::{get, write, ApiResult, Method};

/// Filters of the user list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// E-mail or name contains.
    pub q: String,
}

/// `GET /api/v1/users`, one page.
pub async fn list(
    filter: &UserFilter,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<User>> {
    let query = [
        (
            "role",
            filter
                .role
                .map(|r| r.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("q", filter.q.trim().to_string()),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/users", &query).await
}

/// `POST /api/v1/users` (no `Idempotency-Key`: the server keeps none for a
/// body holding a password; a second submit is refused as `email_taken`).
pub async fn create(body: &CreateUser) -> ApiResult<User> {
    write(Method::Post, "/api/v1/users", body, None).await
}

/// `PATCH /api/v1/users/{id}` at `version` (role, disabled, name …).
pub async fn update(id: &str, version: i32, body: &UpdateUser) -> ApiResult<User> {
    write(
        Method::Patch,
        &format!("/api/v1/users/{id}"),
        body,
        Some(version),
    )
    .await
}

/// `PUT /api/v1/users/{id}/projects`: replaces the granted projects.
pub async fn grant_projects(id: &str, project_ids: Vec<String>) -> ApiResult<User> {
    let body = GrantProjects { project_ids };
    write(
        Method::Put,
        &format!("/api/v1/users/{id}/projects"),
        &body,
        None,
    )
    .await
}
