//! Who the sweep writes to: the reminder goes to the customer of the
//! appointment and the visit notice to the customer of the visit (not the
//! unit's first buyer); a cancelled appointment gets no reminder.

use chrono::{Duration, Utc};
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::{batch, book, dx, jobs_at, sign_off, signed_unit, units};
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
    book(&app, &d, &slot, &ids[0]).await;
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
    // The time is the owner's local time (China Standard Time by default).
    let local = (starts + Duration::hours(8))
        .format("%Y-%m-%d %H:%M")
        .to_string();
    let reminder = bodies(&app, "inspection_reminder").await;
    assert!(
        reminder[0].contains(&local) && !reminder[0].contains("UTC"),
        "{reminder:?}"
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
    let booked = book(&app, &d, &slot, &ids[0]).await;
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

/// The bodies of the outbox messages of `purpose`, oldest first.
async fn bodies(app: &TestApp, purpose: &str) -> Vec<String> {
    let mut all: Vec<String> = outbox(app)
        .await
        .into_iter()
        .filter(|m| m["purpose"] == purpose)
        .map(|m| m["body"].as_str().unwrap_or("").to_string())
        .collect();
    all.sort();
    all
}

#[actix_web::test]
async fn owners_read_the_local_handover_day_and_a_moved_day_is_announced_again() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912450001").await;
    // 20:00 UTC is 04:00 the next day in China Standard Time.
    let at = |s: &str| {
        chrono::DateTime::parse_from_rfc3339(s)
            .expect("t")
            .with_timezone(&Utc)
    };
    let first = at("2027-06-30T20:00:00Z");
    let b = batch(&app, &d, &ids, first).await;
    let sent = jobs_at(&app, first - Duration::days(5) + Duration::minutes(1)).await;
    assert_eq!(sent.delivery.notices, 1);
    let told = bodies(&app, "handover_notice").await;
    assert_eq!(told.len(), 1);
    assert!(told[0].contains("定于 2027-07-01 集中交付"), "{told:?}");

    let id = b["id"].as_str().expect("id");
    let (_, now) = app
        .get(&format!("/api/v1/delivery-batches/{id}"), &d.service)
        .await;
    let version = now["version"].as_i64().expect("version");
    let later = at("2027-07-30T20:00:00Z");
    let (s, moved) = app
        .patch(
            &format!("/api/v1/delivery-batches/{id}"),
            &d.service,
            version,
            &json!({"handover_at": later}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{moved}");
    let notice = &moved["tasks"][2];
    assert_eq!(notice["kind"], "handover_notice");
    assert_eq!(notice["status"], "open", "owners were told the old day");
    assert_eq!(notice["due_at"], "2027-07-25T20:00:00Z");

    let early = jobs_at(&app, later - Duration::days(6)).await;
    assert_eq!(early.delivery.notices, 0, "not before its new time");
    let again = jobs_at(&app, later - Duration::days(5) + Duration::minutes(1)).await;
    assert_eq!(again.delivery.notices, 1);
    let told = bodies(&app, "handover_notice").await;
    assert_eq!(told.len(), 2, "{told:?}");
    assert!(
        told.iter().any(|t| t.contains("定于 2027-07-31 集中交付")),
        "{told:?}"
    );
}

#[actix_web::test]
async fn withdrawing_the_deal_cancels_the_buyers_booked_inspection_and_its_reminder() {
    use estate_crm::schema::deals;
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912460001").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let starts = Utc::now() + Duration::days(3);
    let (s, slot) = app
        .post(
            &format!(
                "/api/v1/delivery-batches/{}/slots",
                b["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{slot}");
    let booked = book(&app, &d, &slot, &ids[0]).await;
    let deal: String = {
        let mut conn = app.state.pool.get().expect("conn");
        deals::table
            .filter(deals::unit_id.eq(&ids[0]))
            .select(deals::id)
            .first(&mut *conn)
            .expect("deal")
    };
    let (s, w) = crate::deals::act(
        &app,
        &d.head,
        &deal,
        "withdraw",
        json!({"reason": "客户退房"}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{w}");

    let id = booked["id"].as_str().expect("id");
    let (_, after) = app
        .get(&format!("/api/v1/appointments/{id}"), &d.service)
        .await;
    assert_eq!(after["status"], "cancelled", "{after}");
    let (_, slot) = app
        .get(
            &format!(
                "/api/v1/delivery-slots/{}",
                slot["id"].as_str().expect("id")
            ),
            &d.service,
        )
        .await;
    assert_eq!(slot["booked"], 0, "the place is free again: {slot}");
    let sent = jobs_at(&app, starts - Duration::hours(23)).await;
    assert_eq!(
        sent.delivery.reminders, 0,
        "no reminder to the former buyer"
    );
}
