//! Customers: reading and merging duplicates.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};
use crate::leads::{capture, lead_body};

#[actix_web::test]
async fn merging_keeps_every_lead_and_later_captures_find_the_survivor() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let a = capture(
        &app,
        &manager,
        &lead_body(&pid, "13911110001", "undated", "unknown"),
    )
    .await;
    let mut second = lead_body(&pid, "13911110002", "no_plan", "unknown");
    second["opt_outs"] = json!({"direct_marketing": true});
    let b = capture(&app, &manager, &second).await;
    let keep = a["lead"]["customer_id"].as_str().expect("id").to_string();
    let dup = b["lead"]["customer_id"].as_str().expect("id").to_string();
    assert_ne!(keep, dup);

    let (s, merged) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &manager,
            &json!({"from_customer_id": dup, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{merged}");
    assert_eq!(
        merged["opt_outs"]["direct_marketing"], true,
        "the stricter opt-out survives"
    );
    let (_, leads) = app
        .get(&format!("/api/v1/leads?customer_id={keep}"), &manager)
        .await;
    assert_eq!(
        leads["data"].as_array().map(Vec::len),
        Some(2),
        "both leads belong to the survivor"
    );
    let lead_b = b["lead"]["id"].as_str().expect("id");
    let (_, events) = app
        .get(&format!("/api/v1/leads/{lead_b}/events"), &manager)
        .await;
    assert!(events["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|e| e["kind"] == "merged"));
    let (_, dup_view) = app
        .get(
            &format!("/api/v1/customers/{dup}"),
            &app.token(Role::CrmHead).await,
        )
        .await;
    assert_eq!(dup_view["merged_into"], keep.as_str());

    // The merged-away phone now finds the survivor.
    let again = capture(
        &app,
        &manager,
        &lead_body(&pid, "13911110002", "undated", "unknown"),
    )
    .await;
    assert_eq!(again["duplicate"], true);
    assert_eq!(again["lead"]["customer_id"], keep.as_str());

    let path = format!("/api/v1/audit-events?action=customer.merge&entity_id={keep}");
    let (_, audit) = app.get(&path, &app.token(Role::CrmHead).await).await;
    assert_eq!(audit["data"].as_array().map(Vec::len), Some(1));
    assert!(audit["data"][0]["after"].is_object(), "{audit}");
    assert!(
        !audit.to_string().contains("13911110002"),
        "no raw phone in the audit trail"
    );
    // The admin sees that a merge happened, not the customer's record.
    let (_, audit) = app.get(&path, &app.token(Role::Admin).await).await;
    assert_eq!(audit["data"][0]["action"], "customer.merge");
    assert!(
        audit["data"][0]["after"].is_null() && audit["data"][0]["before"].is_null(),
        "{audit}"
    );
}

#[actix_web::test]
async fn merges_are_refused_to_the_wrong_role_and_for_nonsense() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let a = capture(
        &app,
        &manager,
        &lead_body(&pid, "13911110003", "undated", "unknown"),
    )
    .await;
    let keep = a["lead"]["customer_id"].as_str().expect("id").to_string();
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &manager,
            &json!({"from_customer_id": keep, "reason": "同一人"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "cannot_merge");
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &manager,
            &json!({"from_customer_id": "nope", "reason": "同一人"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    for role in [
        Role::Admin,
        Role::SalesRep,
        Role::CustomerSpecialist,
        Role::Service,
        Role::DataAnalyst,
    ] {
        let t = app.token(role).await;
        let (s, _) = app
            .post(
                &format!("/api/v1/customers/{keep}/merge"),
                &t,
                &json!({"from_customer_id": "x", "reason": "同一人"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
    }
    let (s, _) = app
        .get(
            &format!("/api/v1/customers/{keep}"),
            &app.token(Role::Engineering).await,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
