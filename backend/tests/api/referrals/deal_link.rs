//! Which deal of the friend a registration follows: only a subscription in
//! the registered project, made after the registration.

use reqwest::StatusCode;
use serde_json::{json, Value};

use super::{read, register, rx};
use crate::deals::{available_units, subscribe};
use crate::helpers::spawn_app;

fn has_referral_discount(deal: &Value) -> bool {
    deal["discounts"]
        .as_array()
        .is_some_and(|d| d.iter().any(|i| i["kind"] == "referral"))
}

#[actix_web::test]
async fn a_deal_in_another_project_or_backdated_before_the_registration_gets_no_referral_discount()
{
    let app = spawn_app().await;
    let r = rx(&app).await;
    let (head, pid, manager) = (&r.f.head, &r.f.pid, &r.f.manager);
    let reg = register(&app, head, &r.referrer, pid, "李四", "13955557101").await;
    let id = reg["id"].as_str().expect("id");
    let friend = reg["friend_customer_id"].as_str().expect("friend");

    // A subscription in the other project: not the registered one.
    let other = app.project_ids(head).await[1].clone();
    let unit = available_units(&app, manager, &other, 1).await[0].0.clone();
    let (s, deal) = subscribe(&app, manager, &unit, friend, json!({})).await;
    assert_eq!(s, StatusCode::CREATED, "{deal}");
    assert!(!has_referral_discount(&deal), "{deal}");
    assert_eq!(read(&app, id).await["status"], "registered");

    // A subscription in the project, dated before the registration.
    let unit = available_units(&app, manager, pid, 1).await[0].0.clone();
    let yesterday = chrono::Utc::now() - chrono::Duration::days(1);
    let (s, deal) = subscribe(
        &app,
        manager,
        &unit,
        friend,
        json!({"occurred_at": yesterday}),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{deal}");
    assert!(!has_referral_discount(&deal), "{deal}");
    let after = read(&app, id).await;
    assert_eq!(
        (after["status"].clone(), after["deal_id"].clone()),
        (json!("registered"), Value::Null)
    );
}
