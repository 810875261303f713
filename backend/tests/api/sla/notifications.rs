//! The notification list of each user, and the lead-SLA setting.

use api_types::{LeadSla, Role};
use chrono::Duration;
use diesel::prelude::*;
use estate_crm::leads::sla as lead_sla;
use estate_crm::schema::users;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{insert_lead, user_id};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn staff_read_and_mark_only_their_own_notifications() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let manager = user_id(&app, Role::SalesManager);
    let (mine, theirs) = {
        let mut conn = app.state.pool.get().expect("conn");
        let company: String = users::table
            .find(&rep)
            .select(users::company_id)
            .first(&mut *conn)
            .expect("company");
        let mut mine = Vec::new();
        for i in 0..3 {
            let id = estate_crm::notifications::notify(
                &mut conn,
                &company,
                &rep,
                "sla_due_soon",
                &estate_crm::notifications::Message {
                    title: format!("n{i}"),
                    ..Default::default()
                },
                Some(("lead", "x")),
            )
            .expect("notify");
            mine.push(id);
        }
        let theirs = estate_crm::notifications::notify(
            &mut conn,
            &company,
            &manager,
            "sla_escalated",
            &estate_crm::notifications::Message {
                title: "m".into(),
                ..Default::default()
            },
            None,
        )
        .expect("notify");
        (mine, theirs)
    };
    let token = app.token(Role::SalesRep).await;

    let (status, body) = app.get("/api/v1/notifications?limit=2", &token).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let page: Vec<&str> = body["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|n| n["id"].as_str().expect("id"))
        .collect();
    assert_eq!(page, [mine[2].as_str(), mine[1].as_str()], "newest first");
    let cursor = body["next_cursor"].as_str().expect("more");
    let (_, body) = app
        .get(
            &format!("/api/v1/notifications?limit=2&cursor={cursor}"),
            &token,
        )
        .await;
    assert_eq!(body["data"][0]["id"], mine[0].as_str());
    assert!(body["next_cursor"].is_null());

    let (status, body) = app
        .post(
            &format!("/api/v1/notifications/{}/read", mine[1]),
            &token,
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body["read_at"].is_string());
    let (_, body) = app.get("/api/v1/notifications?unread=true", &token).await;
    assert_eq!(body["data"].as_array().expect("data").len(), 2);

    let (status, body) = app
        .post(
            &format!("/api/v1/notifications/{theirs}/read"),
            &token,
            &json!({}),
        )
        .await;
    assert_problem(
        status,
        &body,
        StatusCode::NOT_FOUND,
        "notification_not_found",
    );
    let (status, body) = app
        .post("/api/v1/notifications/read-all", &token, &json!({}))
        .await;
    assert_eq!((status, body["marked"].as_i64()), (StatusCode::OK, Some(2)));
    let (_, body) = app.get("/api/v1/notifications?unread=true", &token).await;
    assert_eq!(body["data"].as_array().expect("data").len(), 0);

    let manager_token = app.token(Role::SalesManager).await;
    let (_, body) = app
        .get("/api/v1/notifications?unread=true", &manager_token)
        .await;
    assert_eq!(
        body["data"][0]["id"],
        theirs.as_str(),
        "read-all touched only the caller's"
    );

    let (status, body) = send(app.req(Method::GET, "/api/v1/notifications")).await;
    assert_problem(status, &body, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[actix_web::test]
async fn the_head_of_crm_changes_the_lead_sla_and_new_clocks_name_it() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let (status, body) = app.get("/api/v1/settings/lead-sla", &head).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["version"], 0);
    assert_eq!(body["sla"]["a_first_contact_hours"], 24);

    let mut sla = body["sla"].clone();
    sla["a_first_contact_hours"] = json!(6);
    let put = |token: &str, version: &str, body: &serde_json::Value| {
        app.authed(Method::PUT, "/api/v1/settings/lead-sla", token)
            .header("If-Match", version)
            .json(body)
    };
    let (status, body) = send(put(&head, "\"0\"", &sla)).await;
    assert_eq!(
        (status, body["version"].as_i64()),
        (StatusCode::OK, Some(1)),
        "{body}"
    );
    let (status, body) = send(put(&head, "\"0\"", &sla)).await;
    assert_problem(
        status,
        &body,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let mut bad = sla.clone();
    bad["grace_hours"] = json!(-1);
    let (status, body) = send(put(&head, "\"1\"", &bad)).await;
    assert_problem(
        status,
        &body,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    let manager = app.token(Role::SalesManager).await;
    let (status, body) = send(put(&manager, "\"1\"", &sla)).await;
    assert_problem(status, &body, StatusCode::FORBIDDEN, "forbidden");
    let rep = app.token(Role::SalesRep).await;
    let (status, body) = app.get("/api/v1/settings/lead-sla", &rep).await;
    assert_problem(status, &body, StatusCode::FORBIDDEN, "forbidden");

    let rep_id = user_id(&app, Role::SalesRep);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "A", Some(&rep_id), t0);
    let mut conn = app.state.pool.get().expect("conn");
    let settings =
        estate_crm::settings::get::<LeadSla>(&mut conn, &lead.company_id).expect("settings");
    let spec = lead_sla::restart(&mut conn, &settings.value, &lead, t0, false)
        .expect("restart")
        .expect("clock");
    assert_eq!(spec.rule, "lead_sla.a_first_contact_hours=6");
    assert_eq!(spec.due_at, t0 + Duration::hours(6));
}
