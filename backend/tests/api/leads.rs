//! Leads: capture, de-duplication, grading, assignment, visibility, follow-ups, search.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, second_rep, spawn_app, TestApp};

/// A capture body; `phone` identifies the customer.
pub fn lead_body(project_id: &str, phone: &str, timeframe: &str, ability: &str) -> Value {
    json!({
        "name": "王先生",
        "phone": phone,
        "project_id": project_id,
        "source": "walk_in",
        "budget_fen": 450_000_000i64,
        "purchase_timeframe": timeframe,
        "ability_to_pay": ability,
        "preferred_layouts": ["3室2厅1卫"],
        "consent": {"purpose": "sales_contact", "notice_version": "2026-01"}
    })
}

/// Captures a lead and returns the response body (`{lead, duplicate}`).
pub async fn capture(app: &TestApp, token: &str, body: &Value) -> Value {
    let (s, b) = app.post("/api/v1/leads", token, body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

#[actix_web::test]
async fn an_a_lead_is_graded_with_its_explanation_assigned_to_a_manager_and_clocked_24h() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900001111", "within_3_months", "can_pay"),
    )
    .await;
    let lead = &out["lead"];
    assert_eq!(out["duplicate"], false);
    assert_eq!(lead["grade"], "A");
    assert_eq!(lead["grade_source"], "rules");
    assert_eq!(lead["status"], "new");
    assert_eq!(lead["phone_masked"], "139****1111");
    assert_eq!(lead["sla_state"], "on_time");
    let (_, me) = app.get("/api/v1/me", &manager).await;
    assert_eq!(
        lead["owner_id"], me["id"],
        "A goes to the project's sales manager"
    );
    let due = chrono::DateTime::parse_from_rfc3339(lead["next_due_at"].as_str().expect("due"))
        .expect("rfc3339");
    let hours = (due.with_timezone(&chrono::Utc) - chrono::Utc::now()).num_minutes() as f64 / 60.0;
    assert!(
        (23.5..=24.1).contains(&hours),
        "first contact within 24 h, got {hours}"
    );

    let id = lead["id"].as_str().expect("id");
    let (s, g) = app
        .get(&format!("/api/v1/leads/{id}/grading"), &manager)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(g["grade"], "A");
    assert_eq!(g["rule_set_version"], 0);
    assert_eq!(g["manual"], false);
    let rules = g["rules"].as_array().expect("rules");
    assert!(rules.len() >= 3, "every rule is explained, fired or not");
    assert!(rules
        .iter()
        .any(|r| r["fired"] == true && r["points"].as_i64() > Some(0)));
    assert!(rules
        .iter()
        .any(|r| r["fired"] == false && r["points"] == 0));
    assert!(g["decided_by"].as_str().is_some_and(|d| d.contains('A')));
}

#[actix_web::test]
async fn the_same_phone_twice_is_one_customer_with_a_duplicate_event() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pids = app.project_ids(&manager).await;
    let first = capture(
        &app,
        &manager,
        &lead_body(&pids[0], "13900002222", "undated", "unknown"),
    )
    .await;
    let second = capture(
        &app,
        &manager,
        &lead_body(&pids[1], "139 0000 2222", "undated", "unknown"),
    )
    .await;
    assert_eq!(second["duplicate"], true);
    assert_eq!(first["lead"]["customer_id"], second["lead"]["customer_id"]);
    let id = second["lead"]["id"].as_str().expect("id");
    let (_, events) = app
        .get(&format!("/api/v1/leads/{id}/events"), &manager)
        .await;
    let kinds: Vec<&str> = events["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert!(kinds.contains(&"duplicate"), "{kinds:?}");
    assert!(kinds.contains(&"graded"), "{kinds:?}");
}

#[actix_web::test]
async fn domain_grades_follow_the_default_rules() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    for (phone, timeframe, ability, grade) in [
        ("13900003331", "within_3_months", "can_pay", "A"),
        ("13900003332", "undated", "unknown", "B"),
        ("13900003333", "no_plan", "unknown", "C"),
    ] {
        let out = capture(&app, &manager, &lead_body(&pid, phone, timeframe, ability)).await;
        assert_eq!(out["lead"]["grade"], grade, "{timeframe}/{ability}");
    }
}

#[actix_web::test]
async fn a_customer_who_opted_out_of_automated_decisions_waits_for_a_person() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let mut body = lead_body(&pid, "13900004444", "within_3_months", "can_pay");
    body["opt_outs"] = json!({"automated_decisions": true});
    let out = capture(&app, &manager, &body).await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    assert!(out["lead"]["grade"].is_null(), "never graded automatically");
    assert!(
        out["lead"]["owner_id"].is_null(),
        "ungraded leads wait in the pool"
    );
    let (s, b) = app
        .get(&format!("/api/v1/leads/{id}/grading"), &manager)
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "grading_not_found");
    let (s, graded) = app
        .post(
            &format!("/api/v1/leads/{id}/grade"),
            &manager,
            &json!({"grade": "B", "reason": "客户明确表示年内购房"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{graded}");
    assert_eq!(graded["grade"], "B");
    assert_eq!(graded["grade_source"], "manual");
    let (_, g) = app
        .get(&format!("/api/v1/leads/{id}/grading"), &manager)
        .await;
    assert_eq!(g["manual"], true);
    assert_eq!(g["reason"], "客户明确表示年内购房");
    // A later change of facts does not re-grade a manual grade.
    let (_, lead) = app.get(&format!("/api/v1/leads/{id}"), &manager).await;
    let (s, after) = app
        .patch(
            &format!("/api/v1/leads/{id}"),
            &manager,
            lead["version"].as_i64().expect("v"),
            &json!({"purchase_timeframe": "no_plan"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{after}");
    assert_eq!(after["grade"], "B");
}

#[actix_web::test]
async fn facts_that_change_re_grade_the_lead() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900005555", "no_plan", "unknown"),
    )
    .await;
    assert_eq!(out["lead"]["grade"], "C");
    let id = out["lead"]["id"].as_str().expect("id");
    let v = out["lead"]["version"].as_i64().expect("v");
    let (s, after) = app
        .patch(
            &format!("/api/v1/leads/{id}"),
            &manager,
            v,
            &json!({"purchase_timeframe": "within_3_months", "ability_to_pay": "can_pay"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{after}");
    assert_eq!(after["grade"], "A");
    let (s, b) = app
        .patch(
            &format!("/api/v1/leads/{id}"),
            &manager,
            v,
            &json!({"notes": "stale"}),
        )
        .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
}

#[actix_web::test]
async fn bad_captures_are_refused_and_create_nothing() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let (s, b) = app
        .post(
            "/api/v1/leads",
            &manager,
            &lead_body(&pid, "12345", "undated", "unknown"),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "phone");
    let (s, b) = app
        .post(
            "/api/v1/leads",
            &manager,
            &lead_body("nope", "13900006666", "undated", "unknown"),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "project_id");
    let mut no_consent = lead_body(&pid, "13900006666", "undated", "unknown");
    no_consent.as_object_mut().expect("obj").remove("consent");
    let (s, _) = app.post("/api/v1/leads", &manager, &no_consent).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    // A sales rep cannot capture into a project they are not granted.
    let rep = app.token(Role::SalesRep).await;
    let other = app.project_ids(&manager).await[1].clone();
    let (s, _) = app
        .post(
            "/api/v1/leads",
            &rep,
            &lead_body(&other, "13900006666", "undated", "unknown"),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, list) = app.get("/api/v1/leads", &manager).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0));
    for role in [
        Role::Admin,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
    ] {
        let t = app.token(role).await;
        let (s, _) = app
            .post(
                "/api/v1/leads",
                &t,
                &lead_body(&pid, "13900006667", "undated", "unknown"),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
    }
}

#[actix_web::test]
async fn a_sales_rep_never_sees_another_reps_lead() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep1 = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let rep2 = second_rep(&app, &admin, &pid).await;
    // A B lead goes to a sales rep: the one with the fewest open leads.
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900007777", "undated", "unknown"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let owner = out["lead"]["owner_id"]
        .as_str()
        .expect("assigned")
        .to_string();
    let (_, me1) = app.get("/api/v1/me", &rep1).await;
    let (owner_token, other_token) = if me1["id"] == owner.as_str() {
        (&rep1, &rep2)
    } else {
        (&rep2, &rep1)
    };
    assert_eq!(
        app.get(&format!("/api/v1/leads/{id}"), owner_token).await.0,
        StatusCode::OK
    );
    for path in [
        format!("/api/v1/leads/{id}"),
        format!("/api/v1/leads/{id}/events"),
        format!("/api/v1/leads/{id}/grading"),
        format!("/api/v1/leads/{id}/contact"),
    ] {
        let (s, b) = app.get(&path, other_token).await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "lead_not_found");
    }
    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{id}/follow-ups"),
            other_token,
            &json!({"channel": "call"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, _) = app
        .patch(
            &format!("/api/v1/leads/{id}"),
            other_token,
            1,
            &json!({"notes": "x"}),
        )
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, list) = app.get("/api/v1/leads", other_token).await;
    assert!(list["data"]
        .as_array()
        .expect("data")
        .iter()
        .all(|l| l["id"] != id.as_str()));
    // Roles without lead work are refused outright (the admin: DOMAIN §1).
    for role in [
        Role::Admin,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
    ] {
        let t = app.token(role).await;
        let (s, b) = app.get("/api/v1/leads", &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
}

#[actix_web::test]
async fn a_customer_specialist_sees_c_leads_but_not_a_or_b() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let csr = app.token(Role::CustomerSpecialist).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let c = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900008881", "no_plan", "unknown"),
    )
    .await;
    let a = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900008882", "within_3_months", "can_pay"),
    )
    .await;
    let (_, list) = app.get("/api/v1/leads", &csr).await;
    let ids: Vec<&str> = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|l| l["id"].as_str())
        .collect();
    assert!(ids.contains(&c["lead"]["id"].as_str().expect("id")));
    assert!(!ids.contains(&a["lead"]["id"].as_str().expect("id")));
}
