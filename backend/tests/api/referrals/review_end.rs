//! A registration that ends (protection expired, the friend withdrew) leaves
//! the fraud review queue: its review is voided and its SLA clock closed.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{friend_buys, read, register, rx};
use crate::deals::{act, available_units};
use crate::helpers::{spawn_app, TestApp};
use crate::membership::put_setting;

/// Ids in the review queue (`?review_status=pending`).
async fn queue(app: &TestApp, head: &str) -> Vec<String> {
    let (s, b) = app
        .get("/api/v1/referrals?review_status=pending&limit=100", head)
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|q| q["id"].as_str().expect("id").to_string())
        .collect()
}

/// How many review notifications (warning, breach, reminder) the head has.
async fn review_notes(app: &TestApp, head: &str) -> usize {
    let (s, b) = app.get("/api/v1/notifications?limit=100", head).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|n| {
            n["title"]
                .as_str()
                .is_some_and(|t| t.starts_with("老带新审核"))
        })
        .count()
}

#[actix_web::test]
async fn expired_and_withdrawn_registrations_void_their_pending_review_and_close_its_clock() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let head = app.token(Role::CrmHead).await;
    // Protection (1 day) ends before the review deadline (72 h).
    let path = "/api/v1/settings/referral-rules";
    let (_, cur) = app.get(path, &head).await;
    let mut rules = cur["rules"].clone();
    rules["protection_days"] = json!(1);
    let (s, b) = put_setting(&app, &head, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let mut regs: Vec<Value> = Vec::new();
    for n in 1..=4 {
        let phone = format!("1395555810{n}");
        regs.push(register(&app, &head, &r.referrer, &r.f.pid, "周一", &phone).await);
    }
    let (waiting, withdrawn) = (&regs[2], &regs[3]);
    for reg in [waiting, withdrawn] {
        assert_eq!(reg["review_status"], "pending", "{reg}");
    }
    let waiting_id = waiting["id"].as_str().expect("id").to_string();
    let withdrawn_id = withdrawn["id"].as_str().expect("id").to_string();

    // The fourth friend subscribes and withdraws: cancelled, review voided.
    let unit = available_units(&app, &r.f.manager, &r.f.pid, 1).await[0]
        .0
        .clone();
    let friend = withdrawn["friend_customer_id"].as_str().expect("friend");
    let deal = friend_buys(&app, &r.f, friend, &unit).await;
    let deal_id = deal["id"].as_str().expect("deal");
    let reason = json!({"reason": "客户退房"});
    let (s, b) = act(&app, &r.f.manager, deal_id, "withdraw", reason).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let cancelled = read(&app, &withdrawn_id).await;
    assert_eq!(
        (
            cancelled["status"].clone(),
            cancelled["review_status"].clone()
        ),
        (json!("cancelled"), json!("none")),
        "{cancelled}"
    );
    assert!(!queue(&app, &head).await.contains(&withdrawn_id));

    // The third is never subscribed: expired after a day, review voided.
    let day = estate_crm::db::now() + chrono::Duration::hours(25);
    estate_crm::jobs::run_once_at(&app.state.pool, day)
        .await
        .expect("sweep");
    let expired = read(&app, &waiting_id).await;
    assert_eq!(
        (expired["status"].clone(), expired["review_status"].clone()),
        (json!("expired"), json!("none")),
        "{expired}"
    );
    let pending = queue(&app, &head).await;
    assert!(!pending.contains(&waiting_id), "{pending:?}");

    // Their clocks are closed: no warning, breach or reminder ever comes.
    let before = review_notes(&app, &head).await;
    for hours in [70, 100, 200] {
        let later = estate_crm::db::now() + chrono::Duration::hours(hours);
        estate_crm::jobs::run_once_at(&app.state.pool, later)
            .await
            .expect("sweep");
    }
    assert_eq!(review_notes(&app, &head).await, before);
}
