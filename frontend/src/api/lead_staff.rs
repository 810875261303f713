//! The staff directory for lead work (`GET /api/v1/lead-staff`): who a lead
//! may be assigned to, by display name. Admin, CRM head and sales managers only.

use api_types::{LeadStaff, Page};

use super::{get, ApiResult};

/// Pages followed at most (200 people each).
const MAX_PAGES: usize = 10;

/// Everyone assignable, in `project_id` when given, else in every project the caller sees.
pub async fn list_all(project_id: Option<&str>) -> ApiResult<Vec<LeadStaff>> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..MAX_PAGES {
        let query = [
            ("project_id", project_id.unwrap_or_default().to_string()),
            ("limit", "200".to_string()),
            ("cursor", cursor.clone().unwrap_or_default()),
        ];
        let page: Page<LeadStaff> = get("/api/v1/lead-staff", &query).await?;
        out.extend(page.data);
        match page.next_cursor {
            Some(c) => cursor = Some(c),
            None => break,
        }
    }
    Ok(out)
}
