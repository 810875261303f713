//! Leads: who works them — claims from the pool, reassignment, integrations.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_problem, second_rep, send, spawn_app, TestApp};
use crate::leads::{capture, lead_body};

#[actix_web::test]
async fn two_claims_of_one_pooled_lead_have_one_winner() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep1 = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let rep2 = second_rep(&app, &admin, &pid).await;
    let mut body = lead_body(&pid, "13900001212", "undated", "unknown");
    body["opt_outs"] = json!({"automated_decisions": true});
    let out = capture(&app, &manager, &body).await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    assert!(out["lead"]["owner_id"].is_null());
    let (_, pool) = app.get("/api/v1/leads?pool=true", &rep1).await;
    assert!(
        pool["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|l| l["id"] == id.as_str()),
        "reps see the pool"
    );
    let path = format!("/api/v1/leads/{id}/claim");
    let (a, b) = futures_util::future::join(
        send(app.authed(Method::POST, &path, &rep1)),
        send(app.authed(Method::POST, &path, &rep2)),
    )
    .await;
    let mut statuses = vec![a.0, b.0];
    statuses.sort();
    assert_eq!(statuses[0], StatusCode::OK, "exactly one claim wins");
    // The loser either lost the race (409) or no longer sees the lead: it left the pool (404).
    assert!(
        matches!(statuses[1], StatusCode::CONFLICT | StatusCode::NOT_FOUND),
        "{statuses:?}"
    );
    let (_, lead) = app.get(&format!("/api/v1/leads/{id}"), &manager).await;
    assert!(lead["owner_id"].is_string());
}

#[actix_web::test]
async fn managers_reassign_only_to_eligible_staff() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900001313", "undated", "unknown"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let (_, users) = app.get("/api/v1/users?role=engineering", &admin).await;
    let engineer = users["data"][0]["id"].as_str().expect("id").to_string();
    let (s, b) = app
        .post(
            &format!("/api/v1/leads/{id}/assign"),
            &manager,
            &json!({"owner_id": engineer}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (_, me) = app.get("/api/v1/me", &manager).await;
    let (s, lead) = app
        .post(
            &format!("/api/v1/leads/{id}/assign"),
            &manager,
            &json!({"owner_id": me["id"], "reason": "重点客户"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{lead}");
    assert_eq!(lead["owner_id"], me["id"]);
    let rep = app.token(Role::SalesRep).await;
    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{id}/assign"),
            &rep,
            &json!({"owner_id": me["id"]}),
        )
        .await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}

pub async fn api_key(app: &TestApp, admin: &str, scopes: &[&str]) -> String {
    let (s, created) = app
        .post(
            "/api/v1/api-keys",
            admin,
            &json!({"name": "官网表单", "scopes": scopes}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{created}");
    created["secret"].as_str().expect("secret").to_string()
}

#[actix_web::test]
async fn an_integration_captures_with_its_key_and_a_retry_creates_nothing_twice() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let key = api_key(&app, &admin, &["leads:write"]).await;
    let mut body = lead_body(&pid, "13922220001", "within_3_months", "can_pay");
    body["source"] = json!("official_site");
    let post = || {
        app.req(Method::POST, "/api/v1/leads")
            .header("X-API-Key", key.as_str())
            .header("Idempotency-Key", "form-4711")
            .json(&body)
    };
    let (s1, first) = send(post()).await;
    assert_eq!(s1, StatusCode::CREATED, "{first}");
    assert_eq!(first["lead"]["created_via"], "integration");
    let (s2, second) = send(post()).await;
    assert_eq!(s2, StatusCode::CREATED);
    assert_eq!(first, second, "the retry replays the first response");
    let head = app.token(Role::CrmHead).await;
    let (_, list) = app.get("/api/v1/leads", &head).await;
    assert_eq!(
        list["data"].as_array().map(Vec::len),
        Some(1),
        "created once"
    );
    let (_, events) = app
        .get(
            &format!(
                "/api/v1/leads/{}/events",
                first["lead"]["id"].as_str().expect("id")
            ),
            &head,
        )
        .await;
    assert_eq!(events["data"][0]["actor_kind"], "integration");

    let read_only = api_key(&app, &admin, &["leads:read"]).await;
    let (s, b) = send(
        app.req(Method::POST, "/api/v1/leads")
            .header("X-API-Key", read_only.as_str())
            .json(&body),
    )
    .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let (s, _) = send(
        app.req(Method::POST, "/api/v1/leads")
            .header("X-API-Key", "ek_bogus_key")
            .json(&body),
    )
    .await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_lead_claimed_back_from_the_pool_gets_a_fresh_deadline() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13933330001", "undated", "unknown"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    assert!(out["lead"]["owner_id"].is_string());
    // Nobody calls for ten days: warned, breached, escalated, then back to the pool.
    let later = estate_crm::db::now() + chrono::Duration::days(10);
    for _ in 0..3 {
        estate_crm::jobs::run_once_at(&app.state.pool, later)
            .await
            .expect("sweep");
    }
    let (_, pooled) = app.get(&format!("/api/v1/leads/{id}"), &manager).await;
    assert!(pooled["owner_id"].is_null(), "{pooled}");
    assert_eq!(pooled["sla_state"], "breached");
    let (s, claimed) =
        send(app.authed(Method::POST, &format!("/api/v1/leads/{id}/claim"), &rep)).await;
    assert_eq!(s, StatusCode::OK, "{claimed}");
    assert_eq!(claimed["sla_state"], "on_time");
    let due = chrono::DateTime::parse_from_rfc3339(claimed["next_due_at"].as_str().expect("due"))
        .expect("rfc3339");
    assert!(due.with_timezone(&chrono::Utc) > chrono::Utc::now());
}

#[actix_web::test]
async fn a_per_project_assignment_setting_decides_who_takes_the_grade() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&head).await[0].clone();
    let (s, current) = app.get("/api/v1/settings/lead-assignment", &head).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(current["version"], 0);
    assert_eq!(current["assignment"]["default"]["a"], "sales_manager");
    let put = |body: serde_json::Value, token: String| {
        app.authed(Method::PUT, "/api/v1/settings/lead-assignment", &token)
            .header("If-Match", "\"0\"")
            .json(&body)
    };
    let bad = json!({"projects": {pid.clone(): {"a": "engineering", "b": "sales_rep", "c": "customer_specialist"}}});
    let (s, b) = send(put(bad, head.clone())).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, b) = send(put(
        json!({"projects": {"nope": {"a": "sales_rep", "b": "sales_rep", "c": "sales_rep"}}}),
        head.clone(),
    ))
    .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let good = json!({"projects": {pid.clone(): {"a": "sales_rep", "b": "sales_rep", "c": "customer_specialist"}}});
    let (s, _) = send(put(good.clone(), manager.clone())).await;
    assert_eq!(s, StatusCode::FORBIDDEN, "only the head of CRM changes it");
    let (s, stored) = send(put(good, head.clone())).await;
    assert_eq!(s, StatusCode::OK, "{stored}");
    assert_eq!(stored["version"], 1);
    // An A lead in that project now goes to the sales rep.
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13944440001", "within_3_months", "can_pay"),
    )
    .await;
    assert_eq!(out["lead"]["grade"], "A");
    let (_, rep) = app
        .get("/api/v1/me", &app.token(Role::SalesRep).await)
        .await;
    assert_eq!(out["lead"]["owner_id"], rep["id"]);
}

#[actix_web::test]
async fn a_rep_works_a_pool_lead_and_reads_its_phone_only_once_they_have_claimed_it() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let mut body = lead_body(&pid, "13900003434", "undated", "unknown");
    body["opt_outs"] = json!({"automated_decisions": true});
    let out = capture(&app, &manager, &body).await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let lead = format!("/api/v1/leads/{id}");
    let (s, pooled) = app.get(&lead, &rep).await;
    assert_eq!(s, StatusCode::OK, "reps see the pool: {pooled}");
    assert!(pooled["owner_id"].is_null());

    let (s, b) = app.get(&format!("{lead}/contact"), &rep).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "claim_first");
    let changes = [
        (
            "follow-ups",
            json!({"channel": "call", "outcome": "未接通"}),
        ),
        ("grade", json!({"grade": "B", "reason": "自评"})),
        ("lose", json!({"reason": "price_objection"})),
    ];
    for (action, body) in &changes {
        let (s, b) = app.post(&format!("{lead}/{action}"), &rep, body).await;
        assert_problem(s, &b, StatusCode::CONFLICT, "claim_first");
    }
    let (s, b) = send(
        app.authed(Method::PATCH, &lead, &rep)
            .header("If-Match", format!("\"{}\"", pooled["version"]))
            .json(&json!({"notes": "我的"})),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "claim_first");
    let (_, kept) = app.get(&lead, &manager).await;
    assert_eq!(
        kept["version"], pooled["version"],
        "nothing changed: {kept}"
    );

    let (s, claimed) = send(app.authed(Method::POST, &format!("{lead}/claim"), &rep)).await;
    assert_eq!(s, StatusCode::OK, "{claimed}");
    let (s, contact) = app.get(&format!("{lead}/contact"), &rep).await;
    assert_eq!(s, StatusCode::OK, "{contact}");
    assert_eq!(contact["phone"], "13900003434");
    let (s, fu) = app
        .post(&format!("{lead}/follow-ups"), &rep, &changes[0].1)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fu}");
}

#[actix_web::test]
async fn a_customer_specialist_claims_a_grade_c_pool_lead_before_working_it() {
    use diesel::prelude::*;
    use estate_crm::schema::leads;
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let csr = app.token(Role::CustomerSpecialist).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900003535", "no_plan", "unknown"),
    )
    .await;
    assert_eq!(out["lead"]["grade"], "C", "{out}");
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    {
        // Back in the pool, as after an ignored clock.
        let mut conn = app.state.pool.get().expect("conn");
        diesel::update(leads::table.find(&id))
            .set(leads::owner_id.eq(None::<String>))
            .execute(&mut *conn)
            .expect("pooled");
    }
    let lead = format!("/api/v1/leads/{id}");
    let follow_up = json!({"channel": "wechat", "outcome": "发了楼书"});
    let (s, b) = app
        .post(&format!("{lead}/follow-ups"), &csr, &follow_up)
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "claim_first");
    let (s, b) = app.get(&format!("{lead}/contact"), &csr).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "claim_first");
    let (s, claimed) = send(app.authed(Method::POST, &format!("{lead}/claim"), &csr)).await;
    assert_eq!(s, StatusCode::OK, "{claimed}");
    let (s, fu) = app
        .post(&format!("{lead}/follow-ups"), &csr, &follow_up)
        .await;
    assert_eq!(s, StatusCode::CREATED, "{fu}");
}

#[actix_web::test]
async fn a_rep_reads_by_name_who_moved_and_worked_their_lead() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let (_, boss) = app.get("/api/v1/me", &manager).await;
    let (_, me) = app.get("/api/v1/me", &rep).await;
    let out = capture(
        &app,
        &manager,
        &lead_body(&pid, "13900001414", "undated", "unknown"),
    )
    .await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{id}/assign"),
            &manager,
            &json!({"owner_id": me["id"], "reason": "熟悉该片区"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let (s, _) = app
        .post(
            &format!("/api/v1/leads/{id}/follow-ups"),
            &manager,
            &json!({"channel": "call", "outcome": "约了周六", "next_step": ""}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);

    // The rep has no staff directory, yet the timeline names the people in it.
    let (s, _) = app.get("/api/v1/lead-staff", &rep).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
    let (s, events) = app.get(&format!("/api/v1/leads/{id}/events"), &rep).await;
    assert_eq!(s, StatusCode::OK, "{events}");
    let moved = events["data"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["kind"] == "reassigned"))
        .expect("a reassigned event");
    let boss_id = boss["id"].as_str().expect("id");
    let my_id = me["id"].as_str().expect("id");
    assert_eq!(moved["actor_id"], boss["id"]);
    assert_eq!(moved["names"][boss_id], boss["display_name"]);
    assert_eq!(moved["names"][my_id], me["display_name"], "the new owner");
    let captured = &events["data"][0];
    assert_eq!(captured["kind"], "captured");
    assert_eq!(captured["names"][boss_id], boss["display_name"]);
    let (_, follow_ups) = app
        .get(&format!("/api/v1/leads/{id}/follow-ups"), &rep)
        .await;
    assert_eq!(follow_ups["data"][0]["actor_id"], boss["id"]);
    assert_eq!(follow_ups["data"][0]["actor_name"], boss["display_name"]);
    // The customer's timeline names them too.
    let customer = out["lead"]["customer_id"].as_str().expect("customer");
    let (s, timeline) = app
        .get(&format!("/api/v1/customers/{customer}/timeline"), &rep)
        .await;
    assert_eq!(s, StatusCode::OK, "{timeline}");
    let moved = timeline["data"]
        .as_array()
        .and_then(|es| es.iter().find(|e| e["kind"] == "reassigned"))
        .expect("the reassignment on the customer's timeline");
    assert_eq!(moved["names"][my_id], me["display_name"]);
    assert_eq!(moved["names"][boss_id], boss["display_name"]);
}
