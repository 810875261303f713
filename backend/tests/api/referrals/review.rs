//! The fraud review queue: signals, the deadline on the SLA clock, approval
//! blocked until reviewed, and a rejection revoking the referral.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{action, friend_buys, read, register, rx, tier};
use crate::deals::{act, available_units};
use crate::helpers::{assert_problem, spawn_app};
use crate::leads::{capture, lead_body};
use crate::membership::put_setting;

#[actix_web::test]
async fn a_burst_of_registrations_waits_for_the_review_before_the_reward_is_approved() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let head = &r.f.head;
    let mut last = json!(null);
    for n in 1..=3 {
        last = register(
            &app,
            head,
            &r.referrer,
            &r.f.pid,
            "陈一",
            &format!("1395555900{n}"),
        )
        .await;
    }
    assert_eq!(last["review_status"], "pending", "{last}");
    assert_eq!(last["signals"][0]["signal"], "registration_burst");
    assert!(last["review_due_at"].is_string());
    let id = last["id"].as_str().expect("id").to_string();
    let (s, queue) = app
        .get("/api/v1/referrals?review_status=pending", head)
        .await;
    assert_eq!(s, StatusCode::OK, "{queue}");
    assert!(queue["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|q| q["id"] == id.as_str()));

    let unit = available_units(&app, &r.f.manager, &r.f.pid, 1).await[0]
        .0
        .clone();
    let deal = friend_buys(
        &app,
        &r.f,
        last["friend_customer_id"].as_str().expect("friend"),
        &unit,
    )
    .await;
    let (s, b) = act(
        &app,
        &r.f.manager,
        deal["id"].as_str().expect("deal"),
        "sign",
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = action(
        &app,
        head,
        &id,
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "review_pending");

    // The deadline runs on the SLA clock: the heads of CRM are warned.
    let soon = estate_crm::db::now() + chrono::Duration::hours(60);
    estate_crm::jobs::run_once_at(&app.state.pool, soon)
        .await
        .expect("sweep");
    let (_, notes) = app.get("/api/v1/notifications", head).await;
    assert!(
        notes["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|n| n["title"] == "老带新审核即将到期"),
        "{notes}"
    );

    let (s, b) = action(
        &app,
        &r.f.manager,
        &id,
        "review",
        json!({"decision": "cleared", "note": "亲友同事推荐, 已核实"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = action(
        &app,
        head,
        &id,
        "review",
        json!({"decision": "cleared", "note": "已电话核实"}),
    )
    .await;
    assert_eq!(
        (s, b["review_status"].clone()),
        (StatusCode::OK, json!("cleared")),
        "{b}"
    );
    let (s, b) = action(
        &app,
        head,
        &id,
        "review",
        json!({"decision": "cleared", "note": "再次"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "review_not_pending");
    let (s, b) = action(
        &app,
        head,
        &id,
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_eq!(
        (s, b["status"].clone()),
        (StatusCode::OK, json!("approved")),
        "{b}"
    );
}

#[actix_web::test]
async fn a_buyer_with_another_name_is_flagged_and_a_rejected_review_revokes_the_referral() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let head = app.token(Role::CrmHead).await;
    let path = "/api/v1/settings/referral-rules";
    let (_, cur) = app.get(path, &head).await;
    let mut rules = cur["rules"].clone();
    rules["no_contact_days"] = json!(0);
    let (s, b) = put_setting(&app, &head, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // The phone is a customer named 王先生; the owner registers "褚二".
    capture(
        &app,
        &r.f.manager,
        &lead_body(&r.f.pid, "13955559101", "undated", "unknown"),
    )
    .await;
    let reg = register(&app, &head, &r.referrer, &r.f.pid, "褚二", "13955559101").await;
    let id = reg["id"].as_str().expect("id").to_string();
    assert_eq!(reg["status"], "registered");
    let (s, b) = action(
        &app,
        &head,
        &id,
        "review",
        json!({"decision": "cleared", "note": "老客户的朋友"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let unit = available_units(&app, &r.f.manager, &r.f.pid, 1).await[0]
        .0
        .clone();
    let deal = friend_buys(
        &app,
        &r.f,
        reg["friend_customer_id"].as_str().expect("friend"),
        &unit,
    )
    .await;
    let (s, b) = act(
        &app,
        &r.f.manager,
        deal["id"].as_str().expect("deal"),
        "sign",
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let flagged = read(&app, &id).await;
    assert_eq!(
        flagged["review_status"], "pending",
        "flagged again at signing"
    );
    assert!(flagged["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .any(|s| s["signal"] == "name_mismatch"));
    assert_eq!(tier(&app, &r.referrer).await, "silver");

    let (s, b) = action(
        &app,
        &head,
        &id,
        "review",
        json!({"decision": "rejected", "note": "购房人与报备人不符"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["status"].clone(), b["ineligible_reason"].clone()),
        (json!("ineligible"), json!("fraud_rejected"))
    );
    assert_eq!(
        tier(&app, &r.referrer).await,
        "ordinary",
        "a rejected referral no longer counts"
    );
    let (s, b) = action(
        &app,
        &head,
        &id,
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "referral_status_conflict");
}

#[actix_web::test]
async fn rejecting_the_review_of_a_subscribed_friend_removes_the_discount_and_reprices_the_deal() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid, manager) = (&r.f.head, &r.f.pid, &r.f.manager);
    // A known customer (online lead, no contact): valid but flagged.
    let mut online = crate::leads::lead_body(pid, "13955557301", "undated", "unknown");
    online["source"] = json!("official_site");
    crate::leads::capture(&app, manager, &online).await;
    let reg = register(&app, head, &r.referrer, pid, "王先生", "13955557301").await;
    assert_eq!(reg["review_status"], "pending", "{reg}");
    let id = reg["id"].as_str().expect("id");
    let friend = reg["friend_customer_id"].as_str().expect("friend");
    let unit = crate::deals::available_units(&app, manager, pid, 1).await[0].clone();
    let deal = crate::deals::subscribed(&app, manager, &unit.0, friend).await;
    assert_eq!(deal["net_price_fen"].as_i64(), Some(unit.1 - unit.1 / 100));

    let (s, b) = action(
        &app,
        head,
        id,
        "review",
        json!({"decision": "rejected", "note": "同一家庭"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, d) = app
        .get(
            &format!("/api/v1/deals/{}", deal["id"].as_str().expect("deal")),
            manager,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{d}");
    assert_eq!(d["net_price_fen"].as_i64(), Some(unit.1), "{d}");
    assert!(
        !d["discounts"]
            .as_array()
            .expect("discounts")
            .iter()
            .any(|i| i["kind"] == "referral"),
        "{d}"
    );
    let after = read(&app, id).await;
    assert_eq!(after["status"], "ineligible");
    assert!(
        after["events"]
            .as_array()
            .expect("events")
            .iter()
            .any(|e| e["kind"] == "discount_removed"),
        "{after}"
    );
}
