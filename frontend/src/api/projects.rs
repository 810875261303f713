//! Projects (楼盘).

use api_types::{CreateProject, Page, Project, UpdateProject};

use super::{delete, get, post_idempotent, write, ApiResult, Method};

/// Filters of the project list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectFilter {
    /// Name contains.
    pub q: String,
    /// City equals.
    pub city: String,
}

/// `GET /api/v1/projects`, one page.
pub async fn list(
    filter: &ProjectFilter,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Project>> {
    let query = [
        ("q", filter.q.trim().to_string()),
        ("city", filter.city.trim().to_string()),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/projects", &query).await
}

/// Every project the user may see (for pickers), following the cursor.
///
/// Capped at 10 pages of 200 so a huge company cannot hang the form.
pub async fn list_all() -> ApiResult<Vec<Project>> {
    let mut all = Vec::new();
    let mut cursor = None;
    for _ in 0..10 {
        let page = list(&ProjectFilter::default(), 200, cursor).await?;
        all.extend(page.data);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(all)
}

/// `GET /api/v1/projects/{id}`.
pub async fn fetch(id: &str) -> ApiResult<Project> {
    get(&format!("/api/v1/projects/{id}"), &[]).await
}

/// `POST /api/v1/projects` with an `Idempotency-Key`.
pub async fn create(body: &CreateProject, key: &str) -> ApiResult<Project> {
    post_idempotent("/api/v1/projects", body, key).await
}

/// `PATCH /api/v1/projects/{id}` at `version`.
pub async fn update(id: &str, version: i32, body: &UpdateProject) -> ApiResult<Project> {
    write(
        Method::Patch,
        &format!("/api/v1/projects/{id}"),
        body,
        Some(version),
    )
    .await
}

/// `DELETE /api/v1/projects/{id}` at `version`.
pub async fn remove(id: &str, version: i32) -> ApiResult<()> {
    delete(&format!("/api/v1/projects/{id}"), version).await
}
