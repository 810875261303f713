//! What the lead screens need beyond the lead API itself: the staff directory
//! for assignment, phone search, the follow-ups due, the unread count.

use api_types::Role;
use diesel::prelude::*;
use estate_crm::schema::users;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{assert_problem, second_rep, send, spawn_app, TestApp};
use crate::leads::{capture, lead_body};

fn ids(body: &Value) -> Vec<String> {
    body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|v| v["id"].as_str().expect("id").to_string())
        .collect()
}

async fn me(app: &TestApp, token: &str) -> String {
    let (_, me) = app.get("/api/v1/me", token).await;
    me["id"].as_str().expect("id").to_string()
}

#[actix_web::test]
async fn lead_staff_lists_the_assignable_people_of_a_project_with_their_open_leads() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pids = app.project_ids(&admin).await;
    let pid = pids[0].clone();
    let rep2 = second_rep(&app, &admin, &pid).await;
    // Two B leads: one for each rep (fewest open leads first).
    for phone in ["13900002101", "13900002102"] {
        capture(
            &app,
            &manager,
            &lead_body(&pid, phone, "undated", "unknown"),
        )
        .await;
    }
    let (s, body) = app
        .get(&format!("/api/v1/lead-staff?project_id={pid}"), &manager)
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let data = body["data"].as_array().expect("data");
    let roles: Vec<&str> = data
        .iter()
        .map(|p| p["role"].as_str().expect("role"))
        .collect();
    assert!(roles.contains(&"sales_manager") && roles.contains(&"customer_specialist"));
    assert_eq!(roles.iter().filter(|r| **r == "sales_rep").count(), 2);
    assert!(
        !roles
            .iter()
            .any(|r| matches!(*r, "engineering" | "admin" | "crm_head")),
        "only roles leads are assigned to: {roles:?}"
    );
    for p in data {
        let keys: Vec<&String> = p.as_object().expect("object").keys().collect();
        assert_eq!(
            keys.len(),
            4,
            "id, display_name, role, open_leads only: {p}"
        );
        assert!(p.get("email").is_none() && p.get("phone").is_none());
    }
    for token in [&rep, &rep2] {
        let uid = me(&app, token).await;
        let row = data
            .iter()
            .find(|p| p["id"] == uid.as_str())
            .expect("rep listed");
        assert_eq!(row["open_leads"], 1, "{row}");
    }
    let (_, reps) = app
        .get(
            &format!("/api/v1/lead-staff?project_id={pid}&role=sales_rep"),
            &manager,
        )
        .await;
    assert_eq!(ids(&reps).len(), 2);
    // The demo rep is granted the first project only.
    let (_, other) = app
        .get(
            &format!("/api/v1/lead-staff?project_id={}", pids[1]),
            &manager,
        )
        .await;
    assert!(other["data"]
        .as_array()
        .expect("data")
        .iter()
        .all(|p| p["role"] != "sales_rep"));
    // A disabled person is not offered.
    let rep2_id = me(&app, &rep2).await;
    {
        let mut conn = app.state.pool.get().expect("conn");
        diesel::update(users::table.find(&rep2_id))
            .set(users::disabled.eq(true))
            .execute(&mut *conn)
            .expect("disable");
    }
    let head = app.token(Role::CrmHead).await;
    let (_, after) = app
        .get(
            &format!("/api/v1/lead-staff?project_id={pid}&role=sales_rep"),
            &head,
        )
        .await;
    assert_eq!(ids(&after).len(), 1);
    let (_, page) = app.get("/api/v1/lead-staff?limit=1", &head).await;
    assert_eq!(ids(&page).len(), 1);
    assert!(page["next_cursor"].is_string());
}

#[actix_web::test]
async fn lead_staff_is_refused_to_other_roles_and_to_managers_outside_their_projects() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    for role in [
        Role::Admin,
        Role::SalesRep,
        Role::CustomerSpecialist,
        Role::Service,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
    ] {
        let token = app.token(role).await;
        let (s, b) = app.get("/api/v1/lead-staff", &token).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let head = app.token(Role::CrmHead).await;
    let (s, _) = app.get("/api/v1/lead-staff", &head).await;
    assert_eq!(s, StatusCode::OK);
    let project = app.create_project(&admin, "新城项目").await;
    let new_pid = project["id"].as_str().expect("id");
    let manager = app.token(Role::SalesManager).await;
    let (s, b) = app
        .get(
            &format!("/api/v1/lead-staff?project_id={new_pid}"),
            &manager,
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "project_not_found");
    let (s, b) = app
        .get("/api/v1/lead-staff?role=engineering", &manager)
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[actix_web::test]
async fn leads_are_found_by_exact_phone_and_a_rep_still_finds_only_their_own() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep1 = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let rep2 = second_rep(&app, &admin, &pid).await;
    let a = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900003301", "undated", "unknown"),
    )
    .await;
    capture(
        &app,
        &manager,
        &lead_body(&pid, "13900003302", "undated", "unknown"),
    )
    .await;
    let lead_id = a["lead"]["id"].as_str().expect("id").to_string();
    let owner = a["lead"]["owner_id"].as_str().expect("owner").to_string();
    let path = "/api/v1/leads?phone=%2B86%20139-0000-3301";
    let (s, found) = app.get(path, &manager).await;
    assert_eq!(s, StatusCode::OK, "{found}");
    assert_eq!(
        ids(&found),
        vec![lead_id.clone()],
        "spacing and +86 are ignored"
    );
    let (_, none) = app.get("/api/v1/leads?phone=13900003399", &manager).await;
    assert!(ids(&none).is_empty(), "an unknown phone finds nothing");
    let (_, prefix) = app.get("/api/v1/leads?phone=1390000330", &manager).await;
    assert_eq!(
        prefix["code"], "validation_failed",
        "exact match only: a partial number is refused"
    );
    let (owner_token, other_token) = if owner == me(&app, &rep1).await {
        (&rep1, &rep2)
    } else {
        (&rep2, &rep1)
    };
    let (_, mine) = app.get(path, owner_token).await;
    assert_eq!(ids(&mine), vec![lead_id]);
    let (s, theirs) = app.get(path, other_token).await;
    assert_eq!(s, StatusCode::OK);
    assert!(
        ids(&theirs).is_empty(),
        "another rep's lead stays invisible"
    );
    let (s, body) = app.get("/api/v1/leads?phone=abc", &manager).await;
    assert_problem(
        s,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert!(!body.to_string().contains("abc"), "the phone is not echoed");
}

#[actix_web::test]
async fn due_before_lists_only_the_follow_ups_due_by_then() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    // An A lead: first contact due in 24 h.
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900004401", "within_3_months", "can_pay"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let at = |h: i64| {
        (chrono::Utc::now() + chrono::Duration::hours(h))
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    };
    let (s, soon) = app
        .get(
            &format!("/api/v1/leads?sort=next_due&due_before={}", at(1)),
            &manager,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{soon}");
    assert!(!ids(&soon).contains(&id));
    let (_, later) = app
        .get(
            &format!("/api/v1/leads?sort=next_due&due_before={}", at(25)),
            &manager,
        )
        .await;
    assert!(ids(&later).contains(&id));
}

#[actix_web::test]
async fn the_unread_count_counts_only_the_callers_unread_notifications() {
    let app = spawn_app().await;
    let token = app.token(Role::SalesRep).await;
    let uid = me(&app, &token).await;
    let manager = app.token(Role::SalesManager).await;
    let manager_id = me(&app, &manager).await;
    {
        let mut conn = app.state.pool.get().expect("conn");
        let company: String = users::table
            .find(&uid)
            .select(users::company_id)
            .first(&mut *conn)
            .expect("company");
        for (user, n) in [(&uid, 3), (&manager_id, 2)] {
            for i in 0..n {
                estate_crm::notifications::notify(
                    &mut conn,
                    &company,
                    user,
                    "sla_due_soon",
                    &estate_crm::notifications::Message {
                        title: format!("n{i}"),
                        ..Default::default()
                    },
                    None,
                )
                .expect("notify");
            }
        }
    }
    let (s, body) = app.get("/api/v1/notifications/unread-count", &token).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    assert_eq!(body["count"], 3);
    let (_, list) = app.get("/api/v1/notifications?limit=1", &token).await;
    let first = list["data"][0]["id"].as_str().expect("id").to_string();
    send(app.authed(
        Method::POST,
        &format!("/api/v1/notifications/{first}/read"),
        &token,
    ))
    .await;
    let (_, body) = app.get("/api/v1/notifications/unread-count", &token).await;
    assert_eq!(body["count"], 2);
    send(app.authed(Method::POST, "/api/v1/notifications/read-all", &token)).await;
    let (_, body) = app.get("/api/v1/notifications/unread-count", &token).await;
    assert_eq!(body["count"], 0);
    let (_, theirs) = app
        .get("/api/v1/notifications/unread-count", &manager)
        .await;
    assert_eq!(theirs["count"], 2, "another user's list is untouched");
    let (s, b) = send(app.req(Method::GET, "/api/v1/notifications/unread-count")).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}
