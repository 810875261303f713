//! Units: bulk creation, the sales-control grid, filters and edits.

use api_types::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::helpers::{assert_problem, spawn_app};
use crate::projects::{building, bulk_body};

#[actix_web::test]
async fn bulk_creation_makes_30_floors_of_4_units_in_one_call() {
    let app = spawn_app().await;
    let admin = app.token(Role::CrmHead).await;
    let pid = app.create_project(&admin, "批量").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let b = building(&app, &admin, &pid, 30).await;
    let bid = b["id"].as_str().expect("id");
    let (s, body) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units/bulk"),
            &admin,
            &bulk_body(30),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{body}");
    assert_eq!(body["created"], 120);
    let (s, grid) = app
        .get(&format!("/api/v1/buildings/{bid}/sales-control"), &admin)
        .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(grid["project_name"], "批量");
    let floors = grid["floors"].as_array().expect("floors");
    assert_eq!(floors.len(), 30);
    assert_eq!(floors[0]["floor"], 30, "top floor first");
    assert_eq!(floors[0]["units"][1]["number"], "3002");
    assert_eq!(
        floors[0]["units"][0]["list_price_fen"],
        500000000i64 + 29 * 3000000
    );
    let available = grid["counts"]
        .as_array()
        .expect("counts")
        .iter()
        .find(|c| c["status"] == "available")
        .expect("available");
    assert_eq!(available["count"], 120);
}

#[actix_web::test]
async fn a_bulk_creation_that_collides_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.create_project(&admin, "冲突").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let bid = building(&app, &admin, &pid, 10).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (s, _) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units"),
            &admin,
            &json!({"floor": 5, "number": "502", "area_m2": 98.0, "list_price_fen": 1}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let (s, b) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units/bulk"),
            &admin,
            &bulk_body(10),
        )
        .await;
    assert_problem(s, &b, StatusCode::CONFLICT, "unit_number_taken");
    let (_, units) = app
        .get(&format!("/api/v1/buildings/{bid}/units"), &admin)
        .await;
    assert_eq!(units["data"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn units_outside_the_building_are_422_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.create_project(&admin, "楼层").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let bid = building(&app, &admin, &pid, 5).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (s, b) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units"),
            &admin,
            &json!({"floor": 6, "number": "601", "area_m2": 98.0, "list_price_fen": 1}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "floor");
    let (s, b) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units/bulk"),
            &admin,
            &bulk_body(9),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "floor_to");
    let mut bad = bulk_body(2);
    bad["positions"][1]["area_m2"] = json!(0);
    let (s, b) = app
        .post(&format!("/api/v1/buildings/{bid}/units/bulk"), &admin, &bad)
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "positions[1].area_m2");
}

#[actix_web::test]
async fn unit_filters_narrow_the_list() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let pid = app.project_ids(&admin).await[0].clone();
    let (_, signed) = app
        .get(
            &format!("/api/v1/units?project_id={pid}&status=signed&limit=200"),
            &admin,
        )
        .await;
    let rows = signed["data"].as_array().expect("data");
    assert!(!rows.is_empty());
    assert!(rows.iter().all(|u| u["status"] == "signed"));
    let (_, top) = app
        .get(
            &format!("/api/v1/units?project_id={pid}&floor=18&layout=4室2厅2卫"),
            &admin,
        )
        .await;
    let rows = top["data"].as_array().expect("data");
    assert_eq!(rows.len(), 2, "one 01 unit on floor 18 per building");
    assert!(rows
        .iter()
        .all(|u| u["floor"] == 18 && u["layout"] == "4室2厅2卫"));
    let (_, cheap) = app
        .get(
            &format!("/api/v1/units?project_id={pid}&max_price_fen=420000000"),
            &admin,
        )
        .await;
    assert!(cheap["data"]
        .as_array()
        .expect("data")
        .iter()
        .all(|u| u["list_price_fen"].as_i64() <= Some(420000000)));
}

#[actix_web::test]
async fn a_unit_edit_moves_it_on_the_grid() {
    let app = spawn_app().await;
    let admin = app.token(Role::CrmHead).await;
    let pid = app.create_project(&admin, "改状态").await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let bid = building(&app, &admin, &pid, 3).await["id"]
        .as_str()
        .expect("id")
        .to_string();
    let (_, u) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units"),
            &admin,
            &json!({"floor": 1, "number": "101", "area_m2": 88.0, "list_price_fen": 100}),
        )
        .await;
    let (s, changed) = app
        .patch(
            &format!("/api/v1/units/{}", u["id"].as_str().expect("id")),
            &admin,
            1,
            &json!({"status": "reserved", "list_price_fen": 200}),
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{changed}");
    // Sale statuses follow deals and the sign-off; they are never typed.
    let (s, b) = app
        .patch(
            &format!("/api/v1/units/{}", u["id"].as_str().expect("id")),
            &admin,
            2,
            &json!({"status": "handed_over"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["code"], "sale_status");
    let (s, b) = app
        .post(
            &format!("/api/v1/buildings/{bid}/units"),
            &admin,
            &json!({"floor": 1, "number": "102", "area_m2": 88.0, "list_price_fen": 100, "status": "signed"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (_, grid) = app
        .get(&format!("/api/v1/buildings/{bid}/sales-control"), &admin)
        .await;
    assert_eq!(grid["floors"][0]["units"][0]["status"], "reserved");
    assert_eq!(grid["floors"][0]["units"][0]["list_price_fen"], 200);
}

#[actix_web::test]
async fn prices_and_the_grid_are_sales_data_and_the_analyst_reads_no_units() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let pid = app.project_ids(&head).await[0].clone();
    let (_, page) = app
        .get(&format!("/api/v1/units?project_id={pid}&limit=1"), &head)
        .await;
    let unit = page["data"][0].clone();
    let uid = unit["id"].as_str().expect("id");
    let bid = unit["building_id"].as_str().expect("building");
    assert!(unit["list_price_fen"].as_i64().is_some(), "{unit}");
    let grid = format!("/api/v1/buildings/{bid}/sales-control");
    for role in [Role::Engineering, Role::Property] {
        let t = app.token(role).await;
        let (s, u) = app.get(&format!("/api/v1/units/{uid}"), &t).await;
        assert_eq!(s, StatusCode::OK, "{role:?}: {u}");
        assert_eq!(u["number"], unit["number"]);
        assert!(u["list_price_fen"].is_null(), "{role:?} reads a price: {u}");
        let (s, list) = app
            .get(&format!("/api/v1/buildings/{bid}/units?limit=20"), &t)
            .await;
        assert_eq!(s, StatusCode::OK, "{role:?}: {list}");
        let rows = list["data"].as_array().expect("data");
        assert!(!rows.is_empty());
        assert!(rows.iter().all(|u| u["list_price_fen"].is_null()));
        // Bisecting a price with filters would give it away.
        let (s, b) = app
            .get(
                &format!("/api/v1/units?project_id={pid}&min_price_fen=1"),
                &t,
            )
            .await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = app.get(&grid, &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let analyst = app.token(Role::DataAnalyst).await;
    for path in [
        format!("/api/v1/units/{uid}"),
        format!("/api/v1/units?project_id={pid}"),
        format!("/api/v1/buildings/{bid}/units"),
        grid.clone(),
    ] {
        let (s, b) = app.get(&path, &analyst).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    // The sales side reads prices and the grid as before.
    let manager = app.token(Role::SalesManager).await;
    let (s, u) = app.get(&format!("/api/v1/units/{uid}"), &manager).await;
    assert_eq!(s, StatusCode::OK, "{u}");
    assert_eq!(u["list_price_fen"], unit["list_price_fen"]);
    let (s, g) = app.get(&grid, &manager).await;
    assert_eq!(s, StatusCode::OK, "{g}");
}
