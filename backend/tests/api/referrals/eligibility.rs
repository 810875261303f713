//! Every eligibility rule, each a setting, and protection expiry.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{read, register, rx};
use crate::deals::buyer;
use crate::helpers::{assert_problem, spawn_app};
use crate::leads::{capture, lead_body};
use crate::membership::put_setting;

fn reason(r: &serde_json::Value) -> (String, String, String) {
    (
        r["status"].as_str().unwrap_or("").to_string(),
        r["ineligible_reason"].as_str().unwrap_or("").to_string(),
        r["rule"].as_str().unwrap_or("").to_string(),
    )
}

#[actix_web::test]
async fn every_eligibility_rule_refuses_with_its_reason_and_setting_and_keeps_the_registration() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid) = (&r.f.head, &r.f.pid);
    let admin = &r.f.admin;

    let me = register(&app, head, &r.referrer, pid, "本人", "13955550000").await;
    assert_eq!(
        reason(&me),
        (
            "ineligible".into(),
            "self_referral".into(),
            "referral: no self-referral".into()
        )
    );

    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{}/relatives", r.referrer),
            head,
            &json!({"name": "配偶", "relation": "配偶", "phone": "139 5555 1111"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["phone_masked"], "139****1111");
    let rel = register(&app, head, &r.referrer, pid, "配偶", "13955551111").await;
    assert_eq!(
        reason(&rel),
        (
            "ineligible".into(),
            "relative".into(),
            "referral_rules.exclude_relatives=true".into()
        )
    );

    let (s, b) = app
        .post(
            "/api/v1/staff-phones",
            admin,
            &json!({"kind": "agency", "name": "某中介", "phone": "13955552222"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let (s, b) = app
        .post(
            "/api/v1/staff-phones",
            admin,
            &json!({"kind": "agency", "name": "又是某中介", "phone": "13955552222"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "staff_phone_exists");
    let st = register(&app, head, &r.referrer, pid, "中介", "13955552222").await;
    assert_eq!(
        reason(&st),
        (
            "ineligible".into(),
            "staff_phone".into(),
            "referral_rules.exclude_staff_phones=true".into()
        )
    );
    assert!(
        st["signals"]
            .as_array()
            .expect("signals")
            .iter()
            .any(|s| s["signal"] == "staff_phone"),
        "{st}"
    );
    assert_eq!(st["review_status"], "pending");

    // A walk-in today: the friend visited within the 90 days.
    let mut walk_in = lead_body(pid, "13955553333", "undated", "unknown");
    walk_in["name"] = json!("赵六");
    capture(&app, &r.f.manager, &walk_in).await;
    let recent = register(&app, head, &r.referrer, pid, "赵六", "13955553333").await;
    assert_eq!(
        reason(&recent),
        (
            "ineligible".into(),
            "recent_contact".into(),
            "referral_rules.no_contact_days=90".into()
        )
    );
    assert!(
        recent["decision"]
            .as_str()
            .expect("decision")
            .contains("within 90 days"),
        "{recent}"
    );

    let first = register(&app, head, &r.referrer, pid, "钱七", "13955554444").await;
    assert_eq!(first["status"], "registered", "{first}");
    assert!(first["protected_until"].is_string());
    let (other, _) = buyer(&app, &r.f.manager, pid, "13955559999").await;
    let second = register(&app, head, &other, pid, "钱七", "13955554444").await;
    assert_eq!(
        reason(&second),
        (
            "ineligible".into(),
            "already_registered".into(),
            "referral_rules.protection_days=90".into()
        )
    );

    // The valid registration captured the friend's lead: source owner referral, referrer recorded.
    let lead_id = first["lead_id"].as_str().expect("lead");
    let (s, lead) = app.get(&format!("/api/v1/leads/{lead_id}"), head).await;
    assert_eq!(s, StatusCode::OK, "{lead}");
    assert_eq!(lead["source"], "owner_referral");
    let (_, events) = app
        .get(&format!("/api/v1/leads/{lead_id}/events"), head)
        .await;
    let linked = events["data"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "referral_registered")
        .cloned();
    assert_eq!(
        linked.map(|e| e["detail"]["referrer_customer_id"].clone()),
        Some(json!(r.referrer))
    );

    // Each rule is a setting: without the no-contact window the walk-in friend is eligible.
    let path = "/api/v1/settings/referral-rules";
    let (s, cur) = app.get(path, head).await;
    assert_eq!((s, cur["version"].clone()), (StatusCode::OK, json!(0)));
    let mut rules = cur["rules"].clone();
    rules["no_contact_days"] = json!(0);
    let (s, b) = put_setting(&app, head, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let now_ok = register(&app, head, &r.referrer, pid, "赵六", "13955553333").await;
    assert_eq!(now_ok["status"], "registered", "{now_ok}");
    assert!(now_ok["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .any(|s| s["signal"] == "known_phone"));
    let all = read(&app, now_ok["id"].as_str().expect("id")).await;
    assert_eq!(all["events"][0]["kind"], "registered");
}

#[actix_web::test]
async fn protection_expiry_releases_the_friend_for_a_new_registration() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let first = register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "孙八",
        "13955556001",
    )
    .await;
    assert_eq!(first["status"], "registered");
    let later = estate_crm::db::now() + chrono::Duration::days(91);
    let report = estate_crm::jobs::run_once_at(&app.state.pool, later)
        .await
        .expect("sweep");
    assert_eq!(report.referrals_expired, 1);
    let id = first["id"].as_str().expect("id");
    let expired = read(&app, id).await;
    assert_eq!(expired["status"], "expired");
    assert_eq!(
        expired["events"]
            .as_array()
            .and_then(|e| e.last())
            .map(|e| e["kind"].clone()),
        Some(json!("expired"))
    );
    let again = estate_crm::jobs::run_once_at(&app.state.pool, later)
        .await
        .expect("sweep");
    assert_eq!(again.referrals_expired, 0, "expires once");
    let (other, _) = buyer(&app, &r.f.manager, &r.f.pid, "13955556002").await;
    let head = app.token(Role::CrmHead).await;
    let second = register(&app, &head, &other, &r.f.pid, "孙八", "13955556001").await;
    assert_eq!(
        (
            second["status"].clone(),
            second["eligible"].clone(),
            second["ineligible_reason"].clone()
        ),
        (json!("registered"), json!(true), json!(null)),
        "the released friend is registered again: {second}"
    );
}

#[actix_web::test]
async fn an_active_system_user_of_the_company_is_staff_but_a_disabled_one_is_not() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid, admin) = (&r.f.head, &r.f.pid, &r.f.admin);
    let (s, u) = app
        .post(
            "/api/v1/users",
            admin,
            &json!({"email": "rep9@demo.example", "password": "a-long-password",
                    "display_name": "置业顾问九", "role": "sales_rep", "phone": "13955557001"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{u}");
    let st = register(&app, head, &r.referrer, pid, "九", "13955557001").await;
    assert_eq!(
        reason(&st),
        (
            "ineligible".into(),
            "staff_phone".into(),
            "referral_rules.exclude_staff_phones=true".into()
        )
    );
    assert!(
        st["decision"].as_str().unwrap_or("").contains("置业顾问九"),
        "{st}"
    );
    let signals: Vec<&str> = st["signals"]
        .as_array()
        .expect("signals")
        .iter()
        .filter_map(|s| s["signal"].as_str())
        .collect();
    assert_eq!(signals, vec!["staff_phone"], "{st}");
    assert_eq!(st["review_status"], "pending");

    // A user who left (disabled) no longer excludes their phone.
    let (s, u2) = app
        .post(
            "/api/v1/users",
            admin,
            &json!({"email": "gone@demo.example", "password": "a-long-password",
                    "display_name": "离职", "role": "sales_rep", "phone": "13955557002"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{u2}");
    let path = format!("/api/v1/users/{}", u2["id"].as_str().expect("id"));
    let (s, b) = app
        .patch(
            &path,
            admin,
            u2["version"].as_i64().expect("version"),
            &json!({"disabled": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let ok = register(&app, head, &r.referrer, pid, "离职", "13955557002").await;
    assert_eq!(ok["status"], "registered", "{ok}");
}

#[actix_web::test]
async fn a_call_or_a_subscription_within_the_window_is_contact() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid, manager) = (&r.f.head, &r.f.pid, &r.f.manager);

    // Online leads (no visit): one was called, the other subscribed a unit.
    let mut called = lead_body(pid, "13955557201", "undated", "unknown");
    called["source"] = json!("official_site");
    called["name"] = json!("来电");
    let lead = capture(&app, manager, &called).await;
    let lead_id = lead["lead"]["id"].as_str().expect("lead id");
    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{lead_id}/follow-ups"),
            manager,
            &json!({"channel": "call", "outcome": "电话沟通"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let st = register(&app, head, &r.referrer, pid, "来电", "13955557201").await;
    assert_eq!(
        reason(&st),
        (
            "ineligible".into(),
            "recent_contact".into(),
            "referral_rules.no_contact_days=90".into()
        )
    );
    assert!(
        st["decision"].as_str().unwrap_or("").contains("call"),
        "{st}"
    );

    let mut bought = lead_body(pid, "13955557202", "undated", "unknown");
    bought["source"] = json!("official_site");
    bought["name"] = json!("认购");
    let lead = capture(&app, manager, &bought).await;
    let customer = lead["lead"]["customer_id"].as_str().expect("customer");
    let unit = crate::deals::available_units(&app, manager, pid, 1).await[0]
        .0
        .clone();
    crate::deals::subscribed(&app, manager, &unit, customer).await;
    let st = register(&app, head, &r.referrer, pid, "认购", "13955557202").await;
    assert_eq!(
        reason(&st),
        (
            "ineligible".into(),
            "recent_contact".into(),
            "referral_rules.no_contact_days=90".into()
        )
    );
    assert!(
        st["decision"]
            .as_str()
            .unwrap_or("")
            .contains("subscription"),
        "{st}"
    );
}
