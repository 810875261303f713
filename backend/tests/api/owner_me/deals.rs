//! `GET /me/deals` and `/me/deals/{id}`: the owner's own units and deals.

use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{assert_no_keys, read};
use crate::deals::{act, available_units, fx, subscribed};
use crate::helpers::{assert_problem, send, spawn_app};
use crate::owners::{make_owner, sign_in};

#[actix_web::test]
async fn an_owner_reads_their_own_deals_without_internal_fields_and_never_anothers() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let a_id = make_owner(&app, "13912361001").await;
    let b_id = make_owner(&app, "13912361002").await;
    let units = available_units(&app, &f.head, &f.pid, 2).await;
    let deal_a = subscribed(&app, &f.head, &units[0].0, &a_id).await;
    let deal_b = subscribed(&app, &f.head, &units[1].0, &b_id).await;
    let a_deal = deal_a["id"].as_str().expect("id").to_string();
    let b_deal = deal_b["id"].as_str().expect("id").to_string();
    let (s, b) = act(
        &app,
        &f.head,
        &a_deal,
        "discounts",
        json!({"label": "开盘优惠", "reason": "内部审批 STAFF-ONLY-NOTE", "basis_points": 50}),
    )
    .await;
    assert!(s.is_success(), "{s} {b}");
    let (s, b) = act(
        &app,
        &f.head,
        &a_deal,
        "sign",
        json!({"reason": "STAFF-ONLY-NOTE"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let a = sign_in(&app, "13912361001").await.access_token;
    let b = sign_in(&app, "13912361002").await.access_token;

    let list = read(&app, &a, "/api/v1/me/deals").await;
    let data = list["data"].as_array().expect("data");
    assert_eq!(data.len(), 1, "{list}");
    assert_eq!(data[0]["id"], a_deal.as_str());
    assert_eq!(list["next_cursor"], serde_json::Value::Null);

    let mine = read(&app, &a, &format!("/api/v1/me/deals/{a_deal}")).await;
    assert_eq!(mine["stage"], "signed");
    assert_eq!(mine["unit"]["id"], units[0].0.as_str());
    assert_eq!(mine["unit"]["project_id"], f.pid.as_str());
    assert!(mine["unit"]["project_name"]
        .as_str()
        .is_some_and(|n| !n.is_empty()));
    assert!(mine["unit"]["building_name"].is_string());
    assert_eq!(mine["list_price_fen"], units[0].1);
    let net = |v: &serde_json::Value, k: &str| v[k].as_i64().expect(k);
    assert_eq!(
        net(&mine, "discount_fen"),
        net(&mine, "list_price_fen") * 50 / 10_000
    );
    assert_eq!(
        net(&mine, "net_price_fen"),
        net(&mine, "list_price_fen") - net(&mine, "discount_fen")
    );
    let kinds: Vec<&str> = mine["events"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    assert_eq!(kinds.first(), Some(&"subscribed"));
    assert_eq!(kinds.last(), Some(&"signed"));
    assert!(
        !mine.to_string().contains("STAFF-ONLY-NOTE"),
        "staff reasons never reach the owner: {mine}"
    );
    assert_no_keys(
        &mine,
        &[
            "owner_id",
            "actor_id",
            "customer_id",
            "lead_id",
            "tasks",
            "detail",
        ],
    );
    assert_no_keys(&list, &["owner_id", "actor_id", "customer_id", "lead_id"]);

    // Owner isolation: the other owner's deal does not exist for them.
    let (s, body) = app.get(&format!("/api/v1/me/deals/{b_deal}"), &a).await;
    assert_problem(s, &body, StatusCode::NOT_FOUND, "deal_not_found");
    let (s, body) = app.get(&format!("/api/v1/me/deals/{a_deal}"), &b).await;
    assert_problem(s, &body, StatusCode::NOT_FOUND, "deal_not_found");
    let theirs = read(&app, &b, "/api/v1/me/deals").await;
    assert_eq!(theirs["data"][0]["id"], b_deal.as_str());
    assert_eq!(theirs["data"].as_array().map(Vec::len), Some(1));

    // Staff tokens are refused on /me, owner tokens on the staff routes.
    let (s, body) = app.get("/api/v1/me/deals", &f.head).await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, body) = send(app.req(Method::GET, "/api/v1/me/deals")).await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, body) = app.get(&format!("/api/v1/deals/{a_deal}"), &a).await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, body) = app
        .post(
            &format!("/api/v1/deals/{a_deal}/withdraw"),
            &a,
            &json!({"reason": "x"}),
        )
        .await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}
