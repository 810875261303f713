//! Deleting projects, buildings and units: refused (409, nothing changed)
//! while any row points at them, and the lists of what points at them follow
//! the schema.

use std::collections::BTreeSet;

use api_types::Role;
use diesel::prelude::*;
use diesel::sql_types::Text;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::deals::{act, available_units, buyer, fx, subscribed};
use crate::helpers::{assert_problem, on_postgres, send, spawn_app, TestApp};
use crate::leads::{capture, lead_body};
use estate_crm::projects::dependents;

#[derive(QueryableByName)]
struct ForeignKey {
    #[diesel(sql_type = Text)]
    source: String,
    #[diesel(sql_type = Text)]
    target: String,
    #[diesel(sql_type = Text)]
    col: String,
}

/// Every foreign key of the migrated schema: `(referencing table, column, referenced table)`.
fn foreign_keys(app: &TestApp) -> Vec<ForeignKey> {
    let sql = if on_postgres() {
        "SELECT tc.table_name::text AS source, kcu.column_name::text AS col, \
                ccu.table_name::text AS target \
         FROM information_schema.table_constraints tc \
         JOIN information_schema.key_column_usage kcu \
           ON kcu.constraint_name = tc.constraint_name AND kcu.table_schema = tc.table_schema \
         JOIN information_schema.constraint_column_usage ccu \
           ON ccu.constraint_name = tc.constraint_name AND ccu.table_schema = tc.table_schema \
         WHERE tc.constraint_type = 'FOREIGN KEY' AND tc.table_schema = current_schema()"
    } else {
        "SELECT m.name AS source, p.\"from\" AS col, p.\"table\" AS target \
         FROM sqlite_master m JOIN pragma_foreign_key_list(m.name) p \
         WHERE m.type = 'table'"
    };
    let mut conn = app.state.pool.get().expect("conn");
    diesel::sql_query(sql)
        .load(&mut *conn)
        .expect("foreign keys")
}

#[actix_web::test]
async fn every_foreign_key_into_the_project_tree_is_checked_before_a_delete() {
    let app = spawn_app().await;
    let fks = foreign_keys(&app);
    assert!(fks.len() > 50, "the schema's foreign keys were read");
    for (target, listed, removed_with_it) in [
        ("projects", dependents::PROJECT, &["user_projects"][..]),
        ("buildings", dependents::BUILDING, &[]),
        ("units", dependents::UNIT, &[]),
    ] {
        let in_schema: BTreeSet<(String, String)> = fks
            .iter()
            .filter(|f| f.target == target && !removed_with_it.contains(&f.source.as_str()))
            .map(|f| (f.source.clone(), f.col.clone()))
            .collect();
        let checked: BTreeSet<(String, String)> = listed
            .iter()
            .map(|d| (d.table.to_string(), d.column.to_string()))
            .collect();
        assert_eq!(checked, in_schema, "what points at {target}");
    }
}

async fn delete(app: &TestApp, token: &str, path: &str, version: &Value) -> (StatusCode, Value) {
    send(
        app.authed(Method::DELETE, path, token)
            .header("If-Match", format!("\"{version}\"")),
    )
    .await
}

#[actix_web::test]
async fn a_project_with_leads_but_no_buildings_is_refused_and_kept() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let p = app.create_project(&head, "只有线索").await;
    let pid = p["id"].as_str().expect("id");
    capture(
        &app,
        &head,
        &lead_body(pid, "13800009901", "within_3_months", "can_pay"),
    )
    .await;
    let path = format!("/api/v1/projects/{pid}");
    let (s, b) = delete(&app, &head, &path, &p["version"]).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "project_not_empty");
    assert!(
        b["detail"].as_str().is_some_and(|d| d.contains("leads")),
        "{b}"
    );
    let (s, kept) = app.get(&path, &head).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(kept["version"], p["version"]);
}

#[actix_web::test]
async fn an_available_unit_whose_deal_was_withdrawn_keeps_its_history() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let (unit, _) = available_units(&app, &f.manager, &f.pid, 1).await.remove(0);
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912349901").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    let id = deal["id"].as_str().expect("deal");
    let (s, b) = act(
        &app,
        &f.manager,
        id,
        "withdraw",
        json!({"reason": "改买别盘"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let path = format!("/api/v1/units/{unit}");
    let (_, u) = app.get(&path, &f.admin).await;
    assert_eq!(u["status"], "available");
    let (s, b) = delete(&app, &f.admin, &path, &u["version"]).await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_in_use");
    assert!(
        b["detail"].as_str().is_some_and(|d| d.contains("deals")),
        "{b}"
    );
    let (s, kept) = app.get(&path, &f.admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(kept["version"], u["version"]);
}

#[actix_web::test]
async fn a_capture_racing_the_delete_of_its_project_either_lands_first_or_finds_it_gone() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    for round in 0..3 {
        let p = app.create_project(&head, &format!("转瞬即逝{round}")).await;
        let pid = p["id"].as_str().expect("id");
        let path = format!("/api/v1/projects/{pid}");
        let app = &app;
        let bodies: Vec<Value> = (0..4)
            .map(|i| lead_body(pid, &format!("1380001{round}{i:03}"), "undated", "unknown"))
            .collect();
        let captures = bodies
            .iter()
            .map(|body| app.post("/api/v1/leads", &head, body));
        let (deleted, captured) = futures_util::future::join(
            delete(app, &head, &path, &p["version"]),
            futures_util::future::join_all(captures),
        )
        .await;
        let landed = captured
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count();
        for (s, b) in &captured {
            assert!(
                *s == StatusCode::CREATED || b["code"] == "validation_failed",
                "a capture either lands or finds no project: {s} {b}"
            );
        }
        match deleted.0 {
            StatusCode::NO_CONTENT => assert_eq!(landed, 0, "{deleted:?}"),
            StatusCode::CONFLICT => assert!(landed > 0, "{deleted:?}"),
            other => panic!("delete answered {other}: {}", deleted.1),
        }
    }
}
