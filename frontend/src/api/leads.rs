//! Leads (线索): the list and search, capture, one lead, and the import upload.

use api_types::{
    CaptureLead, Captured, Grade, ImportReport, Lead, LeadSource, LeadStatus, Page, SlaState,
};

use super::{get, json, post_idempotent, send_body, write, ApiResult, Body, Method};

/// Who owns the listed leads.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum OwnerFilter {
    /// Anyone (what the role may see).
    #[default]
    Any,
    /// The signed-in user.
    Mine,
    /// This staff user (picked from the staff directory).
    Person(String),
}

/// Filters and order of the lead list (`GET /api/v1/leads`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct LeadFilter {
    /// Project id.
    pub project_id: String,
    /// Grade.
    pub grade: Option<Grade>,
    /// Lifecycle status.
    pub status: Option<LeadStatus>,
    /// Source channel.
    pub source: Option<LeadSource>,
    /// SLA state of the clock.
    pub sla_state: Option<SlaState>,
    /// Owner.
    pub owner: OwnerFilter,
    /// Only the pool (公海): leads without an owner.
    pub pool: bool,
    /// Text in the customer's name.
    pub q: String,
    /// The customer's phone, matched exactly by the server.
    pub phone: String,
    /// Only leads due before this RFC 3339 time ("my tasks today"); empty for any.
    pub due_before: String,
    /// Sort by next due time (soonest first) instead of capture order.
    pub by_due: bool,
}

/// `GET /api/v1/leads`, one page. `me` is the signed-in user's id (for "mine").
pub async fn list(
    filter: &LeadFilter,
    me: &str,
    limit: u32,
    cursor: Option<String>,
) -> ApiResult<Page<Lead>> {
    let owner = match &filter.owner {
        OwnerFilter::Any => String::new(),
        OwnerFilter::Mine => me.to_string(),
        OwnerFilter::Person(id) => id.clone(),
    };
    let query = [
        ("project_id", filter.project_id.clone()),
        ("grade", opt(filter.grade.map(Grade::as_str))),
        ("status", opt(filter.status.map(LeadStatus::as_str))),
        ("source", opt(filter.source.map(LeadSource::as_str))),
        ("sla_state", opt(filter.sla_state.map(SlaState::as_str))),
        ("owner_id", owner),
        (
            "pool",
            if filter.pool {
                "true".into()
            } else {
                String::new()
            },
        ),
        ("q", filter.q.trim().to_string()),
        ("phone", filter.phone.trim().to_string()),
        ("due_before", filter.due_before.clone()),
        (
            "sort",
            if filter.by_due {
                "next_due".into()
            } else {
                String::new()
            },
        ),
        ("limit", limit.to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/leads", &query).await
}

fn opt(v: Option<&'static str>) -> String {
    v.unwrap_or_default().to_string()
}

/// `POST /api/v1/leads` (staff capture).
pub async fn capture(body: &CaptureLead, key: &str) -> ApiResult<Captured> {
    post_idempotent("/api/v1/leads", body, key).await
}

/// `GET /api/v1/leads/{id}`.
pub async fn fetch(id: &str) -> ApiResult<Lead> {
    get(&format!("/api/v1/leads/{id}"), &[]).await
}

/// A CSV or XLSX file chosen by the user.
pub struct Upload {
    /// The file.
    pub file: web_sys::Blob,
    /// `text/csv` or the XLSX media type.
    pub content_type: String,
}

/// The XLSX media type.
pub const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/// `POST /api/v1/leads/imports` with the file as the body and the consent defaults.
pub async fn import(
    upload: Upload,
    consent_purpose: &str,
    notice_version: &str,
) -> ApiResult<ImportReport> {
    let query = [
        ("consent_purpose", consent_purpose.trim().to_string()),
        ("notice_version", notice_version.trim().to_string()),
    ];
    let body = Body::Blob(upload.file, upload.content_type);
    let resp = send_body(
        Method::Post,
        "/api/v1/leads/imports",
        &query,
        Some(body),
        None,
    )
    .await?;
    json(resp).await
}

/// `PATCH /api/v1/leads/{id}` at `version` (the facts; re-grades the lead).
pub async fn update(id: &str, version: i32, body: &api_types::UpdateLead) -> ApiResult<Lead> {
    write(
        Method::Patch,
        &format!("/api/v1/leads/{id}"),
        body,
        Some(version),
    )
    .await
}
