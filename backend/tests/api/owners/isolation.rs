//! Owner tokens reach only the owner's own records and no staff endpoint;
//! staff tokens reach no owner endpoint.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{code_in_any_company, make_owner, request_code, sign_in, verify};
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn owner_tokens_are_refused_on_staff_endpoints() {
    let app = spawn_app().await;
    make_owner(&app, "13912344001").await;
    let owner = sign_in(&app, "13912344001").await.access_token;
    for path in [
        "/api/v1/leads",
        "/api/v1/me",
        "/api/v1/outbox",
        "/api/v1/customers/x",
        "/api/v1/notifications",
    ] {
        let (s, b) = app.get(path, &owner).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let (s, b) = app
        .post("/api/v1/leads", &owner, &json!({"name": "x"}))
        .await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[actix_web::test]
async fn staff_tokens_are_refused_on_owner_endpoints() {
    let app = spawn_app().await;
    for role in [Role::Admin, Role::PrivacyOfficer, Role::SalesRep] {
        let token = app.token(role).await;
        let (s, b) = app.get("/api/v1/me/profile", &token).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
        let (s, b) = app
            .patch(
                "/api/v1/me/opt-outs",
                &token,
                1,
                &json!({"direct_marketing": true}),
            )
            .await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let (s, b) = send(app.req(Method::GET, "/api/v1/me/profile")).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
}

#[actix_web::test]
async fn each_owner_reads_and_changes_only_their_own_profile() {
    let app = spawn_app().await;
    let a_id = make_owner(&app, "13912344002").await;
    let b_id = make_owner(&app, "13912344003").await;
    let a = sign_in(&app, "13912344002").await.access_token;
    let b = sign_in(&app, "13912344003").await.access_token;

    let (_, pa) = app.get("/api/v1/me/profile", &a).await;
    let (_, pb) = app.get("/api/v1/me/profile", &b).await;
    assert_eq!(pa["customer_id"], a_id.as_str());
    assert_eq!(pb["customer_id"], b_id.as_str());
    assert_eq!(pb["phone"], "13912344003");

    // A changes their opt-outs; B's stay untouched.
    let (s, changed) = app
        .patch(
            "/api/v1/me/opt-outs",
            &a,
            pa["version"].as_i64().expect("version"),
            &json!({"direct_marketing": true, "automated_decisions": true}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    assert_eq!(changed["opt_outs"]["direct_marketing"], true);
    assert_eq!(changed["opt_outs"]["third_party_disclosure"], false);
    let (_, pb_after) = app.get("/api/v1/me/profile", &b).await;
    assert_eq!(pb_after, pb);

    // Staff see the change on the customer; withdrawing is as easy as giving.
    let head = app.token(Role::CrmHead).await;
    let (_, cust) = app.get(&format!("/api/v1/customers/{a_id}"), &head).await;
    assert_eq!(cust["opt_outs"]["automated_decisions"], true, "{cust}");
    let (s, back) = app
        .patch(
            "/api/v1/me/opt-outs",
            &a,
            changed["version"].as_i64().expect("version"),
            &json!({"direct_marketing": false}),
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(back["opt_outs"]["direct_marketing"], false);
    assert_eq!(back["opt_outs"]["automated_decisions"], true);

    let admin = app.token(Role::Admin).await;
    let (_, audit) = app
        .get(
            &format!("/api/v1/audit-events?action=customer.opt_outs&entity_id={a_id}"),
            &admin,
        )
        .await;
    let events = audit["data"].as_array().expect("data");
    assert_eq!(events.len(), 2, "{audit}");
    assert_eq!(events[0]["actor_kind"], "owner");
    assert_eq!(events[0]["actor_id"], a_id.as_str());
}

#[actix_web::test]
async fn opt_out_changes_need_if_match_and_at_least_one_field() {
    let app = spawn_app().await;
    make_owner(&app, "13912344004").await;
    let a = sign_in(&app, "13912344004").await.access_token;
    let (s, b) = send(
        app.authed(Method::PATCH, "/api/v1/me/opt-outs", &a)
            .json(&json!({"sensitive_data": true})),
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
    );
    let (s, b) = app
        .patch(
            "/api/v1/me/opt-outs",
            &a,
            99,
            &json!({"sensitive_data": true}),
        )
        .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let (s, b) = app.patch("/api/v1/me/opt-outs", &a, 1, &json!({})).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, b) = app
        .patch("/api/v1/me/opt-outs", &a, 1, &json!({"merged_into": "x"}))
        .await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY, "{b}");
}

#[actix_web::test]
async fn a_phone_in_two_companies_signs_into_the_named_company_or_the_newest() {
    let app = spawn_app().await;
    let demo_customer = make_owner(&app, "13912344005").await;
    let (other_company, other_customer) = {
        use diesel::prelude::*;
        use estate_crm::schema::companies;
        let mut conn = app.state.pool.get().expect("conn");
        let cid = estate_crm::db::new_id();
        diesel::insert_into(companies::table)
            .values((
                companies::id.eq(&cid),
                companies::name.eq("另一开发商"),
                companies::created_at.eq(estate_crm::db::now()),
            ))
            .execute(&mut *conn)
            .expect("company");
        let customer = estate_crm::customers::queries::insert(
            &mut conn,
            &app.state.personal_data,
            &cid,
            "王先生",
            "13912344005",
            "",
            "",
            Default::default(),
        )
        .expect("customer");
        (cid, customer)
    };
    let demo_company = {
        let admin = app.token(Role::Admin).await;
        let (_, me) = app.get("/api/v1/me", &admin).await;
        me["company_id"].as_str().expect("company").to_string()
    };

    request_code(&app, "13912344005").await;
    let code = code_in_any_company(&app, "13912344005");
    let (s, t) = verify(
        &app,
        &json!({"phone": "13912344005", "code": code, "company_id": demo_company}),
    )
    .await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (_, p) = app
        .get("/api/v1/me/profile", t["access_token"].as_str().expect("t"))
        .await;
    assert_eq!(p["customer_id"], demo_customer.as_str());
    assert_eq!(p["company_id"], demo_company.as_str());

    // Without a company: the newest customer record of the phone.
    {
        use diesel::prelude::*;
        use estate_crm::schema::login_throttles;
        let mut conn = app.state.pool.get().expect("conn");
        diesel::delete(login_throttles::table)
            .execute(&mut *conn)
            .expect("clear limits");
    }
    request_code(&app, "13912344005").await;
    let code = code_in_any_company(&app, "13912344005");
    let (s, t) = verify(&app, &json!({"phone": "13912344005", "code": code})).await;
    assert_eq!(s, StatusCode::OK, "{t}");
    let (_, p) = app
        .get("/api/v1/me/profile", t["access_token"].as_str().expect("t"))
        .await;
    assert_eq!(p["customer_id"], other_customer.as_str());
    assert_eq!(p["company_id"], other_company.as_str());
    assert_eq!(p["company_name"], "另一开发商");
}

#[actix_web::test]
async fn a_merged_away_owner_loses_the_session_and_signs_in_as_the_survivor() {
    let app = spawn_app().await;
    let keep = make_owner(&app, "13912344006").await;
    let dup = make_owner(&app, "13912344007").await;
    let token = sign_in(&app, "13912344007").await.access_token;
    let (_, p) = app.get("/api/v1/me/profile", &token).await;
    assert_eq!(p["customer_id"], dup.as_str());

    let manager = app.token(Role::SalesManager).await;
    let (s, b) = app
        .post(
            &format!("/api/v1/customers/{keep}/merge"),
            &manager,
            &json!({"from_customer_id": dup, "reason": "同一人两个号码"}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{b}");
    let (s, b) = app.get("/api/v1/me/profile", &token).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "session_ended");

    {
        use diesel::prelude::*;
        use estate_crm::schema::login_throttles;
        let mut conn = app.state.pool.get().expect("conn");
        diesel::delete(login_throttles::table)
            .execute(&mut *conn)
            .expect("clear limits");
    }
    let again = sign_in(&app, "13912344007").await.access_token;
    let (_, p) = app.get("/api/v1/me/profile", &again).await;
    assert_eq!(p["customer_id"], keep.as_str(), "the survivor");
}
