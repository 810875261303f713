//! Scheduled sweeps.

use diesel::prelude::*;
use estate_crm::schema::{idempotency_keys, login_throttles};

use crate::helpers::spawn_app;

#[actix_web::test]
async fn the_purge_forgets_expired_idempotency_records_and_throttles_only() {
    let app = spawn_app().await;
    let now = estate_crm::db::now();
    {
        let mut conn = app.state.pool.get().expect("conn");
        for (key, age_hours) in [("old", 25), ("fresh", 1)] {
            diesel::insert_into(idempotency_keys::table)
                .values((
                    idempotency_keys::principal.eq("staff:x"),
                    idempotency_keys::key.eq(key),
                    idempotency_keys::request_hash.eq("h"),
                    idempotency_keys::created_at.eq(now - chrono::Duration::hours(age_hours)),
                ))
                .execute(&mut *conn)
                .expect("insert");
        }
        for (key, age_days, locked) in [
            ("ip:old", 2, None),
            ("ip:locked", 2, Some(now + chrono::Duration::hours(1))),
        ] {
            diesel::insert_into(login_throttles::table)
                .values((
                    login_throttles::key.eq(key),
                    login_throttles::failures.eq(3),
                    login_throttles::window_started_at.eq(now - chrono::Duration::days(age_days)),
                    login_throttles::locked_until.eq(locked),
                ))
                .execute(&mut *conn)
                .expect("insert");
        }
    }
    let report = estate_crm::jobs::run_once(&app.state.pool)
        .await
        .expect("run");
    assert!(report.purged >= 2);
    let mut conn = app.state.pool.get().expect("conn");
    let keys: Vec<String> = idempotency_keys::table
        .select(idempotency_keys::key)
        .load(&mut *conn)
        .expect("keys");
    assert_eq!(keys, vec!["fresh".to_string()]);
    let throttles: Vec<String> = login_throttles::table
        .select(login_throttles::key)
        .load(&mut *conn)
        .expect("t");
    assert_eq!(
        throttles,
        vec!["ip:locked".to_string()],
        "an active lockout is kept"
    );
}
