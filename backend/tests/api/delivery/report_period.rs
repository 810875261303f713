//! The delivery report for the data analyst and over a period; visits
//! completed by a customer specialist.

use api_types::Role;
use chrono::Utc;
use reqwest::StatusCode;
use serde_json::json;

use super::{defect, dx, sign_off, signed_unit, units};
use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn the_data_analyst_reads_the_delivery_report_over_a_validated_period() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let analyst = app.token(Role::DataAnalyst).await;
    let unit = units(&app, &d, 1).await.remove(0);
    defect(&app, &d.engineering, &unit, "pre_inspection").await;

    let (s, all) = app.get("/api/v1/reports/delivery", &analyst).await;
    assert_eq!(s, StatusCode::OK, "{all}");
    assert_eq!(all["by_project"][0]["total"], 1);
    assert_eq!(all["period"], serde_json::Value::Null, "all time");

    let today = Utc::now().format("%Y-%m-%d").to_string();
    let (s, now) = app
        .get(
            &format!("/api/v1/reports/delivery?from={today}&to={today}"),
            &analyst,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{now}");
    assert_eq!(now["by_project"][0]["total"], 1);
    assert!(now["period"]["from"]
        .as_str()
        .is_some_and(|f| f.starts_with(&today)));
    let (s, before) = app
        .get(
            "/api/v1/reports/delivery?from=2025-01-01&to=2025-12-31",
            &analyst,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{before}");
    assert_eq!(
        before["by_project"].as_array().map(Vec::len),
        Some(0),
        "no defect recorded in 2025: {before}"
    );

    for bad in [
        "from=yesterday",
        "from=2026-11-02&to=2026-11-01",
        "to=9999-12-31",
    ] {
        let (s, b) = app
            .get(&format!("/api/v1/reports/delivery?{bad}"), &analyst)
            .await;
        assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    let (s, b) = app.get("/api/v1/reports/delivery", &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}

#[actix_web::test]
async fn a_customer_specialist_completes_a_visit_and_property_may_not() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let specialist = app.token(Role::CustomerSpecialist).await;
    let property = app.token(Role::Property).await;
    let unit = units(&app, &d, 1).await.remove(0);
    signed_unit(&app, &d, &unit, "13912450001").await;
    sign_off(&app, &d.service, &unit, json!({})).await;
    let (s, visits) = app
        .get(&format!("/api/v1/visits?unit_id={unit}"), &specialist)
        .await;
    assert_eq!(s, StatusCode::OK, "{visits}");
    let vid = visits["data"][0]["id"].as_str().expect("visit").to_string();
    let path = format!("/api/v1/visits/{vid}/complete");
    let body = json!({"outcome": "电话回访,业主满意", "satisfaction": 5});
    for token in [&property, &d.engineering, &d.rep] {
        let (s, b) = app.post(&path, token, &body).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, done) = app.post(&path, &specialist, &body).await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "completed");
}
