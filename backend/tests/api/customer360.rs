//! Customer 360: profile, value tier (rules, override, rules setting), one
//! timeline, the list with search, and who may see which customer.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::deals::{act, available_units, buyer, fx, subscribed};
use crate::helpers::{assert_problem, send, spawn_app, TestApp};

async fn put_tier(
    app: &TestApp,
    token: &str,
    customer: &str,
    version: i64,
    body: Value,
) -> (StatusCode, Value) {
    send(
        app.authed(
            Method::PUT,
            &format!("/api/v1/customers/{customer}/value-tier"),
            token,
        )
        .header("If-Match", format!("\"{version}\""))
        .json(&body),
    )
    .await
}

#[actix_web::test]
async fn the_profile_shows_the_person_their_history_deals_and_a_tier_with_its_rule() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (customer, lead) = buyer(&app, &f.manager, &f.pid, "13912390001").await;
    let (_, p) = app
        .get(&format!("/api/v1/customers/{customer}/profile"), &f.manager)
        .await;
    assert_eq!(p["value"]["tier"], "key", "{p}");
    assert_eq!(
        p["value"]["rule"],
        "customer_value.key.lead_grade_at_least=A (best_lead_grade=A)"
    );
    assert_eq!(p["phone_masked"], "139****0001");
    assert_eq!(p["budget_fen"], 450_000_000i64);
    assert_eq!(p["preferred_layouts"], json!(["3室2厅1卫"]));
    assert_eq!(p["sources"][0]["source"], "walk_in");

    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{lead}/follow-ups"),
            &f.manager,
            &json!({"channel": "call", "outcome": "约看房"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let units = available_units(&app, &f.manager, &f.pid, 2).await;
    let d1 = subscribed(&app, &f.manager, &units[0].0, &customer).await;
    act(
        &app,
        &f.manager,
        d1["id"].as_str().expect("id"),
        "sign",
        json!({}),
    )
    .await;
    subscribed(&app, &f.manager, &units[1].0, &customer).await;
    let (s, p) = app
        .get(&format!("/api/v1/customers/{customer}/profile"), &f.manager)
        .await;
    assert_eq!(s, StatusCode::OK, "{p}");
    assert_eq!(p["value"]["tier"], "vip");
    assert_eq!(p["value"]["decided_by"], "rules");
    assert_eq!(
        p["value"]["rule"],
        "customer_value.vip.min_units=2 (units_bought=2)"
    );
    assert_eq!(p["value"]["units_bought"], 2);
    assert_eq!(p["value"]["signed_amount_fen"], d1["net_price_fen"]);
    assert_eq!(
        (
            p["history"]["leads"].as_i64(),
            p["history"]["follow_ups"].as_i64(),
            p["history"]["deals"].as_i64()
        ),
        (Some(1), Some(1), Some(2))
    );
    assert_eq!(p["deals"].as_array().map(Vec::len), Some(2));
    assert!(
        !p.to_string().contains("13912390001"),
        "the phone stays masked"
    );

    // One timeline, newest first, over leads, follow-ups and deals; pages join up.
    let (_, all) = app
        .get(
            &format!("/api/v1/customers/{customer}/timeline?limit=200"),
            &f.manager,
        )
        .await;
    let all = all["data"].as_array().expect("data").clone();
    let sources: Vec<&str> = all.iter().filter_map(|e| e["source"].as_str()).collect();
    for s in ["lead_event", "follow_up", "deal_event", "membership_tier"] {
        assert!(sources.contains(&s), "{s} in {sources:?}");
    }
    // The newest deal event is the latest subscription (membership's tier
    // change, recorded right after it, may come first).
    let newest_deal = all
        .iter()
        .find(|e| e["source"] == "deal_event")
        .expect("a deal event");
    assert_eq!(newest_deal["kind"], "subscribed");
    let times: Vec<&str> = all.iter().filter_map(|e| e["at"].as_str()).collect();
    assert!(
        times.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {times:?}"
    );
    let mut paged = Vec::new();
    let mut cursor = String::new();
    loop {
        let (s, page) = app
            .get(
                &format!("/api/v1/customers/{customer}/timeline?limit=2&cursor={cursor}"),
                &f.manager,
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{page}");
        paged.extend(
            page["data"]
                .as_array()
                .expect("data")
                .iter()
                .map(|e| e["id"].clone()),
        );
        match page["next_cursor"].as_str() {
            Some(c) => cursor = c.to_string(),
            None => break,
        }
    }
    let ids: Vec<Value> = all.iter().map(|e| e["id"].clone()).collect();
    assert_eq!(paged, ids);
    let (s, b) = app
        .get(
            &format!("/api/v1/customers/{customer}/timeline?cursor=bogus"),
            &f.manager,
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[actix_web::test]
async fn a_manual_tier_records_who_and_why_and_can_be_returned_to_the_rules() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912390011").await;
    let (s, v) = app
        .get(
            &format!("/api/v1/customers/{customer}/value-tier"),
            &f.manager,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let version = v["version"].as_i64().expect("version");
    let (s, b) = put_tier(
        &app,
        &f.rep,
        &customer,
        version,
        json!({"tier": "vip", "reason": "大客户"}),
    )
    .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = put_tier(
        &app,
        &f.manager,
        &customer,
        version + 7,
        json!({"tier": "vip", "reason": "大客户"}),
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let (s, v) = put_tier(
        &app,
        &f.manager,
        &customer,
        version,
        json!({"tier": "vip", "reason": "集团采购负责人"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    let (_, me) = app.get("/api/v1/me", &f.manager).await;
    assert_eq!(
        (
            v["tier"].as_str(),
            v["decided_by"].as_str(),
            v["computed_tier"].as_str()
        ),
        (Some("vip"), Some("manual"), Some("key"))
    );
    assert_eq!(v["override"]["by"], me["id"]);
    assert_eq!(v["override"]["reason"], "集团采购负责人");
    let (_, vips) = app.get("/api/v1/customers?value_tier=vip", &f.head).await;
    assert!(vips["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|c| c["id"] == customer.as_str() && c["value_tier"] == "vip"));
    let (_, audit) = app
        .get(
            &format!(
                "/api/v1/audit-events?action=customer.value_tier_override&entity_id={customer}"
            ),
            &f.admin,
        )
        .await;
    assert_eq!(audit["data"].as_array().map(Vec::len), Some(1));

    let (s, v) = put_tier(
        &app,
        &f.head,
        &customer,
        v["version"].as_i64().expect("v"),
        json!({"tier": null, "reason": "恢复规则"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{v}");
    assert_eq!(
        (v["tier"].as_str(), v["decided_by"].as_str()),
        (Some("key"), Some("rules"))
    );
    assert!(v["override"].is_null());
}

#[actix_web::test]
async fn changing_the_tier_rules_re_tiers_every_customer() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912390021").await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    subscribed(&app, &f.manager, &unit, &customer).await;
    let (s, r) = app.get("/api/v1/settings/customer-value", &f.manager).await;
    assert_eq!((s, r["version"].as_i64()), (StatusCode::OK, Some(0)));
    assert_eq!(r["rules"]["vip"]["min_units"], 2);
    let rules =
        json!({"vip": {"min_units": 1}, "key": {}, "ordinary": {"lead_grade_at_least": "B"}});
    let put = |t: &str| {
        send(
            app.authed(Method::PUT, "/api/v1/settings/customer-value", t)
                .header("If-Match", "\"0\"")
                .json(&rules),
        )
    };
    let (s, b) = put(&f.manager).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, b) = put(&f.head).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, v) = app
        .get(
            &format!("/api/v1/customers/{customer}/value-tier"),
            &f.manager,
        )
        .await;
    assert_eq!(v["tier"], "vip");
    assert_eq!(v["rule"], "customer_value.vip.min_units=1 (units_bought=1)");
    let (s, _) = app
        .get(
            "/api/v1/settings/customer-value",
            &app.token(Role::Service).await,
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let bad = json!({"vip": {"min_units": 0}, "key": {}, "ordinary": {}});
    let (s, b) = send(
        app.authed(Method::PUT, "/api/v1/settings/customer-value", &f.head)
            .header("If-Match", "\"1\"")
            .json(&bad),
    )
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
}

#[actix_web::test]
async fn the_list_finds_customers_by_phone_or_name_within_what_the_caller_may_see() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (a, _) = buyer(&app, &f.manager, &f.pid, "13912390031").await;
    let (b, _) = buyer(&app, &f.manager, &f.pid, "13912390032").await;
    let (s, found) = app
        .get("/api/v1/customers?q=%2B86%20139-1239-0031", &f.manager)
        .await;
    assert_eq!(s, StatusCode::OK, "{found}");
    let ids: Vec<&str> = found["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|c| c["id"].as_str())
        .collect();
    assert_eq!(ids, [a.as_str()]);
    assert_eq!(found["data"][0]["phone_masked"], "139****0031");
    let (_, by_name) = app
        .get("/api/v1/customers?q=%E7%8E%8B&limit=1", &f.manager)
        .await;
    assert_eq!(by_name["data"][0]["id"], b.as_str(), "newest first");
    let cursor = by_name["next_cursor"].as_str().expect("more").to_string();
    let (_, next) = app
        .get(
            &format!("/api/v1/customers?q=%E7%8E%8B&limit=1&cursor={cursor}"),
            &f.manager,
        )
        .await;
    assert_eq!(next["data"][0]["id"], a.as_str());
    let pids = app.project_ids(&f.admin).await;
    let (_, other_project) = app
        .get(
            &format!("/api/v1/customers?project_id={}", pids[1]),
            &f.manager,
        )
        .await;
    assert!(!other_project["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|c| c["id"] == a.as_str()));
    let (_, key) = app
        .get("/api/v1/customers?value_tier=key", &f.manager)
        .await;
    assert_eq!(key["data"].as_array().map(Vec::len), Some(2));
    // The rep has neither: both A leads belong to the sales manager.
    let (_, rep_list) = app.get("/api/v1/customers", &f.rep).await;
    assert_eq!(rep_list["data"].as_array().map(Vec::len), Some(0));
    let (s, b) = app
        .get(&format!("/api/v1/customers/{a}/profile"), &f.rep)
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    for role in [
        Role::Admin,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
    ] {
        let t = app.token(role).await;
        for path in [
            "/api/v1/customers".to_string(),
            format!("/api/v1/customers/{a}/profile"),
            format!("/api/v1/customers/{a}/timeline"),
            format!("/api/v1/customers/{a}/value-tier"),
        ] {
            let (s, _) = app.get(&path, &t).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} {path}");
        }
    }
}

#[actix_web::test]
async fn merging_a_buyer_moves_their_deals_and_tier_to_the_survivor() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (keep, _) = buyer(&app, &f.manager, &f.pid, "13912390041").await;
    let (dup, _) = buyer(&app, &f.manager, &f.pid, "13912390042").await;
    let units = available_units(&app, &f.manager, &f.pid, 2).await;
    subscribed(&app, &f.manager, &units[0].0, &keep).await;
    let deal = subscribed(&app, &f.manager, &units[1].0, &dup).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &f.manager,
            &json!({"from_customer_id": dup, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (_, p) = app
        .get(&format!("/api/v1/customers/{keep}/profile"), &f.manager)
        .await;
    assert_eq!(p["deals"].as_array().map(Vec::len), Some(2));
    assert_eq!(p["value"]["tier"], "vip", "{p}");
    let (_, d) = app
        .get(
            &format!("/api/v1/deals/{}", deal["id"].as_str().unwrap_or("")),
            &f.manager,
        )
        .await;
    assert_eq!(d["customer_id"], keep.as_str());
    let (_, t) = app
        .get(&format!("/api/v1/customers/{keep}/timeline"), &f.manager)
        .await;
    let deal_events = t["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter(|e| e["source"] == "deal_event")
        .count();
    assert_eq!(deal_events, 2);
}
