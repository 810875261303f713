//! Signing in with a one-time code: the happy path, sessions, expiry,
//! attempts, and no enumeration.

use api_types::Role;
use diesel::prelude::*;
use estate_crm::schema::owner_login_codes;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{code_for, make_owner, outbox, request_code, sign_in, verify, wrong};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn an_owner_signs_in_with_the_code_and_refreshes_and_logs_out_like_staff() {
    let app = spawn_app().await;
    let customer_id = make_owner(&app, "13912340001").await;
    let tokens = sign_in(&app, "13912340001").await;
    assert_eq!(
        (tokens.expires_in, tokens.token_type.as_str()),
        (900, "Bearer")
    );

    let (s, me) = app.get("/api/v1/me/profile", &tokens.access_token).await;
    assert_eq!(s, StatusCode::OK, "{me}");
    assert_eq!(me["customer_id"], customer_id.as_str());
    assert_eq!(
        me["phone"], "13912340001",
        "the owner's own phone, unmasked"
    );

    // A staff refresh endpoint never turns an owner refresh token into a staff token.
    let (s, b) = send(
        app.req(Method::POST, "/api/v1/auth/refresh")
            .json(&json!({"refresh_token": tokens.refresh_token})),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_refresh_token");

    let (s, next) = send(
        app.req(Method::POST, "/api/v1/owner-auth/refresh")
            .json(&json!({"refresh_token": tokens.refresh_token})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{next}");
    let access = next["access_token"].as_str().expect("access");
    assert_eq!(
        app.get("/api/v1/me/profile", access).await.0,
        StatusCode::OK
    );

    // A spent refresh token presented again revokes the session.
    let (s, b) = send(
        app.req(Method::POST, "/api/v1/owner-auth/refresh")
            .json(&json!({"refresh_token": tokens.refresh_token})),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let (s, b) = app.get("/api/v1/me/profile", access).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    // Logout ends a fresh session at once.
    let again = sign_in_after_interval(&app, "13912340001").await;
    let (s, _) = send(
        app.req(Method::POST, "/api/v1/owner-auth/logout")
            .json(&json!({"refresh_token": again.refresh_token})),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = app.get("/api/v1/me/profile", &again.access_token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    let admin = app.token(Role::Admin).await;
    let (_, audit) = app
        .get(
            &format!("/api/v1/audit-events?entity_type=customer&entity_id={customer_id}"),
            &admin,
        )
        .await;
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|e| e["actor_kind"] == "owner")
        .filter_map(|e| e["action"].as_str())
        .collect();
    for action in ["session.login", "session.revoke", "session.logout"] {
        assert!(actions.contains(&action), "{action} audited: {actions:?}");
    }
}

/// Signs in again once the per-phone interval has passed (moved in the database).
async fn sign_in_after_interval(
    app: &crate::helpers::TestApp,
    phone: &str,
) -> api_types::TokenResponse {
    {
        use estate_crm::schema::login_throttles;
        let mut conn = app.state.pool.get().expect("conn");
        diesel::delete(
            login_throttles::table.filter(login_throttles::key.like("owner-code-phone:%")),
        )
        .execute(&mut *conn)
        .expect("clear interval");
    }
    sign_in(app, phone).await
}

#[actix_web::test]
async fn code_requests_answer_identically_for_owners_and_strangers() {
    let app = spawn_app().await;
    make_owner(&app, "13912340002").await;
    let owner = request_code(&app, "13912340002").await;
    let stranger = request_code(&app, "13912349999").await;
    assert_eq!(owner.0, StatusCode::ACCEPTED);
    assert_eq!(owner, stranger, "same status, body and headers that matter");
    assert_eq!(owner.1["code_valid_secs"], 300);

    let messages = outbox(&app).await;
    assert_eq!(messages.len(), 1, "only the owner gets a message");
    assert_eq!(messages[0]["recipient_masked"], "139****0002");

    // Verifying a stranger's phone and a wrong code of an owner look the same.
    let code = code_for(&app, "13912340002").await;
    let (s1, b1) = verify(&app, &json!({"phone": "13912349999", "code": code})).await;
    let (s2, b2) = verify(&app, &json!({"phone": "13912340002", "code": wrong(&code)})).await;
    assert_problem(s1, &b1, StatusCode::UNAUTHORIZED, "invalid_code");
    assert_problem(s2, &b2, StatusCode::UNAUTHORIZED, "invalid_code");
    assert_eq!(b1["detail"], b2["detail"]);
}

#[actix_web::test]
async fn a_code_expires_after_five_minutes() {
    let app = spawn_app().await;
    make_owner(&app, "13912340003").await;
    request_code(&app, "13912340003").await;
    let code = code_for(&app, "13912340003").await;
    {
        let mut conn = app.state.pool.get().expect("conn");
        let (created, expires): (chrono::NaiveDateTime, chrono::NaiveDateTime) =
            owner_login_codes::table
                .select((owner_login_codes::created_at, owner_login_codes::expires_at))
                .first(&mut *conn)
                .expect("code row");
        assert_eq!(expires - created, chrono::Duration::minutes(5));
        // Five minutes and a second later.
        let past = chrono::Duration::seconds(301);
        diesel::update(owner_login_codes::table)
            .set((
                owner_login_codes::created_at.eq(created - past),
                owner_login_codes::expires_at.eq(expires - past),
            ))
            .execute(&mut *conn)
            .expect("age the code");
    }
    let (s, b) = verify(&app, &json!({"phone": "13912340003", "code": code})).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_code");
}

#[actix_web::test]
async fn wrong_codes_exhaust_the_attempts_and_kill_the_code() {
    let app = spawn_app().await;
    make_owner(&app, "13912340004").await;
    request_code(&app, "13912340004").await;
    let code = code_for(&app, "13912340004").await;
    for _ in 0..5 {
        let (s, b) = verify(&app, &json!({"phone": "13912340004", "code": wrong(&code)})).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_code");
    }
    let (s, b) = verify(&app, &json!({"phone": "13912340004", "code": code})).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_code");

    // And a right code works once only.
    let fresh = sign_in_after_interval(&app, "13912340004").await;
    assert!(!fresh.access_token.is_empty());
    let code = code_for(&app, "13912340004").await;
    let (s, b) = verify(&app, &json!({"phone": "13912340004", "code": code})).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_code");
}

#[actix_web::test]
async fn malformed_requests_are_field_errors() {
    let app = spawn_app().await;
    for body in [
        json!({"phone": "12345"}),
        json!({"phone": "13912340005", "extra": 1}),
    ] {
        let (s, b) = send(app.req(Method::POST, "/api/v1/owner-auth/code").json(&body)).await;
        assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
    }
    let (s, b) = verify(&app, &json!({"phone": "13912340005", "code": "12345"})).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "code");
}
