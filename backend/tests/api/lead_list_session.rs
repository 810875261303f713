//! The lead list checks the session inside its own query (`DeferredStaff`):
//! logout, refresh-token reuse, disabling a user and role changes must still
//! take effect at the very next request, on pages that would have had rows.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app, TestApp};
use crate::leads::{capture, lead_body};

/// Creates a sales manager granted `pid`; returns (user JSON, tokens JSON).
async fn new_manager(app: &TestApp, admin: &str, pid: &str, email: &str) -> (Value, Value) {
    let (s, user) = app
        .post(
            "/api/v1/users",
            admin,
            &json!({"email": email, "password": "a-long-password", "display_name": "赵六",
                    "role": "sales_manager", "project_ids": [pid]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{user}");
    let res = app.login_raw(email, "a-long-password").await;
    assert_eq!(res.status(), StatusCode::OK);
    (user, res.json().await.expect("tokens"))
}

fn access(tokens: &Value) -> String {
    tokens["access_token"].as_str().expect("access").to_string()
}

/// Lists twice (the second request takes the one-query path) and returns the ids.
async fn list_ids(app: &TestApp, token: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for _ in 0..2 {
        let (s, b) = app.get("/api/v1/leads?limit=50", token).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        ids = b["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|l| l["id"].as_str().expect("id").to_string())
            .collect();
    }
    ids
}

/// A project with one A lead owned by the demo sales manager.
async fn project_with_lead(app: &TestApp) -> (String, String, String) {
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let out = capture(
        app,
        &manager,
        &lead_body(&pid, "13900004444", "within_3_months", "can_pay"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    (admin, pid, id)
}

#[actix_web::test]
async fn the_lead_list_refuses_a_token_at_once_after_logout_or_refresh_reuse() {
    let app = spawn_app().await;
    let (_, _, id) = project_with_lead(&app).await;
    let t = app.tokens(Role::SalesManager).await;
    assert!(list_ids(&app, &t.access_token).await.contains(&id));
    let (s, _) = app
        .post(
            "/api/v1/auth/logout",
            "",
            &json!({"refresh_token": t.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = app.get("/api/v1/leads", &t.access_token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    // Refresh-token reuse revokes the session: its fresh access token stops working.
    let t = app.tokens(Role::SalesManager).await;
    let (s, next) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": t.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let fresh = access(&next);
    assert!(list_ids(&app, &fresh).await.contains(&id));
    let (s, b) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": t.refresh_token}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let (s, b) = app.get("/api/v1/leads", &fresh).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    // Garbage is 401 before any database work.
    let (s, b) = app.get("/api/v1/leads", "not-a-token").await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[actix_web::test]
async fn the_lead_list_refuses_a_disabled_user_at_once() {
    let app = spawn_app().await;
    let (admin, pid, id) = project_with_lead(&app).await;
    let (user, tokens) = new_manager(&app, &admin, &pid, "mgr2@demo.example").await;
    let token = access(&tokens);
    assert!(list_ids(&app, &token).await.contains(&id));
    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    let version = user["version"].as_i64().expect("version");
    let (s, b) = app
        .patch(&path, &admin, version, &json!({"disabled": true}))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.get("/api/v1/leads", &token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");
}

#[actix_web::test]
async fn a_role_change_applies_to_the_lead_list_at_once() {
    let app = spawn_app().await;
    let (admin, pid, id) = project_with_lead(&app).await;
    let (user, tokens) = new_manager(&app, &admin, &pid, "mgr3@demo.example").await;
    let token = access(&tokens);
    assert!(list_ids(&app, &token).await.contains(&id));
    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    let mut version = user["version"].as_i64().expect("version");
    // A sales rep sees their own leads and the pool, not the manager's A lead.
    let (s, b) = app
        .patch(&path, &admin, version, &json!({"role": "sales_rep"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    version = b["version"].as_i64().expect("version");
    assert!(!list_ids(&app, &token).await.contains(&id));
    // A role without lead work is refused outright.
    let (s, b) = app
        .patch(&path, &admin, version, &json!({"role": "engineering"}))
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.get("/api/v1/leads", &token).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}
