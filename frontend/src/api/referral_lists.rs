//! The lists referral eligibility needs (DOMAIN §5): a customer's household
//! (`/customers/{id}/relatives`, not paginated) and the staff and agency
//! phones (`/staff-phones`, keyset pages). Entries have no version: they are
//! added and removed, never edited, so removal sends no `If-Match`.

use api_types::{CreateRelative, CreateStaffPhone, Page, Relative, StaffPhone};

use super::{get, post_idempotent, remove, ApiResult};

/// `GET /api/v1/customers/{id}/relatives`: the household, oldest first.
pub async fn relatives(customer_id: &str) -> ApiResult<Vec<Relative>> {
    get(&format!("/api/v1/customers/{customer_id}/relatives"), &[]).await
}

/// `POST /api/v1/customers/{id}/relatives` under `key`.
pub async fn add_relative(
    customer_id: &str,
    body: &CreateRelative,
    key: &str,
) -> ApiResult<Relative> {
    post_idempotent(
        &format!("/api/v1/customers/{customer_id}/relatives"),
        body,
        key,
    )
    .await
}

/// `DELETE /api/v1/customers/{id}/relatives/{relative_id}`.
pub async fn remove_relative(customer_id: &str, relative_id: &str) -> ApiResult<()> {
    remove(&format!(
        "/api/v1/customers/{customer_id}/relatives/{relative_id}"
    ))
    .await
}

/// `GET /api/v1/staff-phones`: one page, newest first.
pub async fn staff_phones(limit: u32, cursor: Option<String>) -> ApiResult<Page<StaffPhone>> {
    let query = [
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/staff-phones", &query).await
}

/// `POST /api/v1/staff-phones` under `key`.
pub async fn add_staff_phone(body: &CreateStaffPhone, key: &str) -> ApiResult<StaffPhone> {
    post_idempotent("/api/v1/staff-phones", body, key).await
}

/// `DELETE /api/v1/staff-phones/{id}`.
pub async fn remove_staff_phone(id: &str) -> ApiResult<()> {
    remove(&format!("/api/v1/staff-phones/{id}")).await
}
