//! Membership tiers (DOMAIN §4): the hooks deals and referrals call, driven
//! directly on real customers; tier history with causes; withdrawals.
//! Helpers shared by the other membership test files.

use api_types::Role;
use chrono::NaiveDateTime;
use estate_crm::db::{self, DbConn};
use estate_crm::membership::hooks::{self, SaleEvent};
use estate_crm::schema::customers;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{send, spawn_app, TestApp};
use crate::leads::{capture, lead_body};

/// A customer captured through the leads API; `rep_owned` gives a grade-B
/// lead (assigned to the demo sales rep), else grade A (the sales manager's).
pub async fn customer(app: &TestApp, phone: &str, rep_owned: bool) -> String {
    let manager = app.token(Role::SalesManager).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let body = if rep_owned {
        lead_body(&pid, phone, "undated", "unknown")
    } else {
        lead_body(&pid, phone, "within_3_months", "can_pay")
    };
    let out = capture(app, &manager, &body).await;
    out["lead"]["customer_id"]
        .as_str()
        .expect("customer")
        .to_string()
}

/// Runs `f` on a pooled connection of the test database.
pub fn with_conn<T>(app: &TestApp, f: impl FnOnce(&mut DbConn) -> T) -> T {
    let mut conn = app.state.pool.get().expect("conn");
    f(&mut conn)
}

/// The company of a customer.
pub fn company_of(app: &TestApp, customer_id: &str) -> String {
    use diesel::prelude::*;
    with_conn(app, |c| {
        customers::table
            .find(customer_id)
            .select(customers::company_id)
            .first(c)
            .expect("company")
    })
}

/// A sale event of the customer's deal, at `at`.
pub fn sale<'a>(
    company: &'a str,
    customer: &'a str,
    deal: &'a str,
    at: NaiveDateTime,
) -> SaleEvent<'a> {
    SaleEvent {
        company_id: company,
        customer_id: customer,
        deal_id: deal,
        at,
        actor_id: None,
    }
}

/// The customer's membership as the head of CRM reads it.
pub async fn membership(app: &TestApp, customer: &str) -> Value {
    let crm = app.token(Role::CrmHead).await;
    let (s, b) = app
        .get(&format!("/api/v1/customers/{customer}/membership"), &crm)
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b
}

/// PUT a setting with `If-Match`.
pub async fn put_setting(
    app: &TestApp,
    token: &str,
    path: &str,
    version: Option<i64>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut req = app.authed(Method::PUT, path, token).json(body);
    if let Some(v) = version {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    send(req).await
}

#[actix_web::test]
async fn purchases_and_referrals_raise_the_tier_and_every_change_names_its_cause() {
    let app = spawn_app().await;
    let buyer = customer(&app, "13912340001", false).await;
    let company = company_of(&app, &buyer);
    let now = db::now();
    // Before any purchase: no tier, no discount.
    assert_eq!(membership(&app, &buyer).await["tier"], Value::Null);
    with_conn(&app, |c| {
        assert_eq!(
            hooks::purchase_discount(c, &company, &buyer).expect("d"),
            None
        );
        // As deals will: inside their own write transaction; twice, idempotently.
        for _ in 0..2 {
            db::write_tx(c, |c| {
                hooks::deal_subscribed(c, &sale(&company, &buyer, "deal-1", now))
            })
            .expect("subscribed");
        }
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(m["tier"], "ordinary");
    assert_eq!(m["purchases"], 1, "the same deal counts once");
    assert_eq!(
        m["purchase_discount"],
        Value::Null,
        "ordinary has no discount"
    );
    with_conn(&app, |c| {
        hooks::deal_subscribed(c, &sale(&company, &buyer, "deal-2", now)).expect("repeat");
        let d = hooks::purchase_discount(c, &company, &buyer)
            .expect("d")
            .expect("silver discount");
        assert_eq!((d.tier.as_str(), d.basis_points), ("silver", 100));
        assert_eq!(d.rule, "membership_tiers.silver_discount_bp=100");
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(m["tier"], "silver");
    let history = m["tier_history"].as_array().expect("history");
    assert_eq!(history.len(), 2);
    assert_eq!(history[0]["from_tier"], "ordinary");
    assert_eq!(history[0]["to_tier"], "silver");
    assert_eq!(history[0]["cause_kind"], "deal_subscribed");
    assert_eq!(history[0]["cause_id"], "deal-2");
    assert!(history[0]["rule"]
        .as_str()
        .is_some_and(|r| r.starts_with("membership_tiers.silver_min_purchases=2")));
    assert_eq!(history[1]["from_tier"], Value::Null);
    assert_eq!(history[1]["to_tier"], "ordinary");

    // Referrals: one makes silver, two make gold; the same referral counts once.
    let referrer = customer(&app, "13912340002", false).await;
    with_conn(&app, |c| {
        hooks::deal_subscribed(c, &sale(&company, &referrer, "deal-3", now)).expect("buy");
        for _ in 0..2 {
            hooks::referral_succeeded(c, &company, &referrer, "ref-1", now).expect("ref");
        }
    });
    let m = membership(&app, &referrer).await;
    assert_eq!(m["tier"], "silver");
    assert_eq!(m["referrals"], 1);
    assert_eq!(m["tier_history"][0]["cause_kind"], "referral_succeeded");
    assert!(m["tier_history"][0]["rule"]
        .as_str()
        .is_some_and(|r| r.starts_with("membership_tiers.silver_min_referrals=1")));
    with_conn(&app, |c| {
        hooks::referral_succeeded(c, &company, &referrer, "ref-2", now).expect("ref")
    });
    let m = membership(&app, &referrer).await;
    assert_eq!(m["tier"], "gold");
    assert_eq!(m["tier_history"][0]["cause_id"], "ref-2");
    assert_eq!(m["tier_history"].as_array().map(Vec::len), Some(3));
    assert_eq!(m["purchase_discount"]["tier"], "gold");
    assert_eq!(m["points_balance"], 4000, "2 × 2000 referral points");

    // A revoked referral no longer counts: back to silver, its points taken back.
    with_conn(&app, |c| {
        for _ in 0..2 {
            hooks::referral_revoked(c, &company, &referrer, "ref-2", now).expect("revoke");
        }
    });
    let m = membership(&app, &referrer).await;
    assert_eq!(m["tier"], "silver");
    assert_eq!(m["tier_history"][0]["cause_kind"], "referral_revoked");
    assert_eq!(m["points_balance"], 2000);
}

#[actix_web::test]
async fn a_referral_without_a_purchase_raises_no_tier_until_the_first_purchase() {
    let app = spawn_app().await;
    let friend = customer(&app, "13912340003", false).await;
    let company = company_of(&app, &friend);
    let now = db::now();
    with_conn(&app, |c| {
        hooks::referral_succeeded(c, &company, &friend, "ref-9", now).expect("ref");
    });
    let m = membership(&app, &friend).await;
    assert_eq!(m["tier"], Value::Null);
    assert_eq!(m["referrals"], 1);
    with_conn(&app, |c| {
        hooks::contract_signed(c, &sale(&company, &friend, "deal-9", now), 0).expect("signed");
    });
    let m = membership(&app, &friend).await;
    assert_eq!(m["tier"], "silver", "a first purchase plus one referral");
    assert_eq!(m["tier_history"][0]["cause_kind"], "contract_signed");
}

#[actix_web::test]
async fn a_withdrawal_reverses_the_deals_points_and_downgrades_the_tier() {
    let app = spawn_app().await;
    let buyer = customer(&app, "13912340004", false).await;
    let company = company_of(&app, &buyer);
    let now = db::now();
    with_conn(&app, |c| {
        hooks::deal_subscribed(c, &sale(&company, &buyer, "d1", now)).expect("d1");
        hooks::deal_subscribed(c, &sale(&company, &buyer, "d2", now)).expect("d2");
        for _ in 0..2 {
            // 4,160,000 yuan at 1 point per 100 yuan, once.
            hooks::contract_signed(c, &sale(&company, &buyer, "d2", now), 416_000_000)
                .expect("signed");
        }
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(
        (m["tier"].clone(), m["points_balance"].clone()),
        (json!("silver"), json!(41_600))
    );
    with_conn(&app, |c| {
        for _ in 0..2 {
            hooks::deal_withdrawn(c, &sale(&company, &buyer, "d2", now)).expect("withdrawn");
        }
        // A signing after the withdrawal earns nothing.
        hooks::contract_signed(c, &sale(&company, &buyer, "d2", now), 416_000_000).expect("late");
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(m["tier"], "ordinary");
    assert_eq!(m["purchases"], 1);
    assert_eq!(m["points_balance"], 0);
    let last = &m["tier_history"][0];
    assert_eq!(last["cause_kind"], "deal_withdrawn");
    assert_eq!(last["cause_id"], "d2");
    assert_eq!(
        (last["from_tier"].clone(), last["to_tier"].clone()),
        (json!("silver"), json!("ordinary"))
    );
    let crm = app.token(Role::CrmHead).await;
    let (_, ledger) = app
        .get(&format!("/api/v1/customers/{buyer}/points"), &crm)
        .await;
    let entries = ledger["data"].as_array().expect("data");
    assert_eq!(entries.len(), 2, "one earning, one reversal: {ledger}");
    assert_eq!(entries[0]["kind"], "reverse");
    assert_eq!(entries[0]["points"], -41_600);
    assert_eq!(entries[0]["reason_code"], "deal_withdrawn");
    assert_eq!(entries[1]["kind"], "earn");
    assert_eq!(entries[1]["reference_type"], "deal");
    assert_eq!(entries[1]["reference_id"], "d2");
    assert!(entries[1]["rule"]
        .as_str()
        .is_some_and(|r| r.contains("contract_yuan=100")));
    // The last purchase withdrawn: no longer a member.
    with_conn(&app, |c| {
        hooks::deal_withdrawn(c, &sale(&company, &buyer, "d1", now)).expect("d1")
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(m["tier"], Value::Null);
    assert_eq!(m["tier_history"][0]["to_tier"], Value::Null);
}

#[actix_web::test]
async fn with_downgrades_off_a_withdrawal_keeps_the_tier() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let path = "/api/v1/settings/membership-tiers";
    let (_, current) = app.get(path, &crm).await;
    let mut rules = current["rules"].clone();
    rules["downgrade_on_withdrawal"] = json!(false);
    let (s, b) = put_setting(&app, &crm, path, Some(0), &rules).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let buyer = customer(&app, "13912340005", false).await;
    let company = company_of(&app, &buyer);
    let now = db::now();
    with_conn(&app, |c| {
        hooks::deal_subscribed(c, &sale(&company, &buyer, "d1", now)).expect("d1");
        hooks::deal_subscribed(c, &sale(&company, &buyer, "d2", now)).expect("d2");
        hooks::deal_withdrawn(c, &sale(&company, &buyer, "d2", now)).expect("w");
    });
    let m = membership(&app, &buyer).await;
    assert_eq!(m["tier"], "silver");
    assert_eq!(m["purchases"], 1);
    assert_eq!(
        m["tier_history"].as_array().map(Vec::len),
        Some(2),
        "no change recorded"
    );
}
