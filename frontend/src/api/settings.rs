//! Company settings of the lead work (crm_head edits; `If-Match` with the version).

use api_types::{
    GradingRules, GradingRulesSetting, LeadAssignment, LeadAssignmentSetting, LeadSla,
    LeadSlaSetting,
};

use super::{get, write, ApiResult, Method};

/// `GET /api/v1/settings/grading-rules`.
pub async fn grading_rules() -> ApiResult<GradingRulesSetting> {
    get("/api/v1/settings/grading-rules", &[]).await
}

/// `PUT /api/v1/settings/grading-rules` at `version`.
pub async fn put_grading_rules(
    version: i32,
    body: &GradingRules,
) -> ApiResult<GradingRulesSetting> {
    write(
        Method::Put,
        "/api/v1/settings/grading-rules",
        body,
        Some(version),
    )
    .await
}

/// `GET /api/v1/settings/lead-sla`.
pub async fn lead_sla() -> ApiResult<LeadSlaSetting> {
    get("/api/v1/settings/lead-sla", &[]).await
}

/// `PUT /api/v1/settings/lead-sla` at `version`.
pub async fn put_lead_sla(version: i32, body: &LeadSla) -> ApiResult<LeadSlaSetting> {
    write(
        Method::Put,
        "/api/v1/settings/lead-sla",
        body,
        Some(version),
    )
    .await
}

/// `GET /api/v1/settings/lead-assignment`.
pub async fn lead_assignment() -> ApiResult<LeadAssignmentSetting> {
    get("/api/v1/settings/lead-assignment", &[]).await
}

/// `PUT /api/v1/settings/lead-assignment` at `version`.
pub async fn put_lead_assignment(
    version: i32,
    body: &LeadAssignment,
) -> ApiResult<LeadAssignmentSetting> {
    write(
        Method::Put,
        "/api/v1/settings/lead-assignment",
        body,
        Some(version),
    )
    .await
}
