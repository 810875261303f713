//! Two sign-offs of one unit at once: exactly one wins. A fix after its
//! deadline lowers the on-time rectification rate.

use chrono::Utc;
use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::json;

use super::{defect, dx, signature, signed_unit, step, units};
use crate::deals::unit_status;
use crate::helpers::{send, spawn_app};

#[actix_web::test]
async fn two_concurrent_sign_offs_of_a_unit_have_exactly_one_winner() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    signed_unit(&app, &d, &unit, "13912480001").await;
    let sig = signature(&app, &d.service, &unit).await;
    let path = format!("/api/v1/units/{unit}/handover");
    let body = json!({"signature_file_id": sig});
    let tries = [&d.service, &d.head].map(|token| app.post(&path, token, &body));
    let results = futures_util::future::join_all(tries).await;
    let won = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .count();
    let lost = results
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "already_handed_over")
        .count();
    assert_eq!((won, lost), (1, 1), "{results:?}");
    assert_eq!(unit_status(&app, &d.head, &unit).await, "handed_over");
    let (s, visits) = app
        .get(&format!("/api/v1/visits?unit_id={unit}"), &d.service)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(
        visits["data"].as_array().map(Vec::len),
        Some(2),
        "one sign-off's visits: {visits}"
    );
}

#[actix_web::test]
async fn a_fix_after_its_deadline_lowers_the_on_time_rectification_rate() {
    use estate_crm::schema::defects;
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let on_time = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let late = defect(&app, &d.engineering, &ids[1], "pre_inspection").await;
    {
        let mut conn = app.state.pool.get().expect("conn");
        let past =
            estate_crm::db::truncate_micros((Utc::now() - chrono::Duration::days(1)).naive_utc());
        diesel::update(defects::table.filter(defects::id.eq(late["id"].as_str().expect("id"))))
            .set(defects::fix_due_at.eq(past))
            .execute(&mut *conn)
            .expect("deadline passed");
    }
    for def in [&on_time, &late] {
        let id = def["id"].as_str().expect("id");
        let (s, b) = step(
            &app,
            &d.engineering,
            id,
            "assign",
            json!({"contractor": "精装分包"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let (s, b) = step(&app, &d.engineering, id, "fix", json!({})).await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let (s, r) = app
        .get(
            &format!("/api/v1/reports/delivery?project_id={}", d.pid),
            &d.head,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(
        (
            r["fixed"].as_i64(),
            r["fixed_on_time"].as_i64(),
            r["on_time_rate"].as_f64()
        ),
        (Some(2), Some(1), Some(0.5)),
        "{r}"
    );
}

#[actix_web::test]
async fn an_inspection_or_defect_racing_the_delete_of_its_unit_lands_first_or_finds_it_gone() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let admin = app.token(api_types::Role::Admin).await;
    for (round, unit) in units(&app, &d, 3).await.into_iter().enumerate() {
        let path = format!("/api/v1/units/{unit}");
        let (_, u) = app.get(&path, &admin).await;
        let delete = send(
            app.authed(reqwest::Method::DELETE, &path, &admin)
                .header("If-Match", format!("\"{}\"", u["version"])),
        );
        let inspection = json!({"unit_id": unit, "kind": "pre_inspection"});
        let found = json!({"unit_id": unit, "phase": "pre_inspection", "room": "客厅",
                           "location": "北墙", "category": "waterproofing", "severity": "minor",
                           "description": format!("墙面开裂{round}")});
        let writes = futures_util::future::join_all([
            app.post("/api/v1/inspections", &d.engineering, &inspection),
            app.post("/api/v1/defects", &d.engineering, &found),
        ]);
        let (deleted, written) = futures_util::future::join(delete, writes).await;
        for (s, b) in &written {
            assert!(
                *s == StatusCode::CREATED
                    || (*s == StatusCode::NOT_FOUND && b["code"] == "unit_not_found"),
                "round {round}: a write either lands or finds no unit: {s} {b}"
            );
        }
        let landed = written
            .iter()
            .filter(|(s, _)| *s == StatusCode::CREATED)
            .count();
        match deleted.0 {
            StatusCode::NO_CONTENT => assert_eq!(landed, 0, "{deleted:?}"),
            StatusCode::CONFLICT => assert!(landed > 0, "{deleted:?}"),
            other => panic!("delete answered {other}: {}", deleted.1),
        }
    }
}
