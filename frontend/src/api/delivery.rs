//! Delivery inspections (交付验房): batches and their timeline, inspections,
//! defects with photos, and the owner's sign-off.

use api_types::{
    AssignDefect, CompleteDeliveryTask, CreateDefect, CreateInspection, Defect, DefectStatus,
    DefectStep, DeliveryBatch, DeliveryFile, Handover, Inspection, Page, SignOff, UpdateChecklist,
};

use super::{get, json, post_idempotent, send_body, write, ApiResult, Body, Method};

/// `GET /api/v1/delivery-batches`, newest first.
pub async fn batches(cursor: Option<String>) -> ApiResult<Page<DeliveryBatch>> {
    let query = [
        ("limit", "50".to_string()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/delivery-batches", &query).await
}

/// `GET /api/v1/delivery-batches?unit_id=`: the batch the unit is delivered in, if any.
pub async fn batch_of_unit(unit_id: &str) -> ApiResult<Option<DeliveryBatch>> {
    let query = [("unit_id", unit_id.to_string()), ("limit", "1".into())];
    let page: Page<DeliveryBatch> = get("/api/v1/delivery-batches", &query).await?;
    Ok(page.data.into_iter().next())
}

/// `GET /api/v1/delivery-batches/{id}` with its timeline and units.
pub async fn batch(id: &str) -> ApiResult<DeliveryBatch> {
    get(&format!("/api/v1/delivery-batches/{id}"), &[]).await
}

/// `POST /api/v1/delivery-tasks/{id}/complete` with the outcome; answers the batch.
pub async fn complete_task(id: &str, outcome: String) -> ApiResult<DeliveryBatch> {
    let body = CompleteDeliveryTask { outcome };
    let path = format!("/api/v1/delivery-tasks/{id}/complete");
    write(Method::Post, &path, &body, None).await
}

/// `GET /api/v1/inspections?unit_id=`: a unit's inspection history.
pub async fn inspections(unit_id: &str) -> ApiResult<Page<Inspection>> {
    let query = [("unit_id", unit_id.to_string()), ("limit", "100".into())];
    get("/api/v1/inspections", &query).await
}

/// `GET /api/v1/inspections/{id}`.
pub async fn inspection(id: &str) -> ApiResult<Inspection> {
    get(&format!("/api/v1/inspections/{id}"), &[]).await
}

/// `POST /api/v1/inspections` with an `Idempotency-Key` (a double tap starts one).
pub async fn start_inspection(body: &CreateInspection, key: &str) -> ApiResult<Inspection> {
    post_idempotent("/api/v1/inspections", body, key).await
}

/// `PUT /api/v1/inspections/{id}/checklist` (or `/complete` when `complete`) at `version`.
pub async fn save_checklist(
    id: &str,
    body: &UpdateChecklist,
    version: i32,
    complete: bool,
) -> ApiResult<Inspection> {
    if complete {
        let path = format!("/api/v1/inspections/{id}/complete");
        write(Method::Post, &path, body, Some(version)).await
    } else {
        let path = format!("/api/v1/inspections/{id}/checklist");
        write(Method::Put, &path, body, Some(version)).await
    }
}

/// Filters of the defect board.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DefectFilter {
    /// Only this status.
    pub status: Option<DefectStatus>,
    /// Only this contractor (exact name).
    pub contractor: String,
    /// Only this unit.
    pub unit_id: String,
    /// Only overdue ones.
    pub overdue: bool,
}

/// `GET /api/v1/defects` (the board).
pub async fn defects(f: DefectFilter, cursor: Option<String>) -> ApiResult<Page<Defect>> {
    let query = [
        (
            "status",
            f.status.map(|s| s.as_str().to_string()).unwrap_or_default(),
        ),
        ("contractor", f.contractor),
        ("unit_id", f.unit_id),
        (
            "overdue",
            if f.overdue {
                "true".into()
            } else {
                String::new()
            },
        ),
        ("limit", "50".into()),
        ("cursor", cursor.unwrap_or_default()),
    ];
    get("/api/v1/defects", &query).await
}

/// `GET /api/v1/defects/{id}` with its photos and history.
pub async fn defect(id: &str) -> ApiResult<Defect> {
    get(&format!("/api/v1/defects/{id}"), &[]).await
}

/// `POST /api/v1/defects` with an `Idempotency-Key`.
pub async fn record_defect(body: &CreateDefect, key: &str) -> ApiResult<Defect> {
    post_idempotent("/api/v1/defects", body, key).await
}

/// `POST /api/v1/defects/{id}/assign`.
pub async fn assign(id: &str, body: &AssignDefect) -> ApiResult<Defect> {
    write(
        Method::Post,
        &format!("/api/v1/defects/{id}/assign"),
        body,
        None,
    )
    .await
}

/// `POST /api/v1/defects/{id}/{fix|verify|reject|close}` with a note.
pub async fn step(id: &str, action: &str, note: String) -> ApiResult<Defect> {
    let path = format!("/api/v1/defects/{id}/{action}");
    write(Method::Post, &path, &DefectStep { note }, None).await
}

/// Sends an image as it is to `path` (`POST`, raw bytes; the server checks the type).
async fn upload(path: &str, file: web_sys::Blob, content_type: String) -> ApiResult<DeliveryFile> {
    let body = Body::Blob(file, content_type);
    let resp = send_body(Method::Post, path, &[], Some(body), None).await?;
    json(resp).await
}

/// `POST /api/v1/defects/{id}/photos`.
pub async fn upload_photo(id: &str, file: web_sys::Blob, kind: String) -> ApiResult<DeliveryFile> {
    upload(&format!("/api/v1/defects/{id}/photos"), file, kind).await
}

/// `POST /api/v1/units/{id}/signature` (the drawn signature as PNG).
pub async fn upload_signature(unit_id: &str, png: web_sys::Blob) -> ApiResult<DeliveryFile> {
    let path = format!("/api/v1/units/{unit_id}/signature");
    upload(&path, png, "image/png".into()).await
}

/// `POST /api/v1/units/{id}/handover`: the owner's sign-off.
pub async fn sign_off(unit_id: &str, body: &SignOff, key: &str) -> ApiResult<Handover> {
    post_idempotent(&format!("/api/v1/units/{unit_id}/handover"), body, key).await
}

/// `GET /api/v1/units/{id}/handover` (404 before the sign-off).
pub async fn handover(unit_id: &str) -> ApiResult<Handover> {
    get(&format!("/api/v1/units/{unit_id}/handover"), &[]).await
}
