//! Deals and membership end to end: a repeat purchase makes a silver member
//! whose next deal carries the 1 % member discount with its rule; a unit
//! change keeps the purchase and re-prices the discount; a signed contract
//! earns points, a withdrawal reverses them and re-evaluates the tier; all
//! of it shows in the customer 360 timeline.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::read;
use crate::deals::{act, available_units, buyer, fx, subscribed};
use crate::helpers::{assert_problem, spawn_app};
use crate::membership_points::create;

fn member_item(deal: &Value) -> Option<&Value> {
    deal["discounts"]
        .as_array()
        .and_then(|d| d.iter().find(|i| i["kind"] == "member"))
}

#[actix_web::test]
async fn a_repeat_buyer_gets_the_silver_discount_earns_points_and_loses_them_on_withdrawal() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (c, _) = buyer(&app, &f.manager, &f.pid, "13912365001").await;
    let units = available_units(&app, &f.manager, &f.pid, 4).await;
    let membership = format!("/api/v1/customers/{c}/membership");

    let d1 = subscribed(&app, &f.manager, &units[0].0, &c).await;
    assert!(
        member_item(&d1).is_none(),
        "no tier before the first purchase"
    );
    assert_eq!(
        read(&app, &f.manager, &membership).await["tier"],
        "ordinary"
    );
    let d2 = subscribed(&app, &f.manager, &units[1].0, &c).await;
    assert!(
        member_item(&d2).is_none(),
        "ordinary members have no discount"
    );
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (m["tier"].clone(), m["purchases"].clone()),
        (json!("silver"), json!(2))
    );
    assert_eq!(m["tier_history"][0]["cause_kind"], "deal_subscribed");
    assert_eq!(m["tier_history"][0]["cause_id"], d2["id"]);

    // The next deal carries the member discount: 1 % of the list price, with its rule.
    let d3 = subscribed(&app, &f.manager, &units[2].0, &c).await;
    let item = member_item(&d3).expect("member item").clone();
    assert_eq!(item["basis_points"], 100);
    assert_eq!(item["amount_fen"], units[2].1 / 100);
    assert!(
        item["rule"]
            .as_str()
            .is_some_and(|r| r.contains("silver_discount_bp=100")),
        "{item}"
    );
    assert_eq!(d3["net_price_fen"], units[2].1 - units[2].1 / 100);

    // 换房: the same deal (the same purchase), the discount follows the new price.
    let d3_id = d3["id"].as_str().expect("id");
    let (s, changed) = act(
        &app,
        &f.manager,
        d3_id,
        "change-unit",
        json!({"unit_id": units[3].0, "reason": "换大户型"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    let item = member_item(&changed).expect("member item kept");
    assert_eq!(
        (item["basis_points"].clone(), item["amount_fen"].clone()),
        (json!(100), json!(units[3].1 / 100))
    );
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (m["tier"].clone(), m["purchases"].clone()),
        (json!("silver"), json!(3))
    );

    // Signing earns points by the contract amount (1 per 100 yuan).
    let d1_id = d1["id"].as_str().expect("id");
    let (s, signed) = act(&app, &f.manager, d1_id, "sign", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{signed}");
    let earned = signed["net_price_fen"].as_i64().expect("net") / 10_000;
    assert!(earned > 0);
    let ledger = read(&app, &f.manager, &format!("/api/v1/customers/{c}/points")).await;
    let earn = &ledger["data"][0];
    assert_eq!(
        (
            earn["kind"].clone(),
            earn["points"].clone(),
            earn["reference_id"].clone()
        ),
        (json!("earn"), json!(earned), json!(d1_id))
    );
    assert_eq!(
        read(&app, &f.manager, &membership).await["points_balance"],
        earned
    );

    // Withdrawal: the points are reversed; two purchases still make silver.
    let (s, b) = act(
        &app,
        &f.manager,
        d1_id,
        "withdraw",
        json!({"reason": "资金问题"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let ledger = read(&app, &f.manager, &format!("/api/v1/customers/{c}/points")).await;
    assert_eq!(
        (
            ledger["data"][0]["kind"].clone(),
            ledger["data"][0]["points"].clone()
        ),
        (json!("reverse"), json!(-earned))
    );
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (
            m["tier"].clone(),
            m["purchases"].clone(),
            m["points_balance"].clone()
        ),
        (json!("silver"), json!(2), json!(0))
    );
    // A second withdrawal leaves one purchase: down to ordinary (downgrade_on_withdrawal = true).
    let (s, b) = act(
        &app,
        &f.manager,
        d2["id"].as_str().expect("id"),
        "withdraw",
        json!({"reason": "换城市"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (
            m["tier"].clone(),
            m["tier_history"][0]["cause_kind"].clone()
        ),
        (json!("ordinary"), json!("deal_withdrawn"))
    );
    assert_eq!(m["tier_history"][0]["from_tier"], "silver");

    // The customer 360 timeline shows the membership next to the deals.
    let benefit = create(
        &app,
        "/api/v1/membership-benefits",
        &json!({"name": "社区活动优先", "kind": "event", "min_tier": "ordinary"}),
    )
    .await;
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{c}/benefit-redemptions"),
            &f.manager,
            &json!({"benefit_id": benefit["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let timeline = read(
        &app,
        &f.manager,
        &format!("/api/v1/customers/{c}/timeline?limit=200"),
    )
    .await;
    let entries = timeline["data"].as_array().expect("data");
    let has = |source: &str, kind: &str| {
        entries
            .iter()
            .any(|e| e["source"] == source && e["kind"] == kind)
    };
    assert!(has("membership_tier", "deal_subscribed"), "{timeline}");
    assert!(has("membership_tier", "deal_withdrawn"));
    assert!(has("points", "earn") && has("points", "reverse"));
    assert!(has("benefit_redemption", "benefit_redeemed"));
    assert!(has("deal_event", "withdrawn"));
    let tier_entry = entries
        .iter()
        .find(|e| e["source"] == "membership_tier")
        .expect("tier entry");
    assert!(tier_entry["detail"]["rule"]
        .as_str()
        .is_some_and(|r| !r.is_empty()));
    // Whoever may not read this customer's membership sees none of it.
    let (s, b) = app
        .get(
            &format!("/api/v1/customers/{c}/timeline"),
            &app.token(Role::DataAnalyst).await,
        )
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app
        .get(&format!("/api/v1/customers/{c}/timeline"), &f.rep)
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
}
