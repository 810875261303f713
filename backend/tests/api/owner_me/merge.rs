//! A customer merge moves the merged-away customer's membership to the
//! survivor in the merge's transaction and re-evaluates the survivor's tier.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::read;
use crate::helpers::{send, spawn_app};
use crate::membership_points::{create, member};

#[actix_web::test]
async fn merging_moves_purchases_points_and_redemptions_and_re_tiers_the_survivor() {
    let app = spawn_app().await;
    let item = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "物业费抵扣 ¥100", "kind": "property_fee_credit", "points_cost": 100}),
    )
    .await;
    let keep = member(&app, "13912366001", false, 500).await;
    let dup = member(&app, "13912366002", false, 300).await;
    let crm = app.token(Role::CrmHead).await;
    let redeem = |c: &str| format!("/api/v1/customers/{c}/points/redemptions");
    // Two staff members (the middleware keeps keys per caller) use one key.
    let manager = app.token(Role::SalesManager).await;
    let post = |c: String, token: &str| {
        send(
            app.authed(reqwest::Method::POST, &redeem(&c), token)
                .header("Idempotency-Key", "same-key")
                .json(&json!({"item_id": item["id"]})),
        )
    };
    let (s, kept_r) = post(keep.clone(), &crm).await;
    assert_eq!(s, StatusCode::CREATED, "{kept_r}");
    let (s, dup_r) = post(dup.clone(), &manager).await;
    assert_eq!(s, StatusCode::CREATED, "{dup_r}");

    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &crm,
            &json!({"from_customer_id": dup, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // The merged-away record is gone from the 360 (its tier is not editable).
    for path in ["profile", "timeline", "value-tier"] {
        let (s, _) = app
            .get(&format!("/api/v1/customers/{dup}/{path}"), &crm)
            .await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{path}");
    }

    let m = read(&app, &crm, &format!("/api/v1/customers/{keep}/membership")).await;
    assert_eq!(
        (
            m["tier"].clone(),
            m["purchases"].clone(),
            m["points_balance"].clone()
        ),
        (json!("silver"), json!(2), json!(600))
    );
    assert_eq!(
        (
            m["tier_history"][0]["cause_kind"].clone(),
            m["tier_history"][0]["cause_id"].clone()
        ),
        (json!("customer_merged"), json!(dup))
    );
    let gone = read(&app, &crm, &format!("/api/v1/customers/{dup}/membership")).await;
    assert_eq!(
        (
            gone["tier"].clone(),
            gone["purchases"].clone(),
            gone["points_balance"].clone()
        ),
        (json!(null), json!(0), json!(0))
    );
    assert_eq!(gone["tier_history"][0]["cause_kind"], "customer_merged");
    // The ledger (both customers' lots) adds up to the balance.
    let ledger = read(
        &app,
        &crm,
        &format!("/api/v1/customers/{keep}/points?limit=200"),
    )
    .await;
    let entries = ledger["data"].as_array().expect("data");
    assert_eq!(entries.len(), 4);
    assert_eq!(
        entries
            .iter()
            .filter_map(|e| e["points"].as_i64())
            .sum::<i64>(),
        600
    );
    let dup_ledger = read(&app, &crm, &format!("/api/v1/customers/{dup}/points")).await;
    assert_eq!(dup_ledger["data"].as_array().map(Vec::len), Some(0));
    // Both redemptions belong to the survivor; the shared key stays the survivor's.
    let r = read(
        &app,
        &crm,
        &format!("{}/{}", redeem(&keep), dup_r["id"].as_str().expect("id")),
    )
    .await;
    assert_eq!(r["customer_id"], keep.as_str());
    let (s, again) = post(keep.clone(), &crm).await;
    assert_eq!(
        (s, again["id"].clone()),
        (StatusCode::CREATED, kept_r["id"].clone())
    );
    assert_eq!(
        read(&app, &crm, &format!("/api/v1/customers/{keep}/membership")).await["points_balance"],
        600
    );
    // The service's own key check (owners have no middleware record): the
    // shared key stays with the survivor's own redemption.
    let owner = crate::owners::sign_in(&app, "13912366001")
        .await
        .access_token;
    let (s, replay) = send(
        app.authed(
            reqwest::Method::POST,
            "/api/v1/me/points/redemptions",
            &owner,
        )
        .header("Idempotency-Key", "same-key")
        .json(&json!({"item_id": item["id"]})),
    )
    .await;
    assert_eq!(
        (s, replay["id"].clone()),
        (StatusCode::CREATED, kept_r["id"].clone())
    );
    // The survivor spends the combined balance, down to zero.
    let (s, b) = send(
        app.authed(reqwest::Method::POST, &redeem(&keep), &crm)
            .json(&json!({"item_id": item["id"], "quantity": 6})),
    )
    .await;
    assert_eq!(
        (s, b["balance_after"].clone()),
        (StatusCode::CREATED, json!(0)),
        "{b}"
    );
}
