//! Membership access: the tier and points rules settings (crm_head, If-Match)
//! and which roles and customers the membership endpoints serve.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};
use crate::membership::{customer, put_setting};

#[actix_web::test]
async fn tier_and_points_rules_are_changed_by_the_head_of_crm_with_if_match() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    for (path, key) in [
        ("/api/v1/settings/membership-tiers", "silver_min_purchases"),
        ("/api/v1/settings/membership-points", "expiry_months"),
    ] {
        let (s, current) = app.get(path, &app.token(Role::Admin).await).await;
        assert_eq!(s, StatusCode::OK);
        assert_eq!(current["version"], 0);
        let rules = current["rules"].clone();
        assert!(rules[key].is_number());
        let manager = app.token(Role::SalesManager).await;
        let (s, b) = put_setting(&app, &manager, path, Some(0), &rules).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = put_setting(&app, &crm, path, None, &rules).await;
        assert_problem(
            s,
            &b,
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
        );
        let mut bad = rules.clone();
        bad[key] = json!(-1);
        let (s, b) = put_setting(&app, &crm, path, Some(0), &bad).await;
        assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(b["errors"][0]["field"], key);
        let (s, b) = put_setting(&app, &crm, path, Some(0), &rules).await;
        assert_eq!((s, b["version"].clone()), (StatusCode::OK, json!(1)));
        let (s, b) = put_setting(&app, &crm, path, Some(0), &rules).await;
        assert_problem(
            s,
            &b,
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
        );
        let (s, _) = app.get(path, &app.token(Role::DataAnalyst).await).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
    }
    let (_, current) = app.get("/api/v1/settings/membership-tiers", &crm).await;
    let mut rules = current["rules"].clone();
    rules["silver_min_referrals"] = json!(3);
    rules["gold_discount_bp"] = json!(50);
    let (s, b) = put_setting(
        &app,
        &crm,
        "/api/v1/settings/membership-tiers",
        Some(1),
        &rules,
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields: Vec<&str> = b["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert!(
        fields.contains(&"gold_min_referrals") && fields.contains(&"gold_discount_bp"),
        "{b}"
    );
}

#[actix_web::test]
async fn membership_is_refused_to_roles_without_customer_work_and_hidden_from_other_reps() {
    let app = spawn_app().await;
    let managers = customer(&app, "13912340006", false).await;
    let reps = customer(&app, "13912340007", true).await;
    let rep = app.token(Role::SalesRep).await;
    for role in [
        Role::Admin,
        Role::DataAnalyst,
        Role::Engineering,
        Role::Service,
        Role::Property,
    ] {
        let t = app.token(role).await;
        for path in ["membership", "points"] {
            let (s, b) = app
                .get(&format!("/api/v1/customers/{reps}/{path}"), &t)
                .await;
            assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        }
    }
    let (s, _) = app
        .get(&format!("/api/v1/customers/{reps}/membership"), &rep)
        .await;
    assert_eq!(s, StatusCode::OK, "the rep's own customer");
    for path in ["membership", "points"] {
        let (s, b) = app
            .get(&format!("/api/v1/customers/{managers}/{path}"), &rep)
            .await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    }
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{managers}/benefit-redemptions"),
            &rep,
            &json!({"benefit_id": "x"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    for role in [Role::Admin, Role::PrivacyOfficer, Role::DataAnalyst] {
        let t = app.token(role).await;
        let (s, _) = app
            .post(
                &format!("/api/v1/customers/{reps}/points/redemptions"),
                &t,
                &json!({"item_id": "x"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} does not redeem");
    }
    let (s, b) = app
        .get(
            "/api/v1/customers/nope/membership",
            &app.token(Role::CrmHead).await,
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
}
