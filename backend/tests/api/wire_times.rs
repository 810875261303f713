//! Client instants: years the databases would refuse or misorder are a 422 on
//! the field, and stored instants are compared as stored (microseconds), so a
//! CHECK never turns a request the handler accepted into a 500.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::delivery::{batch, dx, units};
use crate::helpers::{assert_problem, spawn_app, TestApp};
use crate::lead_work::manager_captures;

fn field_code(b: &Value) -> (&str, &str) {
    (
        b["errors"][0]["field"].as_str().unwrap_or(""),
        b["errors"][0]["code"].as_str().unwrap_or(""),
    )
}

async fn slot_count(app: &TestApp, token: &str, batch_id: &str) -> usize {
    let (s, b) = app
        .get(&format!("/api/v1/delivery-batches/{batch_id}/slots"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["data"].as_array().map_or(0, Vec::len)
}

#[actix_web::test]
async fn a_slot_whose_times_the_database_would_misorder_or_merge_is_refused_on_its_field() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    let b = batch(
        &app,
        &d,
        &ids,
        chrono::Utc::now() + chrono::Duration::days(30),
    )
    .await;
    let bid = b["id"].as_str().expect("id");
    let path = format!("/api/v1/delivery-batches/{bid}/slots");
    for (starts, ends, field, code) in [
        // 22:00 at -05:00 is already year 10000 in UTC.
        (
            "9999-12-31T00:00:00Z",
            "9999-12-31T22:00:00-05:00",
            "ends_at",
            "range",
        ),
        (
            "-0001-06-01T00:00:00Z",
            "2031-01-01T00:00:00Z",
            "starts_at",
            "range",
        ),
        // Both are the same microsecond once stored.
        (
            "2031-01-01T00:00:00.0000001Z",
            "2031-01-01T00:00:00.0000005Z",
            "ends_at",
            "order",
        ),
    ] {
        let (s, body) = app
            .post(
                &path,
                &d.service,
                &json!({"starts_at": starts, "ends_at": ends, "capacity": 1}),
            )
            .await;
        assert_problem(
            s,
            &body,
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
        );
        assert_eq!(field_code(&body), (field, code), "{starts} … {ends}");
    }
    assert_eq!(slot_count(&app, &d.service, bid).await, 0);
}

#[actix_web::test]
async fn reported_times_and_filters_outside_the_accepted_years_are_refused() {
    let app = spawn_app().await;
    let (manager, out) = manager_captures(&app, "13900008801", "undated", "unknown").await;
    let id = out["lead"]["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{id}/follow-ups"),
            &manager,
            &json!({"channel": "call", "outcome": "x", "next_step": "", "occurred_at": "-5000-01-01T00:00:00Z"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(field_code(&b), ("occurred_at", "range"));
    let (_, follow_ups) = app
        .get(&format!("/api/v1/leads/{id}/follow-ups"), &manager)
        .await;
    assert_eq!(follow_ups["data"].as_array().map(Vec::len), Some(0));

    let (s, b) = app
        .get(
            "/api/v1/leads?created_from=%2B10000-01-01T00:00:00Z",
            &manager,
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(field_code(&b), ("created_from", "range"));

    let admin = app.token(Role::Admin).await;
    let (s, b) = app
        .get("/api/v1/audit-events?from=-5000-01-01T00:00:00Z", &admin)
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(field_code(&b), ("from", "range"));
}
