//! Who may record and read deals: refused roles, a sales rep's own customers
//! only, a sales manager's own projects only, a customer specialist reads
//! the deals of their follow-up tasks and nothing more.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{act, available_units, buyer, fx, rep_buyer, subscribe, subscribed};
use crate::helpers::{assert_problem, second_rep, second_user, spawn_app};

#[actix_web::test]
async fn roles_without_deal_work_are_refused() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912370001").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    let id = deal["id"].as_str().expect("id");
    for role in [
        Role::Admin,
        Role::CustomerSpecialist,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
    ] {
        let t = app.token(role).await;
        let (s, b) = subscribe(&app, &t, &unit, &customer, json!({})).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        assert_eq!(
            app.get("/api/v1/deals", &t).await.0,
            StatusCode::FORBIDDEN,
            "{role:?}"
        );
        if role != Role::CustomerSpecialist {
            assert_eq!(
                app.get(&format!("/api/v1/deals/{id}"), &t).await.0,
                StatusCode::FORBIDDEN,
                "{role:?}"
            );
        }
        for action in ["sign", "pay", "withdraw"] {
            let (s, _) = act(&app, &t, id, action, json!({"reason": "不可以"})).await;
            assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} {action}");
        }
        let (s, _) = act(
            &app,
            &t,
            id,
            "discounts",
            json!({"label": "x", "reason": "不可以", "amount_fen": 1}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
        let (s, _) = act(
            &app,
            &t,
            id,
            "change-unit",
            json!({"unit_id": unit, "reason": "不可以"}),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?}");
    }
    let (s, _) = app
        .req(reqwest::Method::GET, "/api/v1/deals")
        .send()
        .await
        .map(|r| (r.status(), ()))
        .expect("req");
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_sales_rep_works_only_their_own_customers_and_deals() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let rep2 = second_rep(&app, &f.admin, &f.pid).await;
    let units = available_units(&app, &f.manager, &f.pid, 3).await;
    let (customer, _, owner) = rep_buyer(&app, &f.manager, &f.pid, "13912370011").await;
    let (_, me) = app.get("/api/v1/me", &f.rep).await;
    let (mine, theirs) = if me["id"] == owner.as_str() {
        (&f.rep, &rep2)
    } else {
        (&rep2, &f.rep)
    };

    // The other rep cannot subscribe, read or act on this customer's deal.
    let (s, b) = subscribe(&app, theirs, &units[0].0, &customer, json!({})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    let deal = subscribed(&app, mine, &units[0].0, &customer).await;
    let id = deal["id"].as_str().expect("id");
    assert_eq!(deal["owner_id"], owner.as_str());
    let (s, b) = app.get(&format!("/api/v1/deals/{id}"), theirs).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_not_found");
    let (_, list) = app.get("/api/v1/deals", theirs).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0));
    for action in ["sign", "withdraw"] {
        let (s, b) = act(&app, theirs, id, action, json!({"reason": "不是我的"})).await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_not_found");
    }
    for path in ["profile", "timeline", "value-tier"] {
        let (s, b) = app
            .get(&format!("/api/v1/customers/{customer}/{path}"), theirs)
            .await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
    }
    let (_, customers) = app.get("/api/v1/customers", theirs).await;
    assert!(!customers["data"]
        .as_array()
        .expect("data")
        .iter()
        .any(|c| c["id"] == customer.as_str()));

    // The owner works it; a customer in the pool or of a manager is not "theirs".
    let (s, _) = act(&app, mine, id, "sign", json!({})).await;
    assert_eq!(s, StatusCode::OK);
    let (_, list) = app.get("/api/v1/deals", mine).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    let (managers_customer, _) = buyer(&app, &f.manager, &f.pid, "13912370012").await;
    let (s, b) = subscribe(&app, mine, &units[1].0, &managers_customer, json!({})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "customer_not_found");
}

#[actix_web::test]
async fn a_sales_manager_sees_only_deals_of_their_projects() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let pids = app.project_ids(&f.admin).await;
    let other = second_user(
        &app,
        &f.admin,
        &pids[1],
        "sales_manager",
        "mgr2@demo.example",
    )
    .await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912370021").await;
    let deal = subscribed(&app, &f.head, &unit, &customer).await;
    let id = deal["id"].as_str().expect("id");
    let (s, b) = app.get(&format!("/api/v1/deals/{id}"), &other).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_not_found");
    let (s, b) = act(&app, &other, id, "sign", json!({})).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_not_found");
    assert_eq!(
        app.get(&format!("/api/v1/deals/{id}"), &f.manager).await.0,
        StatusCode::OK
    );
}

#[actix_web::test]
async fn a_customer_specialist_reads_the_deals_of_their_tasks_and_no_other() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let specialist = app.token(Role::CustomerSpecialist).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912370101").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    let id = deal["id"].as_str().expect("id");
    let (_, tasks) = app.get("/api/v1/deal-tasks?mine=true", &specialist).await;
    let task = tasks["data"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["deal_id"] == id)
        .unwrap_or_else(|| panic!("the contact task is the specialist's: {tasks}"));
    assert_eq!(task["customer_name"], "王先生", "the task names its buyer");
    let (s, read) = app.get(&format!("/api/v1/deals/{id}"), &specialist).await;
    assert_eq!(s, StatusCode::OK, "{read}");
    assert_eq!(read["customer_id"], customer.as_str());

    // Another specialist, with no task of this deal: 404, as for a deal that does not exist.
    let other = second_user(
        &app,
        &f.admin,
        &f.pid,
        "customer_specialist",
        "csr2@demo.example",
    )
    .await;
    let (s, b) = app.get(&format!("/api/v1/deals/{id}"), &other).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "deal_not_found");
    // Reading is all: the list and every action stay refused.
    assert_eq!(
        app.get("/api/v1/deals", &specialist).await.0,
        StatusCode::FORBIDDEN
    );
    let (s, _) = act(&app, &specialist, id, "sign", json!({})).await;
    assert_eq!(s, StatusCode::FORBIDDEN);
}
