//! Customers and the customer 360 (客户画像): list, profile, value tier, timeline.

use api_types::{
    CustomerListItem, CustomerProfile, CustomerValue, OverrideValueTier, Page, TimelineEntry,
    ValueTier,
};

use super::{get, write, ApiResult, Method};

/// Filters of `GET /api/v1/customers`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CustomerFilter {
    /// An exact phone (any spelling) or part of the name.
    pub q: String,
    /// Only this value tier.
    pub value_tier: Option<ValueTier>,
    /// Only customers of this project.
    pub project_id: String,
}

/// `GET /api/v1/customers`, one page.
pub async fn list(
    filter: &CustomerFilter,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<CustomerListItem>> {
    let query = [
        ("q", filter.q.trim().to_string()),
        (
            "value_tier",
            filter
                .value_tier
                .map(|t| t.as_str().to_string())
                .unwrap_or_default(),
        ),
        ("project_id", filter.project_id.clone()),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/customers", &query).await
}

/// `GET /api/v1/customers/{id}/profile`.
pub async fn profile(id: &str) -> ApiResult<CustomerProfile> {
    get(&format!("/api/v1/customers/{id}/profile"), &[]).await
}

/// `GET /api/v1/customers/{id}/timeline`, one page (newest first).
pub async fn timeline(
    id: &str,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<TimelineEntry>> {
    let query = [
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get(&format!("/api/v1/customers/{id}/timeline"), &query).await
}

/// `PUT /api/v1/customers/{id}/value-tier` at `version` (a manual tier, or `None` to clear it).
pub async fn override_tier(
    id: &str,
    version: i32,
    body: &OverrideValueTier,
) -> ApiResult<CustomerValue> {
    write(
        Method::Put,
        &format!("/api/v1/customers/{id}/value-tier"),
        body,
        Some(version),
    )
    .await
}
