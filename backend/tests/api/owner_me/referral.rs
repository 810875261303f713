//! Silver by a referral (the referral issue's hook) gives the member discount
//! on the next deal; with `downgrade_on_withdrawal = false` withdrawing a
//! deal through the API keeps the tier.

use api_types::Role;
use estate_crm::db;
use estate_crm::membership::hooks;
use reqwest::StatusCode;
use serde_json::json;

use super::read;
use crate::deals::{act, available_units, buyer, fx, subscribed};
use crate::helpers::spawn_app;
use crate::membership::{company_of, put_setting, with_conn};

#[actix_web::test]
async fn a_referral_makes_silver_and_with_downgrades_off_a_withdrawal_keeps_it() {
    let app = spawn_app().await;
    let f = fx(&app).await;
    let crm = app.token(Role::CrmHead).await;
    let path = "/api/v1/settings/membership-tiers";
    let (_, current) = app.get(path, &crm).await;
    let mut rules = current["rules"].clone();
    rules["downgrade_on_withdrawal"] = json!(false);
    let (s, b) = put_setting(&app, &crm, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");

    let (c, _) = buyer(&app, &f.manager, &f.pid, "13912367001").await;
    let units = available_units(&app, &f.manager, &f.pid, 2).await;
    let membership = format!("/api/v1/customers/{c}/membership");
    let d1 = subscribed(&app, &f.manager, &units[0].0, &c).await;
    let company = company_of(&app, &c);
    with_conn(&app, |conn| {
        hooks::referral_succeeded(conn, &company, &c, "referral-1", db::now()).expect("referral")
    });
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (
            m["tier"].clone(),
            m["tier_history"][0]["cause_kind"].clone()
        ),
        (json!("silver"), json!("referral_succeeded"))
    );
    let d2 = subscribed(&app, &f.manager, &units[1].0, &c).await;
    let item = d2["discounts"]
        .as_array()
        .and_then(|d| d.iter().find(|i| i["kind"] == "member"))
        .expect("member discount");
    assert_eq!(item["basis_points"], 100);
    let history_before = m["tier_history"].as_array().map(Vec::len);

    // Both purchases withdrawn: no counting purchase would mean no tier, but
    // downgrades are off, so silver stays and no change is recorded.
    for d in [&d2, &d1] {
        let id = d["id"].as_str().expect("id");
        let (s, b) = act(
            &app,
            &f.manager,
            id,
            "withdraw",
            json!({"reason": "改主意"}),
        )
        .await;
        assert_eq!(s, StatusCode::OK, "{b}");
    }
    let m = read(&app, &f.manager, &membership).await;
    assert_eq!(
        (m["tier"].clone(), m["purchases"].clone()),
        (json!("silver"), json!(0))
    );
    assert_eq!(m["tier_history"].as_array().map(Vec::len), history_before);
}
