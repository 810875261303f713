//! Projects → buildings → units: management, data scope and refused roles.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app, TestApp};

pub async fn building(app: &TestApp, token: &str, project_id: &str, floors: i64) -> Value {
    let (s, b) = app
        .post(
            &format!("/api/v1/projects/{project_id}/buildings"),
            token,
            &json!({"name": "9", "floors": floors}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    b
}

pub fn bulk_body(floor_to: i64) -> Value {
    json!({
        "floor_from": 1,
        "floor_to": floor_to,
        "positions": [
            {"suffix": "01", "area_m2": 128.5, "layout": "4室2厅2卫", "base_price_fen": 500000000},
            {"suffix": "02", "area_m2": 98.0, "layout": "3室2厅1卫", "base_price_fen": 400000000},
            {"suffix": "03", "area_m2": 98.0, "layout": "3室2厅1卫", "base_price_fen": 400000000},
            {"suffix": "04", "area_m2": 143.0, "layout": "4室2厅3卫", "base_price_fen": 600000000}
        ],
        "price_step_per_floor_fen": 3000000
    })
}

#[actix_web::test]
async fn admin_creates_a_project_with_location_and_an_audit_record() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let res = app
        .authed(Method::POST, "/api/v1/projects", &admin)
        .json(&json!({"name": "钱塘湾", "city": "杭州", "district": "钱塘区", "address": "江东大道 1 号"}))
        .send()
        .await
        .expect("post");
    assert_eq!(res.status(), StatusCode::CREATED);
    let location = res.headers()["location"].to_str().expect("loc").to_string();
    let body: Value = res.json().await.expect("json");
    assert_eq!(
        location,
        format!("/api/v1/projects/{}", body["id"].as_str().expect("id"))
    );
    let (s, got) = app.get(&location, &admin).await;
    assert_eq!((s, got["name"].as_str()), (StatusCode::OK, Some("钱塘湾")));
    let (_, events) = app
        .get(
            &format!(
                "/api/v1/audit-events?entity_type=project&entity_id={}",
                body["id"].as_str().expect("id")
            ),
            &admin,
        )
        .await;
    assert_eq!(events["data"][0]["action"], "project.create");
    assert_eq!(events["data"][0]["after"]["name"], "钱塘湾");
    assert!(events["data"][0]["request_id"].is_string());
}

#[actix_web::test]
async fn a_duplicate_project_name_is_409() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (s, b) = app
        .post(
            "/api/v1/projects",
            &admin,
            &json!({"name": "滨江壹号院", "city": "杭州"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "project_name_taken");
}

#[actix_web::test]
async fn roles_other_than_admin_and_crm_head_cannot_write_projects_buildings_or_units() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let (_, grid_src) = app
        .get(&format!("/api/v1/projects/{pid}/buildings"), &admin)
        .await;
    let bid = grid_src["data"][0]["id"].as_str().expect("bid").to_string();
    let (_, units) = app
        .get(&format!("/api/v1/buildings/{bid}/units?limit=1"), &admin)
        .await;
    let uid = units["data"][0]["id"].as_str().expect("uid").to_string();
    // Every role but the admin's and the head of CRM's.
    for role in Role::ALL.into_iter().filter(|r| !r.manages_projects()) {
        let t = app.token(role).await;
        let (s, b) = app
            .post(
                "/api/v1/projects",
                &t,
                &json!({"name": "越权", "city": "杭州"}),
            )
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, _) = app
            .patch(
                &format!("/api/v1/projects/{pid}"),
                &t,
                1,
                &json!({"city": "x"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} patch project");
        let (s, _) = send(
            app.authed(Method::DELETE, &format!("/api/v1/projects/{pid}"), &t)
                .header("If-Match", "\"1\""),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} delete project");
        let (s, _) = app
            .post(
                &format!("/api/v1/projects/{pid}/buildings"),
                &t,
                &json!({"name": "x", "floors": 3}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} create building");
        let (s, _) = app
            .patch(
                &format!("/api/v1/buildings/{bid}"),
                &t,
                1,
                &json!({"name": "x"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} patch building");
        let (s, _) = send(
            app.authed(Method::DELETE, &format!("/api/v1/buildings/{bid}"), &t)
                .header("If-Match", "\"1\""),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} delete building");
        let (s, _) = app
            .post(
                &format!("/api/v1/buildings/{bid}/units"),
                &t,
                &json!({"floor": 1, "number": "199", "area_m2": 90.0, "list_price_fen": 1}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} create unit");
        let (s, _) = app
            .post(
                &format!("/api/v1/buildings/{bid}/units/bulk"),
                &t,
                &bulk_body(2),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} bulk units");
        let (s, _) = app
            .patch(
                &format!("/api/v1/units/{uid}"),
                &t,
                1,
                &json!({"layout": "x"}),
            )
            .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} patch unit");
        let (s, _) = send(
            app.authed(Method::DELETE, &format!("/api/v1/units/{uid}"), &t)
                .header("If-Match", "\"1\""),
        )
        .await;
        assert_eq!(s, StatusCode::FORBIDDEN, "{role:?} delete unit");
    }
}

#[actix_web::test]
async fn a_sales_rep_sees_only_granted_projects_and_everything_else_is_404() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let rep = app.token(Role::SalesRep).await;
    let all = app.project_ids(&admin).await;
    assert_eq!(app.project_ids(&rep).await, vec![all[0].clone()]);
    let hidden = &all[1];
    let (s, b) = app.get(&format!("/api/v1/projects/{hidden}"), &rep).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "project_not_found");
    let (s, _) = app
        .get(&format!("/api/v1/projects/{hidden}/buildings"), &rep)
        .await;
    assert_eq!(s, StatusCode::NOT_FOUND);
    let (_, bs) = app
        .get(&format!("/api/v1/projects/{hidden}/buildings"), &admin)
        .await;
    let hidden_building = bs["data"][0]["id"].as_str().expect("id").to_string();
    for path in [
        format!("/api/v1/buildings/{hidden_building}"),
        format!("/api/v1/buildings/{hidden_building}/units"),
        format!("/api/v1/buildings/{hidden_building}/sales-control"),
    ] {
        let (s, b) = app.get(&path, &rep).await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "building_not_found");
    }
    let (_, units) = app
        .get(
            &format!("/api/v1/units?project_id={hidden}&limit=1"),
            &admin,
        )
        .await;
    let hidden_unit = units["data"][0]["id"].as_str().expect("id").to_string();
    let (s, b) = app.get(&format!("/api/v1/units/{hidden_unit}"), &rep).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "unit_not_found");
    let (_, listed) = app
        .get(&format!("/api/v1/units?project_id={hidden}"), &rep)
        .await;
    assert_eq!(listed["data"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn company_wide_roles_read_every_project() {
    let app = spawn_app().await;
    for role in [Role::CrmHead, Role::DataAnalyst, Role::PrivacyOfficer] {
        let t = app.token(role).await;
        assert_eq!(app.project_ids(&t).await.len(), 2, "{role:?}");
    }
}

#[actix_web::test]
async fn non_empty_projects_and_buildings_and_sold_units_cannot_be_deleted() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let (s, b) = send(
        app.authed(Method::DELETE, &format!("/api/v1/projects/{pid}"), &admin)
            .header("If-Match", "\"1\""),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "project_not_empty");
    let (_, signed) = app
        .get(
            &format!("/api/v1/units?project_id={pid}&status=signed&limit=1"),
            &admin,
        )
        .await;
    let unit = &signed["data"][0];
    let (s, b) = send(
        app.authed(
            Method::DELETE,
            &format!("/api/v1/units/{}", unit["id"].as_str().expect("id")),
            &admin,
        )
        .header("If-Match", format!("\"{}\"", unit["version"])),
    )
    .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_not_available");
}

#[actix_web::test]
async fn an_empty_project_can_be_deleted_and_is_gone() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let p = app.create_project(&admin, "临时").await;
    let path = format!("/api/v1/projects/{}", p["id"].as_str().expect("id"));
    let (s, _) = send(
        app.authed(Method::DELETE, &path, &admin)
            .header("If-Match", "\"1\""),
    )
    .await;
    assert_eq!(s, StatusCode::NO_CONTENT);
    let (s, _) = app.get(&path, &admin).await;
    assert_eq!(s, StatusCode::NOT_FOUND);
}
