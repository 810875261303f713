//! Inspections with their checklist, and defects from recording to a
//! verified fix: deadlines from the rules, the status machine with a
//! rejection, roles, and escalation on the SLA clock.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{defect, dx, jobs_at, step, units};
use crate::helpers::{assert_problem, send, spawn_app};

fn answered(inspection: &Value, skip_last: bool) -> Value {
    let mut lines: Vec<Value> = inspection["checklist"]
        .as_array()
        .expect("checklist")
        .iter()
        .map(|l| json!({"room": l["room"], "item": l["item"], "result": "yes"}))
        .collect();
    if skip_last {
        lines.pop();
    }
    json!({"lines": lines, "note": "验房顺利"})
}

#[actix_web::test]
async fn an_inspection_follows_its_kinds_checklist_and_completes_only_when_every_line_is_answered()
{
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let (s, i) = app
        .post(
            "/api/v1/inspections",
            &d.engineering,
            &json!({"unit_id": unit, "kind": "pre_inspection", "participants": ["业主", "监理"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{i}");
    assert_eq!(i["status"], "in_progress");
    assert!(i["checklist"]
        .as_array()
        .is_some_and(|c| c.len() > 5 && c.iter().all(|l| l["result"].is_null())));
    let id = i["id"].as_str().expect("id");
    let path = format!("/api/v1/inspections/{id}/complete");

    let (s, b) = send(
        app.authed(reqwest::Method::POST, &path, &d.engineering)
            .header("If-Match", "\"1\"")
            .json(&answered(&i, true)),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "unanswered");
    let (s, b) = send(
        app.authed(reqwest::Method::POST, &path, &d.engineering)
            .json(&answered(&i, false)),
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
    );
    let bogus = json!({"lines": [{"room": "车库", "item": "不存在", "result": "no"}]});
    let (s, b) = send(
        app.authed(
            reqwest::Method::PUT,
            &format!("/api/v1/inspections/{id}/checklist"),
            &d.engineering,
        )
        .header("If-Match", "\"1\"")
        .json(&bogus),
    )
    .await;
    assert_eq!(b["errors"][0]["code"], "not_in_checklist", "{s} {b}");

    let (s, done) = send(
        app.authed(reqwest::Method::POST, &path, &d.engineering)
            .header("If-Match", "\"1\"")
            .json(&answered(&i, false)),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(done["status"], "completed");
    let (s, b) = send(
        app.authed(reqwest::Method::POST, &path, &d.engineering)
            .header("If-Match", "\"2\"")
            .json(&answered(&i, false)),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "inspection_completed");

    let (s, history) = app
        .get(&format!("/api/v1/inspections?unit_id={unit}"), &d.service)
        .await;
    assert_eq!(s, StatusCode::OK, "{history}");
    assert_eq!(history["data"].as_array().map(Vec::len), Some(1));
    let (s, b) = app
        .get(&format!("/api/v1/inspections?unit_id={unit}"), &d.rep)
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}

#[actix_web::test]
async fn a_handover_day_defect_runs_from_same_day_solution_through_rejection_to_a_closed_fix() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let (_, i) = app
        .post(
            "/api/v1/inspections",
            &d.service,
            &json!({"unit_id": unit, "kind": "handover"}),
        )
        .await;
    let (s, created) = app
        .post("/api/v1/defects", &d.engineering, &json!({"inspection_id": i["id"], "room": "客厅", "category": "wall_crack", "severity": "minor", "description": "东墙裂缝 30cm"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    assert_eq!(created["phase"], "handover");
    assert_eq!(created["status"], "open");
    assert!(created["solution_due_at"].is_string());
    assert!(
        created["rule"].as_str().is_some_and(
            |r| r.contains("solution_same_day=true") && r.contains("handover_fix_days=7")
        ),
        "{created}"
    );
    let due = chrono::DateTime::parse_from_rfc3339(created["fix_due_at"].as_str().expect("due"))
        .expect("t");
    let at = chrono::DateTime::parse_from_rfc3339(created["created_at"].as_str().expect("at"))
        .expect("t");
    assert_eq!((due - at).num_days(), 7);
    assert_eq!(created["sla_state"], "on_time");
    let id = created["id"].as_str().expect("id");

    let (s, b) = step(&app, &d.engineering, id, "fix", json!({})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "defect_status_conflict");
    let (s, a) = step(
        &app,
        &d.engineering,
        id,
        "assign",
        json!({"contractor": "中建三局", "solution": "凿开重新批灰"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{a}");
    assert_eq!(
        (a["status"].as_str(), a["contractor"].as_str()),
        (Some("assigned"), Some("中建三局"))
    );
    assert!(a["solution_at"].is_string() && a["assignee_id"].is_string());
    let (s, f) = step(&app, &d.engineering, id, "fix", json!({"note": "已修补"})).await;
    assert_eq!(
        (s, f["status"].as_str(), f["sla_state"].is_null()),
        (StatusCode::OK, Some("fixed"), true),
        "{f}"
    );
    let (s, b) = step(&app, &d.engineering, id, "verify", json!({})).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = step(&app, &d.service, id, "reject", json!({})).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, r) = step(
        &app,
        &d.service,
        id,
        "reject",
        json!({"note": "裂缝仍可见"}),
    )
    .await;
    assert_eq!(
        (s, r["status"].as_str(), r["rejections"].as_i64()),
        (StatusCode::OK, Some("assigned"), Some(1)),
        "{r}"
    );
    assert_eq!(r["sla_state"], "on_time", "the fix clock runs again: {r}");
    step(&app, &d.engineering, id, "fix", json!({})).await;
    let (_, v) = step(&app, &d.service, id, "verify", json!({"note": "复验通过"})).await;
    assert_eq!(v["status"], "verified");
    let (s, c) = step(&app, &d.service, id, "close", json!({})).await;
    assert_eq!(
        (s, c["status"].as_str()),
        (StatusCode::OK, Some("closed")),
        "{c}"
    );
    let (_, full) = app
        .get(&format!("/api/v1/defects/{id}"), &d.engineering)
        .await;
    let trail: Vec<&str> = full["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["to_status"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(
        trail,
        ["open", "assigned", "fixed", "assigned", "fixed", "verified", "closed"]
    );
    let (s, b) = step(&app, &d.service, id, "close", json!({})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "defect_status_conflict");
    let (s, b) = app.get(&format!("/api/v1/defects/{id}"), &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}

#[actix_web::test]
async fn an_unfixed_defect_breaches_on_the_clock_escalates_once_to_the_head_of_crm() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let late = defect(&app, &d.engineering, &unit, "pre_inspection").await;
    assert_eq!(late["rule"], "delivery_rules.other_fix_days=30");
    let id = late["id"].as_str().expect("id");
    step(
        &app,
        &d.engineering,
        id,
        "assign",
        json!({"contractor": "华东防水"}),
    )
    .await;
    let fixed = defect(&app, &d.engineering, &unit, "pre_inspection").await;
    let fid = fixed["id"].as_str().expect("id");
    step(
        &app,
        &d.engineering,
        fid,
        "assign",
        json!({"contractor": "华东防水"}),
    )
    .await;
    step(&app, &d.engineering, fid, "fix", json!({})).await;

    let report = jobs_at(&app, Utc::now() + Duration::days(31)).await;
    assert_eq!(
        (report.sla.breached, report.sla.escalated),
        (1, 1),
        "{report:?}"
    );
    let again = jobs_at(&app, Utc::now() + Duration::days(31)).await;
    assert_eq!(again.sla.breached, 0, "escalated once");

    let (_, notes) = app.get("/api/v1/notifications", &d.head).await;
    let esc: Vec<_> = notes["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|n| n["kind"] == "sla_escalated")
        .collect();
    assert_eq!(esc.len(), 1, "{notes}");
    assert_eq!(esc[0]["entity_id"], id);
    assert!(esc[0]["body"]
        .as_str()
        .is_some_and(|b| b.contains("华东防水")));
    let params = &esc[0]["params"];
    assert_eq!(params["due"], "defect_fix", "{params}");
    assert_eq!(params["unassigned"], false, "a contractor was named");
    assert!(params["subject"].as_str().is_some_and(|s| !s.is_empty()));
    let (_, engineer_notes) = app.get("/api/v1/notifications", &d.engineering).await;
    assert!(engineer_notes["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|n| n["kind"] == "sla_breached"));
    let (_, one) = app
        .get(&format!("/api/v1/defects/{id}"), &d.engineering)
        .await;
    assert_eq!(one["sla_state"], "breached");
    let (_, board) = app
        .get(
            &format!(
                "/api/v1/defects?contractor=%E5%8D%8E%E4%B8%9C%E9%98%B2%E6%B0%B4&unit_id={unit}"
            ),
            &d.engineering,
        )
        .await;
    assert_eq!(board["data"].as_array().map(Vec::len), Some(2));
}
