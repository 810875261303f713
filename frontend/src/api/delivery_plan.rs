//! Delivery planning and follow-up: creating and re-dating batches, inspection
//! slots and appointments, post-handover visits, service flags and the
//! delivery report.

use api_types::{
    Appointment, BookAppointment, CompleteVisit, CreateDeliveryBatch, CreateSlot, DeliveryBatch,
    DeliveryReport, Handover, Page, ServiceFlags, ServiceFlagsView, Slot, UpdateDeliveryBatch,
    UpdateHandover, Visit, VisitStatus,
};

use super::{get, post_idempotent, send, write, ApiError, ApiResult, Method};

/// `POST /api/v1/delivery-batches` with an `Idempotency-Key`.
pub async fn create_batch(body: &CreateDeliveryBatch, key: &str) -> ApiResult<DeliveryBatch> {
    post_idempotent("/api/v1/delivery-batches", body, key).await
}

/// `PATCH /api/v1/delivery-batches/{id}` at `version`: rename or re-date.
pub async fn update_batch(
    id: &str,
    version: i32,
    body: &UpdateDeliveryBatch,
) -> ApiResult<DeliveryBatch> {
    let path = format!("/api/v1/delivery-batches/{id}");
    write(Method::Patch, &path, body, Some(version)).await
}

/// `GET /api/v1/delivery-batches/{id}/slots`, in time order.
pub async fn slots(batch_id: &str) -> ApiResult<Vec<Slot>> {
    get(&format!("/api/v1/delivery-batches/{batch_id}/slots"), &[]).await
}

/// `POST /api/v1/delivery-batches/{id}/slots` with an `Idempotency-Key`.
pub async fn create_slot(batch_id: &str, body: &CreateSlot, key: &str) -> ApiResult<Slot> {
    let path = format!("/api/v1/delivery-batches/{batch_id}/slots");
    post_idempotent(&path, body, key).await
}

/// `GET /api/v1/appointments?batch_id=` (first 200, newest first).
pub async fn appointments(batch_id: &str) -> ApiResult<Page<Appointment>> {
    let query = [("batch_id", batch_id.to_string()), ("limit", "200".into())];
    get("/api/v1/appointments", &query).await
}

/// `POST /api/v1/appointments` with an `Idempotency-Key`: staff book a slot for the unit's owner.
pub async fn book(body: &BookAppointment, key: &str) -> ApiResult<Appointment> {
    post_idempotent("/api/v1/appointments", body, key).await
}

/// `POST /api/v1/appointments/{id}/cancel`.
pub async fn cancel_appointment(id: &str) -> ApiResult<Appointment> {
    let path = format!("/api/v1/appointments/{id}/cancel");
    let resp = send::<()>(Method::Post, &path, &[], None, None).await?;
    super::json(resp).await
}

/// Filters of the visit list.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct VisitFilter {
    /// Only this status.
    pub status: Option<VisitStatus>,
}

/// `GET /api/v1/visits`, one page.
pub async fn visits(f: VisitFilter, cursor: Option<String>) -> ApiResult<Page<Visit>> {
    let query = [
        (
            "status",
            f.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        ),
        ("limit", "50".into()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/visits", &query).await
}

/// `POST /api/v1/visits/{id}/complete` with the outcome.
pub async fn complete_visit(id: &str, body: &CompleteVisit) -> ApiResult<Visit> {
    let path = format!("/api/v1/visits/{id}/complete");
    write(Method::Post, &path, body, None).await
}

/// `PATCH /api/v1/units/{id}/handover` at `version` (occupancy, keys).
pub async fn update_handover(
    unit_id: &str,
    version: i32,
    body: &UpdateHandover,
) -> ApiResult<Handover> {
    let path = format!("/api/v1/units/{unit_id}/handover");
    write(Method::Patch, &path, body, Some(version)).await
}

/// `GET /api/v1/customers/{id}/service-flags` (version 0 when never set).
pub async fn service_flags(customer_id: &str) -> ApiResult<ServiceFlagsView> {
    get(
        &format!("/api/v1/customers/{customer_id}/service-flags"),
        &[],
    )
    .await
}

/// `PUT /api/v1/customers/{id}/service-flags` at `version` (`0` the first time).
pub async fn put_service_flags(
    customer_id: &str,
    version: i32,
    body: &ServiceFlags,
) -> ApiResult<ServiceFlags> {
    let path = format!("/api/v1/customers/{customer_id}/service-flags");
    write(Method::Put, &path, body, Some(version)).await
}

/// `GET /api/v1/reports/delivery` (optionally one project).
pub async fn report(project_id: String) -> ApiResult<DeliveryReport> {
    get("/api/v1/reports/delivery", &[("project_id", project_id)]).await
}

/// The query string of the defect export for a contractor (and project).
pub fn export_query(contractor: &str, project_id: &str) -> Vec<(&'static str, String)> {
    let mut q = Vec::new();
    if !contractor.is_empty() {
        q.push(("contractor", contractor.to_string()));
    }
    if !project_id.is_empty() {
        q.push(("project_id", project_id.to_string()));
    }
    q
}

/// `GET /api/v1/reports/delivery/defects.xlsx`: the workbook's bytes.
pub async fn export_defects(contractor: &str, project_id: &str) -> ApiResult<Vec<u8>> {
    let query = export_query(contractor, project_id);
    let resp = send::<()>(
        Method::Get,
        "/api/v1/reports/delivery/defects.xlsx",
        &query,
        None,
        None,
    )
    .await?;
    resp.binary()
        .await
        .map_err(|e| ApiError::local("decode_error", e.to_string()))
}
