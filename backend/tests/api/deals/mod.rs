//! Deals: subscription to payment, withdrawal and unit change, prices and
//! discounts, the unit selling once under concurrency, scope, follow-up tasks.

mod concurrency;
mod flow;
mod pricing;
mod scope;
mod tasks;

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::leads::{capture, lead_body};

/// The demo session tokens and the first project.
pub struct Fx {
    pub admin: String,
    pub head: String,
    pub manager: String,
    pub rep: String,
    pub pid: String,
}

pub async fn fx(app: &TestApp) -> Fx {
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[0].clone();
    Fx {
        head: app.token(Role::CrmHead).await,
        manager: app.token(Role::SalesManager).await,
        rep: app.token(Role::SalesRep).await,
        admin,
        pid,
    }
}

/// `n` available units of the project: `(id, list price)`.
pub async fn available_units(
    app: &TestApp,
    token: &str,
    pid: &str,
    n: usize,
) -> Vec<(String, i64)> {
    let (s, b) = app
        .get(
            &format!("/api/v1/units?project_id={pid}&status=available&limit={n}"),
            token,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let units: Vec<(String, i64)> = b["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|u| {
            (
                u["id"].as_str().expect("id").to_string(),
                u["list_price_fen"].as_i64().expect("price"),
            )
        })
        .collect();
    assert_eq!(units.len(), n, "the demo project has {n} available units");
    units
}

/// A new customer with an A lead (assigned to the sales manager): `(customer, lead)`.
pub async fn buyer(app: &TestApp, token: &str, pid: &str, phone: &str) -> (String, String) {
    let out = capture(
        app,
        token,
        &lead_body(pid, phone, "within_3_months", "can_pay"),
    )
    .await;
    (
        out["lead"]["customer_id"]
            .as_str()
            .expect("customer")
            .to_string(),
        out["lead"]["id"].as_str().expect("lead").to_string(),
    )
}

/// A new customer with a B lead, which goes to a sales rep: `(customer, lead, owner)`.
pub async fn rep_buyer(
    app: &TestApp,
    token: &str,
    pid: &str,
    phone: &str,
) -> (String, String, String) {
    let out = capture(app, token, &lead_body(pid, phone, "undated", "unknown")).await;
    (
        out["lead"]["customer_id"]
            .as_str()
            .expect("customer")
            .to_string(),
        out["lead"]["id"].as_str().expect("lead").to_string(),
        out["lead"]["owner_id"]
            .as_str()
            .expect("assigned to a rep")
            .to_string(),
    )
}

/// POST /deals.
pub async fn subscribe(
    app: &TestApp,
    token: &str,
    unit: &str,
    customer: &str,
    extra: Value,
) -> (StatusCode, Value) {
    let mut body = json!({"unit_id": unit, "customer_id": customer});
    if let (Some(b), Some(e)) = (body.as_object_mut(), extra.as_object()) {
        b.extend(e.clone());
    }
    app.post("/api/v1/deals", token, &body).await
}

/// A successful subscription's deal.
pub async fn subscribed(app: &TestApp, token: &str, unit: &str, customer: &str) -> Value {
    let (s, b) = subscribe(app, token, unit, customer, json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

/// POST /deals/{id}/<action>.
pub async fn act(
    app: &TestApp,
    token: &str,
    id: &str,
    action: &str,
    body: Value,
) -> (StatusCode, Value) {
    app.post(&format!("/api/v1/deals/{id}/{action}"), token, &body)
        .await
}

/// The unit's status.
pub async fn unit_status(app: &TestApp, token: &str, id: &str) -> String {
    let (s, b) = app.get(&format!("/api/v1/units/{id}"), token).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["status"].as_str().expect("status").to_string()
}

/// The id of the demo user of a role.
pub async fn user_id(app: &TestApp, role: Role) -> String {
    let t = app.token(role).await;
    let (_, me) = app.get("/api/v1/me", &t).await;
    me["id"].as_str().expect("id").to_string()
}
