//! A sales rep who registered a referral whose friend's lead is another
//! rep's sees the registration but not the friend's customer, lead or deal,
//! nor, in the referrer's timeline, the events others recorded on it.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{body, read, rx};
use crate::deals::{act, available_units, subscribed};
use crate::helpers::spawn_app;
use crate::leads::{capture, lead_body};

#[actix_web::test]
async fn a_rep_who_registered_a_friend_whose_lead_is_someone_elses_does_not_see_the_friends_ids() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (rep, pid) = (&r.f.rep, &r.f.pid);
    // The rep's own customer, who buys and signs a unit: the referrer.
    let own = capture(
        &app,
        rep,
        &lead_body(pid, "13955558500", "undated", "unknown"),
    )
    .await;
    let referrer = own["lead"]["customer_id"].as_str().expect("customer");
    let unit = available_units(&app, &r.f.manager, pid, 1).await[0]
        .0
        .clone();
    let deal = subscribed(&app, &r.f.manager, &unit, referrer).await;
    let deal_id = deal["id"].as_str().expect("deal");
    let (s, b) = act(&app, &r.f.manager, deal_id, "sign", json!({})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    // The friend is already the manager's lead (not a walk-in: still eligible).
    let mut lead = lead_body(pid, "13955558501", "undated", "unknown");
    lead["source"] = json!("official_site");
    lead["name"] = json!("孔友");
    let captured = capture(&app, &r.f.manager, &lead).await;
    let lead_id = captured["lead"]["id"].as_str().expect("lead").to_string();
    let (_, me) = app.get("/api/v1/me", &r.f.manager).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{lead_id}/assign"),
            &r.f.manager,
            &json!({"owner_id": me["id"], "reason": "经理跟进"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let (s, reg) = app
        .post(
            "/api/v1/referrals",
            rep,
            &body(referrer, pid, "孔友", "13955558501"),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{reg}");
    let id = reg["id"].as_str().expect("id").to_string();
    let full = read(&app, &id).await;
    assert_eq!(full["lead_id"], json!(lead_id), "{full}");
    assert!(full["friend_customer_id"].is_string(), "{full}");

    let hidden = |v: &Value| {
        (
            v["friend_customer_id"].clone(),
            v["lead_id"].clone(),
            v["deal_id"].clone(),
        )
    };
    let none = (Value::Null, Value::Null, Value::Null);
    assert_eq!(hidden(&reg), none, "the registration answer: {reg}");
    let (s, one) = app.get(&format!("/api/v1/referrals/{id}"), rep).await;
    assert_eq!(s, StatusCode::OK, "{one}");
    assert_eq!(hidden(&one), none, "{one}");
    let (s, list) = app.get("/api/v1/referrals", rep).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let mine = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|v| v["id"] == id.as_str())
        .cloned()
        .expect("listed");
    assert_eq!(hidden(&mine), none, "{mine}");

    // The friend buys through the manager: an event the rep did not record.
    let friend = full["friend_customer_id"].as_str().expect("friend");
    let unit = available_units(&app, &r.f.manager, pid, 1).await[0]
        .0
        .clone();
    subscribed(&app, &r.f.manager, &unit, friend).await;
    let referral_events = |timeline: &Value| -> Vec<(Value, Value)> {
        timeline["data"]
            .as_array()
            .expect("data")
            .iter()
            .filter(|e| e["source"] == "referral")
            .map(|e| (e["kind"].clone(), e["actor_id"].clone()))
            .collect()
    };
    let path = format!("/api/v1/customers/{referrer}/timeline");
    let (s, all) = app.get(&path, &r.f.head).await;
    assert_eq!(s, StatusCode::OK, "{all}");
    assert!(
        referral_events(&all)
            .iter()
            .any(|(_, actor)| *actor == me["id"]),
        "the head of CRM sees the manager's event: {all}"
    );
    let (_, rep_me) = app.get("/api/v1/me", rep).await;
    let (s, mine) = app.get(&path, rep).await;
    assert_eq!(s, StatusCode::OK, "{mine}");
    let seen = referral_events(&mine);
    assert!(!seen.is_empty(), "the rep sees their registration: {mine}");
    assert!(
        seen.iter().all(|(_, actor)| *actor == rep_me["id"]),
        "the rep sees only their own referral events: {mine}"
    );
}
