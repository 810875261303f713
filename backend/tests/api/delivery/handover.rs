//! Sign-off: open defects refuse it unless accepted with reservations; the
//! unit becomes `handed_over`; the 3-month and 1-year visits are scheduled,
//! noticed a week before by the sweep, and skipped for each exclusion.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{defect, dx, jobs_at, sign_off, signature, signed_unit, units};
use crate::deals::unit_status;
use crate::helpers::{assert_problem, send, spawn_app};
use crate::owners::outbox;

#[actix_web::test]
async fn open_defects_refuse_the_sign_off_unless_accepted_with_reservations_and_the_unit_is_handed_over(
) {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    let owner = signed_unit(&app, &d, &ids[0], "13912380001").await;
    let open = defect(&app, &d.engineering, &ids[0], "handover").await;
    let path = format!("/api/v1/units/{}/handover", ids[0]);

    let (s, b) = app
        .post(&path, &d.service, &json!({"with_reservations": true}))
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "signature_file_id");
    assert_eq!(b["errors"][0]["code"], "required");
    let sig = json!({"id": signature(&app, &d.service, &ids[0]).await});
    let (s, b) = app
        .post(&path, &d.service, &json!({"signature_file_id": sig["id"]}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "open_defects");
    let (s, b) = app
        .post(
            &path,
            &d.engineering,
            &json!({"with_reservations": true, "signature_file_id": sig["id"]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    let other = signature(&app, &d.service, &ids[1]).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/units/{}/handover", ids[1]),
            &d.service,
            &json!({"signature_file_id": other}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "no_signed_deal");
    assert_eq!(unit_status(&app, &d.head, &ids[0]).await, "signed");

    let (s, h) = app
        .post(&path, &d.service, &json!({"with_reservations": true, "signature_file_id": sig["id"], "occupancy": "living"}))
        .await;
    assert_eq!(s, StatusCode::CREATED, "{h}");
    assert_eq!(h["customer_id"], owner.as_str());
    assert_eq!(h["channel"], "tablet");
    assert_eq!(h["keys_handed"], true);
    assert_eq!(h["reservations"][0]["defect_id"], open["id"]);
    assert_eq!(unit_status(&app, &d.head, &ids[0]).await, "handed_over");
    // Nor can a hand edit put the unit back on sale.
    let unit_path = format!("/api/v1/units/{}", ids[0]);
    let (_, unit) = app.get(&unit_path, &d.head).await;
    let version = unit["version"].as_i64().expect("version");
    let (s, b) = app
        .patch(
            &unit_path,
            &d.head,
            version,
            &json!({"status": "available"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_status_follows_sale");
    assert_eq!(unit_status(&app, &d.head, &ids[0]).await, "handed_over");
    let (_, def) = app
        .get(
            &format!("/api/v1/defects/{}", open["id"].as_str().expect("id")),
            &d.service,
        )
        .await;
    assert_eq!(def["reserved"], true);
    let (s, b) = app
        .post(
            &path,
            &d.service,
            &json!({"with_reservations": true, "signature_file_id": sig["id"]}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "already_handed_over");

    // Handed over, the unit is the buyer's: the deal can no longer be withdrawn.
    let (_, deals) = app
        .get(&format!("/api/v1/deals?unit_id={}", ids[0]), &d.head)
        .await;
    let deal = deals["data"][0]["id"].as_str().expect("deal").to_string();
    let withdraw = format!("/api/v1/deals/{deal}/withdraw");
    let (s, b) = app
        .post(&withdraw, &d.head, &json!({"reason": "客户要求退房"}))
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_handed_over");
    let (_, after) = app.get(&format!("/api/v1/deals/{deal}"), &d.head).await;
    assert_eq!(after["stage"], "signed", "nothing changed: {after}");
    assert_eq!(after["unit_status"], "handed_over");
    assert!(after["unit_number"].as_str().is_some_and(|n| !n.is_empty()));
    assert_eq!(unit_status(&app, &d.head, &ids[0]).await, "handed_over");

    let (s, visits) = app
        .get(&format!("/api/v1/visits?unit_id={}", ids[0]), &d.service)
        .await;
    assert_eq!(s, StatusCode::OK, "{visits}");
    let mut kinds: Vec<(String, String)> = visits["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|v| {
            (
                v["kind"].as_str().unwrap_or("").into(),
                v["mode"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    kinds.sort();
    assert_eq!(
        kinds,
        [
            ("one_year".into(), "home".into()),
            ("three_month".into(), "home_or_phone".into())
        ]
    );
    let (s, b) = app.get("/api/v1/visits", &d.rep).await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");

    let (s, tl) = app
        .get(&format!("/api/v1/customers/{owner}/timeline"), &d.head)
        .await;
    assert_eq!(s, StatusCode::OK, "{tl}");
    let sources: Vec<&str> = tl["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|e| e["source"].as_str().unwrap_or(""))
        .collect();
    for want in ["handover", "defect", "visit"] {
        assert!(
            sources.contains(&want),
            "{want} on the customer timeline: {sources:?}"
        );
    }
}

#[actix_web::test]
async fn visits_are_noticed_a_week_before_and_skipped_for_complaints_renovation_and_absence() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 4).await;
    let mut owners = Vec::new();
    for (i, unit) in ids.iter().enumerate() {
        owners.push(signed_unit(&app, &d, unit, &format!("1391239000{i}")).await);
        sign_off(&app, &d.service, unit, json!({})).await;
    }
    let (s, b) = send(
        app.authed(
            Method::PUT,
            &format!("/api/v1/customers/{}/service-flags", owners[1]),
            &d.service,
        )
        .header("If-Match", "\"0\"")
        .json(&json!({"major_complaint": true, "note": "渗水重大投诉"})),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    for (unit, occupancy) in [(&ids[2], "renovating"), (&ids[3], "not_living")] {
        let (s, b) = app
            .patch(
                &format!("/api/v1/units/{unit}/handover"),
                &d.service,
                1,
                &json!({"occupancy": occupancy}),
            )
            .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }

    let before = jobs_at(&app, Utc::now() + Duration::days(80)).await;
    assert_eq!(
        (
            before.delivery.visits_noticed,
            before.delivery.visits_skipped
        ),
        (0, 0)
    );
    let week_before = jobs_at(&app, Utc::now() + Duration::days(92) - Duration::days(7)).await;
    assert_eq!(
        (
            week_before.delivery.visits_noticed,
            week_before.delivery.visits_skipped
        ),
        (1, 3),
        "{week_before:?}"
    );

    let (_, list) = app.get("/api/v1/visits?kind=three_month", &d.service).await;
    let by_unit = |u: &str| {
        list["data"]
            .as_array()
            .expect("data")
            .iter()
            .find(|v| v["unit_id"] == u)
            .cloned()
            .expect("visit")
    };
    assert_eq!(by_unit(&ids[0])["status"], "noticed");
    assert_eq!(by_unit(&ids[1])["skip_reason"], "major_complaint");
    assert_eq!(by_unit(&ids[2])["skip_reason"], "renovating");
    assert_eq!(by_unit(&ids[3])["skip_reason"], "not_living");
    let notices: Vec<_> = outbox(&app)
        .await
        .into_iter()
        .filter(|m| m["purpose"] == "visit_notice")
        .collect();
    assert_eq!(notices.len(), 1);
    assert_eq!(notices[0]["recipient_masked"], "139****0000");

    let visit = by_unit(&ids[0]);
    let vid = visit["id"].as_str().expect("id");
    let (s, done) = app
        .post(
            &format!("/api/v1/visits/{vid}/complete"),
            &d.service,
            &json!({"outcome": "居住满意,反馈门禁偶有故障", "satisfaction": 4}),
        )
        .await;
    assert_eq!(
        (s, done["status"].as_str()),
        (StatusCode::OK, Some("completed")),
        "{done}"
    );
    let skipped = by_unit(&ids[1]);
    let (s, b) = app
        .post(
            &format!(
                "/api/v1/visits/{}/complete",
                skipped["id"].as_str().expect("id")
            ),
            &d.service,
            &json!({"outcome": "不应完成"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "visit_closed");
}
