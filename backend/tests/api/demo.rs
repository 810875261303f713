//! The demo company's sample leads.

use api_types::Role;
use diesel::prelude::*;
use estate_crm::schema::companies;
use serde_json::Value;

use crate::helpers::spawn_app;

#[actix_web::test]
async fn demo_leads_show_every_state_a_sales_office_sees() {
    let app = spawn_app().await;
    let pd = app.state.personal_data.clone();
    let loaded = {
        let mut conn = app.state.pool.get().expect("conn");
        let company_id: String = companies::table
            .select(companies::id)
            .first(&mut *conn)
            .expect("demo company");
        estate_crm::db::write_tx(&mut conn, |conn| {
            let leads = estate_crm::demo::leads::load(conn, &pd, &company_id)?;
            estate_crm::demo::deals::load(conn, &pd, &company_id)?;
            Ok::<_, estate_crm::error::ApiError>(leads)
        })
        .expect("demo leads and deals")
    };
    let head = app.token(Role::CrmHead).await;
    let (_, page) = app.get("/api/v1/leads?limit=50", &head).await;
    let leads = page["data"].as_array().expect("leads").clone();
    assert_eq!(leads.len(), loaded);
    let count = |f: &dyn Fn(&Value) -> bool| leads.iter().filter(|l| f(l)).count();
    assert_eq!(count(&|l| l["status"] == "lost"), 1);
    // Two sales: one signed, one subscribed; their leads converted.
    assert_eq!(count(&|l| l["status"] == "subscribed"), 2);
    let (_, deals) = app.get("/api/v1/deals", &head).await;
    let mut stages: Vec<&str> = deals["data"]
        .as_array()
        .expect("deals")
        .iter()
        .filter_map(|d| d["stage"].as_str())
        .collect();
    stages.sort_unstable();
    assert_eq!(stages, ["signed", "subscribed"]);
    // One breached with its owner, one overdue past its grace and back in the pool.
    assert_eq!(count(&|l| l["sla_state"] == "breached"), 2, "{leads:#?}");
    assert_eq!(
        count(&|l| l["sla_state"] == "breached" && l["owner_id"].is_null()),
        1
    );
    assert_eq!(
        count(&|l| l["grade"].is_null()),
        1,
        "one waits for a person"
    );
    for grade in ["A", "B", "C"] {
        assert!(count(&|l| l["grade"] == grade) > 0, "some {grade} lead");
    }
    let (_, pool) = app.get("/api/v1/leads?pool=true", &head).await;
    assert!(pool["data"].as_array().is_some_and(|p| !p.is_empty()));
    let customers: std::collections::HashSet<&str> = leads
        .iter()
        .filter_map(|l| l["customer_id"].as_str())
        .collect();
    assert_eq!(customers.len(), loaded - 1, "one duplicate phone attached");
    // The breached lead's owner was told.
    let manager = app.token(Role::SalesManager).await;
    let (_, notes) = app.get("/api/v1/notifications", &manager).await;
    assert!(notes["data"].as_array().is_some_and(|n| !n.is_empty()));
}

#[actix_web::test]
async fn demo_delivery_has_a_batch_with_slots_defects_in_every_state_and_a_handed_over_unit() {
    let app = spawn_app().await;
    let pd = app.state.personal_data.clone();
    let batch_id = {
        let mut conn = app.state.pool.get().expect("conn");
        let company_id: String = companies::table
            .select(companies::id)
            .first(&mut *conn)
            .expect("demo company");
        estate_crm::db::write_tx(&mut conn, |conn| {
            estate_crm::demo::leads::load(conn, &pd, &company_id)?;
            estate_crm::demo::deals::load(conn, &pd, &company_id)?;
            estate_crm::demo::referrals::load(conn, &pd, &company_id)?;
            estate_crm::demo::delivery::load(conn, &pd, &company_id)
        })
        .expect("demo delivery")
        .expect("a batch")
    };
    let head = app.token(Role::CrmHead).await;
    let (status, batch) = app
        .get(&format!("/api/v1/delivery-batches/{batch_id}"), &head)
        .await;
    assert_eq!(status, 200, "{batch}");
    assert_eq!(batch["unit_count"], 3);
    assert_eq!(batch["handed_over"], 1);
    let done: Vec<&str> = batch["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["status"] == "done")
        .filter_map(|t| t["kind"].as_str())
        .collect();
    assert_eq!(done, ["risk_check", "pre_inspection"]);

    let (_, slots) = app
        .get(&format!("/api/v1/delivery-batches/{batch_id}/slots"), &head)
        .await;
    let booked: Vec<i64> = slots
        .as_array()
        .expect("slots")
        .iter()
        .filter_map(|s| s["booked"].as_i64())
        .collect();
    assert_eq!(booked, [1, 0], "two slots, the first booked once");
    let (_, appts) = app
        .get(&format!("/api/v1/appointments?batch_id={batch_id}"), &head)
        .await;
    assert_eq!(appts["data"].as_array().map(Vec::len), Some(1));

    let (_, defects) = app.get("/api/v1/defects?limit=50", &head).await;
    let defects = defects["data"].as_array().expect("defects").clone();
    let mut states: Vec<&str> = defects
        .iter()
        .filter_map(|d| d["status"].as_str())
        .collect();
    states.sort_unstable();
    assert_eq!(states, ["assigned", "fixed", "open", "verified"]);
    let overdue: Vec<&Value> = defects.iter().filter(|d| d["overdue"] == true).collect();
    assert_eq!(overdue.len(), 1, "{defects:#?}");
    assert_eq!(overdue[0]["status"], "assigned");

    let (_, visits) = app.get("/api/v1/visits", &head).await;
    let mut kinds: Vec<&str> = visits["data"]
        .as_array()
        .expect("visits")
        .iter()
        .filter(|v| v["status"] == "scheduled")
        .filter_map(|v| v["kind"].as_str())
        .collect();
    kinds.sort_unstable();
    assert_eq!(kinds, ["one_year", "three_month"]);

    let (_, report) = app.get("/api/v1/reports/delivery", &head).await;
    assert_eq!(report["overdue_open"], 1, "{report}");
    assert_eq!(report["fixed"], 2, "the fixed and the verified defect");
}
