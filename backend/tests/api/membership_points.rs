//! Points: redemptions against the catalogue's stock (also 100 at once),
//! idempotency by key, and expiry by the jobs sweep.

use api_types::{RedeemPoints, Role};
use estate_crm::audit::AuditCtx;
use estate_crm::db;
use estate_crm::membership::{hooks, redeem};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app, TestApp};
use crate::membership::{company_of, customer, membership, sale, with_conn};

/// A member of `tier` (`ordinary` or `silver`) with `points` points.
pub async fn member(app: &TestApp, phone: &str, silver: bool, points: i64) -> String {
    let id = customer(app, phone, false).await;
    let company = company_of(app, &id);
    let now = db::now();
    with_conn(app, |c| {
        // 1 point per 100 yuan = per 10,000 fen.
        hooks::contract_signed(
            c,
            &sale(&company, &id, &format!("{id}-d1"), now),
            points * 10_000,
        )
        .expect("signed");
        if silver {
            hooks::deal_subscribed(c, &sale(&company, &id, &format!("{id}-d2"), now)).expect("d2");
        }
    });
    id
}

pub async fn create(app: &TestApp, path: &str, body: &Value) -> Value {
    let crm = app.token(Role::CrmHead).await;
    let (s, b) = app.post(path, &crm, body).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

#[actix_web::test]
async fn a_hundred_parallel_point_redemptions_never_overdraw_the_balance_or_the_stock() {
    let app = spawn_app().await;
    let fridge = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "海尔冰箱", "kind": "appliance", "points_cost": 300, "stock": 50}),
    )
    .await;
    let credit = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "物业费抵扣 ¥100", "kind": "property_fee_credit", "points_cost": 1, "value_fen": 10000, "stock": 7}),
    )
    .await;
    let c = member(&app, "13912350004", false, 10_000).await;
    let token = app.token(Role::SalesManager).await;
    let path = format!("/api/v1/customers/{c}/points/redemptions");
    // The balance runs out first: 10,000 / 300 = 33.
    let body = json!({"item_id": fridge["id"]});
    let calls = (0..100).map(|_| app.post(&path, &token, &body));
    let results = futures_util::future::join_all(calls).await;
    let ok: Vec<&Value> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .map(|(_, b)| b)
        .collect();
    assert_eq!(ok.len(), 33);
    for (s, b) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_problem(*s, b, StatusCode::CONFLICT, "insufficient_points");
    }
    assert!(ok.iter().all(|b| b["balance_after"].as_i64() >= Some(0)));
    assert_eq!(membership(&app, &c).await["points_balance"], 100);
    let (_, item) = app
        .get(
            &format!(
                "/api/v1/points-catalogue/{}",
                fridge["id"].as_str().expect("id")
            ),
            &token,
        )
        .await;
    assert_eq!(item["stock"], 17);
    // The stock runs out first: 7.
    let body = json!({"item_id": credit["id"]});
    let calls = (0..100).map(|_| app.post(&path, &token, &body));
    let results = futures_util::future::join_all(calls).await;
    let ok = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(ok, 7);
    for (s, b) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_problem(*s, b, StatusCode::CONFLICT, "out_of_stock");
    }
    let (_, item) = app
        .get(
            &format!(
                "/api/v1/points-catalogue/{}",
                credit["id"].as_str().expect("id")
            ),
            &token,
        )
        .await;
    assert_eq!(item["stock"], 0);
    let m = membership(&app, &c).await;
    assert_eq!(m["points_balance"], 93);
    // The ledger adds up to the balance, page by page.
    let mut sum = 0;
    let mut entries = 0;
    let mut cursor = String::new();
    loop {
        let (s, page) = app
            .get(
                &format!("/api/v1/customers/{c}/points?limit=13&cursor={cursor}"),
                &token,
            )
            .await;
        assert_eq!(s, StatusCode::OK);
        for e in page["data"].as_array().expect("data") {
            sum += e["points"].as_i64().expect("points");
            entries += 1;
        }
        match page["next_cursor"].as_str() {
            Some(next) => cursor = next.to_string(),
            None => break,
        }
    }
    assert_eq!((sum, entries), (93, 1 + 33 + 7));
}

#[actix_web::test]
async fn a_redemption_is_applied_once_per_key_by_the_api_and_by_the_service() {
    let app = spawn_app().await;
    let item = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "电饭煲", "kind": "appliance", "points_cost": 100}),
    )
    .await;
    let item_id = item["id"].as_str().expect("id").to_string();
    let c = member(&app, "13912350005", false, 1_000).await;
    let token = app.token(Role::CrmHead).await;
    let path = format!("/api/v1/customers/{c}/points/redemptions");
    let post = |key: &'static str, body: Value| {
        send(
            app.authed(reqwest::Method::POST, &path, &token)
                .header("Idempotency-Key", key)
                .json(&body),
        )
    };
    let (s1, first) = post("k-1", json!({"item_id": item_id})).await;
    let (s2, second) = post("k-1", json!({"item_id": item_id})).await;
    assert_eq!((s1, s2), (StatusCode::CREATED, StatusCode::CREATED));
    assert_eq!(first["id"], second["id"]);
    assert_eq!(membership(&app, &c).await["points_balance"], 900);
    // The service itself, as an owner endpoint would call it with the same key.
    let company = company_of(&app, &c);
    let input = RedeemPoints {
        item_id: item_id.clone(),
        quantity: 1,
    };
    let (again, replayed) = with_conn(&app, |conn| {
        redeem::redeem_points(conn, &AuditCtx::system(&company), &c, &input, Some("k-1"))
    })
    .expect("replayed");
    assert!(replayed);
    assert_eq!(again.id, first["id"].as_str().expect("id"));
    let other = RedeemPoints {
        item_id,
        quantity: 2,
    };
    let err = with_conn(&app, |conn| {
        redeem::redeem_points(conn, &AuditCtx::system(&company), &c, &other, Some("k-1"))
    })
    .expect_err("another redemption under the same key");
    assert_eq!(err.code, "idempotency_key_reused");
    assert_eq!(membership(&app, &c).await["points_balance"], 900);
    let (s, b) = app.post(&path, &token, &json!({"item_id": "nope"})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "catalogue_item_not_found");
    let stranger = customer(&app, "13912350006", false).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{stranger}/points/redemptions"),
            &app.token(Role::CrmHead).await,
            &json!({"item_id": item["id"]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "not_a_member");
}

#[actix_web::test]
async fn points_expire_by_the_jobs_sweep_once_and_expired_points_cannot_be_spent() {
    let app = spawn_app().await;
    let c = customer(&app, "13912350007", false).await;
    let company = company_of(&app, &c);
    let now = db::now();
    let long_ago = now - chrono::Duration::days(30 * 25);
    with_conn(&app, |conn| {
        hooks::contract_signed(conn, &sale(&company, &c, "old", long_ago), 5_000_000).expect("old");
        hooks::contract_signed(conn, &sale(&company, &c, "new", now), 3_000_000).expect("new");
    });
    assert_eq!(membership(&app, &c).await["points_balance"], 800);
    let report = estate_crm::jobs::run_once(&app.state.pool)
        .await
        .expect("sweep");
    assert_eq!(report.points_expired, 1);
    let report = estate_crm::jobs::run_once(&app.state.pool)
        .await
        .expect("sweep");
    assert_eq!(report.points_expired, 0, "each lot expires once");
    assert_eq!(membership(&app, &c).await["points_balance"], 300);
    let crm = app.token(Role::CrmHead).await;
    let (_, ledger) = app
        .get(&format!("/api/v1/customers/{c}/points"), &crm)
        .await;
    let expired: Vec<&Value> = ledger["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|e| e["kind"] == "expire")
        .collect();
    assert_eq!(expired.len(), 1);
    assert_eq!(expired[0]["points"], -500);
    assert_eq!(expired[0]["reason_code"], "expiry");
    // Between two sweeps, a redemption expires what is due before spending.
    let item = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "空气净化器", "kind": "appliance", "points_cost": 300}),
    )
    .await;
    with_conn(&app, |conn| {
        hooks::contract_signed(conn, &sale(&company, &c, "old2", long_ago), 1_000_000)
            .expect("old2");
    });
    assert_eq!(membership(&app, &c).await["points_balance"], 400);
    let path = format!("/api/v1/customers/{c}/points/redemptions");
    let (s, b) = app
        .post(&path, &crm, &json!({"item_id": item["id"], "quantity": 2}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "insufficient_points");
    let (s, b) = app.post(&path, &crm, &json!({"item_id": item["id"]})).await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(
        b["balance_after"], 0,
        "the 100 due points expired, never spent"
    );
}

#[actix_web::test]
async fn sweeps_running_side_by_side_expire_each_lot_once() {
    let app = spawn_app().await;
    let long_ago = db::now() - chrono::Duration::days(30 * 25);
    let mut members = Vec::new();
    for phone in ["13912350011", "13912350012", "13912350013"] {
        let c = customer(&app, phone, false).await;
        let company = company_of(&app, &c);
        with_conn(&app, |conn| {
            for deal in ["a", "b"] {
                let deal = format!("{c}-{deal}");
                hooks::contract_signed(conn, &sale(&company, &c, &deal, long_ago), 1_000_000)
                    .expect("signed");
            }
        });
        members.push(c);
    }
    let (a, b) = futures_util::future::join(
        estate_crm::jobs::run_once(&app.state.pool),
        estate_crm::jobs::run_once(&app.state.pool),
    )
    .await;
    let first = a.expect("sweep a").points_expired + b.expect("sweep b").points_expired;
    let rest = estate_crm::jobs::run_once(&app.state.pool)
        .await
        .expect("sweep")
        .points_expired;
    assert_eq!(first + rest, 6, "every lot expires exactly once");
    for c in &members {
        let m = membership(&app, c).await;
        assert_eq!(m["points_balance"], 0);
    }
}

#[actix_web::test]
async fn a_withdrawal_takes_back_only_what_is_left_and_states_the_shortfall() {
    let app = spawn_app().await;
    let item = create(
        &app,
        "/api/v1/points-catalogue",
        &json!({"name": "洗衣机", "kind": "appliance", "points_cost": 800}),
    )
    .await;
    let c = member(&app, "13912350021", false, 1_000).await;
    let crm = app.token(Role::CrmHead).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{c}/points/redemptions"),
            &crm,
            &json!({"item_id": item["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let company = company_of(&app, &c);
    with_conn(&app, |conn| {
        hooks::deal_withdrawn(conn, &sale(&company, &c, &format!("{c}-d1"), db::now()))
            .expect("withdrawn")
    });
    let m = membership(&app, &c).await;
    assert_eq!(m["points_balance"], 0, "never negative");
    let (_, ledger) = app
        .get(&format!("/api/v1/customers/{c}/points"), &crm)
        .await;
    let reversal = &ledger["data"][0];
    assert_eq!(reversal["kind"], "reverse");
    assert_eq!(reversal["points"], -200);
    assert_eq!(reversal["reference_type"], "deal");
    assert!(
        reversal["reason"]
            .as_str()
            .is_some_and(|r| r.contains("800 already spent")),
        "{reversal}"
    );
}
