//! Itemised prices: staff discounts, validation, and the signed contract freezing them.

use reqwest::StatusCode;
use serde_json::json;

use super::{act, available_units, buyer, fx, subscribe, subscribed};
use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn staff_discounts_are_itemised_validated_and_frozen_by_the_contract() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let units = available_units(&app, &f.manager, &f.pid, 2).await;
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912340031").await;
    let both = json!({"discounts": [{"label": "x", "reason": "两种都给", "basis_points": 100, "amount_fen": 5}]});
    let (s, b) = subscribe(&app, &f.manager, &units[0].0, &customer, both).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "discounts[0]");
    let too_much = json!({"discounts": [{"label": "x", "reason": "超过房价", "basis_points": 10000}, {"label": "y", "reason": "再减", "amount_fen": 1}]});
    let (s, b) = subscribe(&app, &f.manager, &units[0].0, &customer, too_much).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "exceeds_price");

    let deal = subscribed(&app, &f.manager, &units[0].0, &customer).await;
    let id = deal["id"].as_str().expect("id").to_string();
    assert_eq!(
        deal["discounts"].as_array().map(Vec::len),
        Some(0),
        "no member tier, no staff discount"
    );
    assert_eq!(deal["net_price_fen"], units[0].1);
    let (s, d) = act(
        &app,
        &f.manager,
        &id,
        "discounts",
        json!({"label": "老客户关怀", "reason": "经理特批", "basis_points": 50}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    let item = &d["discounts"][0];
    assert_eq!(
        (item["kind"].as_str(), item["basis_points"].as_i64()),
        (Some("other"), Some(50))
    );
    assert_eq!(item["amount_fen"], units[0].1 * 50 / 10_000);
    assert_eq!(item["rule"], "granted by staff: 50 bp");
    assert!(item["actor_id"].is_string());
    assert_eq!(d["net_price_fen"], units[0].1 - units[0].1 * 50 / 10_000);
    assert_eq!(d["events"][1]["kind"], "discount_added");
    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "discounts",
        json!({"label": "x", "reason": "没给数"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "discounts",
        json!({"label": "x", "reason": "多余", "amount_fen": 1, "kind": "member"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        b["errors"][0]["code"], "unknown_field",
        "staff cannot choose the kind"
    );

    act(&app, &f.manager, &id, "sign", json!({})).await;
    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "discounts",
        json!({"label": "x", "reason": "签约后", "amount_fen": 1}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "deal_stage_conflict");
    let (_, read) = app.get(&format!("/api/v1/deals/{id}"), &f.head).await;
    assert_eq!(read["net_price_fen"], d["net_price_fen"]);
}
