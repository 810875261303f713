//! Buildings (栋) and their sales-control grid (销控表).

use api_types::{Building, CreateBuilding, Page, SalesControl, UpdateBuilding};

use super::{delete, get, write, ApiResult, Method};

/// `GET /api/v1/projects/{project_id}/buildings`, one page.
pub async fn list(
    project_id: &str,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Building>> {
    let query = [
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get(&format!("/api/v1/projects/{project_id}/buildings"), &query).await
}

/// `POST /api/v1/projects/{project_id}/buildings`.
pub async fn create(project_id: &str, body: &CreateBuilding) -> ApiResult<Building> {
    write(
        Method::Post,
        &format!("/api/v1/projects/{project_id}/buildings"),
        body,
        None,
    )
    .await
}

/// `PATCH /api/v1/buildings/{id}` at `version`.
pub async fn update(id: &str, version: i32, body: &UpdateBuilding) -> ApiResult<Building> {
    write(
        Method::Patch,
        &format!("/api/v1/buildings/{id}"),
        body,
        Some(version),
    )
    .await
}

/// `DELETE /api/v1/buildings/{id}` at `version`.
pub async fn remove(id: &str, version: i32) -> ApiResult<()> {
    delete(&format!("/api/v1/buildings/{id}"), version).await
}

/// `GET /api/v1/buildings/{id}/sales-control`: floors top-down with their units.
pub async fn sales_control(id: &str) -> ApiResult<SalesControl> {
    get(&format!("/api/v1/buildings/{id}/sales-control"), &[]).await
}
