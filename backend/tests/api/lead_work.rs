//! Leads: working them — follow-ups, losing, the logged contact read, search.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, TestApp};
use crate::leads::{capture, lead_body};

/// Every lead's `next_due_at` and `sla_state` equal the deadline and state of
/// its open clock (`NULL` without one): the columns the list sorts and
/// filters by never drift from the clock.
pub fn assert_next_due_in_step(app: &TestApp) {
    use diesel::prelude::*;
    use estate_crm::schema::{leads, sla_clocks};
    type Mirror = Option<(chrono::NaiveDateTime, String)>;
    let mut conn = app.state.pool.get().expect("conn");
    let rows: Vec<(String, Option<chrono::NaiveDateTime>, Option<String>)> = leads::table
        .select((leads::id, leads::next_due_at, leads::sla_state))
        .load(&mut *conn)
        .expect("leads");
    assert!(!rows.is_empty());
    for (id, next_due, state) in rows {
        let open: Mirror = sla_clocks::table
            .filter(sla_clocks::entity_type.eq("lead"))
            .filter(sla_clocks::entity_id.eq(&id))
            .filter(sla_clocks::closed_at.is_null())
            .select((sla_clocks::due_at, sla_clocks::state))
            .first(&mut *conn)
            .optional()
            .expect("clock");
        let mirrored: Mirror = next_due.zip(state.clone());
        assert_eq!(
            mirrored, open,
            "lead {id}: {next_due:?}/{state:?} vs its open clock"
        );
        assert_eq!(next_due.is_some(), state.is_some(), "lead {id}");
    }
}

/// A sales manager's token and the capture answer of a lead with `phone`
/// and the given timeframe and ability on their first project.
pub async fn manager_captures(
    app: &TestApp,
    phone: &str,
    timeframe: &str,
    ability: &str,
) -> (String, Value) {
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(app, &manager, &lead_body(&pid, phone, timeframe, ability)).await;
    (manager, out)
}

#[actix_web::test]
async fn a_follow_up_moves_the_lead_on_and_restarts_its_clock() {
    let app = spawn_app().await;
    let (manager, out) = manager_captures(&app, "13900009999", "undated", "unknown").await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let first_due = out["lead"]["next_due_at"]
        .as_str()
        .expect("due")
        .to_string();
    let (s, fu) = app
        .post(
            &format!("/api/v1/leads/{id}/follow-ups"),
            &manager,
            &json!({"channel": "visit", "outcome": "看了样板间", "next_step": "周末带家人复访"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fu}");
    let (_, lead) = app.get(&format!("/api/v1/leads/{id}"), &manager).await;
    assert_eq!(lead["status"], "visited");
    assert_eq!(lead["visits"], 1);
    assert_ne!(
        lead["next_due_at"].as_str(),
        Some(first_due.as_str()),
        "the clock restarted"
    );
    let (_, list) = app
        .get(&format!("/api/v1/leads/{id}/follow-ups"), &manager)
        .await;
    assert_eq!(list["data"][0]["next_step"], "周末带家人复访");
    let (_, page) = app.get("/api/v1/leads?sort=next_due", &manager).await;
    assert_eq!(page["data"][0]["next_due_at"], lead["next_due_at"]);
    assert_next_due_in_step(&app);
}

#[actix_web::test]
async fn a_lost_lead_records_its_reason_and_its_clock_stops() {
    let app = spawn_app().await;
    let (manager, out) = manager_captures(&app, "13900001010", "undated", "unknown").await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let (s, lost) = app
        .post(
            &format!("/api/v1/leads/{id}/lose"),
            &manager,
            &json!({"reason": "price_objection", "note": "嫌贵"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{lost}");
    assert_eq!(lost["status"], "lost");
    assert_eq!(lost["lost_reason"], "price_objection");
    assert!(lost["sla_state"].is_null());
    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{id}/follow-ups"),
            &manager,
            &json!({"channel": "call"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "lead_closed");
    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{id}/lose"),
            &manager,
            &json!({"reason": "bogus"}),
        )
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, due) = app.get("/api/v1/leads?sort=next_due", &manager).await;
    assert!(
        due["data"]
            .as_array()
            .expect("data")
            .iter()
            .all(|l| l["id"] != id.as_str()),
        "a lead without a clock is not in the due order"
    );
    assert_next_due_in_step(&app);
}

#[actix_web::test]
async fn the_full_phone_is_a_logged_read() {
    let app = spawn_app().await;
    let (manager, out) = manager_captures(&app, "13900001414", "undated", "unknown").await;
    let id = out["lead"]["id"].as_str().expect("id");
    let (s, c) = app
        .get(&format!("/api/v1/leads/{id}/contact"), &manager)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(c["phone"], "13900001414");
    let cpo = app.token(Role::PrivacyOfficer).await;
    let (_, log) = app
        .get(
            &format!(
                "/api/v1/personal-data-access?entity_id={}",
                c["customer_id"].as_str().expect("cid")
            ),
            &cpo,
        )
        .await;
    assert_eq!(log["data"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn search_filters_and_sorts_by_next_due_across_pages() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    for (i, (t, a)) in [
        ("within_3_months", "can_pay"),
        ("undated", "unknown"),
        ("no_plan", "unknown"),
        ("within_3_months", "can_pay"),
        ("undated", "unknown"),
    ]
    .into_iter()
    .enumerate()
    {
        let mut body = lead_body(&pid, &format!("1390000200{i}"), t, a);
        body["name"] = json!(format!("客户{i}"));
        capture(&app, &manager, &body).await;
    }
    let (_, a) = app.get("/api/v1/leads?grade=A", &manager).await;
    assert_eq!(a["data"].as_array().map(Vec::len), Some(2));
    let (_, named) = app.get("/api/v1/leads?q=客户3", &manager).await;
    assert_eq!(named["data"].as_array().map(Vec::len), Some(1));
    let (_, on_time) = app
        .get("/api/v1/leads?sla_state=on_time&status=new", &manager)
        .await;
    assert_eq!(on_time["data"].as_array().map(Vec::len), Some(5));
    let mut dues = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/leads?sort=next_due&limit=2&cursor={c}"),
            None => "/api/v1/leads?sort=next_due&limit=2".into(),
        };
        let (s, page) = app.get(&path, &manager).await;
        assert_eq!(s, StatusCode::OK, "{page}");
        for l in page["data"].as_array().expect("data") {
            dues.push(l["next_due_at"].as_str().expect("due").to_string());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(dues.len(), 5);
    let mut sorted = dues.clone();
    sorted.sort();
    assert_eq!(dues, sorted, "soonest due first");
    let (s, _) = app.get("/api/v1/leads?sort=random", &manager).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
}
