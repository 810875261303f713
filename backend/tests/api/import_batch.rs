//! The import's set-based fast path decides exactly what capturing the same
//! rows one by one through `POST /api/v1/leads` decides: grades and their
//! explanations, de-duplication within the file and against existing
//! customers, owners by the assignment policy, clocks and timelines.

use std::collections::HashMap;

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{send, spawn_app, TestApp};
use crate::leads::capture;

/// (name, phone, timeframe, ability, visits): A, B and C leads, a phone
/// repeated in the file, and one already known before the import.
const ROWS: &[(&str, &str, &str, &str, i32)] = &[
    ("甲一", "13911110001", "within_3_months", "can_pay", 2),
    ("乙二", "13911110002", "undated", "unknown", 0),
    ("丙三", "13911110003", "no_plan", "unknown", 0),
    (
        "丁四",
        "13911110004",
        "within_6_months",
        "needs_financing",
        1,
    ),
    ("乙二", "139 1111 0002", "within_3_months", "can_pay", 3),
    ("戊五", "13911110005", "undated", "unknown", 0),
    ("老客户", "13900000000", "within_12_months", "can_pay", 0),
    ("己六", "13911110006", "undated", "needs_financing", 0),
    ("庚七", "13911110007", "within_3_months", "can_pay", 1),
    ("辛八", "13911110008", "undated", "unknown", 1),
    ("壬九", "13911110009", "no_plan", "unknown", 0),
    ("癸十", "13911110010", "undated", "unknown", 0),
];

/// The same staff in each app: two more reps and a second customer
/// specialist granted the first project, so round-robin has choices.
async fn staff(app: &TestApp, admin: &str, pid: &str) {
    for (email, role) in [
        ("rep2@demo.example", "sales_rep"),
        ("rep3@demo.example", "sales_rep"),
        ("csr2@demo.example", "customer_specialist"),
    ] {
        let (s, b) = app
            .post(
                "/api/v1/users",
                admin,
                &json!({"email": email, "password": "a-long-password", "display_name": "员工",
                        "role": role, "project_ids": [pid]}),
            )
            .await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
    }
}

/// An app with the staff and one customer known before the import.
async fn prepared() -> (TestApp, String, String) {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let head = app.token(Role::CrmHead).await;
    let pid = app.project_ids(&admin).await[0].clone();
    staff(&app, &admin, &pid).await;
    let mut known = crate::leads::lead_body(&pid, "13900000000", "undated", "unknown");
    known["name"] = json!("老客户");
    capture(&app, &head, &known).await;
    (app, head, pid)
}

/// What must be equal between the two paths, with user ids as e-mails and
/// customers as "the first lead of this customer".
async fn decisions(app: &TestApp, head: &str) -> Vec<Value> {
    let admin = app.token(Role::Admin).await;
    let (_, users) = app.get("/api/v1/users?limit=200", &admin).await;
    let email: HashMap<String, String> = users["data"]
        .as_array()
        .expect("users")
        .iter()
        .map(|u| {
            (
                u["id"].as_str().expect("id").into(),
                u["email"].as_str().expect("email").into(),
            )
        })
        .collect();
    let (s, page) = app.get("/api/v1/leads?limit=200", head).await;
    assert_eq!(s, StatusCode::OK, "{page}");
    let leads = page["data"].as_array().expect("data").clone();
    let mut first_of_customer: HashMap<String, usize> = HashMap::new();
    let mut out = Vec::new();
    for (i, l) in leads.iter().enumerate() {
        let id = l["id"].as_str().expect("id");
        let customer = *first_of_customer
            .entry(l["customer_id"].as_str().expect("customer").into())
            .or_insert(i);
        let owner = l["owner_id"].as_str().map(|o| email[o].clone());
        let created = chrono::DateTime::parse_from_rfc3339(l["created_at"].as_str().expect("t"))
            .expect("rfc3339");
        let due_hours = l["next_due_at"].as_str().map(|d| {
            let due = chrono::DateTime::parse_from_rfc3339(d).expect("rfc3339");
            (due - created).num_minutes() / 60
        });
        let (_, grading) = app.get(&format!("/api/v1/leads/{id}/grading"), head).await;
        let (_, events) = app
            .get(&format!("/api/v1/leads/{id}/events?limit=200"), head)
            .await;
        let events: Vec<Value> = events["data"]
            .as_array()
            .expect("events")
            .iter()
            .map(|e| json!([e["kind"], e["reason"]]))
            .collect();
        out.push(json!({
            "name": l["customer_name"], "phone": l["phone_masked"], "customer": customer,
            "grade": l["grade"], "grade_source": l["grade_source"], "status": l["status"],
            "owner": owner, "version": l["version"], "sla_state": l["sla_state"],
            "due_hours": due_hours,
            "grading": [grading["grade"], grading["score"], grading["rule_set_version"],
                        grading["rules"], grading["decided_by"]],
            "events": events,
        }));
    }
    out
}

#[actix_web::test]
async fn an_import_grades_deduplicates_and_assigns_exactly_like_capturing_one_by_one() {
    let (one, one_head, one_pid) = prepared().await;
    for (name, phone, timeframe, ability, visits) in ROWS {
        let mut body = crate::leads::lead_body(&one_pid, phone, timeframe, ability);
        body["name"] = json!(name);
        body["visits"] = json!(visits);
        body["preferred_layouts"] = json!([]);
        capture(&one, &one_head, &body).await;
    }

    let (bulk, bulk_head, bulk_pid) = prepared().await;
    let mut csv =
        String::from("name,phone,project,source,budget,purchase_timeframe,ability_to_pay,visits\n");
    for (name, phone, timeframe, ability, visits) in ROWS {
        csv.push_str(&format!(
            "{name},{phone},{bulk_pid},walk_in,4500000,{timeframe},{ability},{visits}\n"
        ));
    }
    let (s, report) = send(
        bulk.authed(
            Method::POST,
            "/api/v1/leads/imports?consent_purpose=sales_contact&notice_version=2026-01",
            &bulk_head,
        )
        .header("content-type", "text/csv")
        .body(csv),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], ROWS.len());
    assert_eq!(
        report["duplicates"], 2,
        "one repeated in the file, one known: {report}"
    );

    // The set-based path writes each lead once, final: its `updated_at` is its
    // capture time (one by one, grading and assignment update it afterwards).
    let (_, page) = bulk.get("/api/v1/leads?limit=200", &bulk_head).await;
    let leads = page["data"].as_array().expect("data");
    assert!(
        leads[1..]
            .iter()
            .all(|l| l["updated_at"] == l["created_at"]),
        "the import took the set-based path"
    );
    let expected = decisions(&one, &one_head).await;
    let imported = decisions(&bulk, &bulk_head).await;
    assert_eq!(expected.len(), ROWS.len() + 1);
    let grades: Vec<&Value> = expected.iter().map(|d| &d["grade"]).collect();
    for g in ["A", "B", "C"] {
        assert!(
            grades.iter().any(|x| **x == g),
            "the rows cover grade {g}: {grades:?}"
        );
    }
    let owners: Vec<&Value> = expected.iter().map(|d| &d["owner"]).collect();
    assert!(
        owners.iter().any(|o| *o == "rep3@demo.example"),
        "round-robin reached the third rep: {owners:?}"
    );
    for (e, i) in expected.iter().zip(&imported) {
        assert_eq!(e, i, "one by one vs imported");
    }
    crate::lead_work::assert_next_due_in_step(&one);
    crate::lead_work::assert_next_due_in_step(&bulk);
}
