//! `/me/referrals`: owners register friends; the answer never reveals
//! whether the friend is already a customer; isolation; idempotency (a retry racing its first attempt too); and two
//! owners registering one friend at the same moment.

use std::collections::BTreeSet;

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::{read, register, rx};
use crate::deals::buyer;
use crate::helpers::{send, spawn_app, TestApp};
use crate::leads::{capture, lead_body};
use crate::owner_me::assert_no_keys;
use crate::owners::sign_in;

pub(super) fn friend(pid: &str, name: &str, phone: &str) -> Value {
    json!({"friend_name": name, "friend_phone": phone, "project_id": pid,
           "consent": {"purpose": "referral_contact", "notice_version": "2026-01"}})
}

pub(super) async fn me_register(
    app: &TestApp,
    token: &str,
    body: &Value,
    key: Option<&str>,
) -> (StatusCode, Value, bool) {
    let mut req = app
        .authed(Method::POST, "/api/v1/me/referrals", token)
        .json(body);
    if let Some(k) = key {
        req = req.header("Idempotency-Key", k);
    }
    let res = req.send().await.expect("request");
    let status = res.status();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    (status, res.json().await.unwrap_or(Value::Null), replayed)
}

const INTERNAL: &[&str] = &[
    "ineligible_reason",
    "decision",
    "rule",
    "signals",
    "friend_customer_id",
    "lead_id",
    "deal_id",
    "review_status",
    "eligible",
    "events",
];

#[actix_web::test]
async fn the_owner_sees_only_not_eligible_and_never_whether_the_friend_is_a_customer() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let pid = r.f.pid.clone();
    let owner = sign_in(&app, "13955550000").await.access_token;

    // A friend who is already a customer (walked in today) …
    capture(
        &app,
        &r.f.manager,
        &lead_body(&pid, "13955558001", "undated", "unknown"),
    )
    .await;
    // … and a stranger registered first by another owner.
    let (other, _) = buyer(&app, &r.f.manager, &pid, "13955558003").await;
    register(&app, &r.f.head, &other, &pid, "周九", "13955558002").await;

    let (s1, known, _) =
        me_register(&app, &owner, &friend(&pid, "王先生", "13955558001"), None).await;
    let (s2, stranger, _) =
        me_register(&app, &owner, &friend(&pid, "周九", "13955558002"), None).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    for v in [&known, &stranger] {
        assert_eq!(v["status"], "not_eligible", "{v}");
        assert_eq!(v["protected_until"], Value::Null);
        assert_no_keys(v, INTERNAL);
    }
    assert_eq!(
        known["status_note"], stranger["status_note"],
        "one generic note for every reason"
    );
    let keys = |v: &Value| {
        v.as_object()
            .map(|o| o.keys().cloned().collect::<BTreeSet<_>>())
    };
    assert_eq!(keys(&known), keys(&stranger));

    // Staff see the full reasons.
    let k = read(&app, known["id"].as_str().expect("id")).await;
    let s = read(&app, stranger["id"].as_str().expect("id")).await;
    assert_eq!(
        (
            k["ineligible_reason"].clone(),
            s["ineligible_reason"].clone()
        ),
        (json!("recent_contact"), json!("already_registered"))
    );

    // A valid one: registered, protected; the list shows all three, still without reasons.
    let (s, valid, _) = me_register(&app, &owner, &friend(&pid, "吴十", "13955558004"), None).await;
    assert_eq!(
        (s, valid["status"].clone()),
        (StatusCode::CREATED, json!("registered")),
        "{valid}"
    );
    assert!(valid["protected_until"].is_string());
    let (s, list) = app.get("/api/v1/me/referrals", &owner).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(list["data"].as_array().map(Vec::len), Some(3));
    assert_no_keys(&list, INTERNAL);

    // The owner chooses the reward with If-Match.
    let id = valid["id"].as_str().expect("id");
    let path = format!("/api/v1/me/referrals/{id}/reward");
    let (s, b) = send(
        app.authed(Method::PUT, &path, &owner)
            .json(&json!({"reward": "property_fees"})),
    )
    .await;
    assert_eq!(
        (s, b["code"].clone()),
        (
            StatusCode::PRECONDITION_REQUIRED,
            json!("precondition_required")
        )
    );
    let (s, b) = send(
        app.authed(Method::PUT, &path, &owner)
            .header("If-Match", format!("\"{}\"", valid["version"]))
            .json(&json!({"reward": "property_fees"})),
    )
    .await;
    assert_eq!(
        (s, b["reward"].clone()),
        (StatusCode::OK, json!("property_fees")),
        "{b}"
    );
}

#[actix_web::test]
async fn owners_reach_only_their_own_registrations_and_a_key_registers_once() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let pid = r.f.pid.clone();
    buyer(&app, &r.f.manager, &pid, "13955558101").await;
    let a = sign_in(&app, "13955550000").await.access_token;
    let b = sign_in(&app, "13955558101").await.access_token;
    let body = friend(&pid, "郑一", "13955558102");
    let (s, first, replayed) = me_register(&app, &a, &body, Some("reg-1")).await;
    assert_eq!((s, replayed), (StatusCode::CREATED, false), "{first}");
    let (s, again, replayed) = me_register(&app, &a, &body, Some("reg-1")).await;
    assert_eq!(
        (s, replayed, again["id"].clone()),
        (StatusCode::CREATED, true, first["id"].clone())
    );
    let (s, other, _) = me_register(
        &app,
        &a,
        &friend(&pid, "郑二", "13955558103"),
        Some("reg-1"),
    )
    .await;
    assert_eq!(
        (s, other["code"].clone()),
        (
            StatusCode::UNPROCESSABLE_ENTITY,
            json!("idempotency_key_reused")
        )
    );

    let id = first["id"].as_str().expect("id");
    let (s, _) = app.get(&format!("/api/v1/me/referrals/{id}"), &b).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (s, list) = app.get("/api/v1/me/referrals", &b).await;
    assert_eq!(
        (s, list["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(0))
    );
    let staff = app.token(Role::CrmHead).await;
    let (s, _) = app.get("/api/v1/me/referrals", &staff).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "staff tokens are refused");
    let (s, _) = app.get("/api/v1/referrals", &a).await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "owner tokens are refused on staff routes"
    );
}

#[actix_web::test]
async fn two_owners_registering_the_same_friend_at_the_same_moment_yield_exactly_one_valid_registration(
) {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let pid = r.f.pid.clone();
    buyer(&app, &r.f.manager, &pid, "13955558201").await;
    let owners = [
        sign_in(&app, "13955550000").await.access_token,
        sign_in(&app, "13955558201").await.access_token,
    ];
    for n in 0..3 {
        let phone = format!("1395555830{n}");
        let body = friend(&pid, "冯三", &phone);
        let results = futures_util::future::join_all(
            owners
                .iter()
                .cycle()
                .take(4)
                .map(|t| me_register(&app, t, &body, None)),
        )
        .await;
        assert!(
            results.iter().all(|(s, _, _)| *s == StatusCode::CREATED),
            "{results:?}"
        );
        let valid = results
            .iter()
            .filter(|(_, b, _)| b["status"] == "registered")
            .count();
        let refused = results
            .iter()
            .filter(|(_, b, _)| b["status"] == "not_eligible")
            .count();
        assert_eq!((valid, refused), (1, 3), "{results:?}");
    }
    let (s, list) = app
        .get("/api/v1/referrals?status=registered", &r.f.head)
        .await;
    assert_eq!(
        (s, list["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(3))
    );
}

#[actix_web::test]
async fn a_registration_retried_with_its_key_while_the_first_attempt_runs_registers_once() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let owner = sign_in(&app, "13955550000").await.access_token;
    let body = friend(&r.f.pid, "卫四", "13955558401");
    let results = futures_util::future::join_all(
        (0..4).map(|_| me_register(&app, &owner, &body, Some("reg-concurrent"))),
    )
    .await;
    assert!(
        results.iter().all(|(s, _, _)| *s == StatusCode::CREATED),
        "{results:?}"
    );
    let ids: BTreeSet<_> = results
        .iter()
        .map(|(_, b, _)| b["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(ids.len(), 1, "{results:?}");
    let fresh = results.iter().filter(|(_, _, replayed)| !replayed).count();
    assert_eq!(
        fresh, 1,
        "one registration, the others replay it: {results:?}"
    );
    let (s, list) = app.get("/api/v1/me/referrals", &owner).await;
    assert_eq!(
        (s, list["data"].as_array().map(Vec::len)),
        (StatusCode::OK, Some(1))
    );
}

/// Everything an owner can observe about one registration: the single read
/// with its `ETag`, and its entry in the list, minus what naturally differs
/// between two friends (id, name, phone, time).
async fn observed(app: &TestApp, owner: &str, v: &Value) -> (Value, String, Value) {
    let id = v["id"].as_str().expect("id");
    let res = app
        .authed(Method::GET, &format!("/api/v1/me/referrals/{id}"), owner)
        .send()
        .await
        .expect("request");
    let etag = res
        .headers()
        .get("etag")
        .and_then(|h| h.to_str().ok())
        .unwrap_or_default()
        .to_string();
    let one: Value = res.json().await.expect("json");
    let (_, list) = app.get("/api/v1/me/referrals", owner).await;
    let listed = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .find(|e| e["id"] == id)
        .cloned()
        .expect("listed");
    let strip = |mut v: Value| {
        let o = v.as_object_mut().expect("object");
        for k in ["id", "friend_name", "friend_phone_masked", "created_at"] {
            o.remove(k);
        }
        // Protection runs from the registration time: keep only whether it is set.
        let protected = o.remove("protected_until").is_some_and(|p| !p.is_null());
        o.insert("protected".into(), json!(protected));
        v
    };
    assert_eq!(strip(v.clone()), strip(one.clone()), "create answer = read");
    (strip(one), etag, strip(listed))
}

#[actix_web::test]
async fn a_valid_existing_customer_and_a_valid_new_friend_look_identical_to_the_owner_in_every_field_and_etag(
) {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let pid = r.f.pid.clone();
    let owner = sign_in(&app, "13955550000").await.access_token;

    // An existing customer with no contact (an online lead, no visit or call).
    let mut online = lead_body(&pid, "13955558101", "undated", "unknown");
    online["source"] = json!("official_site");
    capture(&app, &r.f.manager, &online).await;

    let (_, known, _) =
        me_register(&app, &owner, &friend(&pid, "王先生", "13955558101"), None).await;
    let (_, fresh, _) =
        me_register(&app, &owner, &friend(&pid, "新朋友", "13955558102"), None).await;
    assert_eq!(known["status"], "registered", "{known}");
    // Staff do see the known-phone signal on the existing customer.
    let staff_view = read(&app, known["id"].as_str().expect("id")).await;
    assert_eq!(staff_view["review_status"], "pending", "{staff_view}");
    assert_eq!(
        observed(&app, &owner, &known).await,
        observed(&app, &owner, &fresh).await
    );

    // Not eligible: an existing customer who walked in vs a stranger already
    // registered by another owner — same fields, same ETag.
    capture(
        &app,
        &r.f.manager,
        &lead_body(&pid, "13955558103", "undated", "unknown"),
    )
    .await;
    let (other, _) = buyer(&app, &r.f.manager, &pid, "13955558105").await;
    register(&app, &r.f.head, &other, &pid, "周九", "13955558104").await;
    let (_, known_no, _) =
        me_register(&app, &owner, &friend(&pid, "王先生", "13955558103"), None).await;
    let (_, stranger_no, _) =
        me_register(&app, &owner, &friend(&pid, "周九", "13955558104"), None).await;
    assert_eq!(known_no["status"], "not_eligible", "{known_no}");
    assert_eq!(
        observed(&app, &owner, &known_no).await,
        observed(&app, &owner, &stranger_no).await
    );

    // The head of CRM clears the review: the owner sees no change at all.
    let before = observed(&app, &owner, &known).await;
    let head = app.token(Role::CrmHead).await;
    let (s, b) = super::action(
        &app,
        &head,
        known["id"].as_str().expect("id"),
        "review",
        json!({"decision": "cleared", "note": "已核实"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(observed(&app, &owner, &known).await, before);
}
