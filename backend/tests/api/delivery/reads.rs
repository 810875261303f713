//! Every `Location` names a GET that exists; the service flags are read with
//! their ETag; the printable record of a unit; owners fetch the photos of
//! their own defects only.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{batch, defect, dx, sign_off, signature, signed_unit, units};
use crate::helpers::{assert_problem, send, spawn_app, TestApp};
use crate::owners::sign_in;

const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01";

async fn location_of(app: &TestApp, token: &str, path: &str, body: &serde_json::Value) -> String {
    let res = app
        .authed(Method::POST, path, token)
        .json(body)
        .send()
        .await
        .expect("send");
    assert_eq!(res.status(), StatusCode::CREATED);
    res.headers()["location"]
        .to_str()
        .expect("location")
        .to_string()
}

#[actix_web::test]
async fn the_locations_of_slots_and_appointments_name_gets_that_exist() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    signed_unit(&app, &d, &ids[0], "13912470001").await;
    signed_unit(&app, &d, &ids[1], "13912470002").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let starts = Utc::now() + Duration::days(3);
    let slot_at = location_of(
        &app,
        &d.service,
        &format!(
            "/api/v1/delivery-batches/{}/slots",
            b["id"].as_str().expect("id")
        ),
        &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 2}),
    )
    .await;
    let (s, slot) = app.get(&slot_at, &d.engineering).await;
    assert_eq!(s, StatusCode::OK, "{slot_at}: {slot}");
    let (s, b2) = app.get(&slot_at, &d.rep).await;
    assert_problem(s, &b2, StatusCode::FORBIDDEN, "forbidden");

    let staff_at = location_of(
        &app,
        &d.service,
        "/api/v1/appointments",
        &json!({"slot_id": slot["id"], "unit_id": ids[0]}),
    )
    .await;
    let (s, one) = app.get(&staff_at, &d.service).await;
    assert_eq!(s, StatusCode::OK, "{staff_at}: {one}");
    assert_eq!(one["unit_id"], ids[0].as_str());
    let property = app.token(api_types::Role::Property).await;
    for token in [&d.engineering, &property] {
        let (s, b2) = app.get(&staff_at, token).await;
        assert_problem(s, &b2, StatusCode::FORBIDDEN, "forbidden");
    }

    let owner = sign_in(&app, "13912470002").await.access_token;
    let other = sign_in(&app, "13912470001").await.access_token;
    let mine_at = location_of(
        &app,
        &owner,
        "/api/v1/me/appointments",
        &json!({"slot_id": slot["id"], "unit_id": ids[1]}),
    )
    .await;
    let (s, mine) = app.get(&mine_at, &owner).await;
    assert_eq!(s, StatusCode::OK, "{mine_at}: {mine}");
    assert_eq!(mine["unit_id"], ids[1].as_str());
    let (s, b2) = app.get(&mine_at, &other).await;
    assert_problem(s, &b2, StatusCode::NOT_FOUND, "appointment_not_found");
}

#[actix_web::test]
async fn service_flags_read_as_version_0_defaults_until_set_then_with_their_etag() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let owner = signed_unit(&app, &d, &unit, "13912470011").await;
    let path = format!("/api/v1/customers/{owner}/service-flags");
    let (s, b) = app.get(&path, &d.service).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    sign_off(&app, &d.service, &unit, json!({})).await;

    let res = app
        .authed(Method::GET, &path, &d.service)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["etag"], "\"0\"");
    let flags: serde_json::Value = res.json().await.expect("json");
    assert_eq!(
        (&flags["major_complaint"], &flags["note"], &flags["version"]),
        (&json!(false), &json!(""), &json!(0))
    );
    assert_eq!(flags["updated_at"], serde_json::Value::Null);
    for token in [&d.engineering, &d.rep] {
        let (s, b) = app.get(&path, token).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, b) = send(
        app.authed(Method::PUT, &path, &d.service)
            .header("If-Match", "\"0\"")
            .json(&json!({"major_complaint": true, "note": "漏水投诉"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let res = app
        .authed(Method::GET, &path, &d.head)
        .send()
        .await
        .expect("get");
    assert_eq!(res.headers()["etag"], "\"1\"");
    let flags: serde_json::Value = res.json().await.expect("json");
    assert_eq!(flags["major_complaint"], true);
    assert_eq!(flags["note"], "漏水投诉");
    assert!(flags["updated_by"].is_string());
}

#[actix_web::test]
async fn the_printable_record_of_a_unit_lists_every_inspection_defect_and_the_sign_off() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    signed_unit(&app, &d, &unit, "13912470021").await;
    for kind in ["pre_inspection", "handover"] {
        let (s, i) = app
            .post(
                "/api/v1/inspections",
                &d.service,
                &json!({"unit_id": unit, "kind": kind, "participants": ["王工"]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{i}");
    }
    let (s, _) = app
        .post(
            "/api/v1/defects",
            &d.service,
            &json!({"unit_id": unit, "phase": "handover", "room": "厨房", "location": "水槽",
            "category": "plumbing", "severity": "minor", "description": "水槽 <b>漏水</b>"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    sign_off(&app, &d.service, &unit, json!({"with_reservations": true})).await;

    let path = format!("/api/v1/units/{unit}/inspection-report");
    let page = |token: String| {
        let app = &app;
        let path = path.clone();
        async move {
            let res = app
                .authed(Method::GET, &path, &token)
                .send()
                .await
                .expect("page");
            assert_eq!(res.status(), StatusCode::OK);
            res.text().await.expect("html")
        }
    };
    let html = page(d.service.clone()).await;
    assert!(html.contains("交付验房记录"), "{html}");
    assert!(
        html.contains("<h2>预验收</h2>") && html.contains("<h2>交付验房</h2>"),
        "both inspections: {html}"
    );
    assert!(html.contains("水槽 &lt;b&gt;漏水&lt;/b&gt;"), "{html}");
    assert!(
        html.contains("<h2>交房</h2>") && html.contains("保留意见:1 项"),
        "{html}"
    );
    let html = page(d.engineering.clone()).await;
    assert!(html.contains("水槽 &lt;b&gt;漏水&lt;/b&gt;"));
    assert!(
        !html.contains("<h2>交房</h2>"),
        "the sign-off is the owner's"
    );
    let (s, b) = app.get(&path, &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}

#[actix_web::test]
async fn owners_fetch_the_photos_of_their_own_defects_and_no_one_elses() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    signed_unit(&app, &d, &ids[0], "13912470031").await;
    signed_unit(&app, &d, &ids[1], "13912470032").await;
    let def = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let (s, photo) = send(
        app.authed(
            Method::POST,
            &format!("/api/v1/defects/{}/photos", def["id"].as_str().expect("id")),
            &d.engineering,
        )
        .body(PNG.to_vec()),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{photo}");
    let sig = signature(&app, &d.service, &ids[0]).await;
    let owner = sign_in(&app, "13912470031").await.access_token;
    let other = sign_in(&app, "13912470032").await.access_token;

    let (_, mine) = app.get("/api/v1/me/defects", &owner).await;
    let url = mine[0]["photo_urls"][0]
        .as_str()
        .expect("photo url")
        .to_string();
    assert_eq!(
        url,
        format!(
            "/api/v1/me/delivery-files/{}",
            photo["id"].as_str().expect("id")
        )
    );
    let res = app
        .authed(Method::GET, &url, &owner)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers()["content-type"], "image/png");
    assert_eq!(res.bytes().await.expect("bytes").as_ref(), PNG);
    let (s, b) = app.get(&url, &other).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "file_not_found");
    let (s, b) = app
        .get(&format!("/api/v1/me/delivery-files/{sig}"), &owner)
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "file_not_found");
}
