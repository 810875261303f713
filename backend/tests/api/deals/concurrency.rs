//! A unit sells once: of many concurrent subscriptions exactly one wins.

use reqwest::StatusCode;
use serde_json::json;

use super::{act, available_units, buyer, fx, subscribe, subscribed, unit_status};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn of_many_concurrent_subscriptions_of_one_unit_exactly_one_wins() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let mut customers = Vec::new();
    for i in 0..16 {
        customers.push(
            buyer(&app, &f.manager, &f.pid, &format!("1391235{i:04}"))
                .await
                .0,
        );
    }
    let results = futures_util::future::join_all(
        customers
            .iter()
            .map(|c| subscribe(&app, &f.manager, &unit, c, json!({}))),
    )
    .await;
    let won: Vec<_> = results
        .iter()
        .filter(|(s, _)| *s == StatusCode::CREATED)
        .collect();
    let lost = results
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "unit_not_available")
        .count();
    assert_eq!((won.len(), lost), (1, 15), "{results:?}");
    let (_, list) = app
        .get(&format!("/api/v1/deals?unit_id={unit}"), &f.head)
        .await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(unit_status(&app, &f.manager, &unit).await, "subscribed");
}

#[actix_web::test]
async fn concurrent_signing_and_withdrawal_apply_one_after_the_other_never_both_blindly() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let unit = available_units(&app, &f.manager, &f.pid, 1).await[0]
        .0
        .clone();
    let (customer, _) = buyer(&app, &f.manager, &f.pid, "13912360001").await;
    let deal = subscribed(&app, &f.manager, &unit, &customer).await;
    let id = deal["id"].as_str().expect("id");
    let signs = futures_util::future::join_all(
        (0..6).map(|_| act(&app, &f.manager, id, "sign", json!({}))),
    )
    .await;
    let ok = signs.iter().filter(|(s, _)| *s == StatusCode::OK).count();
    let conflict = signs
        .iter()
        .filter(|(s, b)| *s == StatusCode::CONFLICT && b["code"] == "deal_stage_conflict")
        .count();
    assert_eq!((ok, conflict), (1, 5), "{signs:?}");
    let (_, d) = app.get(&format!("/api/v1/deals/{id}"), &f.manager).await;
    let revisits = d["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["kind"] == "satisfaction_revisit")
        .count();
    assert_eq!(revisits, 1, "one signing, one revisit");
}
