//! Rate limits: per phone, per client address, failed verifications per address.

use reqwest::StatusCode;
use serde_json::json;

use super::{code_for, make_owner, request_code, verify, wrong};
use crate::helpers::{assert_problem, spawn_app, spawn_with};

#[actix_web::test]
async fn code_requests_are_limited_per_phone_per_minute_and_per_hour() {
    let app = spawn_app().await;
    make_owner(&app, "13912341001").await;
    assert_eq!(
        request_code(&app, "13912341001").await.0,
        StatusCode::ACCEPTED
    );
    let (s, b, retry) = request_code(&app, "13912341001").await;
    assert_problem(s, &b, StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    let retry: i64 = retry.expect("Retry-After").parse().expect("seconds");
    assert!((1..=60).contains(&retry), "{retry}");
    // A stranger's phone is limited the same way (no enumeration through 429s).
    assert_eq!(
        request_code(&app, "13912341999").await.0,
        StatusCode::ACCEPTED
    );
    assert_eq!(
        request_code(&app, "13912341999").await.0,
        StatusCode::TOO_MANY_REQUESTS
    );
    // Another phone is not affected.
    assert_eq!(
        request_code(&app, "13912341002").await.0,
        StatusCode::ACCEPTED
    );

    let app = spawn_with(|c| {
        c.owner_login.code_interval_secs = 0;
        c.owner_login.codes_per_phone_hour = 2;
    })
    .await;
    make_owner(&app, "13912341003").await;
    for _ in 0..2 {
        assert_eq!(
            request_code(&app, "13912341003").await.0,
            StatusCode::ACCEPTED
        );
    }
    let (s, b, retry) = request_code(&app, "13912341003").await;
    assert_problem(s, &b, StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(retry.is_some());
    // Only the newest code counts: the first one was superseded.
    let code = code_for(&app, "13912341003").await;
    let (s, _) = verify(&app, &json!({"phone": "13912341003", "code": code})).await;
    assert_eq!(s, StatusCode::OK);
}

#[actix_web::test]
async fn code_requests_are_limited_per_client_address() {
    let app = spawn_with(|c| c.owner_login.codes_per_ip_hour = 3).await;
    for i in 0..3 {
        let phone = format!("1391234200{i}");
        assert_eq!(request_code(&app, &phone).await.0, StatusCode::ACCEPTED);
    }
    let (s, b, retry) = request_code(&app, "13912342009").await;
    assert_problem(s, &b, StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
    assert!(retry.is_some());
}

#[actix_web::test]
async fn failed_verifications_lock_the_client_address() {
    let app = spawn_with(|c| c.throttle.ip_failures = 3).await;
    make_owner(&app, "13912343001").await;
    request_code(&app, "13912343001").await;
    let code = code_for(&app, "13912343001").await;
    for _ in 0..3 {
        let (s, b) = verify(&app, &json!({"phone": "13912343001", "code": wrong(&code)})).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "invalid_code");
    }
    // Locked: even the right code is refused, and it is not spent.
    let (s, b) = verify(&app, &json!({"phone": "13912343001", "code": code})).await;
    assert_problem(s, &b, StatusCode::TOO_MANY_REQUESTS, "too_many_requests");
}

#[actix_web::test]
async fn concurrent_code_requests_for_one_phone_issue_one_code() {
    let app = spawn_app().await;
    make_owner(&app, "13912344501").await;
    let requests = (0..8).map(|_| request_code(&app, "13912344501"));
    let statuses: Vec<StatusCode> = futures_util::future::join_all(requests)
        .await
        .into_iter()
        .map(|(s, _, _)| s)
        .collect();
    let accepted = statuses
        .iter()
        .filter(|s| **s == StatusCode::ACCEPTED)
        .count();
    assert_eq!(accepted, 1, "{statuses:?}");
    assert!(statuses
        .iter()
        .all(|s| *s == StatusCode::ACCEPTED || *s == StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(super::outbox(&app).await.len(), 1);
}

#[actix_web::test]
async fn concurrent_guesses_never_exceed_the_attempts_of_a_code() {
    let app = spawn_app().await;
    make_owner(&app, "13912344502").await;
    request_code(&app, "13912344502").await;
    let code = code_for(&app, "13912344502").await;
    let guess = json!({"phone": "13912344502", "code": wrong(&code)});
    let guesses = (0..12).map(|_| verify(&app, &guess));
    futures_util::future::join_all(guesses).await;
    let attempts: i32 = {
        use diesel::prelude::*;
        use estate_crm::schema::owner_login_codes;
        let mut conn = app.state.pool.get().expect("conn");
        owner_login_codes::table
            .select(owner_login_codes::attempts)
            .first(&mut *conn)
            .expect("code")
    };
    assert_eq!(attempts, 5);
    let (s, _) = verify(&app, &json!({"phone": "13912344502", "code": code})).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "the code is dead");
}
