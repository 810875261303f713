//! Owners' data in delivery (DOMAIN §1): engineering and property work
//! defects and inspections, never the owners' sign-offs, signatures, visits
//! or appointments; service sees whom those are about, contact masked.

use api_types::Role;
use chrono::{Duration, Utc};
use reqwest::StatusCode;
use serde_json::json;

use super::{batch, book, dx, open_slot, sign_off, signature, signed_unit, units};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn engineering_and_property_are_refused_the_owners_sign_offs_signatures_visits_and_appointments(
) {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let property = app.token(Role::Property).await;
    let ids = units(&app, &d, 2).await;
    let b = batch(&app, &d, &ids[1..], Utc::now() + Duration::days(30)).await;
    let bid = b["id"].as_str().expect("id");
    let owner = signed_unit(&app, &d, &ids[0], "13912371001").await;
    let h = sign_off(&app, &d.service, &ids[0], json!({})).await;
    let sig = h["signature_file_id"]
        .as_str()
        .expect("signature")
        .to_string();
    let spare = signature(&app, &d.service, &ids[0]).await;

    let paths = [
        format!("/api/v1/units/{}/handover", ids[0]),
        format!("/api/v1/delivery-files/{sig}"),
        format!("/api/v1/delivery-files/{spare}"),
        format!("/api/v1/visits?unit_id={}", ids[0]),
        "/api/v1/visits".to_string(),
        format!("/api/v1/appointments?batch_id={bid}"),
    ];
    for path in &paths {
        for token in [&d.engineering, &property] {
            let (s, body) = send(app.authed(reqwest::Method::GET, path, token)).await;
            assert_problem(s, &body, StatusCode::FORBIDDEN, "forbidden");
        }
        let s = app
            .authed(reqwest::Method::GET, path, &d.service)
            .send()
            .await
            .expect("send")
            .status();
        assert_eq!(s, StatusCode::OK, "service reads {path}");
    }
    // Two signature reads by the service, none by the refused roles: logged
    // under the owner, where a subject request looks.
    let cpo = app.token(Role::PrivacyOfficer).await;
    let (s, log) = app
        .get(
            &format!("/api/v1/personal-data-access?entity_type=customer&entity_id={owner}"),
            &cpo,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{log}");
    assert_eq!(log["data"].as_array().map(Vec::len), Some(2), "{log}");
    let (s, defects) = app.get("/api/v1/defects", &d.engineering).await;
    assert_eq!(
        s,
        StatusCode::OK,
        "engineering still works defects: {defects}"
    );
}

#[actix_web::test]
async fn service_sees_whom_a_visit_and_an_appointment_is_about_with_the_phone_masked() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let number = |id: &str| {
        let (app, head, id) = (&app, d.head.clone(), id.to_string());
        async move {
            let (_, u) = app.get(&format!("/api/v1/units/{id}"), &head).await;
            u["number"].as_str().expect("number").to_string()
        }
    };
    signed_unit(&app, &d, &ids[0], "13912372001").await;
    sign_off(&app, &d.service, &ids[0], json!({})).await;
    signed_unit(&app, &d, &ids[1], "13912372002").await;
    let b = batch(&app, &d, &ids[1..], Utc::now() + Duration::days(30)).await;
    let slot = open_slot(&app, &d, &b, 2).await;
    let booked = book(&app, &d, &slot, &ids[1]).await;
    assert!(
        booked.get("contact").is_none(),
        "only the list names the owner: {booked}"
    );

    let (s, visits) = app
        .get(&format!("/api/v1/visits?unit_id={}", ids[0]), &d.service)
        .await;
    assert_eq!(s, StatusCode::OK, "{visits}");
    let want = json!({"unit_number": number(&ids[0]).await, "owner_name": "王先生", "phone_masked": "139****2001"});
    for v in visits["data"].as_array().expect("visits") {
        assert_eq!(v["contact"], want, "{v}");
    }
    assert!(!visits.to_string().contains("13912372001"), "{visits}");
    let vid = visits["data"][0]["id"].as_str().expect("id");
    let (s, done) = app
        .post(
            &format!("/api/v1/visits/{vid}/complete"),
            &d.service,
            &json!({"outcome": "电话回访,业主满意", "satisfaction": 5}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{done}");
    assert_eq!(
        done["contact"], want,
        "the completed visit keeps its row's contact"
    );

    let (s, list) = app
        .get(
            &format!(
                "/api/v1/appointments?batch_id={}",
                b["id"].as_str().expect("id")
            ),
            &d.service,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{list}");
    assert_eq!(
        list["data"][0]["contact"],
        json!({"unit_number": number(&ids[1]).await, "owner_name": "王先生", "phone_masked": "139****2002"}),
        "{list}"
    );
    assert!(!list.to_string().contains("13912372002"), "{list}");
}
