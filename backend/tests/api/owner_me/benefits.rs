//! `/me/benefits` and `POST /me/benefit-redemptions`: within the owner's tier
//! and its quota; another owner's redemption is 404.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::read;
use crate::helpers::{assert_problem, spawn_app};
use crate::membership_points::{create, member};
use crate::owners::sign_in;

const REDEEM: &str = "/api/v1/me/benefit-redemptions";

#[actix_web::test]
async fn an_owner_redeems_a_benefit_of_their_tier_within_its_quota() {
    let app = spawn_app().await;
    let housekeeping = create(
        &app,
        "/api/v1/membership-benefits",
        &json!({"name": "年度家政服务", "kind": "service", "min_tier": "silver", "quota": 1, "quota_period": "year"}),
    )
    .await;
    let bid = housekeeping["id"].as_str().expect("id");
    let silver_id = member(&app, "13912363001", true, 0).await;
    member(&app, "13912363002", false, 0).await;
    let silver = sign_in(&app, "13912363001").await.access_token;
    let ordinary = sign_in(&app, "13912363002").await.access_token;

    let offer = read(&app, &silver, "/api/v1/me/benefits").await;
    assert_eq!(offer["data"][0]["benefit"]["id"], bid);
    assert_eq!(
        (
            offer["data"][0]["eligible"].clone(),
            offer["data"][0]["remaining"].clone()
        ),
        (json!(true), json!(1))
    );
    let theirs = read(&app, &ordinary, "/api/v1/me/benefits").await;
    assert_eq!(
        (
            theirs["data"][0]["eligible"].clone(),
            theirs["data"][0]["remaining"].clone()
        ),
        (json!(false), json!(0))
    );

    let (s, b) = app
        .post(REDEEM, &ordinary, &json!({"benefit_id": bid}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "tier_not_eligible");
    let (s, r) = app
        .post(
            REDEEM,
            &silver,
            &json!({"benefit_id": bid, "note": "周六上午"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{r}");
    assert_eq!(
        (
            r["customer_id"].as_str(),
            r["actor_kind"].as_str(),
            r["tier"].as_str()
        ),
        (Some(silver_id.as_str()), Some("owner"), Some("silver"))
    );
    let (s, b) = app.post(REDEEM, &silver, &json!({"benefit_id": bid})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "benefit_quota_exhausted");
    let (s, b) = app
        .post(REDEEM, &silver, &json!({"benefit_id": "nope"}))
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "benefit_not_found");
    let offer = read(&app, &silver, "/api/v1/me/benefits").await;
    assert_eq!(
        (
            offer["data"][0]["used"].clone(),
            offer["data"][0]["remaining"].clone()
        ),
        (json!(1), json!(0))
    );

    let rid = r["id"].as_str().expect("id");
    assert_eq!(
        read(&app, &silver, &format!("{REDEEM}/{rid}")).await["id"],
        r["id"]
    );
    let (s, b) = app.get(&format!("{REDEEM}/{rid}"), &ordinary).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "redemption_not_found");
    // Staff see the owner's redemption on the customer; staff tokens are refused on /me.
    let crm = app.token(Role::CrmHead).await;
    let (s, staff_view) = app
        .get(
            &format!("/api/v1/customers/{silver_id}/benefit-redemptions/{rid}"),
            &crm,
        )
        .await;
    assert_eq!(
        (s, staff_view["actor_kind"].clone()),
        (StatusCode::OK, json!("owner"))
    );
    let (s, b) = app.post(REDEEM, &crm, &json!({"benefit_id": bid})).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, b) = app.get("/api/v1/me/benefits", &crm).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}
