//! The audit trail.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn writes_are_audited_with_before_and_after_and_personal_data_masked() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, u) = app
        .post("/api/v1/users", &admin, &json!({"email": "audit@demo.example", "password": "a-long-password", "display_name": "审计", "role": "service", "phone": "13655556666"}))
        .await;
    let id = u["id"].as_str().expect("id");
    let (s, _) = app
        .patch(
            &format!("/api/v1/users/{id}"),
            &admin,
            1,
            &json!({"role": "property"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let crm = app.token(Role::CrmHead).await;
    let (s, events) = app
        .get(
            &format!("/api/v1/audit-events?entity_type=user&entity_id={id}"),
            &crm,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let data = events["data"].as_array().expect("data");
    assert_eq!(data.len(), 2);
    assert_eq!(data[0]["action"], "user.change_role", "newest first");
    assert_eq!(data[0]["actor_name"], "演示系统管理员");
    assert_eq!(data[0]["before"]["role"], "service");
    assert_eq!(data[0]["after"]["role"], "property");
    assert_eq!(data[1]["action"], "user.create");
    let text = events.to_string();
    assert!(
        !text.contains("13655556666"),
        "no raw phone in the audit trail"
    );
    assert!(text.contains("136****6666"));
    assert!(
        !text.contains("argon2"),
        "no password hash in the audit trail"
    );
}

#[actix_web::test]
async fn audit_filters_by_action_and_actor() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    app.create_project(&admin, "审计一").await;
    app.create_project(&admin, "审计二").await;
    let (_, me) = app.get("/api/v1/me", &admin).await;
    let (_, list) = app
        .get(
            &format!(
                "/api/v1/audit-events?action=project.create&actor_id={}",
                me["id"].as_str().expect("id")
            ),
            &admin,
        )
        .await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(2));
    let (_, page) = app
        .get("/api/v1/audit-events?action=project.create&limit=1", &admin)
        .await;
    assert!(page["next_cursor"].is_string());
}

#[actix_web::test]
async fn only_admin_and_crm_head_read_the_audit_trail() {
    let app = spawn_app().await;
    for role in [
        Role::SalesManager,
        Role::SalesRep,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
        Role::Service,
    ] {
        let t = app.token(role).await;
        let (s, b) = app.get("/api/v1/audit-events", &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
}
