//! The owner's side: slots with capacity, booking and cancelling, the
//! reminder through the outbox, my defects, accepting my unit; another
//! owner's records are 404 and staff tokens are refused.

use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use super::{batch, defect, dx, handover_day_comes, jobs_at, open_slot, signed_unit, step, units};
use crate::helpers::{assert_problem, spawn_app};
use crate::owners::{outbox, sign_in};

#[actix_web::test]
async fn owners_book_their_own_units_into_slots_up_to_capacity_and_are_reminded_once() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 3).await;
    for (i, u) in ids.iter().enumerate() {
        signed_unit(&app, &d, u, &format!("1391240000{i}")).await;
    }
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let bid = b["id"].as_str().expect("id");
    let starts = Utc::now() + Duration::days(3);
    let (s, slot) = app
        .post(
            &format!("/api/v1/delivery-batches/{bid}/slots"),
            &d.service,
            &json!({"starts_at": starts, "ends_at": starts + Duration::hours(2), "capacity": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{slot}");
    let sid = slot["id"].as_str().expect("id");
    let a = sign_in(&app, "13912400000").await.access_token;
    let b_owner = sign_in(&app, "13912400001").await.access_token;

    let (s, slots) = app.get("/api/v1/me/delivery-slots", &a).await;
    assert_eq!(
        (s, slots.as_array().map(Vec::len)),
        (StatusCode::OK, Some(1)),
        "{slots}"
    );
    let (s, b) = app
        .post(
            "/api/v1/me/appointments",
            &a,
            &json!({"slot_id": sid, "unit_id": ids[1]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "unit_not_found");
    let (s, booked) = app
        .post(
            "/api/v1/me/appointments",
            &a,
            &json!({"slot_id": sid, "unit_id": ids[0]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{booked}");
    let (s, b) = app
        .post(
            "/api/v1/me/appointments",
            &b_owner,
            &json!({"slot_id": sid, "unit_id": ids[1]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "slot_full");
    let aid = booked["id"].as_str().expect("id");
    let (s, b) = app
        .post(
            &format!("/api/v1/me/appointments/{aid}/cancel"),
            &b_owner,
            &json!({}),
        )
        .await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "appointment_not_found");
    let (s, b) = app.get("/api/v1/me/appointments", &d.service).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED, "{b}");

    let sent = jobs_at(&app, starts - Duration::hours(23)).await;
    assert_eq!(sent.delivery.reminders, 1);
    assert_eq!(
        jobs_at(&app, starts - Duration::hours(22))
            .await
            .delivery
            .reminders,
        0
    );
    assert_eq!(
        outbox(&app)
            .await
            .iter()
            .filter(|m| m["purpose"] == "inspection_reminder")
            .count(),
        1
    );

    let (s, c) = app
        .post(
            &format!("/api/v1/me/appointments/{aid}/cancel"),
            &a,
            &json!({}),
        )
        .await;
    assert_eq!(
        (s, c["status"].as_str()),
        (StatusCode::OK, Some("cancelled")),
        "{c}"
    );
    let (s, b2) = app
        .post(
            "/api/v1/me/appointments",
            &b_owner,
            &json!({"slot_id": sid, "unit_id": ids[1]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "the freed place is bookable: {b2}");
    let (_, mine) = app.get("/api/v1/me/appointments", &a).await;
    assert_eq!(mine.as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn an_owner_sees_only_their_defects_and_accepts_their_unit_with_reservations() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    signed_unit(&app, &d, &ids[0], "13912410000").await;
    signed_unit(&app, &d, &ids[1], "13912410001").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let mine = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let kept = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let theirs = defect(&app, &d.engineering, &ids[1], "pre_inspection").await;
    let a = sign_in(&app, "13912410000").await.access_token;
    let (s, list) = app.get("/api/v1/me/defects", &a).await;
    assert_eq!(s, StatusCode::OK, "{list}");
    let mut seen: Vec<&str> = list
        .as_array()
        .expect("list")
        .iter()
        .map(|x| x["id"].as_str().unwrap_or(""))
        .collect();
    seen.sort_unstable();
    let mut want = [
        mine["id"].as_str().expect("id"),
        kept["id"].as_str().expect("id"),
    ];
    want.sort_unstable();
    assert_eq!(seen, want);
    assert!(!list
        .to_string()
        .contains(theirs["id"].as_str().expect("id")));
    assert!(list[0].get("contractor").is_none() && list[0].get("assignee_id").is_none());

    let accept = format!("/api/v1/me/units/{}/accept", ids[0]);
    let (s, b2) = app
        .post(
            &format!("/api/v1/me/units/{}/accept", ids[1]),
            &a,
            &json!({"with_reservations": true}),
        )
        .await;
    assert_problem(s, &b2, StatusCode::NOT_FOUND, "unit_not_found");
    let (s, early) = app
        .post(&accept, &a, &json!({"with_reservations": true}))
        .await;
    assert_problem(s, &early, StatusCode::CONFLICT, "handover_day_not_come");
    handover_day_comes(&app, b["id"].as_str().expect("id"));
    let (s, keys) = app
        .post(
            &accept,
            &a,
            &json!({"with_reservations": true, "keys_handed": true}),
        )
        .await;
    assert_problem(
        s,
        &keys,
        StatusCode::UNPROCESSABLE_ENTITY,
        "validation_failed",
    );
    assert_eq!(keys["errors"][0]["code"], "staff_only");
    let (s, open) = app.post(&accept, &a, &json!({})).await;
    assert_problem(s, &open, StatusCode::CONFLICT, "open_defects");
    let id = mine["id"].as_str().expect("id");
    step(
        &app,
        &d.engineering,
        id,
        "assign",
        json!({"contractor": "精装分包"}),
    )
    .await;
    step(&app, &d.engineering, id, "fix", json!({})).await;
    step(&app, &d.service, id, "verify", json!({})).await;
    let (s, h) = app
        .post(&accept, &a, &json!({"with_reservations": true}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["channel"], "mini_program");
    assert_eq!(h["keys_handed"], false, "keys are recorded by staff");
    let reservations = h["reservations"].as_array().expect("reservations");
    assert_eq!(
        reservations.len(),
        1,
        "only the unverified defect is reserved: {h}"
    );
    assert_eq!(reservations[0]["defect_id"], kept["id"]);
    assert_eq!(reservations[0]["room"], "卫生间");
    assert_eq!(reservations[0]["status"], "open");
    let (_, record) = app
        .get(&format!("/api/v1/units/{}/handover", ids[0]), &d.service)
        .await;
    assert_eq!(record["reservations"], h["reservations"], "on the record");
    let (_, def) = app
        .get(
            &format!("/api/v1/defects/{}", kept["id"].as_str().expect("id")),
            &d.service,
        )
        .await;
    assert_eq!(def["reserved"], true);
    let (_, unit) = app.get(&format!("/api/v1/units/{}", ids[0]), &d.head).await;
    assert_eq!(unit["status"], "handed_over");
}

#[actix_web::test]
async fn an_owner_cannot_accept_a_unit_outside_any_delivery_batch() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912410100").await;
    let a = sign_in(&app, "13912410100").await.access_token;
    let (s, b) = app
        .post(
            &format!("/api/v1/me/units/{}/accept", ids[0]),
            &a,
            &json!({}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_not_in_batch");
    let (_, unit) = app.get(&format!("/api/v1/units/{}", ids[0]), &d.head).await;
    assert_eq!(unit["status"], "signed", "nothing changed");
}

#[actix_web::test]
async fn delivery_rules_are_settings_the_head_of_crm_changes_and_new_defects_name() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let (s, r) = app.get("/api/v1/settings/delivery-rules", &d.service).await;
    assert_eq!((s, r["version"].as_i64()), (StatusCode::OK, Some(0)), "{r}");
    assert_eq!(r["rules"]["handover_fix_days"], 7);
    let mut rules = r["rules"].clone();
    rules["other_fix_days"] = json!(14);
    let put = |token: String, body: serde_json::Value| {
        let app = &app;
        async move {
            crate::helpers::send(
                app.authed(
                    reqwest::Method::PUT,
                    "/api/v1/settings/delivery-rules",
                    &token,
                )
                .header("If-Match", "\"0\"")
                .json(&body),
            )
            .await
        }
    };
    let (s, b) = put(d.service.clone(), rules.clone()).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let mut bad = rules.clone();
    bad["pre_inspection_days_before"] = json!(120);
    let (s, b) = put(d.head.clone(), bad).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, b) = put(d.head.clone(), rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let unit = units(&app, &d, 1).await.remove(0);
    let def = defect(&app, &d.engineering, &unit, "risk_check").await;
    assert_eq!(def["rule"], "delivery_rules.other_fix_days=14");
    let (s, c) = app
        .get("/api/v1/settings/delivery-checklists", &d.engineering)
        .await;
    assert_eq!(s, StatusCode::OK, "{c}");
    assert!(c["checklists"]["handover"]
        .as_array()
        .is_some_and(|r| !r.is_empty()));
}

#[actix_web::test]
async fn concurrent_bookings_of_the_last_place_have_exactly_one_winner() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 4).await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(40)).await;
    let slot = open_slot(&app, &d, &b, 1).await;
    let sid = slot["id"].as_str().expect("id").to_string();
    for (i, u) in ids.iter().enumerate() {
        signed_unit(&app, &d, u, &format!("1391243000{i}")).await;
    }
    let bodies: Vec<serde_json::Value> = ids
        .iter()
        .map(|u| json!({"slot_id": sid, "unit_id": u}))
        .collect();
    let tries = bodies
        .iter()
        .map(|body| app.post("/api/v1/appointments", &d.service, body));
    let results = futures_util::future::join_all(tries).await;
    let won = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let full = results
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "slot_full")
        .count();
    assert_eq!((won, full), (1, 3), "{results:?}");
    let (_, slots) = app
        .get(
            &format!(
                "/api/v1/delivery-batches/{}/slots",
                b["id"].as_str().expect("id")
            ),
            &d.service,
        )
        .await;
    assert_eq!(slots[0]["booked"], 1);
}
