//! Batches: the generated timeline with its rules, scope and refusals, and
//! the handover notice sent once through the outbox.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use super::{batch, dx, jobs_at, signed_unit, units};
use crate::helpers::{assert_problem, spawn_app};
use crate::owners::outbox;

#[actix_web::test]
async fn a_batch_generates_its_timeline_from_the_handover_date_with_the_rules_named() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let at = chrono::DateTime::parse_from_rfc3339("2027-06-30T02:00:00Z")
        .expect("t")
        .with_timezone(&Utc);
    let b = batch(&app, &d, &ids, at).await;
    assert_eq!(b["unit_count"], 2);
    assert_eq!(b["handed_over"], 0);
    let tasks = b["tasks"].as_array().expect("tasks");
    let got: Vec<(String, String, String)> = tasks
        .iter()
        .map(|t| {
            (
                t["kind"].as_str().unwrap_or("").into(),
                t["due_at"].as_str().unwrap_or("").into(),
                t["rule"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                "risk_check".into(),
                "2027-04-01T02:00:00Z".into(),
                "delivery_rules.risk_check_days_before=90".into()
            ),
            (
                "pre_inspection".into(),
                "2027-05-31T02:00:00Z".into(),
                "delivery_rules.pre_inspection_days_before=30".into()
            ),
            (
                "handover_notice".into(),
                "2027-06-25T02:00:00Z".into(),
                "delivery_rules.handover_notice_days_before=5".into()
            ),
            (
                "handover_day".into(),
                "2027-06-30T02:00:00Z".into(),
                "delivery_batch.handover_at".into()
            ),
        ]
    );
    let id = b["id"].as_str().expect("id");
    let (s, one) = app
        .get(&format!("/api/v1/delivery-batches/{id}"), &d.engineering)
        .await;
    assert_eq!(s, StatusCode::OK, "{one}");
    assert_eq!(one["units"].as_array().map(Vec::len), Some(2));
    assert!(
        one.to_string().find("phone").is_none(),
        "no owner data for engineering: {one}"
    );

    let risk = tasks[0]["id"].as_str().expect("task");
    let (s, after) = app
        .post(
            &format!("/api/v1/delivery-tasks/{risk}/complete"),
            &d.service,
            &json!({"outcome": "外立面未完成,已跟进"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{after}");
    assert_eq!(after["tasks"][0]["status"], "done");
    let (s, again) = app
        .post(
            &format!("/api/v1/delivery-tasks/{risk}/complete"),
            &d.service,
            &json!({"outcome": "再次"}),
        )
        .await;
    assert_problem(s, &again, StatusCode::CONFLICT, "delivery_task_done");
}

#[actix_web::test]
async fn batches_refuse_sales_roles_foreign_units_and_units_already_in_a_batch() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let at = Utc::now() + Duration::days(100);
    let body =
        json!({"project_id": d.pid, "name": "一期", "handover_at": at, "unit_ids": [ids[0]]});
    let (s, b) = app.post("/api/v1/delivery-batches", &d.rep, &body).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app.get("/api/v1/delivery-batches", &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app
        .post("/api/v1/delivery-batches", &d.engineering, &body)
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");

    let other = app.project_ids(&d.head).await[1].clone();
    let (s, b) = app
        .post(
            "/api/v1/delivery-batches",
            &d.service,
            &json!({"project_id": other, "name": "x", "handover_at": at, "unit_ids": [ids[0]]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "unit_not_in_project");
    let (s, b) = app
        .post("/api/v1/delivery-batches", &d.service, &json!({"project_id": d.pid, "name": "x", "handover_at": at, "unit_ids": [ids[0]], "status": "done"}))
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");

    let made = batch(&app, &d, &ids[..1], at).await;
    let (s, b) = app
        .post("/api/v1/delivery-batches", &d.service, &body)
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_in_batch");
    // A unit's page finds its batch; a unit in none finds nothing.
    let of = |unit: &str| format!("/api/v1/delivery-batches?unit_id={unit}");
    let (s, found) = app.get(&of(&ids[0]), &d.engineering).await;
    assert_eq!(s, StatusCode::OK, "{found}");
    assert_eq!(found["data"][0]["id"], made["id"], "{found}");
    let (_, none) = app.get(&of(&ids[1]), &d.service).await;
    assert_eq!(none["data"], serde_json::json!([]), "{none}");
    let (_, list) = app.get("/api/v1/delivery-batches", &d.service).await;
    assert_eq!(
        list["data"].as_array().map(Vec::len),
        Some(1),
        "nothing of the refused batches was stored"
    );
}

#[actix_web::test]
async fn the_handover_notice_goes_to_every_owner_of_the_batch_once_when_due() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 3).await;
    signed_unit(&app, &d, &ids[0], "13912370001").await;
    signed_unit(&app, &d, &ids[1], "13912370002").await;
    let handover = Utc::now() + Duration::days(20);
    let b = batch(&app, &d, &ids, handover).await;

    let early = jobs_at(&app, Utc::now()).await;
    assert_eq!(early.delivery.notices, 0, "not due until five days before");
    let due = jobs_at(&app, handover - Duration::days(5) + Duration::minutes(1)).await;
    assert_eq!((due.delivery.notices, due.delivery.messages), (1, 2));
    let again = jobs_at(&app, handover - Duration::days(4)).await;
    assert_eq!(again.delivery.notices, 0, "sent once");

    let notices: Vec<_> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m["purpose"] == "handover_notice")
        .collect();
    assert_eq!(notices.len(), 2, "{notices:?}");
    assert!(notices
        .iter()
        .any(|m| m["recipient_masked"] == "139****0001"));
    assert!(notices[0]["body"]
        .as_str()
        .is_some_and(|t| t.contains("集中交付")));
    let id = b["id"].as_str().expect("id");
    let (_, after) = app
        .get(&format!("/api/v1/delivery-batches/{id}"), &d.service)
        .await;
    let notice = &after["tasks"][2];
    assert_eq!(notice["kind"], "handover_notice");
    assert_eq!(notice["status"], "done");
    assert_eq!(notice["completed_by"], serde_json::Value::Null);
}

#[actix_web::test]
async fn completing_the_handover_notice_by_hand_sends_it_once_and_the_sweep_does_not_resend() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    signed_unit(&app, &d, &ids[0], "13912370011").await;
    signed_unit(&app, &d, &ids[1], "13912370012").await;
    let handover = Utc::now() + Duration::days(20);
    let b = batch(&app, &d, &ids, handover).await;
    let notice = b["tasks"][2]["id"].as_str().expect("task");
    assert_eq!(b["tasks"][2]["kind"], "handover_notice");

    let (s, after) = app
        .post(
            &format!("/api/v1/delivery-tasks/{notice}/complete"),
            &d.service,
            &json!({"outcome": "提前通知"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{after}");
    let task = &after["tasks"][2];
    assert_eq!(task["status"], "done");
    assert!(task["completed_by"].is_string(), "{task}");
    assert!(
        task["outcome"]
            .as_str()
            .is_some_and(|o| o.contains("2 位业主") && o.contains("提前通知")),
        "{task}"
    );
    let sent = |all: Vec<serde_json::Value>| {
        all.into_iter()
            .filter(|m| m["purpose"] == "handover_notice")
            .count()
    };
    assert_eq!(sent(outbox(&app).await), 2, "every owner got the notice");

    let due = jobs_at(&app, handover - Duration::days(5) + Duration::minutes(1)).await;
    assert_eq!(due.delivery.notices, 0, "the sweep does not send it again");
    assert_eq!(sent(outbox(&app).await), 2);
    let (s, again) = app
        .post(
            &format!("/api/v1/delivery-tasks/{notice}/complete"),
            &d.service,
            &json!({"outcome": "再次"}),
        )
        .await;
    assert_problem(s, &again, StatusCode::CONFLICT, "delivery_task_done");
    assert_eq!(sent(outbox(&app).await), 2);
}

#[actix_web::test]
async fn moving_the_handover_day_redates_the_open_steps_and_keeps_the_done_ones() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    let at = chrono::DateTime::parse_from_rfc3339("2027-06-30T02:00:00Z")
        .expect("t")
        .with_timezone(&Utc);
    let b = batch(&app, &d, &ids, at).await;
    let id = b["id"].as_str().expect("id");
    let risk = b["tasks"][0]["id"].as_str().expect("task");
    let (s, done) = app
        .post(
            &format!("/api/v1/delivery-tasks/{risk}/complete"),
            &d.service,
            &json!({"outcome": "已检查"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    let version = done["version"].as_i64().expect("version");

    let path = format!("/api/v1/delivery-batches/{id}");
    let later = json!({"name": "一期延期交付", "handover_at": "2027-07-30T02:00:00Z"});
    let (s, b) = app.patch(&path, &d.engineering, version, &later).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app.patch(&path, &d.rep, version, &later).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let past = json!({"handover_at": Utc::now() - Duration::days(1)});
    let (s, b) = app.patch(&path, &d.service, version, &past).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "in_past");

    let (s, moved) = app.patch(&path, &d.service, version, &later).await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    assert_eq!(moved["name"], "一期延期交付");
    assert_eq!(moved["handover_at"], "2027-07-30T02:00:00Z");
    let dues: Vec<&str> = moved["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .map(|t| t["due_at"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        dues,
        vec![
            "2027-04-01T02:00:00Z",
            "2027-06-30T02:00:00Z",
            "2027-07-25T02:00:00Z",
            "2027-07-30T02:00:00Z",
        ],
        "the done risk check keeps its date, the open steps follow the rules"
    );
    let (s, b) = app.patch(&path, &d.service, version, &later).await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );

    let (_, audit) = app
        .get(
            &format!("/api/v1/audit-events?entity_type=delivery_batch&entity_id={id}"),
            &d.head,
        )
        .await;
    assert_eq!(
        audit["data"][0]["action"], "delivery_batch.update",
        "{audit}"
    );
    assert_eq!(
        audit["data"][0]["before"]["handover_at"],
        "2027-06-30T02:00:00Z"
    );
}

#[actix_web::test]
async fn a_batch_cannot_be_planned_for_a_handover_day_gone_by() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    let (s, b) = app
        .post(
            "/api/v1/delivery-batches",
            &d.service,
            &json!({"project_id": d.pid, "name": "一期", "handover_at": Utc::now() - Duration::hours(1), "unit_ids": ids}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "handover_at");
    assert_eq!(b["errors"][0]["code"], "in_past");
    let (_, list) = app.get("/api/v1/delivery-batches", &d.service).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn one_sweep_sends_the_notices_of_several_due_batches_each_to_its_own_owners() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 3).await;
    signed_unit(&app, &d, &ids[0], "13912370021").await;
    signed_unit(&app, &d, &ids[1], "13912370022").await;
    signed_unit(&app, &d, &ids[2], "13912370023").await;
    let handover = Utc::now() + Duration::days(20);
    let first = batch(&app, &d, &ids[..2], handover).await;
    let second = batch(&app, &d, &ids[2..], handover + Duration::hours(1)).await;

    let (s, list) = app.get("/api/v1/delivery-batches", &d.service).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let counts: Vec<(i64, i64)> = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|b| {
            (
                b["unit_count"].as_i64().unwrap_or(-1),
                b["handed_over"].as_i64().unwrap_or(-1),
            )
        })
        .collect();
    assert_eq!(counts, [(1, 0), (2, 0)], "newest first, counted: {list}");

    let due = jobs_at(&app, handover - Duration::days(4)).await;
    assert_eq!((due.delivery.notices, due.delivery.messages), (2, 3));
    for (b, owners) in [(&first, 2), (&second, 1)] {
        let (_, after) = app
            .get(
                &format!("/api/v1/delivery-batches/{}", b["id"].as_str().expect("id")),
                &d.service,
            )
            .await;
        assert_eq!(after["tasks"][2]["status"], "done");
        assert_eq!(
            after["tasks"][2]["outcome"],
            format!("入伙通告已发送给 {owners} 位业主")
        );
    }
}
