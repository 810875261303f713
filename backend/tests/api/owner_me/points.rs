//! `/me/points`, `/me/points-catalogue` and `POST /me/points/redemptions`:
//! an owner spends only their own points, never below zero, once per key.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::read;
use crate::helpers::{assert_problem, send, spawn_app, TestApp};
use crate::membership_points::{create, member};
use crate::owners::sign_in;

const REDEEM: &str = "/api/v1/me/points/redemptions";

async fn redeem_with_key(
    app: &TestApp,
    owner: &str,
    key: &str,
    body: &Value,
) -> (StatusCode, Value, bool) {
    let res = app
        .authed(Method::POST, REDEEM, owner)
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .expect("redeem");
    let status = res.status();
    let replayed = res.headers().get("idempotent-replayed").is_some();
    (status, res.json().await.expect("json"), replayed)
}

#[actix_web::test]
async fn an_owner_redeems_only_their_own_points_once_per_key_and_never_below_zero() {
    let app = spawn_app().await;
    let item = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "电饭煲", "kind": "appliance", "points_cost": 300}),
    )
    .await;
    let retired = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "旧礼品", "kind": "other", "points_cost": 1}),
    )
    .await;
    let crm = app.token(Role::CrmHead).await;
    let (s, off) = app
        .patch(
            &format!(
                "/api/v1/points-catalogue/{}",
                retired["id"].as_str().expect("id")
            ),
            &crm,
            retired["version"].as_i64().expect("version"),
            &json!({"active": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{off}");
    let a_id = member(&app, "13912362001", false, 1_000).await;
    member(&app, "13912362002", false, 0).await;
    let a = sign_in(&app, "13912362001").await.access_token;
    let b = sign_in(&app, "13912362002").await.access_token;

    // The catalogue an owner sees: active items only.
    let cat = read(&app, &a, "/api/v1/me/points-catalogue").await;
    let ids: Vec<&Value> = cat["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(
        ids,
        [&item["id"]],
        "{cat} (inactive {} hidden)",
        retired["id"]
    );

    // Once per key: the repeat answers the first redemption.
    let body = json!({"item_id": item["id"]});
    let (s, first, replayed) = redeem_with_key(&app, &a, "me-k1", &body).await;
    assert_eq!((s, replayed), (StatusCode::CREATED, false), "{first}");
    assert_eq!(first["customer_id"], a_id.as_str());
    assert_eq!(first["actor_kind"], "owner");
    assert_eq!(first["balance_after"], 700);
    let (s, again, replayed) = redeem_with_key(&app, &a, "me-k1", &body).await;
    assert_eq!((s, replayed), (StatusCode::CREATED, true));
    assert_eq!(again["id"], first["id"]);
    let (s, other, _) = redeem_with_key(
        &app,
        &a,
        "me-k1",
        &json!({"item_id": item["id"], "quantity": 2}),
    )
    .await;
    assert_problem(
        s,
        &other,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    assert_eq!(
        read(&app, &a, "/api/v1/me/membership").await["points_balance"],
        700
    );

    // Ten at once: 700 / 300 = 2 succeed, the balance never goes below zero.
    let calls = (0..10).map(|_| app.post(REDEEM, &a, &body));
    let results = futures_util::future::join_all(calls).await;
    let ok = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(ok, 2);
    for (s, b) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_problem(*s, b, StatusCode::CONFLICT, "insufficient_points");
    }
    let m = read(&app, &a, "/api/v1/me/membership").await;
    assert_eq!(
        (m["tier"].clone(), m["points_balance"].clone()),
        (json!("ordinary"), json!(100))
    );

    // Owner B has no points to spend and cannot see A's redemption.
    let (s, body_b) = app.post(REDEEM, &b, &body).await;
    assert_problem(s, &body_b, StatusCode::CONFLICT, "insufficient_points");
    let rid = first["id"].as_str().expect("id");
    let (s, body_b) = app.get(&format!("{REDEEM}/{rid}"), &b).await;
    assert_problem(s, &body_b, StatusCode::NOT_FOUND, "redemption_not_found");
    let mine = read(&app, &a, &format!("{REDEEM}/{rid}")).await;
    assert_eq!(mine["id"], first["id"]);
    let (s, body_b) = app.post(REDEEM, &b, &json!({"item_id": "nope"})).await;
    assert_problem(
        s,
        &body_b,
        StatusCode::NOT_FOUND,
        "catalogue_item_not_found",
    );
    let (s, body_b) = app
        .post(REDEEM, &b, &json!({"item_id": item["id"], "bogus": 1}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{body_b}");
    assert_eq!(
        read(&app, &a, "/api/v1/me/membership").await["points_balance"],
        100
    );

    // The ledger, page by page, adds up to the balance; no staff ids.
    let mut sum = 0;
    let mut cursor = String::new();
    loop {
        let page = read(
            &app,
            &a,
            &format!("/api/v1/me/points?limit=2&cursor={cursor}"),
        )
        .await;
        for e in page["data"].as_array().expect("data") {
            assert!(e["actor_id"].is_null(), "{e}");
            sum += e["points"].as_i64().expect("points");
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!(sum, 100);
    let ledger_b = read(&app, &b, "/api/v1/me/points").await;
    let sum_b: i64 = ledger_b["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["points"].as_i64())
        .sum();
    assert_eq!(sum_b, 0, "{ledger_b}");

    // Staff tokens are refused on the owner's endpoints.
    let staff = app.token(Role::CrmHead).await;
    for path in [
        "/api/v1/me/points",
        "/api/v1/me/membership",
        "/api/v1/me/points-catalogue",
    ] {
        let (s, body) = app.get(path, &staff).await;
        assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let (s, body) = app
        .post(REDEEM, &staff, &json!({"item_id": item["id"]}))
        .await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    // And the owner's token on the staff route for their own points.
    let (s, body) = app
        .get(&format!("/api/v1/customers/{a_id}/points"), &a)
        .await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, body) = send(app.req(Method::GET, "/api/v1/me/membership")).await;
    assert_problem(s, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
    assert!(m["tier_history"].as_array().is_some_and(|h| !h.is_empty()));
    assert!(m["tier_history"]
        .as_array()
        .expect("history")
        .iter()
        .all(|c| c["actor_id"].is_null()));
}
