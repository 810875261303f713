//! The SLA clock: warnings, breaches, escalation, return to the pool, the
//! sweep's exactly-once guarantee, notifications and the lead-SLA setting.

use api_types::{LeadSla, Role};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use estate_crm::leads::model::LeadRow;
use estate_crm::leads::sla as lead_sla;
use estate_crm::schema::{customers, lead_events, leads, notifications, sla_clocks, users};
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{assert_problem, email, send, spawn_app, TestApp};

/// The id of a demo user.
fn user_id(app: &TestApp, role: Role) -> String {
    let mut conn = app.state.pool.get().expect("conn");
    users::table
        .filter(users::email.eq(email(role)))
        .select(users::id)
        .first(&mut *conn)
        .expect("demo user")
}

/// Inserts a customer and an open lead of the first demo project, captured at `at`.
fn insert_lead(app: &TestApp, grade: &str, owner: Option<&str>, at: NaiveDateTime) -> LeadRow {
    let mut conn = app.state.pool.get().expect("conn");
    let (company_id, project_id): (String, String) = estate_crm::schema::projects::table
        .order(estate_crm::schema::projects::id.asc())
        .select((
            estate_crm::schema::projects::company_id,
            estate_crm::schema::projects::id,
        ))
        .first(&mut *conn)
        .expect("project");
    let pd = &app.state.personal_data;
    let phone = format!("139{:08}", rand_suffix());
    let customer_id = estate_crm::db::new_id();
    diesel::insert_into(customers::table)
        .values((
            customers::id.eq(&customer_id),
            customers::company_id.eq(&company_id),
            customers::name.eq("测试客户"),
            customers::phone_enc.eq(pd.encrypt(&phone)),
            customers::phone_bidx.eq(pd.blind_index("phone", &phone)),
            customers::created_at.eq(at),
            customers::updated_at.eq(at),
        ))
        .execute(&mut *conn)
        .expect("customer");
    let id = estate_crm::db::new_id();
    diesel::insert_into(leads::table)
        .values((
            leads::id.eq(&id),
            leads::company_id.eq(&company_id),
            leads::customer_id.eq(&customer_id),
            leads::project_id.eq(&project_id),
            leads::source.eq("walk_in"),
            leads::grade.eq(grade),
            leads::grade_source.eq("manual"),
            leads::status.eq("new"),
            leads::owner_id.eq(owner),
            leads::assigned_at.eq(owner.map(|_| at)),
            leads::created_via.eq("staff"),
            leads::created_at.eq(at),
            leads::updated_at.eq(at),
        ))
        .execute(&mut *conn)
        .expect("lead");
    estate_crm::leads::queries::reload(&mut conn, &id).expect("reload")
}

fn rand_suffix() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let salt = std::process::id() % 1000 * 100_000;
    salt + N.fetch_add(1, Ordering::Relaxed)
}

/// Starts the lead's clock with the default SLA from `at`.
fn restart(app: &TestApp, lead: &LeadRow, at: NaiveDateTime, contacted: bool) {
    let mut conn = app.state.pool.get().expect("conn");
    lead_sla::restart(&mut conn, &LeadSla::default(), lead, at, contacted)
        .expect("restart")
        .expect("a clock");
}

/// `(kind, reason)` of the lead's events, oldest first.
fn events(app: &TestApp, lead_id: &str) -> Vec<(String, String)> {
    let mut conn = app.state.pool.get().expect("conn");
    lead_events::table
        .filter(lead_events::lead_id.eq(lead_id))
        .order(lead_events::id.asc())
        .select((lead_events::kind, lead_events::reason))
        .load(&mut *conn)
        .expect("events")
}

/// Kinds of a user's notifications about an entity.
fn notes(app: &TestApp, user: &str, entity_id: &str) -> Vec<String> {
    let mut conn = app.state.pool.get().expect("conn");
    notifications::table
        .filter(notifications::user_id.eq(user))
        .filter(notifications::entity_id.eq(entity_id))
        .order(notifications::id.asc())
        .select(notifications::kind)
        .load(&mut *conn)
        .expect("notifications")
}

fn clock_state(app: &TestApp, lead_id: &str) -> (String, Option<String>) {
    let mut conn = app.state.pool.get().expect("conn");
    let c = estate_crm::sla::open_clock(&mut conn, "lead", lead_id)
        .expect("clock")
        .expect("open clock");
    (c.state, c.owner_id)
}

async fn sweep(app: &TestApp, at: NaiveDateTime) -> estate_crm::sla::SweepReport {
    estate_crm::jobs::run_once_at(&app.state.pool, at)
        .await
        .expect("sweep")
        .sla
}

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
}

#[actix_web::test]
async fn concurrent_sweeps_escalate_each_breach_exactly_once() {
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let manager = user_id(&app, Role::SalesManager);
    let t0 = estate_crm::db::now();
    let n = 60;
    let mut ids = Vec::new();
    for _ in 0..n {
        let lead = insert_lead(&app, "A", Some(&rep), t0);
        restart(&app, &lead, t0, false);
        ids.push(lead.id);
    }
    let at = t0 + Duration::hours(25);
    // Threads on their own connections, released together.
    let barrier = std::sync::Barrier::new(4);
    let reports: Vec<estate_crm::sla::SweepReport> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let mut conn = app.state.pool.get().expect("conn");
                    barrier.wait();
                    let subjects = estate_crm::jobs::sla_subjects();
                    estate_crm::sla::sweep(&mut conn, at, &subjects).expect("sweep")
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().expect("thread"))
            .collect()
    });
    let breached: usize = reports.iter().map(|r| r.breached).sum();
    let escalated: usize = reports.iter().map(|r| r.escalated).sum();
    let failed: usize = reports.iter().map(|r| r.failed).sum();
    assert_eq!((breached, escalated, failed), (n, n, 0), "{reports:?}");
    // And two whole job runs at once afterwards find nothing left to do.
    let (a, b) = futures_util::future::join(sweep(&app, at), sweep(&app, at)).await;
    assert_eq!(a.breached + b.breached, 0);

    let mut conn = app.state.pool.get().expect("conn");
    let escalations: i64 = notifications::table
        .filter(notifications::user_id.eq(&manager))
        .filter(notifications::kind.eq("sla_escalated"))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(escalations, n as i64);
    let breach_events: i64 = lead_events::table
        .filter(lead_events::lead_id.eq_any(&ids))
        .filter(lead_events::kind.eq("sla_breached"))
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(breach_events, n as i64);
}

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
                &format!("n{i}"),
                "",
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
            "m",
            "",
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

#[actix_web::test]
async fn a_lead_locked_by_a_request_is_left_for_the_next_sweep() {
    if !crate::helpers::on_postgres() {
        return; // SQLite has one writer at a time: nothing can hold the row meanwhile.
    }
    let app = spawn_app().await;
    let rep = user_id(&app, Role::SalesRep);
    let t0 = estate_crm::db::now();
    let lead = insert_lead(&app, "A", Some(&rep), t0);
    restart(&app, &lead, t0, false);
    let at = t0 + Duration::hours(25);

    let mut holder = app.state.pool.get().expect("conn");
    let report = holder
        .transaction::<_, diesel::result::Error, _>(|conn| {
            estate_crm::db::lock_row(conn, "leads", &lead.id)?;
            let mut other = app.state.pool.get().expect("conn");
            let subjects = estate_crm::jobs::sla_subjects();
            Ok(estate_crm::sla::sweep(&mut other, at, &subjects).expect("sweep"))
        })
        .expect("tx");
    drop(holder);
    assert_eq!((report.breached, report.skipped), (0, 1), "{report:?}");
    assert_eq!(clock_state(&app, &lead.id).0, "on_time");
    assert_eq!(sweep(&app, at).await.breached, 1, "taken on the next run");
}
