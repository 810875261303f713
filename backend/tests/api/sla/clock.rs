//! A lead's clock through its states, one sweep at a time.

use api_types::{LeadSla, Role};
use chrono::Duration;
use diesel::prelude::*;
use estate_crm::leads::sla as lead_sla;
use estate_crm::schema::sla_clocks;

use super::{clock_state, events, insert_lead, notes, restart, sweep, user_id};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn due_soon_warns_the_owner_once() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "A", Some(&rep), t0);
    restart(&app, &lead, t0, false);

    assert_eq!(
        sweep(&app, t0 + Duration::hours(19)).await.due_soon,
        0,
        "before 80 % of 24 h"
    );
    assert_eq!(sweep(&app, t0 + Duration::hours(20)).await.due_soon, 1);
    assert_eq!(
        sweep(&app, t0 + Duration::hours(21)).await.due_soon,
        0,
        "warned once"
    );
    assert_eq!(notes(&app, &rep, &lead.id), vec!["sla_due_soon"]);
    assert_eq!(clock_state(&app, &lead.id).0, "due_soon");
    crate::lead_work::assert_next_due_in_step(&app);
    let ev = events(&app, &lead.id);
    assert_eq!(ev.len(), 1, "{ev:?}");
    assert_eq!(ev[0].0, "sla_due_soon");
    assert!(
        ev[0].1.contains("lead_sla.a_first_contact_hours=24"),
        "{ev:?}"
    );
}

#[actix_web::test]
async fn a_breach_notifies_the_owner_and_escalates_to_the_sales_manager_once() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let manager = user_id(&app, Role::SalesManager);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "B", Some(&rep), t0);
    restart(&app, &lead, t0, false);

    let r = sweep(&app, t0 + Duration::hours(73)).await;
    assert_eq!((r.due_soon, r.breached, r.escalated), (0, 1, 1), "{r:?}");
    let r = sweep(&app, t0 + Duration::hours(74)).await;
    assert_eq!((r.breached, r.escalated), (0, 0), "{r:?}");

    assert_eq!(notes(&app, &rep, &lead.id), vec!["sla_breached"]);
    assert_eq!(notes(&app, &manager, &lead.id), vec!["sla_escalated"]);
    assert_eq!(clock_state(&app, &lead.id).0, "breached");
    let ev = events(&app, &lead.id);
    let kinds: Vec<&str> = ev.iter().map(|e| e.0.as_str()).collect();
    assert_eq!(kinds, ["sla_breached", "escalated"]);
    assert!(
        ev[0].1.contains("first_contact overdue") && ev[0].1.contains("b_first_contact_hours=72"),
        "{ev:?}"
    );
    assert!(ev[1].1.contains("sales managers"), "{ev:?}");
}

#[actix_web::test]
async fn a_sales_managers_breach_escalates_to_the_head_of_crm() {
    let app = spawn_app().await;
    let manager = user_id(&app, Role::SalesManager);
    let head = user_id(&app, Role::CrmHead);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "A", Some(&manager), t0);
    restart(&app, &lead, t0, true);

    let r = sweep(&app, t0 + Duration::hours(25)).await;
    assert_eq!((r.breached, r.escalated), (1, 1), "{r:?}");
    assert_eq!(notes(&app, &manager, &lead.id), vec!["sla_breached"]);
    assert_eq!(notes(&app, &head, &lead.id), vec!["sla_escalated"]);
    let ev = events(&app, &lead.id);
    assert!(
        ev[1]
            .1
            .contains("head of CRM (the owner is a sales manager)"),
        "{ev:?}"
    );
}

#[actix_web::test]
async fn after_the_grace_period_the_lead_returns_to_the_pool_once() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "A", Some(&rep), t0);
    restart(&app, &lead, t0, false);

    assert_eq!(sweep(&app, t0 + Duration::hours(25)).await.breached, 1);
    assert_eq!(
        sweep(&app, t0 + Duration::hours(47)).await.expired,
        0,
        "grace ends at 48 h"
    );
    let r = sweep(&app, t0 + Duration::hours(49)).await;
    assert_eq!(r.expired, 1, "{r:?}");
    assert_eq!(
        sweep(&app, t0 + Duration::hours(500)).await,
        Default::default(),
        "expired stays expired"
    );

    let mut conn = app.state.pool.get().expect("conn");
    let after = estate_crm::leads::queries::reload(&mut conn, &lead.id).expect("lead");
    drop(conn);
    assert_eq!(after.owner_id, None);
    assert_eq!(after.assigned_at, None);
    assert_eq!(after.version, lead.version + 1);
    assert_eq!(
        clock_state(&app, &lead.id),
        ("expired".into(), None),
        "the pool sees it overdue"
    );
    assert_eq!(
        notes(&app, &rep, &lead.id),
        vec!["sla_breached", "lead_returned_to_pool"]
    );
    let ev = events(&app, &lead.id);
    let last = ev.last().expect("event");
    assert_eq!(last.0, "returned_to_pool");
    assert!(
        last.1.starts_with("grace period of 24 h passed"),
        "{last:?}"
    );
}

#[actix_web::test]
async fn a_closed_lead_or_a_restart_stops_the_clock() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "B", Some(&rep), t0);
    restart(&app, &lead, t0, false);
    restart(&app, &lead, t0 + Duration::hours(1), true);
    let mut conn = app.state.pool.get().expect("conn");
    let clocks: Vec<(String, String)> = sla_clocks::table
        .filter(sla_clocks::entity_id.eq(&lead.id))
        .order(sla_clocks::id.asc())
        .select((sla_clocks::kind, sla_clocks::state))
        .load(&mut *conn)
        .expect("clocks");
    assert_eq!(
        clocks,
        [
            ("first_contact".into(), "closed".into()),
            ("follow_up".into(), "on_time".into())
        ]
    );
    let mut lost = lead.clone();
    lost.status = "lost".into();
    let spec = lead_sla::restart(&mut conn, &LeadSla::default(), &lost, t0, true).expect("restart");
    assert_eq!(spec, None);
    assert!(estate_crm::sla::open_clock(&mut conn, "lead", &lead.id)
        .expect("q")
        .is_none());
    drop(conn);
    crate::lead_work::assert_next_due_in_step(&app);
}

#[actix_web::test]
async fn a_captured_lead_runs_through_breach_and_pool_as_staff_see_it() {
    let app = spawn_app().await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let body = crate::leads::lead_body(&pid, "13900007771", "undated", "unknown");
    let out = crate::leads::capture(&app, &manager, &body).await;
    let id = out["lead"]["id"].as_str().expect("id").to_string();
    assert_eq!(out["lead"]["grade"], "B");
    assert_eq!(
        out["lead"]["owner_id"],
        user_id(&app, Role::SalesRep).as_str()
    );
    let t0 = estate_crm::db::now();

    assert_eq!(sweep(&app, t0 + Duration::hours(73)).await.breached, 1);
    crate::lead_work::assert_next_due_in_step(&app);
    let (_, lead) = app.get(&format!("/api/v1/leads/{id}"), &rep).await;
    assert_eq!(lead["sla_state"], "breached");
    let (_, page) = app
        .get("/api/v1/leads?sla_state=breached&limit=200", &rep)
        .await;
    assert!(
        page["data"]
            .as_array()
            .expect("data")
            .iter()
            .any(|l| l["id"] == id.as_str() && l["sla_state"] == "breached"),
        "the list reads the state too: {page}"
    );
    let (_, mine) = app.get("/api/v1/notifications?unread=true", &rep).await;
    assert_eq!(mine["data"][0]["kind"], "sla_breached");
    assert_eq!(mine["data"][0]["entity_id"], id.as_str());
    // The facts as data, for the SPA to word in the reader's language.
    let params = &mine["data"][0]["params"];
    assert_eq!(params["due"], "first_contact", "{params}");
    assert_eq!(params["due_at"], lead["next_due_at"], "{params} {lead}");
    assert!(
        params["rule"]
            .as_str()
            .is_some_and(|r| r.starts_with("lead_sla.b_first_contact")),
        "{params}"
    );
    assert_eq!(params["grace_hours"], serde_json::Value::Null);
    let (_, theirs) = app.get("/api/v1/notifications", &manager).await;
    assert_eq!(theirs["data"][0]["kind"], "sla_escalated");
    assert_eq!(theirs["data"][0]["params"]["due"], "first_contact");
    assert_eq!(theirs["data"][0]["params"]["unassigned"], false);

    assert_eq!(sweep(&app, t0 + Duration::hours(97)).await.expired, 1);
    crate::lead_work::assert_next_due_in_step(&app);
    let (_, mine) = app.get("/api/v1/notifications?unread=true", &rep).await;
    assert_eq!(mine["data"][0]["kind"], "lead_returned_to_pool");
    assert_eq!(mine["data"][0]["params"]["grace_hours"], 24, "{mine}");
    let (_, lead) = app.get(&format!("/api/v1/leads/{id}"), &rep).await;
    assert!(lead["owner_id"].is_null(), "{lead}");
    assert_eq!(lead["sla_state"], "breached", "the pool shows it overdue");
    let (_, ev) = app
        .get(&format!("/api/v1/leads/{id}/events"), &manager)
        .await;
    let kinds: Vec<&str> = ev["data"]
        .as_array()
        .expect("events")
        .iter()
        .filter_map(|e| e["kind"].as_str())
        .collect();
    for k in ["sla_breached", "escalated", "returned_to_pool"] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    // Each event keeps its facts beside the English reason, for the SPA to word.
    let detail = |kind: &str| {
        ev["data"]
            .as_array()
            .expect("events")
            .iter()
            .find(|e| e["kind"] == kind)
            .map(|e| e["detail"].clone())
            .unwrap_or_default()
    };
    assert_eq!(detail("graded")["grade"], "B");
    assert!(detail("graded")["rule_set_version"].is_i64());
    assert_eq!(detail("assigned")["role"], "sales_rep");
    assert!(detail("assigned")["open_leads"].is_i64());
    assert_eq!(detail("escalated")["sla"]["due"], "first_contact");
    assert!(detail("escalated")["to"]
        .as_array()
        .is_some_and(|to| !to.is_empty()));
    assert_eq!(detail("returned_to_pool")["sla"]["grace_hours"], 24);
}
