//! Who the sweep writes to: the reminder goes to the customer of the
//! appointment and the visit notice to the customer of the visit (not the
//! unit's first buyer); a cancelled appointment gets no reminder.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::{batch, dx, jobs_at, sign_off, signed_unit, units};
use crate::helpers::{spawn_app, TestApp};
use crate::owners::{make_owner, masked, outbox};

/// The masked recipients of the outbox messages of `purpose`.
async fn recipients(app: &TestApp, purpose: &str) -> Vec<String> {
    outbox(app)
        .await
        .into_iter()
        .filter(|m| m["purpose"] == purpose)
        .map(|m| m["recipient_masked"].as_str().unwrap_or("").to_string())
        .collect()
}

#[actix_web::test]
async fn the_reminder_and_the_visit_notice_go_to_the_customer_who_booked_not_the_units_buyer() {
    use estate_crm::schema::{appointments, handover_visits};
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912440001").await;
    // A co-owner (another customer) books and is the visit's contact.
    let co_owner = make_owner(&app, "13912440002").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let starts = Utc::now() + Duration::days(3);
    let (s, slot) = app
        .post(
            &format!(
                "/api/v1/delivery-batches/{}/slots",
                b["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 2}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{slot}");
    let (s, booked) = app
        .post(
            "/api/v1/appointments",
            &d.service,
            &json!({"slot_id": slot["id"], "unit_id": ids[0]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{booked}");
    sign_off(&app, &d.service, &ids[0], json!({})).await;
    {
        let mut conn = app.state.pool.get().expect("conn");
        diesel::update(appointments::table)
            .set(appointments::customer_id.eq(&co_owner))
            .execute(&mut *conn)
            .expect("appointment");
        diesel::update(handover_visits::table)
            .set(handover_visits::customer_id.eq(&co_owner))
            .execute(&mut *conn)
            .expect("visits");
    }

    let sent = jobs_at(&app, starts - Duration::hours(23)).await;
    assert_eq!(sent.delivery.reminders, 1);
    assert_eq!(
        recipients(&app, "inspection_reminder").await,
        [masked("13912440002")]
    );
    let noticed = jobs_at(&app, Utc::now() + Duration::days(92) - Duration::days(7)).await;
    assert_eq!(noticed.delivery.visits_noticed, 1, "{noticed:?}");
    assert_eq!(
        recipients(&app, "visit_notice").await,
        [masked("13912440002")]
    );
}

#[actix_web::test]
async fn a_cancelled_appointment_gets_no_reminder() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912440011").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let starts = Utc::now() + Duration::days(3);
    let (_, slot) = app
        .post(
            &format!(
                "/api/v1/delivery-batches/{}/slots",
                b["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 2}),
        )
        .await;
    let (s, booked) = app
        .post(
            "/api/v1/appointments",
            &d.service,
            &json!({"slot_id": slot["id"], "unit_id": ids[0]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{booked}");
    let (s, c) = app
        .post(
            &format!(
                "/api/v1/appointments/{}/cancel",
                booked["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    let sent = jobs_at(&app, starts - Duration::hours(23)).await;
    assert_eq!(sent.delivery.reminders, 0);
    assert!(recipients(&app, "inspection_reminder").await.is_empty());
}
