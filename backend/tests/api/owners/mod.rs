//! Owners' mini-program: one-time-code sign-in, owner isolation, the outbox
//! and its HTTP SMS-gateway sender.
//!
//! Codes are read back from the outbox the way a tester would in development
//! (`GET /api/v1/outbox` as admin).

mod gateway;
mod isolation;
mod limits;
mod login;
mod outbox;

use api_types::{Role, TokenResponse};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{send, TestApp};
use crate::leads::{capture, lead_body};

/// Makes `phone` an owner (a customer of the demo company) and returns the customer id.
pub async fn make_owner(app: &TestApp, phone: &str) -> String {
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(app, &manager, &lead_body(&pid, phone, "undated", "unknown")).await;
    out["lead"]["customer_id"]
        .as_str()
        .expect("customer id")
        .to_string()
}

/// `POST /api/v1/owner-auth/code`: status, body and `Retry-After`.
pub async fn request_code(app: &TestApp, phone: &str) -> (StatusCode, Value, Option<String>) {
    let res = app
        .req(Method::POST, "/api/v1/owner-auth/code")
        .json(&json!({"phone": phone}))
        .send()
        .await
        .expect("code request");
    let status = res.status();
    let retry = res
        .headers()
        .get("retry-after")
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = res.json().await.unwrap_or(Value::Null);
    (status, body, retry)
}

/// `POST /api/v1/owner-auth/verify`.
pub async fn verify(app: &TestApp, body: &Value) -> (StatusCode, Value) {
    send(
        app.req(Method::POST, "/api/v1/owner-auth/verify")
            .json(body),
    )
    .await
}

/// The outbox as the demo admin sees it (newest first).
pub async fn outbox(app: &TestApp) -> Vec<Value> {
    let admin = app.token(Role::Admin).await;
    let (s, body) = app.get("/api/v1/outbox?limit=200", &admin).await;
    assert_eq!(s, StatusCode::OK, "{body}");
    body["data"].as_array().expect("data").clone()
}

/// The masked form of a phone, as the outbox lists recipients.
pub fn masked(phone: &str) -> String {
    format!("{}****{}", &phone[..3], &phone[7..])
}

/// The newest login code sent to `phone`, read from the outbox.
pub async fn code_for(app: &TestApp, phone: &str) -> String {
    let messages = outbox(app).await;
    let msg = messages
        .iter()
        .find(|m| m["purpose"] == "owner_login_code" && m["recipient_masked"] == masked(phone))
        .unwrap_or_else(|| panic!("no code for {phone} in {messages:?}"));
    six_digits(msg["body"].as_str().expect("body"))
}

/// The newest login code sent to `phone` in any company, read from the table
/// (an admin's listing shows only their own company's outbox).
pub fn code_in_any_company(app: &TestApp, phone: &str) -> String {
    use diesel::prelude::*;
    use estate_crm::schema::outbox_messages;
    let mut conn = app.state.pool.get().expect("conn");
    let bidx = app.state.personal_data.blind_index("phone", phone);
    let body: String = outbox_messages::table
        .filter(outbox_messages::recipient_bidx.eq(bidx))
        .order(outbox_messages::id.desc())
        .select(outbox_messages::body)
        .first(&mut *conn)
        .expect("a message to the phone");
    six_digits(&body)
}

/// The first run of six digits in a text.
pub fn six_digits(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    chars
        .windows(6)
        .find(|w| w.iter().all(char::is_ascii_digit))
        .map(|w| w.iter().collect())
        .unwrap_or_else(|| panic!("no code in {text}"))
}

/// A code other than `code`.
pub fn wrong(code: &str) -> String {
    let n: u32 = code.parse().expect("digits");
    format!("{:06}", (n + 1) % 1_000_000)
}

/// Requests a code for `phone`, reads it from the outbox and signs in.
pub async fn sign_in(app: &TestApp, phone: &str) -> TokenResponse {
    let (s, body, _) = request_code(app, phone).await;
    assert_eq!(s, StatusCode::ACCEPTED, "{body}");
    let code = code_for(app, phone).await;
    let (s, tokens) = verify(app, &json!({"phone": phone, "code": code})).await;
    assert_eq!(s, StatusCode::OK, "{tokens}");
    serde_json::from_value(tokens).expect("tokens")
}
