//! The outbox: recording by default, the HTTP SMS gateway with retries and
//! backoff, the admin listing and its masking in production.

use api_types::{OutboxChannel, Role};
use chrono::Duration;
use diesel::prelude::*;
use estate_crm::config::{Environment, SmsGatewayConfig};
use estate_crm::outbox::NewMessage;
use estate_crm::schema::outbox_messages;
use reqwest::StatusCode;

use super::gateway::Gateway;
use super::{code_for, make_owner, masked, outbox, request_code, sign_in};
use crate::helpers::{assert_problem, spawn_app, spawn_with, TestApp};

async fn with_gateway(statuses: &[u16]) -> (TestApp, Gateway) {
    let gateway = Gateway::start(statuses);
    let url = gateway.url.clone();
    let app = spawn_with(move |c| {
        c.outbox.sms_gateway = Some(SmsGatewayConfig {
            url,
            token: "gw-secret".into(),
            timeout_secs: 5,
        })
    })
    .await;
    (app, gateway)
}

fn message(app: &TestApp, id: &str) -> (String, i32, Option<String>, Option<String>) {
    let mut conn = app.state.pool.get().expect("conn");
    outbox_messages::table
        .find(id)
        .select((
            outbox_messages::status,
            outbox_messages::attempts,
            outbox_messages::last_error,
            outbox_messages::sender,
        ))
        .first(&mut *conn)
        .expect("message")
}

/// Enqueues a message the way other modules do (delivery notices, reminders).
fn enqueue(app: &TestApp, company_id: &str, expires: Option<chrono::NaiveDateTime>) -> String {
    let mut conn = app.state.pool.get().expect("conn");
    estate_crm::outbox::enqueue(
        &mut conn,
        &app.state.personal_data,
        &NewMessage {
            company_id,
            channel: OutboxChannel::Sms,
            recipient: "13912345678",
            purpose: "handover_notice",
            body: "业主朋友您好!您购买的滨江壹号院1栋将于5日后交付。",
            confidential: false,
            expires_at: expires,
        },
    )
    .expect("enqueue")
}

async fn company_id(app: &TestApp) -> String {
    let (_, me) = app.get("/api/v1/me", &app.token(Role::Admin).await).await;
    me["company_id"].as_str().expect("company").to_string()
}

#[actix_web::test]
async fn the_default_sender_records_codes_in_the_outbox_for_admins() {
    let app = spawn_app().await;
    make_owner(&app, "13912345001").await;
    request_code(&app, "13912345001").await;
    let report = estate_crm::jobs::run_cycle_at(&app.state, estate_crm::db::now())
        .await
        .expect("cycle");
    assert_eq!(report.outbox.recorded, 1, "{report:?}");
    let messages = outbox(&app).await;
    let m = &messages[0];
    assert_eq!(m["status"], "recorded");
    assert_eq!(m["sender"], "record");
    assert_eq!(m["channel"], "sms");
    assert_eq!(m["recipient_masked"], masked("13912345001"));
    assert_eq!(m["confidential"], true);
    // Development shows the code, and it is the one that signs in.
    let code = code_for(&app, "13912345001").await;
    assert!(m["body"].as_str().expect("body").contains(&code));
    // Filter by status; nothing left pending.
    let admin = app.token(Role::Admin).await;
    let (_, pending) = app.get("/api/v1/outbox?status=pending", &admin).await;
    assert_eq!(pending["data"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn production_masks_one_time_codes_in_the_outbox() {
    let app = spawn_with(|c| c.environment = Environment::Production).await;
    make_owner(&app, "13912345002").await;
    request_code(&app, "13912345002").await;
    let messages = outbox(&app).await;
    let body = messages[0]["body"].as_str().expect("body");
    assert!(body.contains("******"), "{body}");
    assert!(!body.chars().any(|c| c.is_ascii_digit()), "{body}");
}

#[actix_web::test]
async fn only_admins_list_the_outbox() {
    let app = spawn_app().await;
    for role in [Role::CrmHead, Role::PrivacyOfficer, Role::SalesRep] {
        let (s, b) = app.get("/api/v1/outbox", &app.token(role).await).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    make_owner(&app, "13912345003").await;
    let owner = sign_in(&app, "13912345003").await.access_token;
    let (s, b) = app.get("/api/v1/outbox", &owner).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let admin = app.token(Role::Admin).await;
    let (s, b) = app.get("/api/v1/outbox?status=lost", &admin).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
}

#[actix_web::test]
async fn the_http_sender_delivers_codes_and_retries_after_a_gateway_failure() {
    let (app, gateway) = with_gateway(&[503]).await;
    make_owner(&app, "13912345004").await;
    request_code(&app, "13912345004").await;
    let id = outbox(&app).await[0]["id"]
        .as_str()
        .expect("id")
        .to_string();
    let now = estate_crm::db::now();

    let first = estate_crm::jobs::run_cycle_at(&app.state, now)
        .await
        .expect("cycle");
    assert_eq!((first.outbox.retried, first.outbox.sent), (1, 0));
    let (status, attempts, error, _) = message(&app, &id);
    assert_eq!((status.as_str(), attempts), ("pending", 1));
    assert!(error.expect("error").contains("503"));

    // Not due again before the backoff (30 s).
    let early = estate_crm::jobs::run_cycle_at(&app.state, now + Duration::seconds(10))
        .await
        .expect("cycle");
    assert!(early.outbox.is_empty(), "{early:?}");
    let later = estate_crm::jobs::run_cycle_at(&app.state, now + Duration::seconds(31))
        .await
        .expect("cycle");
    assert_eq!(later.outbox.sent, 1, "{later:?}");
    let (status, attempts, error, sender) = message(&app, &id);
    assert_eq!((status.as_str(), attempts), ("sent", 2));
    assert_eq!((error, sender.as_deref()), (None, Some("sms_gateway")));

    let received = gateway.received();
    assert_eq!(received.len(), 2);
    for r in &received {
        assert_eq!(r.authorization.as_deref(), Some("Bearer gw-secret"));
        assert_eq!(r.idempotency_key.as_deref(), Some(id.as_str()));
        assert_eq!(r.body["to"], "+8613912345004");
        assert_eq!(r.body["channel"], "sms");
        assert_eq!(r.body["purpose"], "owner_login_code");
        assert_eq!(r.body["message_id"], id.as_str());
    }
    let code = code_for(&app, "13912345004").await;
    assert!(received[1].body["text"]
        .as_str()
        .expect("text")
        .contains(&code));
}

#[actix_web::test]
async fn retries_back_off_and_give_up_after_five_attempts() {
    let (app, gateway) = with_gateway(&[500, 502, 503, 504, 500, 500]).await;
    let company = company_id(&app).await;
    let id = enqueue(&app, &company, None);
    let mut at = estate_crm::db::now();
    let mut waits = Vec::new();
    for _ in 0..5 {
        estate_crm::jobs::run_cycle_at(&app.state, at)
            .await
            .expect("cycle");
        let mut conn = app.state.pool.get().expect("conn");
        let next: chrono::NaiveDateTime = outbox_messages::table
            .find(&id)
            .select(outbox_messages::next_attempt_at)
            .first(&mut *conn)
            .expect("next");
        waits.push((next - at).num_seconds());
        at = next;
    }
    assert_eq!(&waits[..4], &[30, 60, 120, 240]);
    let (status, attempts, error, _) = message(&app, &id);
    assert_eq!((status.as_str(), attempts), ("failed", 5));
    assert!(error.expect("error").contains("500"));
    assert_eq!(gateway.received().len(), 5);
    let after = estate_crm::jobs::run_cycle_at(&app.state, at + Duration::hours(2))
        .await
        .expect("cycle");
    assert!(
        after.outbox.is_empty(),
        "a failed message is not sent again"
    );
}

#[actix_web::test]
async fn refused_and_expired_messages_are_given_up_without_retrying() {
    let (app, gateway) = with_gateway(&[400]).await;
    let company = company_id(&app).await;
    let refused = enqueue(&app, &company, None);
    let now = estate_crm::db::now();
    let report = estate_crm::jobs::run_cycle_at(&app.state, now)
        .await
        .expect("cycle");
    assert_eq!(report.outbox.failed, 1);
    let (status, attempts, _, _) = message(&app, &refused);
    assert_eq!((status.as_str(), attempts), ("failed", 1));

    // A one-time code not delivered within its 5 minutes is never sent.
    let expired = enqueue(&app, &company, Some(now + Duration::minutes(5)));
    let report = estate_crm::jobs::run_cycle_at(&app.state, now + Duration::minutes(6))
        .await
        .expect("cycle");
    assert_eq!(report.outbox.failed, 1);
    let (status, _, error, _) = message(&app, &expired);
    assert_eq!(status, "failed");
    assert!(error.expect("error").contains("expired"));
    assert_eq!(gateway.received().len(), 1, "only the refused one was sent");
}
