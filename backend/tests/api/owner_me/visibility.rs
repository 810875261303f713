//! `GET /customers/{id}` follows the customer 360's visibility: a sales rep
//! reads their own customers, never the pool's.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};
use crate::leads::{capture, lead_body};
use crate::membership::customer;

#[actix_web::test]
async fn a_sales_rep_reads_their_own_customer_but_not_a_pool_customer() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let mut body = lead_body(&pid, "13912364001", "within_3_months", "can_pay");
    body["opt_outs"] = json!({"automated_decisions": true});
    let out = capture(&app, &manager, &body).await;
    assert!(
        out["lead"]["owner_id"].is_null(),
        "the lead waits in the pool"
    );
    let pooled = out["lead"]["customer_id"].as_str().expect("customer");
    // The rep sees the pool's lead, but not its customer.
    let (s, lead) = app
        .get(
            &format!("/api/v1/leads/{}", out["lead"]["id"].as_str().expect("id")),
            &rep,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{lead}");
    for path in [
        format!("/api/v1/customers/{pooled}"),
        format!("/api/v1/customers/{pooled}/profile"),
        format!("/api/v1/customers/{pooled}/membership"),
    ] {
        let (s, b) = app.get(&path, &rep).await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    }
    let own = customer(&app, "13912364002", true).await;
    let (s, b) = app.get(&format!("/api/v1/customers/{own}"), &rep).await;
    assert_eq!(
        (s, b["id"].as_str()),
        (StatusCode::OK, Some(own.as_str())),
        "{b}"
    );
    // Company-wide roles and the project's manager still read the pool customer.
    for role in [Role::CrmHead, Role::SalesManager] {
        let (s, b) = app
            .get(
                &format!("/api/v1/customers/{pooled}"),
                &app.token(role).await,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{role:?}: {b}");
    }
    let (s, b) = app
        .get(
            &format!("/api/v1/customers/{pooled}"),
            &app.token(Role::DataAnalyst).await,
        )
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}
