//! The SLA clock: warnings, breaches, escalation, return to the pool, the
//! sweep's exactly-once guarantee, notifications and the lead-SLA setting.
//! Leads are inserted directly and clocks started through the public
//! functions, so each test controls the time (`jobs::run_once_at`).

mod clock;
mod concurrency;
mod notifications;

use api_types::{LeadSla, Role};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use estate_crm::leads::model::LeadRow;
use estate_crm::leads::sla as lead_sla;
use estate_crm::schema::{customers, lead_events, leads, notifications as notes_t, users};

use crate::helpers::{email, TestApp};

pub fn user_id(app: &TestApp, role: Role) -> String {
    let mut conn = app.state.pool.get().expect("conn");
    users::table
        .filter(users::email.eq(email(role)))
        .select(users::id)
        .first(&mut *conn)
        .expect("demo user")
}

/// Inserts a customer and an open lead of the first demo project, captured at `at`.
pub fn insert_lead(app: &TestApp, grade: &str, owner: Option<&str>, at: NaiveDateTime) -> LeadRow {
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

pub fn rand_suffix() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let salt = std::process::id() % 1000 * 100_000;
    salt + N.fetch_add(1, Ordering::Relaxed)
}

/// Starts the lead's clock with the default SLA from `at`.
pub fn restart(app: &TestApp, lead: &LeadRow, at: NaiveDateTime, contacted: bool) {
    let mut conn = app.state.pool.get().expect("conn");
    lead_sla::restart(&mut conn, &LeadSla::default(), lead, at, contacted)
        .expect("restart")
        .expect("a clock");
}

/// `(kind, reason)` of the lead's events, oldest first.
pub fn events(app: &TestApp, lead_id: &str) -> Vec<(String, String)> {
    let mut conn = app.state.pool.get().expect("conn");
    lead_events::table
        .filter(lead_events::lead_id.eq(lead_id))
        .order(lead_events::id.asc())
        .select((lead_events::kind, lead_events::reason))
        .load(&mut *conn)
        .expect("events")
}

/// Kinds of a user's notifications about an entity.
pub fn notes(app: &TestApp, user: &str, entity_id: &str) -> Vec<String> {
    let mut conn = app.state.pool.get().expect("conn");
    notes_t::table
        .filter(notes_t::user_id.eq(user))
        .filter(notes_t::entity_id.eq(entity_id))
        .order(notes_t::id.asc())
        .select(notes_t::kind)
        .load(&mut *conn)
        .expect("notifications")
}

pub fn clock_state(app: &TestApp, lead_id: &str) -> (String, Option<String>) {
    let mut conn = app.state.pool.get().expect("conn");
    let c = estate_crm::sla::open_clock(&mut conn, "lead", lead_id)
        .expect("clock")
        .expect("open clock");
    (c.state, c.owner_id)
}

pub async fn sweep(app: &TestApp, at: NaiveDateTime) -> estate_crm::sla::SweepReport {
    estate_crm::jobs::run_once_at(&app.state.pool, at)
        .await
        .expect("sweep")
        .sla
}
