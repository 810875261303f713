//! Follow-up tasks on the SLA clock: due, breached and escalated, completed
//! with an outcome; their deadlines are a setting.

use api_types::Role;
use chrono::Duration;
use reqwest::StatusCode;
use serde_json::json;

use super::{act, available_units, buyer, fx, subscribed};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn an_overdue_contact_task_breaches_escalates_and_is_completed_with_its_outcome() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let specialist = app.token(Role::CustomerSpecialist).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912380001").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    let task_id = deal["tasks"][0]["id"].as_str().expect("task").to_string();

    let t0 = estate_crm::db::now();
    estate_crm::jobs::run_once_at(&app.state.pool, t0 + Duration::hours(140))
        .await
        .expect("sweep");
    let (_, mine) = app
        .get(
            "/api/v1/deal-tasks?mine=true&sla_state=due_soon",
            &specialist,
        )
        .await;
    assert_eq!(mine["data"][0]["id"], task_id.as_str(), "{mine}");
    let report = estate_crm::jobs::run_once_at(&app.state.pool, t0 + Duration::hours(169))
        .await
        .expect("sweep");
    assert!(
        report.sla.breached >= 1 && report.sla.escalated >= 1,
        "{report:?}"
    );
    let (_, tasks) = app
        .get(
            &format!(
                "/api/v1/deal-tasks?deal_id={}",
                deal["id"].as_str().unwrap_or("")
            ),
            &f.manager,
        )
        .await;
    assert_eq!(tasks["data"][0]["sla_state"], "breached", "{tasks}");

    let (_, notes) = app.get("/api/v1/notifications", &specialist).await;
    let kinds: Vec<&str> = notes["data"]
        .as_array()
        .expect("notes")
        .iter()
        .filter_map(|n| n["kind"].as_str())
        .collect();
    assert!(
        kinds.contains(&"sla_due_soon") && kinds.contains(&"sla_breached"),
        "{kinds:?}"
    );
    let (_, head_notes) = app.get("/api/v1/notifications", &f.head).await;
    let esc = head_notes["data"]
        .as_array()
        .expect("notes")
        .iter()
        .find(|n| n["kind"] == "sla_escalated")
        .cloned()
        .expect("escalated");
    assert_eq!(esc["entity_type"], "deal_task");
    assert!(
        !esc.to_string().contains("1391238"),
        "no personal data in notifications"
    );

    let (s, b) = app
        .post(
            &format!("/api/v1/deal-tasks/{task_id}/complete"),
            &f.rep,
            &json!({"outcome": "不是我的"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_task_not_found");
    let (s, b) = app
        .post(
            &format!("/api/v1/deal-tasks/{task_id}/complete"),
            &app.token(Role::Service).await,
            &json!({"outcome": "无权"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    for role in [Role::Admin, Role::Service, Role::DataAnalyst] {
        let (s, _) = app.get("/api/v1/deal-tasks", &app.token(role).await).await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
    }
    let (s, done) = app
        .post(
            &format!("/api/v1/deal-tasks/{task_id}/complete"),
            &specialist,
            &json!({"outcome": "已电话联系,客户满意"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(
        (done["status"].as_str(), done["outcome"].as_str()),
        (Some("done"), Some("已电话联系,客户满意"))
    );
    assert!(done["sla_state"].is_null());
    let (s, b) = app
        .post(
            &format!("/api/v1/deal-tasks/{task_id}/complete"),
            &specialist,
            &json!({"outcome": "再来一次"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "deal_task_closed");
    let (_, audit) = app
        .get(
            &format!("/api/v1/audit-events?entity_id={task_id}"),
            &f.admin,
        )
        .await;
    assert_eq!(audit["data"][0]["action"], "deal_task.complete");
    // Completed: the sweep leaves it alone.
    let report = estate_crm::jobs::run_once_at(&app.state.pool, t0 + Duration::hours(400))
        .await
        .expect("sweep");
    assert_eq!(report.sla.failed, 0);
}

#[actix_web::test]
async fn the_follow_up_deadlines_are_a_setting_of_the_head_of_crm() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (s, b) = app.get("/api/v1/settings/deal-follow-up", &f.manager).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        (
            b["version"].as_i64(),
            b["follow_up"]["specialist_contact_hours"].as_i64()
        ),
        (Some(0), Some(168))
    );
    let body = json!({"specialist_contact_hours": 24, "satisfaction_revisit_hours": 48, "warn_before_percent": 10, "grace_hours": 0});
    let put = |t: &str| {
        send(
            app.authed(reqwest::Method::PUT, "/api/v1/settings/deal-follow-up", t)
                .header("If-Match", "\"0\"")
                .json(&body),
        )
    };
    let (s, b) = put(&f.manager).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = put(&f.head).await;
    assert_eq!((s, b["version"].as_i64()), (StatusCode::OK, Some(1)), "{b}");
    let (s, b) = put(&f.head).await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let (s, _) = app
        .get(
            "/api/v1/settings/deal-follow-up",
            &app.token(Role::Service).await,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);

    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912380011").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    assert_eq!(
        deal["tasks"][0]["rule"],
        "deal_follow_up.specialist_contact_hours=24"
    );
    let at = |v: &serde_json::Value| {
        chrono::DateTime::parse_from_rfc3339(v.as_str().expect("time")).expect("rfc3339")
    };
    assert_eq!(
        (at(&deal["tasks"][0]["due_at"]) - at(&deal["subscribed_at"])).num_hours(),
        24
    );
    let (_, signed) = act(
        &app,
        &f.manager,
        deal["id"].as_str().expect("id"),
        "sign",
        json!({}),
    )
    .await;
    let revisit = signed["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["kind"] == "satisfaction_revisit")
        .cloned()
        .expect("revisit");
    assert_eq!(
        revisit["rule"],
        "deal_follow_up.satisfaction_revisit_hours=48"
    );
}
