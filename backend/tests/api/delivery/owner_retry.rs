//! The owner's POSTs under `/me` honour `Idempotency-Key`: a retry replays
//! the first answer instead of 409, another request under the key is 422.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{batch, dx, handover_day_comes, signed_unit, units};
use crate::helpers::{assert_problem, spawn_app, TestApp};
use crate::owners::sign_in;

/// POST with an `Idempotency-Key`: status, replayed header, `Location`, body.
async fn post_keyed(
    app: &TestApp,
    token: &str,
    path: &str,
    key: &str,
    body: &Value,
) -> (StatusCode, bool, Option<String>, Value) {
    let res = app
        .authed(Method::POST, path, token)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("send");
    let status = res.status();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    let location = res
        .headers()
        .get("location")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.json().await.unwrap_or(Value::Null);
    (status, replayed, location, body)
}

#[actix_web::test]
async fn an_owners_retried_booking_and_acceptance_replay_the_first_answer() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912460001").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let bid = b["id"].as_str().expect("id");
    let starts = Utc::now() + Duration::days(3);
    let (_, slot) = app
        .post(
            &format!("/api/v1/delivery-batches/{bid}/slots"),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 3}),
        )
        .await;
    let owner = sign_in(&app, "13912460001").await.access_token;
    let booking = json!({"slot_id": slot["id"], "unit_id": ids[0]});

    let first = post_keyed(&app, &owner, "/api/v1/me/appointments", "book-1", &booking).await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.3);
    assert!(!first.1);
    let again = post_keyed(&app, &owner, "/api/v1/me/appointments", "book-1", &booking).await;
    assert_eq!(
        again.0,
        StatusCode::CREATED,
        "a retry is not 409: {}",
        again.3
    );
    assert!(again.1, "marked as a replay");
    assert_eq!(again.3, first.3);
    assert_eq!(again.2, first.2);
    let (_, mine) = app.get("/api/v1/me/appointments", &owner).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1), "booked once");
    let other = post_keyed(
        &app,
        &owner,
        "/api/v1/me/appointments",
        "book-1",
        &json!({"slot_id": slot["id"], "unit_id": "other"}),
    )
    .await;
    assert_problem(
        other.0,
        &other.3,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    let (s, unkeyed) = app.post("/api/v1/me/appointments", &owner, &booking).await;
    assert_problem(s, &unkeyed, StatusCode::CONFLICT, "already_booked");
    let cancel = format!(
        "/api/v1/me/appointments/{}/cancel",
        first.3["id"].as_str().expect("id")
    );
    let done = post_keyed(&app, &owner, &cancel, "cancel-1", &json!({})).await;
    assert_eq!(done.0, StatusCode::OK, "{}", done.3);
    assert_eq!(done.3["status"], "cancelled");
    let again = post_keyed(&app, &owner, &cancel, "cancel-1", &json!({})).await;
    assert_eq!(
        again.0,
        StatusCode::OK,
        "a retried cancel is not 409: {}",
        again.3
    );
    assert!(again.1);
    let (s, unkeyed) = app.post(&cancel, &owner, &json!({})).await;
    assert_problem(s, &unkeyed, StatusCode::CONFLICT, "appointment_cancelled");

    handover_day_comes(&app, bid);
    let accept = format!("/api/v1/me/units/{}/accept", ids[0]);
    let first = post_keyed(&app, &owner, &accept, "accept-1", &json!({})).await;
    assert_eq!(first.0, StatusCode::CREATED, "{}", first.3);
    let again = post_keyed(&app, &owner, &accept, "accept-1", &json!({})).await;
    assert_eq!(again.0, StatusCode::CREATED, "{}", again.3);
    assert!(again.1);
    assert_eq!(again.3["id"], first.3["id"]);
    let (s, unkeyed) = app.post(&accept, &owner, &json!({})).await;
    assert_problem(s, &unkeyed, StatusCode::CONFLICT, "already_handed_over");

    let location = first.2.expect("location");
    let (s, record) = app.get(&location, &owner).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "Location names a GET that exists: {record}"
    );
    assert_eq!(record["id"], first.3["id"]);
}
