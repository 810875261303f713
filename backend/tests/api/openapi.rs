//! The OpenAPI contract: served, committed, complete.

use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::spawn_app;

#[test]
fn the_committed_openapi_document_matches_the_code() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../openapi/openapi.json");
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let generated = estate_crm::openapi_json();
    assert!(
        committed == generated,
        "openapi/openapi.json is out of date: run `cargo run -p estate-crm -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn every_operation_has_an_id_a_tag_and_its_error_responses() {
    let doc: Value = serde_json::from_str(&estate_crm::openapi_json()).expect("json");
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 15);
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("item") {
            let name = format!("{method} {path}");
            assert!(op["operationId"].is_string(), "{name} has no operationId");
            assert!(
                op["tags"].as_array().is_some_and(|t| !t.is_empty()),
                "{name} has no tag"
            );
            let responses = op["responses"].as_object().expect("responses");
            assert!(responses.contains_key("503"), "{name} lacks 503");
            if op.get("security").is_some() {
                assert!(responses.contains_key("401"), "{name} lacks 401");
            }
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("422"), "{name} lacks 422");
            }
        }
    }
}

#[actix_web::test]
async fn the_document_and_swagger_ui_are_served() {
    let app = spawn_app().await;
    let res = app
        .req(Method::GET, "/api/v1/openapi.json")
        .send()
        .await
        .expect("doc");
    assert_eq!(res.status(), StatusCode::OK);
    let doc: Value = res.json().await.expect("json");
    assert_eq!(doc["info"]["title"], "EstateCRM API");
    let res = app.req(Method::GET, "/docs/").send().await.expect("ui");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.expect("html").contains("swagger"));
}
