//! A customer merge carries the merged-away customer's delivery records to
//! the survivor: handover, appointment, visits and service flags.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{batch, book, dx, open_slot, sign_off, signed_unit, units};
use crate::helpers::{send, TestApp};

async fn flag(app: &TestApp, token: &str, customer: &str, body: serde_json::Value) {
    let (s, b) = send(
        app.authed(
            Method::PUT,
            &format!("/api/v1/customers/{customer}/service-flags"),
            token,
        )
        .header("If-Match", "\"0\"")
        .json(&body),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
}

/// Rows of the delivery tables that still name `customer`.
fn delivery_rows_of(app: &TestApp, customer: &str) -> i64 {
    use estate_crm::schema::{appointments, customer_service_flags, handover_visits, handovers};
    let mut conn = app.state.pool.get().expect("conn");
    let c = &mut *conn;
    let n = |r: QueryResult<i64>| r.expect("count");
    n(handovers::table
        .filter(handovers::customer_id.eq(customer))
        .count()
        .get_result(c))
        + n(appointments::table
            .filter(appointments::customer_id.eq(customer))
            .count()
            .get_result(c))
        + n(handover_visits::table
            .filter(handover_visits::customer_id.eq(customer))
            .count()
            .get_result(c))
        + n(customer_service_flags::table
            .filter(customer_service_flags::customer_id.eq(customer))
            .count()
            .get_result(c))
}

#[actix_web::test]
async fn a_merge_carries_the_handover_appointment_visits_and_flags_to_the_survivor() {
    let app = crate::helpers::spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let owner = signed_unit(&app, &d, &ids[0], "13912550001").await;
    // The same person bought a second unit under another number.
    let survivor = signed_unit(&app, &d, &ids[1], "13912550002").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let slot = open_slot(&app, &d, &b, 1).await;
    book(&app, &d, &slot, &ids[0]).await;
    for unit in &ids {
        sign_off(&app, &d.service, unit, json!({})).await;
    }
    flag(
        &app,
        &d.service,
        &owner,
        json!({"major_complaint": true, "note": "渗水"}),
    )
    .await;
    flag(
        &app,
        &d.service,
        &survivor,
        json!({"major_complaint": false, "note": "噪音"}),
    )
    .await;
    let (before, theirs) = (
        delivery_rows_of(&app, &owner),
        delivery_rows_of(&app, &survivor),
    );
    assert!(
        before >= 4,
        "handover, appointment, visits, flags: {before}"
    );

    let (s, m) = app
        .post(
            &format!("/api/v1/customers/{survivor}/merge"),
            &d.head,
            &json!({"from_customer_id": owner, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{m}");
    assert_eq!(delivery_rows_of(&app, &owner), 0);
    // The flag row of each became one: the major complaint and both notes.
    assert_eq!(delivery_rows_of(&app, &survivor), theirs + before - 1);
    let (s, flags) = app
        .get(
            &format!("/api/v1/customers/{survivor}/service-flags"),
            &d.service,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{flags}");
    assert_eq!(flags["major_complaint"], true);
    assert_eq!(flags["note"], "噪音；渗水");
}
