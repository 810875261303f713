//! Who may do what: every referral endpoint refuses the roles it must, the
//! settings follow the house rules, and the KPIs and the timeline show the
//! referrals.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{body, friend_buys, register, rx};
use crate::deals::{act, available_units};
use crate::helpers::{assert_problem, send, spawn_app};
use crate::membership::put_setting;

#[actix_web::test]
async fn roles_without_referral_work_are_refused() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let reg = register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "蒋一",
        "13955559201",
    )
    .await;
    let id = reg["id"].as_str().expect("id");
    // Every role but the head of CRM, the sales manager and the sales rep.
    let workers = [Role::CrmHead, Role::SalesManager, Role::SalesRep];
    for role in Role::ALL.into_iter().filter(|r| !workers.contains(r)) {
        let t = app.token(role).await;
        let (s, b) = app.get("/api/v1/referrals", &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = app
            .post(
                "/api/v1/referrals",
                &t,
                &body(&r.referrer, &r.f.pid, "x", "13955559202"),
            )
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = app
            .get(&format!("/api/v1/customers/{}/relatives", r.referrer), &t)
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let rep = app.token(Role::SalesRep).await;
    let bodies = [
        ("approve", json!({})),
        ("pay", json!({"reference": "x"})),
        ("review", json!({"decision": "cleared", "note": "ok"})),
    ];
    for (what, body) in bodies {
        let (s, b) = app
            .post(&format!("/api/v1/referrals/{id}/{what}"), &rep, &body)
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{what}: {b}");
    }
    let (s, b) = app.get(&format!("/api/v1/referrals/{id}"), &rep).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "referral_not_found");
    let (s, b) = app.get("/api/v1/staff-phones", &rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = app
        .get("/api/v1/reports/referrals", &app.token(Role::Service).await)
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = put_setting(
        &app,
        &r.f.manager,
        "/api/v1/settings/referral-rules",
        Some(0),
        &serde_json::to_value(api_types::ReferralRules::default()).expect("json"),
    )
    .await;
    assert_eq!(s, StatusCode::FORBIDDEN, "{b}");
    let (s, b) = send(app.authed(Method::DELETE, "/api/v1/staff-phones/nope", &r.f.admin)).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "staff_phone_not_found");
}

#[actix_web::test]
async fn referral_rules_are_settings_with_domain_defaults_if_match_and_checks() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let path = "/api/v1/settings/referral-rules";
    let (s, cur) = app.get(path, &app.token(Role::SalesManager).await).await;
    assert_eq!(s, StatusCode::OK, "{cur}");
    let r = &cur["rules"];
    assert_eq!(
        (
            r["no_contact_days"].clone(),
            r["protection_days"].clone(),
            r["friend_discount_bp"].clone(),
            r["shopping_card_fen"].clone(),
            r["property_fees_months"].clone()
        ),
        (json!(90), json!(90), json!(100), json!(500_000), json!(12))
    );
    let mut rules = r.clone();
    rules["protection_days"] = json!(120);
    let (s, b) = put_setting(&app, &head, path, Some(0), &rules).await;
    assert_eq!(
        (s, b["errors"][0]["field"].clone()),
        (StatusCode::UNPROCESSABLE_ENTITY, json!("protection_days")),
        "{b}"
    );
    rules["protection_days"] = json!(60);
    let (s, _) = put_setting(&app, &head, path, None, &rules).await;
    assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);
    let (s, b) = put_setting(&app, &head, path, Some(0), &rules).await;
    assert_eq!((s, b["version"].clone()), (StatusCode::OK, json!(1)), "{b}");
    let (s, _) = put_setting(&app, &head, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::PRECONDITION_FAILED);
}

#[actix_web::test]
async fn the_kpis_count_the_referral_share_conversion_and_cost_and_the_timeline_shows_referrals() {
    let app = spawn_app().await;
    let r = rx(&app).await;
    let reg = register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "沈一",
        "13955559301",
    )
    .await;
    register(
        &app,
        &r.f.head,
        &r.referrer,
        &r.f.pid,
        "沈二",
        "13955559302",
    )
    .await;
    let unit = available_units(&app, &r.f.manager, &r.f.pid, 1).await[0]
        .0
        .clone();
    let deal = friend_buys(
        &app,
        &r.f,
        reg["friend_customer_id"].as_str().expect("friend"),
        &unit,
    )
    .await;
    let (s, b) = act(
        &app,
        &r.f.manager,
        deal["id"].as_str().expect("deal"),
        "sign",
        json!({}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let id = reg["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/referrals/{id}/approve"),
            &r.f.head,
            &json!({"reward": "shopping_card"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let analyst = app.token(Role::DataAnalyst).await;
    let (s, rep) = app
        .get(
            &format!("/api/v1/reports/referrals?project_id={}", r.f.pid),
            &analyst,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{rep}");
    let t = &rep["totals"];
    assert_eq!(
        (
            t["signed_deals"].clone(),
            t["referral_deals"].clone(),
            t["referral_share"].clone()
        ),
        (json!(2), json!(1), json!(0.5))
    );
    assert_eq!(
        (
            t["registrations"].clone(),
            t["valid_registrations"].clone(),
            t["signed_registrations"].clone()
        ),
        (json!(2), json!(2), json!(1))
    );
    assert_eq!(
        (t["conversion_rate"].clone(), t["reward_cost_fen"].clone()),
        (json!(0.5), json!(500_000))
    );
    assert_eq!(
        (rep["meets_target"].clone(), rep["share_target"].clone()),
        (json!(true), json!(0.2))
    );
    assert_eq!(rep["projects"][0]["project_id"], r.f.pid.as_str());

    let (s, tl) = app
        .get(
            &format!("/api/v1/customers/{}/timeline", r.referrer),
            &r.f.head,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{tl}");
    assert!(
        tl["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|e| e["source"] == "referral" && e["kind"] == "approved"),
        "{tl}"
    );
}

#[actix_web::test]
async fn the_demo_owner_has_a_signed_referral_waiting_for_approval_and_a_protected_one() {
    use diesel::prelude::*;
    let app = spawn_app().await;
    let pd = app.state.personal_data.clone();
    let mut conn = app.state.pool.get().expect("conn");
    let company_id: String = estate_crm::schema::companies::table
        .select(estate_crm::schema::companies::id)
        .first(&mut *conn)
        .expect("demo company");
    let n = estate_crm::db::write_tx(&mut conn, |conn| {
        estate_crm::demo::leads::load(conn, &pd, &company_id)?;
        estate_crm::demo::deals::load(conn, &pd, &company_id)?;
        estate_crm::demo::referrals::load(conn, &pd, &company_id)
    })
    .expect("demo");
    drop(conn);
    assert_eq!(n, 2);
    let head = app.token(Role::CrmHead).await;
    let (_, list) = app.get("/api/v1/referrals", &head).await;
    let mut statuses: Vec<&str> = list["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|r| r["status"].as_str())
        .collect();
    statuses.sort_unstable();
    assert_eq!(statuses, ["registered", "reward_pending"]);
}
