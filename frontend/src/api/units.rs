//! Units (房号).

use api_types::{BulkCreateUnits, BulkCreated, CreateUnit, Page, Unit, UnitStatus, UpdateUnit};

use super::{delete, get, write, ApiResult, Method};

/// Filters of a building's unit list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct UnitFilter {
    /// Only this status.
    pub status: Option<UnitStatus>,
    /// Only this floor.
    pub floor: Option<i32>,
}

/// `GET /api/v1/buildings/{building_id}/units`, one page.
pub async fn list(
    building_id: &str,
    filter: &UnitFilter,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Unit>> {
    let query = [
        (
            "status",
            filter
                .status
                .map(|s| s.as_str().to_string())
                .unwrap_or_default(),
        ),
        (
            "floor",
            filter.floor.map(|f| f.to_string()).unwrap_or_default(),
        ),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get(&format!("/api/v1/buildings/{building_id}/units"), &query).await
}

/// `POST /api/v1/buildings/{building_id}/units`.
pub async fn create(building_id: &str, body: &CreateUnit) -> ApiResult<Unit> {
    write(
        Method::Post,
        &format!("/api/v1/buildings/{building_id}/units"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/buildings/{building_id}/units/bulk`: floors × positions at once.
pub async fn bulk_create(building_id: &str, body: &BulkCreateUnits) -> ApiResult<BulkCreated> {
    let path = format!("/api/v1/buildings/{building_id}/units/bulk");
    write(Method::Post, &path, body, None).await
}

/// `PATCH /api/v1/units/{id}` at `version`.
pub async fn update(id: &str, version: i32, body: &UpdateUnit) -> ApiResult<Unit> {
    write(
        Method::Patch,
        &format!("/api/v1/units/{id}"),
        body,
        Some(version),
    )
    .await
}

/// `DELETE /api/v1/units/{id}` at `version`.
pub async fn remove(id: &str, version: i32) -> ApiResult<()> {
    delete(&format!("/api/v1/units/{id}"), version).await
}

/// `GET /api/v1/units/{id}`.
pub async fn fetch(id: &str) -> ApiResult<Unit> {
    get(&format!("/api/v1/units/{id}"), &[]).await
}

/// `GET /api/v1/units?project_id=…&status=available` (first 200): where a deal may move.
pub async fn available_in_project(project_id: &str) -> ApiResult<Page<Unit>> {
    let query = [
        ("project_id", project_id.to_string()),
        ("status", UnitStatus::Available.as_str().to_string()),
        ("limit", "200".to_string()),
    ];
    get("/api/v1/units", &query).await
}

/// Every unit of a project (optionally of one status), following the cursor;
/// capped at 10 pages of 200 (a delivery batch holds at most 2000 units).
pub async fn all_in_project(project_id: &str, status: Option<UnitStatus>) -> ApiResult<Vec<Unit>> {
    let mut all = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..10 {
        let query = [
            ("project_id", project_id.to_string()),
            (
                "status",
                status.map(|s| s.as_str().to_string()).unwrap_or_default(),
            ),
            ("limit", "200".to_string()),
            ("cursor", cursor.take().unwrap_or_default()),
        ];
        let page: Page<Unit> = get("/api/v1/units", &query).await?;
        all.extend(page.data);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(all)
}
