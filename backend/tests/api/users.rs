//! The users API and staff personal data.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn admin_creates_a_user_who_can_sign_in_with_a_masked_phone() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[1].clone();
    let (s, u) = app
        .post(
            "/api/v1/users",
            &admin,
            &json!({"email": "Li.Na@Demo.Example", "password": "a-long-password", "display_name": "李娜",
                    "role": "sales_rep", "phone": "13912345678", "project_ids": [pid]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    assert_eq!(u["email"], "li.na@demo.example");
    assert_eq!(u["phone_masked"], "139****5678");
    assert_eq!(u["project_ids"], json!([pid]));
    let res = app.login_raw("li.na@demo.example", "a-long-password").await;
    assert_eq!(res.status(), StatusCode::OK);
    let (s, b) = app
        .post("/api/v1/users", &admin, &json!({"email": "li.na@demo.example", "password": "another-password", "display_name": "x", "role": "service"}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "email_taken");
}

#[actix_web::test]
async fn the_stored_phone_is_encrypted_and_blind_indexed() {
    use diesel::prelude::*;
    use estate_crm::schema::users;
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, u) = app
        .post("/api/v1/users", &admin, &json!({"email": "enc@demo.example", "password": "a-long-password", "display_name": "x", "role": "service", "phone": "13700001111"}))
        .await;
    let mut conn = app.state.pool.get().expect("conn");
    let (enc, bidx): (Option<String>, Option<String>) = users::table
        .filter(users::id.eq(u["id"].as_str().expect("id")))
        .select((users::phone_enc, users::phone_bidx))
        .first(&mut *conn)
        .expect("row");
    let enc = enc.expect("encrypted");
    assert!(!enc.contains("13700001111"));
    assert!(enc.starts_with("k1:"));
    assert_eq!(
        bidx.as_deref(),
        Some(
            app.state
                .personal_data
                .blind_index("phone", "13700001111")
                .as_str()
        )
    );
}

#[actix_web::test]
async fn full_reads_of_personal_data_are_role_limited_and_logged() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, list) = app.get("/api/v1/users?role=sales_rep", &admin).await;
    let id = list["data"][0]["id"].as_str().expect("id").to_string();
    assert!(list["data"][0]["phone_masked"]
        .as_str()
        .is_some_and(|p| p.contains("****")));
    let cpo = app.token(Role::PrivacyOfficer).await;
    let (s, full) = app
        .get(&format!("/api/v1/users/{id}/personal-data"), &cpo)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(full["phone"].as_str().map(str::len), Some(11));
    for role in [
        Role::Admin,
        Role::CrmHead,
        Role::SalesManager,
        Role::Service,
    ] {
        let t = app.token(role).await;
        let (s, b) = app
            .get(&format!("/api/v1/users/{id}/personal-data"), &t)
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, log) = app
        .get(
            &format!("/api/v1/personal-data-access?entity_id={id}"),
            &cpo,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let entries = log["data"].as_array().expect("data");
    assert_eq!(entries.len(), 1, "only the allowed read is logged");
    assert_eq!(entries[0]["fields"], "phone");
    let (s, _) = app.get("/api/v1/personal-data-access", &admin).await;
    assert_eq!(
        s,
        StatusCode::FORBIDDEN,
        "the access log is the privacy officer's"
    );
}

#[actix_web::test]
async fn only_admins_manage_users() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, list) = app.get("/api/v1/users?limit=1", &admin).await;
    let id = list["data"][0]["id"].as_str().expect("id").to_string();
    // Every role but the admin's.
    for role in Role::ALL.into_iter().filter(|r| *r != Role::Admin) {
        let t = app.token(role).await;
        let (s, b) = app.get("/api/v1/users", &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, _) = app.get(&format!("/api/v1/users/{id}"), &t).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app
            .post("/api/v1/users", &t, &json!({"email": "x@demo.example", "password": "a-long-password", "display_name": "x", "role": "admin"}))
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = app
            .patch(
                &format!("/api/v1/users/{id}"),
                &t,
                1,
                &json!({"role": "admin"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let (s, _) = crate::helpers::send(
            app.authed(
                reqwest::Method::PUT,
                &format!("/api/v1/users/{id}/projects"),
                &t,
            )
            .json(&json!({"project_ids": []})),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
}

#[actix_web::test]
async fn granting_a_project_widens_what_a_user_sees() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let rep = app.token(Role::SalesRep).await;
    let all = app.project_ids(&admin).await;
    assert_eq!(app.project_ids(&rep).await.len(), 1);
    let (_, list) = app.get("/api/v1/users?role=sales_rep", &admin).await;
    let id = list["data"][0]["id"].as_str().expect("id");
    let (s, u) = crate::helpers::send(
        app.authed(
            reqwest::Method::PUT,
            &format!("/api/v1/users/{id}/projects"),
            &admin,
        )
        .json(&json!({"project_ids": all})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(app.project_ids(&rep).await.len(), 2);
    let (s, b) = crate::helpers::send(
        app.authed(
            reqwest::Method::PUT,
            &format!("/api/v1/users/{id}/projects"),
            &admin,
        )
        .json(&json!({"project_ids": ["nope"]})),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "project_ids");
}

#[actix_web::test]
async fn an_admin_cannot_disable_or_demote_themselves() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, me) = app.get("/api/v1/me", &admin).await;
    let (_, user) = app
        .get(
            &format!("/api/v1/users/{}", me["id"].as_str().expect("id")),
            &admin,
        )
        .await;
    let path = format!("/api/v1/users/{}", me["id"].as_str().expect("id"));
    let v = user["version"].as_i64().expect("v");
    let (s, b) = app
        .patch(&path, &admin, v, &json!({"disabled": true}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "cannot_change_self");
    let (s, b) = app
        .patch(&path, &admin, v, &json!({"role": "service"}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "cannot_change_self");
}

#[actix_web::test]
async fn user_list_filters_by_role_and_text() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, list) = app.get("/api/v1/users?role=property", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    let (_, list) = app.get("/api/v1/users?q=privacy", &admin).await;
    assert_eq!(list["data"][0]["role"], "privacy_officer");
    let (s, b) = app.get("/api/v1/users?role=king", &admin).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[actix_web::test]
async fn a_user_created_with_an_idempotency_key_leaves_no_hash_of_the_password_behind() {
    use diesel::prelude::*;
    use estate_crm::schema::idempotency_keys;
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let body = json!({"email": "keyed@demo.example", "password": "a-long-password",
        "display_name": "带键用户", "role": "service"});
    let create = || {
        app.authed(reqwest::Method::POST, "/api/v1/users", &admin)
            .header("Idempotency-Key", "user-create-1")
            .json(&body)
    };
    let (s, u) = crate::helpers::send(create()).await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    let stored: i64 = {
        let mut conn = app.state.pool.get().expect("conn");
        idempotency_keys::table
            .count()
            .get_result(&mut *conn)
            .expect("count")
    };
    assert_eq!(stored, 0, "a body with a password is never kept for replay");
    // A retry is not replayed: the e-mail is taken, nothing is created twice.
    let (s, b) = crate::helpers::send(create()).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "email_taken");
}
