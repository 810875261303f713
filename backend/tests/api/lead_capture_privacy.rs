//! Capturing a phone that is already a customer tells the capturer nothing
//! they may not see: the answer names the customer as stored only for staff
//! who may see that customer; a sales rep (whose new lead went to someone
//! else) and an integration get back the name they sent, and the lead's
//! grade, owner and clock withheld (`withheld: true`).

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{send, spawn_app};
use crate::lead_routing::api_key;
use crate::leads::{capture, lead_body};

#[actix_web::test]
async fn a_duplicate_capture_names_the_stored_customer_only_to_those_who_may_see_them() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    // An A lead: the manager's, so the customer is not the rep's.
    let mut first = lead_body(&pid, "13977770001", "within_3_months", "can_pay");
    first["name"] = json!("欧阳娜娜");
    let out = capture(&app, &manager, &first).await;
    let customer = out["lead"]["customer_id"].clone();

    let mut again = first.clone();
    again["name"] = json!("随便填");
    let by_rep = capture(&app, &rep, &again).await;
    assert_eq!(by_rep["duplicate"], true, "{by_rep}");
    assert_eq!(by_rep["lead"]["customer_id"], customer);
    assert_eq!(by_rep["withheld"], true, "{by_rep}");
    assert_eq!(
        by_rep["lead"]["customer_name"], "随便填",
        "the rep may not see the customer: {by_rep}"
    );

    let key = api_key(&app, &admin, &["leads:write"]).await;
    let (s, by_key) = send(
        app.req(Method::POST, "/api/v1/leads")
            .header("X-API-Key", key.as_str())
            .json(&again),
    )
    .await;
    assert_eq!(s, StatusCode::CREATED, "{by_key}");
    assert_eq!(by_key["duplicate"], true);
    assert_eq!(by_key["withheld"], true, "{by_key}");
    assert_eq!(by_key["lead"]["customer_name"], "随便填", "{by_key}");

    let by_manager = capture(&app, &manager, &again).await;
    assert_eq!(
        by_manager["lead"]["customer_name"], "欧阳娜娜",
        "the manager sees the customer: {by_manager}"
    );
    assert_eq!(by_manager["withheld"], false);
    assert_eq!(by_manager["lead"]["grade"], "A", "{by_manager}");
}

#[actix_web::test]
async fn a_duplicate_capture_does_not_tell_an_integration_that_the_customer_opted_out_of_automated_decisions(
) {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let manager = app.token(Role::SalesManager).await;
    let rep = app.token(Role::SalesRep).await;
    let pid = app.project_ids(&manager).await[0].clone();
    let graded = lead_body(&pid, "13977770002", "within_3_months", "can_pay");
    let mut opted_out = lead_body(&pid, "13977770003", "within_3_months", "can_pay");
    opted_out["opt_outs"] = json!({"automated_decisions": true});
    let first = capture(&app, &manager, &opted_out).await;
    assert_eq!(
        first["lead"]["grade"],
        json!(null),
        "waits for a person: {first}"
    );
    capture(&app, &manager, &graded).await;

    // An integration re-captures both phones (without an opt-out of its own).
    let key = api_key(&app, &admin, &["leads:write"]).await;
    let mut again = opted_out.clone();
    again.as_object_mut().expect("object").remove("opt_outs");
    let mut answers = Vec::new();
    for body in [&graded, &again] {
        let resp = app
            .req(Method::POST, "/api/v1/leads")
            .header("X-API-Key", key.as_str())
            .json(body)
            .send()
            .await
            .expect("capture");
        assert_eq!(resp.status(), StatusCode::CREATED);
        assert!(
            resp.headers().get("etag").is_none(),
            "no version to count steps by"
        );
        answers.push(resp.json::<serde_json::Value>().await.expect("json"));
    }
    // The same answer for both, whatever is stored of each person.
    let seen = |a: &serde_json::Value| {
        let mut lead = a["lead"].clone();
        let l = lead.as_object_mut().expect("lead");
        assert_eq!(l["updated_at"], l["created_at"], "{a}");
        for differs in [
            "id",
            "customer_id",
            "phone_masked",
            "created_at",
            "updated_at",
        ] {
            l.remove(differs);
        }
        (a["duplicate"].clone(), a["withheld"].clone(), lead)
    };
    assert_eq!(seen(&answers[0]), seen(&answers[1]));
    let (duplicate, withheld, lead) = seen(&answers[0]);
    assert_eq!((duplicate, withheld), (json!(true), json!(true)));
    for field in [
        "grade",
        "grade_source",
        "owner_id",
        "sla_state",
        "next_due_at",
    ] {
        assert_eq!(lead[field], json!(null), "{field} withheld: {lead}");
    }
    assert_eq!(lead["version"], 1);

    // Withheld from the answer only: the lead itself was graded as usual.
    let id = answers[0]["lead"]["id"].as_str().expect("id");
    let (s, stored) = app.get(&format!("/api/v1/leads/{id}"), &manager).await;
    assert_eq!(s, StatusCode::OK, "{stored}");
    assert_eq!(stored["grade"], "A", "{stored}");
    assert_ne!(stored["owner_id"], json!(null), "{stored}");

    // A rep whose new lead lands in the pool they see gets it as the pool shows it.
    let pooled = capture(&app, &rep, &again).await;
    assert_eq!(pooled["withheld"], false, "{pooled}");
    assert_eq!(pooled["lead"]["owner_id"], json!(null));
}
