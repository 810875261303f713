//! Membership benefits with quotas per period (also under concurrent
//! requests) and the catalogues kept by the head of CRM.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::{assert_problem, spawn_app};
use crate::membership::membership;
use crate::membership_points::{create, member};

#[actix_web::test]
async fn a_benefit_is_redeemed_within_the_tier_and_its_quota_per_period() {
    let app = spawn_app().await;
    let housekeeping = create(
        &app,
        "/api/v1/membership-benefits",
        &json!({"name": "年度家政服务", "kind": "service", "min_tier": "silver", "quota": 1, "quota_period": "year"}),
    )
    .await;
    let bid = housekeeping["id"].as_str().expect("id");
    let ordinary = member(&app, "13912350001", false, 0).await;
    let silver = member(&app, "13912350002", true, 0).await;
    let manager = app.token(Role::SalesManager).await;
    let path = |c: &str| format!("/api/v1/customers/{c}/benefit-redemptions");
    let (s, b) = app
        .post(&path(&ordinary), &manager, &json!({"benefit_id": bid}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "tier_not_eligible");
    let (s, b) = app
        .post(
            &path(&silver),
            &manager,
            &json!({"benefit_id": bid, "note": "12月5日上门"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    assert_eq!(b["tier"], "silver");
    assert_eq!(
        b["period"].as_str().map(str::len),
        Some(4),
        "a calendar year"
    );
    let (s, again) = app
        .post(&path(&silver), &manager, &json!({"benefit_id": bid}))
        .await;
    assert_problem(s, &again, StatusCode::CONFLICT, "benefit_quota_exhausted");
    let (s, read) = app
        .get(
            &format!("{}/{}", path(&silver), b["id"].as_str().expect("id")),
            &manager,
        )
        .await;
    assert_eq!((s, read["id"].clone()), (StatusCode::OK, b["id"].clone()));
    let m = membership(&app, &silver).await;
    let status = &m["benefits"][0];
    assert_eq!(
        (status["eligible"].clone(), status["used"].clone()),
        (json!(true), json!(1))
    );
    assert_eq!(status["remaining"], 0);
    let m = membership(&app, &ordinary).await;
    assert_eq!(m["benefits"][0]["eligible"], false);
    // Deactivated: refused, and gone from the customer's list.
    let crm = app.token(Role::CrmHead).await;
    let (s, off) = app
        .patch(
            &format!("/api/v1/membership-benefits/{bid}"),
            &crm,
            1,
            &json!({"active": false}),
        )
        .await;
    assert_eq!(
        (s, off["active"].clone(), off["version"].clone()),
        (StatusCode::OK, json!(false), json!(2))
    );
    let (s, b) = app
        .post(&path(&silver), &manager, &json!({"benefit_id": bid}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "benefit_inactive");
    assert_eq!(membership(&app, &silver).await["benefits"], json!([]));
    let (s, b) = app
        .post(&path(&silver), &manager, &json!({"benefit_id": "nope"}))
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "benefit_not_found");
}

#[actix_web::test]
async fn concurrent_benefit_redemptions_never_exceed_the_quota() {
    let app = spawn_app().await;
    let b = create(
        &app,
        "/api/v1/membership-benefits",
        &json!({"name": "车位折扣", "kind": "discount", "min_tier": "ordinary", "quota": 3, "quota_period": "month"}),
    )
    .await;
    let bid = b["id"].as_str().expect("id").to_string();
    let c = member(&app, "13912350003", false, 0).await;
    let token = app.token(Role::CrmHead).await;
    let path = format!("/api/v1/customers/{c}/benefit-redemptions");
    let body = json!({"benefit_id": bid});
    let calls = (0..20).map(|_| app.post(&path, &token, &body));
    let results = futures_util::future::join_all(calls).await;
    let ok = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    assert_eq!(ok, 3, "exactly the quota");
    for (s, b) in results.iter().filter(|(s, _)| *s != StatusCode::CREATED) {
        assert_problem(*s, b, StatusCode::CONFLICT, "benefit_quota_exhausted");
    }
}

#[actix_web::test]
async fn catalogues_are_kept_by_the_head_of_crm_and_read_by_redeemers() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    for (path, body) in [
        (
            "/api/v1/membership-benefits",
            json!({"name": "优先选房", "kind": "priority", "min_tier": "gold"}),
        ),
        (
            "/api/v1/points-catalogue",
            json!({"name": "物业费抵扣 ¥500", "kind": "property_fee_credit", "points_cost": 5000, "value_fen": 50000}),
        ),
    ] {
        let res = app
            .authed(reqwest::Method::POST, path, &crm)
            .json(&body)
            .send()
            .await
            .expect("post");
        assert_eq!(res.status(), StatusCode::CREATED);
        let location = res
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .expect("location")
            .to_string();
        assert_eq!(
            res.headers().get("etag").and_then(|v| v.to_str().ok()),
            Some("\"1\"")
        );
        let created: Value = res.json().await.expect("json");
        assert!(location.ends_with(created["id"].as_str().expect("id")));
        let (s, b) = app.post(path, &crm, &body).await;
        assert_eq!(s, StatusCode::CONFLICT, "{b}");
        let rep = app.token(Role::SalesRep).await;
        let (s, list) = app.get(path, &rep).await;
        assert_eq!(
            (s, list["data"].as_array().map(Vec::len)),
            (StatusCode::OK, Some(1))
        );
        let (s, b) = app.post(path, &rep, &body).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, _) = app.get(path, &app.token(Role::DataAnalyst).await).await;
        assert_eq!(s, StatusCode::FORBIDDEN);
        let item = format!("{path}/{}", created["id"].as_str().expect("id"));
        let (s, b) = app.patch(&item, &crm, 1, &json!({"name": "改名"})).await;
        assert_eq!((s, b["version"].clone()), (StatusCode::OK, json!(2)));
        let (s, b) = app.patch(&item, &crm, 1, &json!({"name": "再改"})).await;
        assert_problem(
            s,
            &b,
            StatusCode::PRECONDITION_FAILED,
            "precondition_failed",
        );
        let (s, b) = app.patch(&item, &rep, 2, &json!({"name": "再改"})).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = app.get(&format!("{path}/nope"), &crm).await;
        assert_eq!(s, StatusCode::NOT_FOUND, "{b}");
    }
    let (s, b) = app
        .post(
            "/api/v1/points-catalogue",
            &crm,
            &json!({"name": "x", "kind": "other", "points_cost": 0}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "points_cost");
    let (s, b) = app
        .post(
            "/api/v1/membership-benefits",
            &crm,
            &json!({"name": "x", "kind": "spa", "min_tier": "gold"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    // Stock can be set to unlimited with null.
    let (_, list) = app.get("/api/v1/points-catalogue", &crm).await;
    let id = list["data"][0]["id"].as_str().expect("id");
    let (s, b) = app
        .patch(
            &format!("/api/v1/points-catalogue/{id}"),
            &crm,
            2,
            &json!({"stock": 3}),
        )
        .await;
    assert_eq!((s, b["stock"].clone()), (StatusCode::OK, json!(3)));
    let (s, b) = app
        .patch(
            &format!("/api/v1/points-catalogue/{id}"),
            &crm,
            3,
            &json!({"stock": null}),
        )
        .await;
    assert_eq!((s, b["stock"].clone()), (StatusCode::OK, Value::Null));
}
