//! Refusals the access test does not cover: a role that must be refused on
//! each write of the lists, the reward choice, the rules and a single
//! referral, and staff tokens on every owner (`/me/referrals`) endpoint.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{register, rx};
use crate::helpers::{assert_problem, send, spawn_app};
use crate::membership::put_setting;

#[actix_web::test]
async fn roles_that_must_be_refused_get_403_or_404_on_every_referral_write_and_read() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let reg = register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "钱一",
        "13955558401",
    )
    .await;
    let id = reg["id"].as_str().expect("id");
    let analyst = app.token(Role::DataAnalyst).await;
    let rep = app.token(Role::SalesRep).await;

    // GET /referrals/{id} and PUT /referrals/{id}/reward.
    let (s, b) = app.get(&format!("/api/v1/referrals/{id}"), &analyst).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let reward = format!("/api/v1/referrals/{id}/reward");
    let choice = json!({"reward": "shopping_card"});
    let (s, b) = put_setting(&app, &analyst, &reward, Some(1), &choice).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = put_setting(&app, &rep, &reward, Some(1), &choice).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "referral_not_found");

    // POST and DELETE /customers/{id}/relatives.
    let relatives = format!("/api/v1/customers/{}/relatives", r.referrer);
    let relative = json!({"name": "钱母", "relation": "母亲", "phone": "13955558402"});
    for role in [Role::DataAnalyst, Role::Service] {
        let t = app.token(role).await;
        let (s, b) = app.post(&relatives, &t, &relative).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, made) = app.post(&relatives, &r.f.head, &relative).await;
    assert_eq!(s, StatusCode::CREATED, "{made}");
    let one = format!("{relatives}/{}", made["id"].as_str().expect("id"));
    let (s, b) = send(app.authed(Method::DELETE, &one, &analyst)).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");

    // POST and DELETE /staff-phones: only admins and the head of CRM.
    let phone = json!({"kind": "agency", "name": "某中介", "phone": "13955558403"});
    for role in [Role::SalesRep, Role::SalesManager] {
        let t = app.token(role).await;
        let (s, b) = app.post("/api/v1/staff-phones", &t, &phone).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, made) = app.post("/api/v1/staff-phones", &r.f.head, &phone).await;
    assert_eq!(s, StatusCode::CREATED, "{made}");
    let one = format!("/api/v1/staff-phones/{}", made["id"].as_str().expect("id"));
    let (s, b) = send(app.authed(Method::DELETE, &one, &rep)).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");

    // GET /settings/referral-rules: not for sales reps.
    let (s, b) = app.get("/api/v1/settings/referral-rules", &rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}

#[actix_web::test]
async fn a_staff_token_is_refused_on_every_owner_referral_endpoint() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let reg = register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "钱二",
        "13955558411",
    )
    .await;
    let id = reg["id"].as_str().expect("id");
    let staff = app.token(Role::CrmHead).await;
    let friend = json!({
        "friend_name": "钱三", "friend_phone": "13955558412", "project_id": r.f.pid,
        "consent": {"purpose": "referral_contact", "notice_version": "2026-01"}
    });
    let (s, _) = app.get("/api/v1/me/referrals", &staff).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "GET /me/referrals");
    let (s, _) = app.post("/api/v1/me/referrals", &staff, &friend).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "POST /me/referrals");
    let one = format!("/api/v1/me/referrals/{id}");
    let (s, _) = app.get(&one, &staff).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "GET /me/referrals/{{id}}");
    let reward = json!({"reward": "shopping_card"});
    let (s, _) = put_setting(&app, &staff, &format!("{one}/reward"), Some(1), &reward).await;
    assert_eq!(
        s,
        StatusCode::UNAUTHORIZED,
        "PUT /me/referrals/{{id}}/reward"
    );
}
