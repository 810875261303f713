//! The reports' fixture: a seeded company whose every count is known, and
//! helpers to read reports.

use api_types::Role;
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use estate_crm::audit::AuditCtx;
use estate_crm::schema::{lead_events, leads};
use reqwest::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::leads::{capture, lead_body};

/// Tokens, staff and projects of the seeded company: P0 and P1 are granted to
/// the demo sales manager, P2 to nobody.
pub struct Seed {
    pub head: String,
    pub sales_manager: String,
    pub pids: Vec<String>,
    /// `(id, display name)` of the demo sales manager and sales rep.
    pub manager: (String, String),
    pub rep: (String, String),
    /// When the old lead was captured and the old breach happened (60 days ago).
    pub old: NaiveDateTime,
}

async fn me(app: &TestApp, token: &str) -> (String, String) {
    let (_, me) = app.get("/api/v1/me", token).await;
    let field = |k: &str| me[k].as_str().expect(k).to_string();
    (field("id"), field("display_name"))
}

/// Captures a lead and checks the grade the default rules gave it.
async fn lead(
    app: &TestApp,
    token: &str,
    pid: &str,
    phone: &str,
    grade: &str,
    src: &str,
) -> String {
    let facts = match grade {
        "A" => ("within_3_months", "can_pay"),
        "B" => ("undated", "unknown"),
        _ => ("no_plan", "unknown"),
    };
    let mut body = lead_body(pid, phone, facts.0, facts.1);
    body["source"] = json!(src);
    // Above every demo project's median price, so the grade depends on the facts only.
    body["budget_fen"] = json!(2_000_000_000i64);
    let out = capture(app, token, &body).await;
    assert_eq!(out["lead"]["grade"], grade, "{out}");
    out["lead"]["id"].as_str().expect("id").to_string()
}

async fn lose(app: &TestApp, token: &str, id: &str, reason: &str) {
    let path = format!("/api/v1/leads/{id}/lose");
    let (s, b) = app.post(&path, token, &json!({"reason": reason})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
}

/// Deals come in a later issue: until then a test marks a lead subscribed directly.
fn subscribe(app: &TestApp, id: &str) {
    let mut conn = app.state.pool.get().expect("conn");
    diesel::update(leads::table.find(id))
        .set(leads::status.eq("subscribed"))
        .execute(&mut *conn)
        .expect("subscribe");
}

/// Records an `sla_breached` event as the SLA sweep does (the owner at breach
/// time in the detail), `at` a given time.
fn breach(app: &TestApp, id: &str, owner: Option<&str>, at: NaiveDateTime) {
    let mut conn = app.state.pool.get().expect("conn");
    let company: String = leads::table
        .find(id)
        .select(leads::company_id)
        .first(&mut *conn)
        .expect("lead");
    let ctx = AuditCtx::system(&company);
    let detail = json!({"kind": "first_contact", "owner_id": owner});
    estate_crm::leads::events::record(&mut conn, &ctx, id, "sla_breached", "test", Some(detail))
        .expect("event");
    // Each lead gets at most one test breach: its reason finds it.
    let event = lead_events::table
        .filter(lead_events::lead_id.eq(id))
        .filter(lead_events::reason.eq("test"));
    diesel::update(event)
        .set(lead_events::created_at.eq(at))
        .execute(&mut *conn)
        .expect("event time");
}

/// In the last 30 days, 11 leads (L1–L11) and 6 breaches; 60 days ago, one
/// more lead (L12) and one more breach. Comments: what becomes of each lead.
pub async fn seed(app: &TestApp) -> Seed {
    let head = app.token(Role::CrmHead).await;
    let sales_manager = app.token(Role::SalesManager).await;
    let mut pids = app.project_ids(&head).await;
    let p2 = app.create_project(&head, "临平未来城").await;
    pids.push(p2["id"].as_str().expect("id").into());
    let (m, a, p) = (&sales_manager, &head, &pids);
    let l1 = lead(app, m, &p[0], "13911110001", "A", "walk_in").await; // subscribed
    let l2 = lead(app, m, &p[0], "13911110002", "A", "walk_in").await; // subscribed
    let l3 = lead(app, m, &p[0], "13911110003", "A", "douyin").await; // open: breaches
    let l4 = lead(app, m, &p[0], "13911110004", "B", "douyin").await; // lost
    let l5 = lead(app, m, &p[0], "13911110005", "C", "wechat").await; // lost
    let l6 = lead(app, m, &p[0], "13911110006", "B", "wechat").await; // lost
    let l7 = lead(app, m, &p[0], "13911110001", "B", "owner_referral").await; // duplicate
    lead(app, m, &p[1], "13911110008", "A", "walk_in").await; // L8 open: breaches
    let l9 = lead(app, m, &p[1], "13911110009", "B", "beike").await; // lost
    let l10 = lead(app, a, &p[2], "13911110010", "A", "exhibition").await; // subscribed
    let l11 = lead(app, a, &p[2], "13911110001", "B", "exhibition").await; // duplicate, lost
    let l12 = lead(app, m, &p[0], "13911110012", "A", "walk_in").await; // old, subscribed
    for id in [&l1, &l2, &l10, &l12] {
        subscribe(app, id);
    }
    lose(app, m, &l4, "price_objection").await;
    lose(app, m, &l5, "price_objection").await;
    lose(app, m, &l6, "location").await;
    lose(app, m, &l9, "competitor").await;
    lose(app, a, &l11, "price_objection").await;
    let (manager, rep) = (
        me(app, m).await,
        me(app, &app.token(Role::SalesRep).await).await,
    );
    // The real sweep, 25 h on: the open A leads L3 and L8 (the manager's) miss first contact.
    let now = estate_crm::db::now();
    let later = now + Duration::hours(25);
    estate_crm::jobs::run_once_at(&app.state.pool, later)
        .await
        .expect("sweep");
    for id in [&l4, &l6, &l7] {
        breach(app, id, Some(&rep.0), now);
    }
    breach(app, &l11, None, now);
    let old = now - Duration::days(60);
    breach(app, &l3, Some(&manager.0), old);
    let mut conn = app.state.pool.get().expect("conn");
    diesel::update(leads::table.find(&l12))
        .set(leads::created_at.eq(old))
        .execute(&mut *conn)
        .expect("age lead");
    Seed {
        head,
        sales_manager,
        pids,
        manager,
        rep,
        old,
    }
}

/// A report that must be 200 and say what it counted.
pub async fn report(app: &TestApp, token: &str, name: &str, query: &str) -> Value {
    let (s, b) = app
        .get(&format!("/api/v1/reports/leads/{name}?{query}"), token)
        .await;
    assert_eq!(s, StatusCode::OK, "{name}?{query}: {b}");
    assert!(
        b["definition"].as_str().is_some_and(|d| d.len() > 40),
        "{b}"
    );
    b
}

/// The named fields (dotted for nested ones) of a report, as one object.
pub fn pick(b: &Value, keys: &[&str]) -> Value {
    let field = |k: &&str| (k.to_string(), k.split('.').fold(b, |v, p| &v[p]).clone());
    Value::Object(keys.iter().map(field).collect())
}

/// `[source, leads, subscribed, rate]` of the sources that had leads.
pub fn sources(b: &Value) -> Value {
    let rows = b["sources"].as_array().expect("sources");
    assert_eq!(rows.len(), 13, "every source is listed");
    let had = rows.iter().filter(|r| r["leads"] != 0);
    had.map(|r| {
        json!([
            r["source"],
            r["leads"],
            r["subscribed"],
            r["conversion_rate"]
        ])
    })
    .collect()
}

pub const TOTALS: [&str; 6] = [
    "leads",
    "a_leads",
    "subscribed",
    "lost",
    "duplicates",
    "sla_breaches",
];
pub const KPIS: [&str; 4] = [
    "a_lead_conversion.rate",
    "a_lead_conversion.meets_target",
    "duplicate_rate.rate",
    "duplicate_rate.meets_target",
];
