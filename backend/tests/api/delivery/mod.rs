//! Delivery inspections (DOMAIN §6): batches and their generated timeline,
//! the handover notice through the outbox, inspections, defects to a
//! verified fix on the SLA clock with escalation, photos and their limits,
//! sign-off with reservations, and the post-handover visits with exclusions.

mod assignment;
mod batches;
mod checklists;
mod defects;
mod handover;
mod merge;
mod notices;
mod owner;
mod owner_retry;
mod photos;
mod privacy;
mod races;
mod reads;
mod refusals;
mod report_period;
mod reports;

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::deals::{act, available_units, subscribed};
use crate::helpers::{send, TestApp};
use crate::owners::make_owner;

/// Tokens and the first project.
pub struct Dx {
    pub head: String,
    pub service: String,
    pub engineering: String,
    pub rep: String,
    pub pid: String,
}

pub async fn dx(app: &TestApp) -> Dx {
    let head = app.token(Role::CrmHead).await;
    let pid = app.project_ids(&head).await[0].clone();
    Dx {
        service: app.token(Role::Service).await,
        engineering: app.token(Role::Engineering).await,
        rep: app.token(Role::SalesRep).await,
        head,
        pid,
    }
}

/// A unit sold and signed to a new owner with `phone`: `(unit, customer)`.
pub async fn signed_unit(app: &TestApp, d: &Dx, unit: &str, phone: &str) -> String {
    let customer = make_owner(app, phone).await;
    let deal = subscribed(app, &d.head, unit, &customer).await;
    let (s, b) = act(
        app,
        &d.head,
        deal["id"].as_str().expect("id"),
        "sign",
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    customer
}

/// `n` available units of the project.
pub async fn units(app: &TestApp, d: &Dx, n: usize) -> Vec<String> {
    available_units(app, &d.head, &d.pid, n)
        .await
        .into_iter()
        .map(|u| u.0)
        .collect()
}

/// A batch of `unit_ids` handed over at `handover_at`.
pub async fn batch(
    app: &TestApp,
    d: &Dx,
    unit_ids: &[String],
    handover_at: chrono::DateTime<chrono::Utc>,
) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/delivery-batches",
            &d.service,
            &json!({"project_id": d.pid, "name": "一期交付", "handover_at": handover_at, "unit_ids": unit_ids}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

/// A two-hour inspection slot of `batch`, three days from now, with `capacity` places.
pub async fn open_slot(app: &TestApp, d: &Dx, batch: &Value, capacity: i64) -> Value {
    let starts = chrono::Utc::now() + chrono::Duration::days(3);
    let (s, slot) = app
        .post(
            &format!(
                "/api/v1/delivery-batches/{}/slots",
                batch["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + chrono::Duration::hours(2), "capacity": capacity}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{slot}");
    slot
}

/// Staff book `unit` into `slot` for its owner; expects 201 and returns the appointment.
pub async fn book(app: &TestApp, d: &Dx, slot: &Value, unit: &str) -> Value {
    let (s, booked) = app
        .post(
            "/api/v1/appointments",
            &d.service,
            &json!({"slot_id": slot["id"], "unit_id": unit}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{booked}");
    booked
}

/// A defect recorded on `unit` in `phase`.
pub async fn defect(app: &TestApp, token: &str, unit: &str, phase: &str) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/defects",
            token,
            &json!({"unit_id": unit, "phase": phase, "room": "卫生间", "location": "东墙",
                    "category": "waterproofing", "severity": "major", "description": "墙角渗水"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

/// POST /defects/{id}/<step>.
pub async fn step(
    app: &TestApp,
    token: &str,
    id: &str,
    step: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/defects/{id}/{step}"), token, &body)
        .await
}

/// Runs the jobs as if it were `at`.
pub async fn jobs_at(app: &TestApp, at: chrono::DateTime<chrono::Utc>) -> estate_crm::jobs::Report {
    estate_crm::jobs::run_once_at(
        &app.state.pool,
        estate_crm::db::truncate_micros(at.naive_utc()),
    )
    .await
    .expect("jobs")
}

/// A drawn signature uploaded for `unit` by `token`: its file id.
pub async fn signature(app: &TestApp, token: &str, unit: &str) -> String {
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let (s, sig) = send(
        app.authed(
            Method::POST,
            &format!("/api/v1/units/{unit}/signature"),
            token,
        )
        .body(png),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{sig}");
    sig["id"].as_str().expect("id").to_string()
}

/// The tablet sign-off of `unit` with a drawn signature and `extra` fields.
pub async fn sign_off(app: &TestApp, token: &str, unit: &str, mut extra: Value) -> Value {
    extra["signature_file_id"] = json!(signature(app, token, unit).await);
    let (s, h) = app
        .post(&format!("/api/v1/units/{unit}/handover"), token, &extra)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    h
}

/// Moves the batch's handover day to an hour ago, as if that day had come
/// (the API refuses a handover day gone by).
pub fn handover_day_comes(app: &TestApp, batch_id: &str) {
    use diesel::prelude::*;
    use estate_crm::schema::delivery_batches;
    let mut conn = app.state.pool.get().expect("conn");
    let at = estate_crm::db::now() - chrono::Duration::hours(1);
    let n = diesel::update(delivery_batches::table.filter(delivery_batches::id.eq(batch_id)))
        .set(delivery_batches::handover_at.eq(at))
        .execute(&mut *conn)
        .expect("move the handover day");
    assert_eq!(n, 1);
}
