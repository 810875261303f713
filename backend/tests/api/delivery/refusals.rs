//! The roles each delivery action refuses (DOMAIN §1): sales staff do no
//! delivery work; property reads defects but neither records, assigns, fixes
//! nor verifies them; engineering does not manage owners' appointments or
//! their signatures.

use api_types::Role;
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{batch, defect, dx, open_slot, signed_unit, step, units};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn defect_steps_photos_slots_appointments_and_signatures_refuse_the_roles_without_them() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let property = app.token(Role::Property).await;
    let ids = units(&app, &d, 1).await;
    signed_unit(&app, &d, &ids[0], "13912470001").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(30)).await;
    let f = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let fid = f["id"].as_str().expect("id");
    let slot = open_slot(&app, &d, &b, 2).await;
    let sid = slot["id"].as_str().expect("id");
    let (s, booked) = app
        .post(
            "/api/v1/appointments",
            &d.service,
            &json!({"slot_id": sid, "unit_id": ids[0]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{booked}");
    let aid = booked["id"].as_str().expect("id");

    // Recording, assigning and fixing: crm_head, service, engineering.
    let assign = json!({"contractor": "中建三局", "solution": "重做防水"});
    for token in [&d.rep, &property] {
        let (s, b) = step(&app, token, fid, "assign", assign.clone()).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = step(&app, token, fid, "fix", json!({})).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let (s, b) = send(
            app.authed(
                Method::POST,
                &format!("/api/v1/defects/{fid}/photos"),
                token,
            )
            .body(png),
        )
        .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    // Verifying, rejecting and closing: crm_head and service.
    for token in [&d.rep, &property, &d.engineering] {
        for what in ["verify", "reject", "close"] {
            let (s, b) = step(&app, token, fid, what, json!({"note": "复验"})).await;
            assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        }
    }
    // A slot: delivery roles only.
    let (s, b) = app
        .get(&format!("/api/v1/delivery-slots/{sid}"), &d.rep)
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    // An appointment is the owner's: not for engineering or sales.
    for token in [&d.rep, &d.engineering] {
        let (s, b) = app.get(&format!("/api/v1/appointments/{aid}"), token).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = app
            .post(
                &format!("/api/v1/appointments/{aid}/cancel"),
                token,
                &json!({}),
            )
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    // A signature is taken by those who sign the unit off.
    for token in [&d.rep, &d.engineering] {
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let (s, b) = send(
            app.authed(
                Method::POST,
                &format!("/api/v1/units/{}/signature", ids[0]),
                token,
            )
            .body(png),
        )
        .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    // Nothing changed: the defect is still open, the appointment booked.
    let (_, f) = app.get(&format!("/api/v1/defects/{fid}"), &d.service).await;
    assert_eq!(f["status"], "open", "{f}");
    assert_eq!(f["photos"].as_array().map(Vec::len), Some(0), "{f}");
    let (_, a) = app
        .get(&format!("/api/v1/appointments/{aid}"), &d.service)
        .await;
    assert_eq!(a["status"], "booked", "{a}");
}
