//! The audit trail (admin, CRM head).

use api_types::{AuditEvent, Page};

use super::{get, ApiResult};

/// Filters of the audit list.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AuditFilter {
    /// Entity type, e.g. `project`.
    pub entity_type: String,
    /// Action, e.g. `project.create`.
    pub action: String,
}

/// `GET /api/v1/audit-events`, one page, newest first.
pub async fn list(
    filter: &AuditFilter,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<AuditEvent>> {
    let query = [
        ("entity_type", filter.entity_type.trim().to_string()),
        ("action", filter.action.trim().to_string()),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/audit-events", &query).await
}
