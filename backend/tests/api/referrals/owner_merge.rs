//! A customer merge keeps every owner's registrations, and the survivor's
//! `Idempotency-Key` keeps replaying its own.

use reqwest::StatusCode;
use serde_json::json;

use super::owner::{friend, me_register};
use super::{read, rx};
use crate::deals::available_units;
use crate::helpers::spawn_app;
use crate::owners::sign_in;

#[actix_web::test]
async fn merging_two_owners_who_used_the_same_key_keeps_both_registrations() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let unit = available_units(&app, &r.f.manager, &r.f.pid, 1).await[0]
        .0
        .clone();
    let other = super::owner(&app, &r.f, "13955550001", &unit).await;
    let mut registered = Vec::new();
    let mut tokens = Vec::new();
    for (phone, friend_phone) in [
        ("13955550000", "13955558501"),
        ("13955550001", "13955558502"),
    ] {
        let token = sign_in(&app, phone).await.access_token;
        let body = friend(&r.f.pid, "魏五", friend_phone);
        let (s, b, _) = me_register(&app, &token, &body, Some("same-key")).await;
        assert_eq!(s, StatusCode::CREATED, "{b}");
        registered.push(b["id"].as_str().expect("id").to_string());
        tokens.push(token);
    }
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{}/merge", r.referrer),
            &r.f.head,
            &json!({"from_customer_id": other, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for id in &registered {
        assert_eq!(
            read(&app, id).await["referrer_customer_id"],
            json!(r.referrer)
        );
    }
    // The survivor's key still replays its own registration.
    let body = friend(&r.f.pid, "魏五", "13955558501");
    let (s, b, replayed) = me_register(&app, &tokens[0], &body, Some("same-key")).await;
    assert_eq!((s, replayed), (StatusCode::CREATED, true), "{b}");
    assert_eq!(b["id"], json!(registered[0]));
}
