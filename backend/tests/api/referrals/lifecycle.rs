//! The lifecycle on the friend's deal: visit, subscription with the friend's
//! discount, signing (reward pending, membership), approval and payment once,
//! withdrawal (cancel or claw-back), and gold on the second referral.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{action, friend_buys, read, register, rx, tier};
use crate::deals::{act, available_units};
use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn a_referred_friend_gets_the_extra_discount_and_the_reward_is_approved_and_paid_exactly_once(
) {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid) = (&r.f.head, &r.f.pid);
    assert_eq!(tier(&app, &r.referrer).await, "ordinary");
    let reg = register(&app, head, &r.referrer, pid, "李四", "13955557001").await;
    let id = reg["id"].as_str().expect("id").to_string();
    let friend = reg["friend_customer_id"]
        .as_str()
        .expect("friend")
        .to_string();
    let lead = reg["lead_id"].as_str().expect("lead");

    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{lead}/follow-ups"),
            &r.f.manager,
            &json!({"channel": "visit", "outcome": "看房"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(read(&app, &id).await["status"], "visited");

    let unit = available_units(&app, &r.f.manager, pid, 1).await[0].clone();
    let deal = friend_buys(&app, &r.f, &friend, &unit.0).await;
    let item = deal["discounts"]
        .as_array()
        .and_then(|d| d.iter().find(|i| i["kind"] == "referral"))
        .cloned()
        .expect("referral discount item");
    assert_eq!(item["basis_points"], 100);
    assert_eq!(item["amount_fen"], unit.1 / 100);
    assert!(
        item["rule"]
            .as_str()
            .expect("rule")
            .starts_with("referral_rules.friend_discount_bp=100"),
        "{item}"
    );
    assert_eq!(deal["net_price_fen"].as_i64(), Some(unit.1 - unit.1 / 100));
    let after = read(&app, &id).await;
    assert_eq!(
        (after["status"].clone(), after["deal_id"].clone()),
        (json!("subscribed"), deal["id"].clone())
    );

    let deal_id = deal["id"].as_str().expect("deal");
    let (s, b) = action(
        &app,
        head,
        &id,
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "referral_status_conflict");
    let (s, b) = act(&app, &r.f.manager, deal_id, "sign", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let pending = read(&app, &id).await;
    assert_eq!(pending["status"], "reward_pending");
    assert_eq!(
        tier(&app, &r.referrer).await,
        "silver",
        "a signed referral counts"
    );

    let (s, b) = action(&app, head, &id, "approve", json!({})).await;
    assert_eq!(
        (s, b["errors"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("reward")),
        "{b}"
    );
    let (s, b) = action(
        &app,
        head,
        &id,
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(
        (b["status"].clone(), b["reward_amount_fen"].clone()),
        (json!("approved"), json!(500_000))
    );
    assert_eq!(b["reward_rule"], "referral_rules.shopping_card_fen=500000");

    let pays = futures_util::future::join_all((0..4).map(|i| {
        action(
            &app,
            head,
            &id,
            "pay",
            json!({"reference": format!("CARD-{i}")}),
        )
    }))
    .await;
    let ok = pays.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let conflicts = pays
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "referral_status_conflict")
        .count();
    assert_eq!((ok, conflicts), (1, 3), "{pays:?}");
    let paid = read(&app, &id).await;
    assert_eq!(paid["status"], "paid");
    let kinds: Vec<_> = paid["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["kind"].clone())
        .collect();
    assert_eq!(
        kinds,
        vec![
            json!("registered"),
            json!("visited"),
            json!("subscribed"),
            json!("signed"),
            json!("reward_pending"),
            json!("approved"),
            json!("paid")
        ]
    );
}

#[actix_web::test]
async fn the_second_signed_referral_makes_the_owner_gold() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let units = available_units(&app, &r.f.manager, &r.f.pid, 2).await;
    for (i, phone) in ["13955557101", "13955557102"].iter().enumerate() {
        let reg = register(&app, &r.f.head, &r.referrer, &r.f.pid, "朋友", phone).await;
        let deal = friend_buys(
            &app,
            &r.f,
            reg["friend_customer_id"].as_str().expect("friend"),
            &units[i].0,
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
    }
    let m = crate::membership::membership(&app, &r.referrer).await;
    assert_eq!(m["tier"], "gold");
    assert_eq!(m["tier_history"][0]["cause_kind"], "referral_succeeded");
}

#[actix_web::test]
async fn a_withdrawal_before_payment_cancels_and_after_payment_records_a_clawback() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let head = app.token(Role::CrmHead).await;
    let units = available_units(&app, &r.f.manager, &r.f.pid, 2).await;
    let mut ids = Vec::new();
    let mut deals = Vec::new();
    for (i, phone) in ["13955557201", "13955557202"].iter().enumerate() {
        let reg = register(&app, &head, &r.referrer, &r.f.pid, "朋友", phone).await;
        let deal = friend_buys(
            &app,
            &r.f,
            reg["friend_customer_id"].as_str().expect("friend"),
            &units[i].0,
        )
        .await;
        let d = deal["id"].as_str().expect("deal").to_string();
        let (s, b) = act(&app, &r.f.manager, &d, "sign", json!({})).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        ids.push(reg["id"].as_str().expect("id").to_string());
        deals.push(d);
    }
    assert_eq!(tier(&app, &r.referrer).await, "gold");
    // The first friend withdraws before the reward is paid: cancelled, nothing paid.
    let (s, b) = act(
        &app,
        &r.f.manager,
        &deals[0],
        "withdraw",
        json!({"reason": "客户退房"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let cancelled = read(&app, &ids[0]).await;
    assert_eq!(
        (
            cancelled["status"].clone(),
            cancelled["clawback_fen"].clone()
        ),
        (json!("cancelled"), json!(null))
    );
    let (s, b) = action(
        &app,
        &head,
        &ids[0],
        "approve",
        json!({"reward": "shopping_card"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "referral_status_conflict");
    assert_eq!(
        tier(&app, &r.referrer).await,
        "silver",
        "the cancelled referral no longer counts"
    );

    // The second is paid, then withdrawn: a claw-back of the amount paid.
    let (s, b) = action(
        &app,
        &head,
        &ids[1],
        "approve",
        json!({"reward": "property_fees", "amount_fen": 420_000}),
    )
    .await;
    assert_eq!(
        (s, b["reward_amount_fen"].clone()),
        (StatusCode::OK, json!(420_000)),
        "{b}"
    );
    let (s, b) = action(
        &app,
        &head,
        &ids[1],
        "pay",
        json!({"reference": "物业费抵扣单 001"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = act(
        &app,
        &r.f.manager,
        &deals[1],
        "withdraw",
        json!({"reason": "客户退房"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let clawed = read(&app, &ids[1]).await;
    assert_eq!(
        (clawed["status"].clone(), clawed["clawback_fen"].clone()),
        (json!("clawed_back"), json!(420_000))
    );
    assert_eq!(tier(&app, &r.referrer).await, "ordinary");
    let (s, report) = app.get("/api/v1/reports/referrals", &head).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["totals"]["clawback_fen"], 420_000);
    assert_eq!(report["totals"]["paid_fen"], 420_000);
}
