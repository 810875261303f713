//! An approved reward voided by a withdrawal before payment: the staff see
//! it cancelled and void, and it is not counted in the KPI reward cost.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use super::{action, friend_buys, read, register, rx};
use crate::deals::{act, available_units};
use crate::helpers::spawn_app;

#[actix_web::test]
async fn an_approved_reward_cancelled_by_a_withdrawal_before_payment_is_void_and_not_a_reward_cost()
{
    let app = spawn_app().await;
    let r = rx(&app).await;
    let head = app.token(Role::CrmHead).await;
    let units = available_units(&app, &r.f.manager, &r.f.pid, 2).await;
    let mut ids = Vec::new();
    let mut deals = Vec::new();
    for (i, phone) in ["13955558301", "13955558302"].iter().enumerate() {
        let reg = register(&app, &head, &r.referrer, &r.f.pid, "吴友", phone).await;
        let friend = reg["friend_customer_id"].as_str().expect("friend");
        let deal = friend_buys(&app, &r.f, friend, &units[i].0).await;
        let d = deal["id"].as_str().expect("deal").to_string();
        let (s, b) = act(&app, &r.f.manager, &d, "sign", json!({})).await;
        assert_eq!(s, StatusCode::OK, "{b}");
        let id = reg["id"].as_str().expect("id").to_string();
        let amount = json!({"reward": "property_fees", "amount_fen": 300_000 + i * 100_000});
        let (s, b) = action(&app, &head, &id, "approve", amount).await;
        assert_eq!(
            (s, b["status"].clone()),
            (StatusCode::OK, json!("approved")),
            "{b}"
        );
        ids.push(id);
        deals.push(d);
    }
    let (s, report) = app.get("/api/v1/reports/referrals", &head).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["totals"]["reward_cost_fen"], 700_000, "{report}");

    let reason = json!({"reason": "客户退房"});
    let (s, b) = act(&app, &r.f.manager, &deals[0], "withdraw", reason).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let void = read(&app, &ids[0]).await;
    assert_eq!(
        (
            void["status"].clone(),
            void["paid_at"].clone(),
            void["clawback_fen"].clone()
        ),
        (json!("cancelled"), json!(null), json!(null)),
        "{void}"
    );
    let cancel = void["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["kind"] == "cancelled")
        .cloned()
        .expect("cancelled event");
    assert!(
        cancel["reason"]
            .as_str()
            .is_some_and(|t| t.contains("the approved reward is void")),
        "{cancel}"
    );
    let (s, b) = action(&app, &head, &ids[0], "pay", json!({"reference": "x"})).await;
    assert_eq!(s, StatusCode::CONFLICT, "{b}");

    let (s, report) = app.get("/api/v1/reports/referrals", &head).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(
        (
            report["totals"]["reward_cost_fen"].clone(),
            report["totals"]["paid_fen"].clone()
        ),
        (json!(400_000), json!(0)),
        "{report}"
    );
}
