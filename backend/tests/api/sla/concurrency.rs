//! Several sweeps at once: each transition acts exactly once.

use api_types::Role;
use chrono::Duration;
use diesel::prelude::*;
use estate_crm::schema::{lead_events, notifications};

use super::{clock_state, insert_lead, restart, sweep, user_id};
use crate::helpers::spawn_app;

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
    drop(conn);
    crate::lead_work::assert_next_due_in_step(&app);
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
