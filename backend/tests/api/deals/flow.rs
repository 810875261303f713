//! A sale from subscription to payment, withdrawn again; unit changes.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{act, available_units, buyer, fx, subscribe, subscribed, unit_status, user_id};
use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn a_sale_runs_from_subscription_to_payment_and_a_withdrawal_frees_the_unit() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (unit, price) = available_units(&app, &f.manager, &f.pid, 1).await[0].clone();
    let (customer, lead) = buyer(&app, &f.manager, &f.pid, "13912340001").await;
    let (s, deal) = subscribe(
        &app,
        &f.manager,
        &unit,
        &customer,
        json!({"reason": "定金收据 0001", "discounts": [{"label": "开盘优惠", "reason": "开盘当日认购", "amount_fen": 1_000_000}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{deal}");
    let id = deal["id"].as_str().expect("id").to_string();
    assert_eq!(deal["stage"], "subscribed");
    assert_eq!(deal["list_price_fen"], price);
    assert_eq!(deal["discount_fen"], 1_000_000);
    assert_eq!(deal["net_price_fen"], price - 1_000_000);
    assert_eq!(deal["discounts"][0]["kind"], "other");
    assert_eq!(deal["discounts"][0]["reason"], "开盘当日认购");
    assert_eq!(deal["lead_id"], lead.as_str());
    assert_eq!(deal["events"][0]["kind"], "subscribed");
    assert_eq!(deal["events"][0]["reason"], "定金收据 0001");
    assert!(deal["events"][0]["actor_id"].is_string());
    let task = &deal["tasks"][0];
    assert_eq!(task["kind"], "specialist_contact");
    assert_eq!(task["rule"], "deal_follow_up.specialist_contact_hours=168");
    assert_eq!(
        task["assignee_id"],
        user_id(&app, Role::CustomerSpecialist).await.as_str()
    );
    assert_eq!(task["sla_state"], "on_time");
    assert_eq!(unit_status(&app, &f.manager, &unit).await, "subscribed");

    // The lead is converted and its clock stopped.
    let (_, l) = app.get(&format!("/api/v1/leads/{lead}"), &f.manager).await;
    assert_eq!(l["status"], "subscribed");
    assert!(l["sla_state"].is_null(), "{l}");
    let (_, ev) = app
        .get(&format!("/api/v1/leads/{lead}/events"), &f.manager)
        .await;
    assert!(ev["data"]
        .as_array()
        .expect("events")
        .iter()
        .any(|e| e["kind"] == "subscribed"));

    let (s, signed) = act(
        &app,
        &f.manager,
        &id,
        "sign",
        json!({"reason": "合同 HT-1"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{signed}");
    assert_eq!(signed["stage"], "signed");
    assert_eq!(
        signed["events"][1]["detail"]["contract_amount_fen"],
        price - 1_000_000
    );
    assert!(signed["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .any(|t| t["kind"] == "satisfaction_revisit"
            && t["rule"] == "deal_follow_up.satisfaction_revisit_hours=168"));
    assert_eq!(unit_status(&app, &f.manager, &unit).await, "signed");
    let (s, b) = act(&app, &f.manager, &id, "sign", json!({})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "deal_stage_conflict");

    let (s, paid) = act(&app, &f.manager, &id, "pay", json!({"reason": "尾款到账"})).await;
    assert_eq!(s, StatusCode::OK, "{paid}");
    assert_eq!(paid["stage"], "paid");
    assert!(paid["paid_at"].is_string());

    let (s, b) = act(&app, &f.manager, &id, "withdraw", json!({})).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "reason");
    let (s, w) = act(
        &app,
        &f.manager,
        &id,
        "withdraw",
        json!({"reason": "客户资金问题退房"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{w}");
    assert_eq!(w["stage"], "withdrawn");
    assert_eq!(unit_status(&app, &f.manager, &unit).await, "available");
    let kinds: Vec<&str> = w["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(kinds, ["subscribed", "signed", "paid", "withdrawn"]);
    assert_eq!(w["events"][3]["detail"]["from_stage"], "paid");
    assert!(w["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .all(|t| t["status"] == "cancelled"));
    let (s, b) = act(&app, &f.manager, &id, "pay", json!({})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "deal_stage_conflict");

    // The unit can be sold again, and every write was audited.
    let (other, _) = buyer(&app, &f.manager, &f.pid, "13912340002").await;
    subscribed(&app, &f.manager, &unit, &other).await;
    let (_, audit) = app
        .get(&format!("/api/v1/audit-events?entity_id={id}"), &f.admin)
        .await;
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .expect("audit")
        .iter()
        .filter_map(|a| a["action"].as_str())
        .collect();
    for a in ["deal.subscribe", "deal.sign", "deal.pay", "deal.withdraw"] {
        assert!(actions.contains(&a), "{a} audited: {actions:?}");
    }
}

#[actix_web::test]
async fn a_unit_change_frees_the_old_unit_takes_the_new_one_and_reprices() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let units = available_units(&app, &f.manager, &f.pid, 3).await;
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912340011").await;
    let (s, deal) = subscribe(
        &app,
        &f.manager,
        &units[0].0,
        &customer,
        json!({"discounts": [{"label": "团购", "reason": "三户团购", "basis_points": 100}]}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{deal}");
    assert_eq!(deal["discount_fen"], units[0].1 / 100);
    let id = deal["id"].as_str().expect("id").to_string();

    // The third unit is taken by someone else first.
    let (other, _) = buyer(&app, &f.manager, &f.pid, "13912340012").await;
    subscribed(&app, &f.manager, &units[2].0, &other).await;
    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "change-unit",
        json!({"unit_id": units[2].0, "reason": "换大户型"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_not_available");

    let (s, changed) = act(
        &app,
        &f.manager,
        &id,
        "change-unit",
        json!({"unit_id": units[1].0, "reason": "换楼层"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(changed["unit_id"], units[1].0.as_str());
    assert_eq!(changed["list_price_fen"], units[1].1);
    assert_eq!(
        changed["discount_fen"],
        units[1].1 / 100,
        "the percentage follows the new price"
    );
    assert_eq!(changed["net_price_fen"], units[1].1 - units[1].1 / 100);
    let ev = changed["events"]
        .as_array()
        .expect("events")
        .last()
        .cloned()
        .expect("event");
    assert_eq!(ev["kind"], "unit_changed");
    assert_eq!(ev["reason"], "换楼层");
    assert_eq!(ev["detail"]["from_unit_id"], units[0].0.as_str());
    assert_eq!(
        unit_status(&app, &f.manager, &units[0].0).await,
        "available"
    );
    assert_eq!(
        unit_status(&app, &f.manager, &units[1].0).await,
        "subscribed"
    );

    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "change-unit",
        json!({"unit_id": units[1].0, "reason": "同一套"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    act(&app, &f.manager, &id, "sign", json!({})).await;
    let (s, b) = act(
        &app,
        &f.manager,
        &id,
        "change-unit",
        json!({"unit_id": units[0].0, "reason": "签约后换房"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "deal_stage_conflict");
}

#[actix_web::test]
async fn only_available_units_are_subscribed_and_unknown_ones_are_404() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912340021").await;
    let (s, b) = app
        .get(
            &format!("/api/v1/units?project_id={}&status=signed&limit=1", f.pid),
            &f.manager,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let sold = b["data"][0]["id"]
        .as_str()
        .expect("a signed demo unit")
        .to_string();
    let (s, b) = subscribe(&app, &f.manager, &sold, &customer, json!({})).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_not_available");
    let (s, b) = subscribe(&app, &f.manager, "nope", &customer, json!({})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "unit_not_found");
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (s, b) = subscribe(&app, &f.manager, &unit, "nope", json!({})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    let (s, b) = subscribe(
        &app,
        &f.manager,
        &unit,
        &customer,
        json!({"occurred_at": "2999-01-01T00:00:00Z"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        unit_status(&app, &f.manager, &unit).await,
        "available",
        "a refused subscription changes nothing"
    );
    let (s, list) = app
        .get(&format!("/api/v1/deals?customer_id={customer}"), &f.head)
        .await;
    assert_eq!(
        (s, list["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
}

#[actix_web::test]
async fn a_retried_subscription_with_the_same_idempotency_key_replays_the_first() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912340041").await;
    let body = json!({"unit_id": unit, "customer_id": customer});
    let post = || {
        crate::helpers::send(
            app.authed(reqwest::Method::POST, "/api/v1/deals", &f.manager)
                .header("Idempotency-Key", "deal-retry-1")
                .json(&body),
        )
    };
    let (s1, first) = post().await;
    let (s2, again) = post().await;
    assert_eq!(
        (s1, s2),
        (StatusCode::CREATED, StatusCode::CREATED),
        "{again}"
    );
    assert_eq!(first["id"], again["id"]);
    let (_, list) = app
        .get(&format!("/api/v1/deals?customer_id={customer}"), &f.manager)
        .await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
}
