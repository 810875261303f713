//! Referral rewards (老带新, DOMAIN §5): eligibility rules, the lifecycle on
//! the friend's deal (discount, reward, claw-back, membership), the owners'
//! `/me/referrals` (never leaking the friend's status), concurrency, the
//! fraud review, access and KPIs.

mod access;
mod deal_link;
mod eligibility;
mod lifecycle;
mod owner;
mod owner_merge;
mod refusals;
mod rep_redaction;
mod review;
mod review_end;
mod reward_void;

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::deals::{act, available_units, buyer, fx, subscribed, Fx};
use crate::helpers::TestApp;

/// The demo tokens and project, and a referrer who owns a signed unit.
pub struct Rx {
    pub f: Fx,
    pub referrer: String,
}

/// A customer who bought (and signed) a unit: an ordinary member.
pub async fn owner(app: &TestApp, f: &Fx, phone: &str, unit: &str) -> String {
    let (c, _) = buyer(app, &f.manager, &f.pid, phone).await;
    let d = subscribed(app, &f.manager, unit, &c).await;
    let (s, b) = act(
        app,
        &f.manager,
        d["id"].as_str().expect("id"),
        "sign",
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    c
}

/// The fixture with one referrer (phone 13955550000) who owns a unit.
pub async fn rx(app: &TestApp) -> Rx {
    let f = fx(app).await;
    let unit = available_units(app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let referrer = owner(app, &f, "13955550000", &unit).await;
    Rx { f, referrer }
}

/// A registration body for staff.
pub fn body(referrer: &str, pid: &str, name: &str, phone: &str) -> Value {
    json!({
        "referrer_customer_id": referrer, "friend_name": name, "friend_phone": phone,
        "project_id": pid, "consent": {"purpose": "referral_contact", "notice_version": "2026-01"}
    })
}

/// Registers a friend as the head of CRM; expects 201.
pub async fn register(
    app: &TestApp,
    token: &str,
    referrer: &str,
    pid: &str,
    name: &str,
    phone: &str,
) -> Value {
    let (s, b) = app
        .post(
            "/api/v1/referrals",
            token,
            &body(referrer, pid, name, phone),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

/// The referral as the head of CRM reads it.
pub async fn read(app: &TestApp, id: &str) -> Value {
    let head = app.token(Role::CrmHead).await;
    let (s, b) = app.get(&format!("/api/v1/referrals/{id}"), &head).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

/// POST /referrals/{id}/<action> as `token`.
pub async fn action(
    app: &TestApp,
    token: &str,
    id: &str,
    what: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/referrals/{id}/{what}"), token, &body)
        .await
}

/// The friend subscribes a unit; returns the deal.
pub async fn friend_buys(app: &TestApp, f: &Fx, friend: &str, unit: &str) -> Value {
    subscribed(app, &f.manager, unit, friend).await
}

/// The membership tier of a customer.
pub async fn tier(app: &TestApp, customer: &str) -> Value {
    crate::membership::membership(app, customer).await["tier"].clone()
}
