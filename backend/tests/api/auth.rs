//! Every authentication path.

use api_types::Role;
use base64::Engine;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_problem, email, send, spawn_app, spawn_with, PASSWORD};

#[actix_web::test]
async fn login_issues_a_15_minute_token_and_me_reports_the_role() {
    let app = spawn_app().await;
    let t = app.tokens(Role::SalesRep).await;
    assert_eq!(t.expires_in, 900);
    assert_eq!(t.token_type, "Bearer");
    let (status, me) = app.get("/api/v1/me", &t.access_token).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["role"], "sales_rep");
    assert_eq!(me["email"], "sales_rep@demo.example");
    assert_eq!(
        me["project_ids"].as_array().map(Vec::len),
        Some(1),
        "sales rep is granted one project"
    );
}

#[actix_web::test]
async fn wrong_password_and_unknown_email_are_the_same_401() {
    let app = spawn_app().await;
    let res = app.login_raw(&email(Role::Admin), "wrong-password").await;
    let (s1, b1) = (
        res.status(),
        res.json::<serde_json::Value>().await.expect("json"),
    );
    assert_problem(s1, &b1, StatusCode::UNAUTHORIZED, "invalid_credentials");
    let res = app.login_raw("nobody@demo.example", "wrong-password").await;
    let (s2, b2) = (
        res.status(),
        res.json::<serde_json::Value>().await.expect("json"),
    );
    assert_problem(s2, &b2, StatusCode::UNAUTHORIZED, "invalid_credentials");
    assert_eq!(b1["detail"], b2["detail"]);
}

#[actix_web::test]
async fn requests_without_or_with_a_garbage_token_are_401() {
    let app = spawn_app().await;
    let (s, b) = send(app.req(Method::GET, "/api/v1/projects")).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, b) = app.get("/api/v1/projects", "not.a.token").await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, b) = send(
        app.req(Method::GET, "/api/v1/projects")
            .header("Authorization", "Basic YWRtaW46eA=="),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}

fn b64(v: &serde_json::Value) -> String {
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(v.to_string())
}

fn claims_of(token: &str) -> serde_json::Value {
    let payload = token.split('.').nth(1).expect("payload");
    let raw = base64::engine::general_purpose::URL_SAFE_NO_PAD
        .decode(payload)
        .expect("b64");
    serde_json::from_slice(&raw).expect("claims")
}

fn sign(claims: &serde_json::Value) -> String {
    let key =
        jsonwebtoken::EncodingKey::from_secret(b"test-token-key-that-is-long-enough-0123456789");
    jsonwebtoken::encode(
        &jsonwebtoken::Header::new(jsonwebtoken::Algorithm::HS256),
        claims,
        &key,
    )
    .expect("sign")
}

#[actix_web::test]
async fn expired_tokens_are_refused() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    let mut claims = claims_of(&token);
    let past = chrono::Utc::now().timestamp() - 3600;
    claims["iat"] = json!(past - 900);
    claims["exp"] = json!(past);
    let (s, b) = app.get("/api/v1/projects", &sign(&claims)).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    // The same claims with a live expiry pass: the refusal was the expiry.
    claims["exp"] = json!(chrono::Utc::now().timestamp() + 60);
    let (s, _) = app.get("/api/v1/projects", &sign(&claims)).await;
    assert_eq!(s, StatusCode::OK);
}

#[actix_web::test]
async fn tampered_tokens_are_refused() {
    let app = spawn_app().await;
    let token = app.token(Role::SalesRep).await;
    let mut claims = claims_of(&token);
    claims["sub"] = json!("someone-else");
    let parts: Vec<&str> = token.split('.').collect();
    let forged = format!("{}.{}.{}", parts[0], b64(&claims), parts[2]);
    let (s, b) = app.get("/api/v1/projects", &forged).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[actix_web::test]
async fn alg_none_tokens_are_refused() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    let claims = claims_of(&token);
    for alg in ["none", "None", "HS512"] {
        let unsigned = format!(
            "{}.{}.",
            b64(&json!({"alg": alg, "typ": "JWT"})),
            b64(&claims)
        );
        let (s, b) = app.get("/api/v1/projects", &unsigned).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}

#[actix_web::test]
async fn tokens_for_another_audience_or_issuer_are_refused() {
    let app = spawn_app().await;
    let token = app.token(Role::Admin).await;
    for (field, value) in [("aud", "estate-crm-owner"), ("iss", "someone-else")] {
        let mut claims = claims_of(&token);
        claims[field] = json!(value);
        let (s, b) = app.get("/api/v1/projects", &sign(&claims)).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
}

#[actix_web::test]
async fn refresh_rotates_and_reusing_a_spent_token_revokes_the_whole_family() {
    let app = spawn_app().await;
    let first = app.tokens(Role::SalesManager).await;
    let (s, second) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": first.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let second_access = second["access_token"].as_str().expect("access").to_string();
    let second_refresh = second["refresh_token"]
        .as_str()
        .expect("refresh")
        .to_string();
    assert_ne!(second_refresh, first.refresh_token);
    assert_eq!(
        app.get("/api/v1/me", &second_access).await.0,
        StatusCode::OK
    );

    // Replaying the spent token: refused, and the family is revoked.
    let (s, b) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": first.refresh_token}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "refresh_token_reused");
    let (s, b) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": second_refresh}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_refresh_token");
    let (s, b) = app.get("/api/v1/me", &second_access).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    // Other sessions of the same user are untouched.
    let other = app.tokens(Role::SalesManager).await;
    assert_eq!(
        app.get("/api/v1/me", &other.access_token).await.0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn unknown_refresh_tokens_are_401() {
    let app = spawn_app().await;
    let (s, b) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": "made-up"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_refresh_token");
}

#[actix_web::test]
async fn logout_ends_the_session_at_once() {
    let app = spawn_app().await;
    let t = app.tokens(Role::Service).await;
    let (s, _) = app
        .post(
            "/api/v1/auth/logout",
            "",
            &json!({"refresh_token": t.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, b) = app.get("/api/v1/me", &t.access_token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");
    let (s, _) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": t.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn disabling_a_user_ends_their_sessions_and_blocks_login() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let victim = app.tokens(Role::Engineering).await;
    let (_, users) = app.get("/api/v1/users?role=engineering", &admin).await;
    let user = &users["data"][0];
    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    let (s, body) = app
        .patch(
            &path,
            &admin,
            user["version"].as_i64().expect("v"),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{body}");
    let (s, b) = app.get("/api/v1/me", &victim.access_token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");
    let (s, _) = app
        .post(
            "/api/v1/auth/refresh",
            "",
            &json!({"refresh_token": victim.refresh_token}),
        )
        .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
    let res = app.login_raw(&email(Role::Engineering), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn repeated_failures_lock_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    for _ in 0..5 {
        let res = app.login_raw(&email(Role::CrmHead), "wrong-password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let res = app.login_raw(&email(Role::CrmHead), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: i64 = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse().ok())
        .expect("Retry-After");
    assert!(retry > 0 && retry <= 900);
    let body: serde_json::Value = res.json().await.expect("json");
    assert_eq!(body["code"], "too_many_attempts");
    // Another account from the same address is not locked by this one.
    assert_eq!(
        app.login_raw(&email(Role::Admin), PASSWORD).await.status(),
        StatusCode::OK
    );
}

#[actix_web::test]
async fn repeated_failures_from_one_address_lock_that_address() {
    let app = spawn_with(|c| c.throttle.ip_failures = 3).await;
    for who in ["a@x.example", "b@x.example", "c@x.example"] {
        assert_eq!(
            app.login_raw(who, "wrong-password").await.status(),
            StatusCode::UNAUTHORIZED
        );
    }
    let res = app.login_raw(&email(Role::Admin), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn a_role_change_takes_effect_on_the_next_request() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let analyst = app.token(Role::DataAnalyst).await;
    let (s, _) = app.get("/api/v1/audit-events", &analyst).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (_, users) = app.get("/api/v1/users?role=data_analyst", &admin).await;
    let user = &users["data"][0];
    let path = format!("/api/v1/users/{}", user["id"].as_str().expect("id"));
    let (s, _) = app
        .patch(
            &path,
            &admin,
            user["version"].as_i64().expect("v"),
            &json!({"role": "crm_head"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app.get("/api/v1/audit-events", &analyst).await;
    assert_eq!(s, StatusCode::OK);
}

#[actix_web::test]
async fn parallel_failures_all_count_toward_the_lockout() {
    let app = spawn_app().await;
    let who = email(Role::Property);
    let tries = (0..8).map(|_| app.login_raw(&who, "wrong-password"));
    for res in futures_util::future::join_all(tries).await {
        let s = res.status();
        assert!(
            s == StatusCode::UNAUTHORIZED || s == StatusCode::TOO_MANY_REQUESTS,
            "got {s}"
        );
    }
    let res = app.login_raw(&email(Role::Property), PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn behind_a_trusted_proxy_the_forwarded_client_address_is_throttled() {
    let app = spawn_with(|c| {
        c.throttle.ip_failures = 2;
        c.trusted_proxies = vec!["127.0.0.1".parse().expect("ip")];
    })
    .await;
    let login = |who: &'static str, client: &'static str, pw: &'static str| {
        app.req(Method::POST, "/api/v1/auth/login")
            .header("X-Forwarded-For", client)
            .json(&json!({"email": who, "password": pw}))
            .send()
    };
    for who in ["a@x.example", "b@x.example"] {
        let res = login(who, "10.0.0.1", "wrong-password").await.expect("req");
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // 10.0.0.1 is locked out; another client behind the same proxy is not.
    let res = login("admin@demo.example", "10.0.0.1", PASSWORD)
        .await
        .expect("req");
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let res = login("admin@demo.example", "10.0.0.2", PASSWORD)
        .await
        .expect("req");
    assert_eq!(res.status(), StatusCode::OK);
}
