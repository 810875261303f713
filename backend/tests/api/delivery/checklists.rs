//! Checklist templates: a room twice in a kind, or an item twice in a room,
//! is refused naming the duplicate, and nothing is stored.

use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use super::dx;
use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn checklist_templates_refuse_duplicate_rooms_and_duplicate_items_naming_them() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let path = "/api/v1/settings/delivery-checklists";
    let (_, current) = app.get(path, &d.head).await;
    let put = |body: Value| {
        let app = &app;
        let head = d.head.clone();
        async move {
            send(
                app.authed(Method::PUT, path, &head)
                    .header("If-Match", "\"0\"")
                    .json(&body),
            )
            .await
        }
    };

    let mut rooms = current["checklists"].clone();
    rooms["handover"] = json!([
        {"room": "客厅", "items": ["墙面无裂缝"]},
        {"room": " 客厅 ", "items": ["地面平整"]},
    ]);
    let (s, b) = put(rooms).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "handover[1].room");
    assert_eq!(b["errors"][0]["code"], "duplicate");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("客厅")),
        "{b}"
    );

    let mut items = current["checklists"].clone();
    items["one_year"] = json!([
        {"room": "卫生间", "items": ["无渗漏", "地漏通畅", "无渗漏 "]},
    ]);
    let (s, b) = put(items).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "one_year[0].items[2]");
    assert_eq!(b["errors"][0]["code"], "duplicate");
    assert!(
        b["errors"][0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("无渗漏") && m.contains("卫生间")),
        "{b}"
    );

    let (_, after) = app.get(path, &d.head).await;
    assert_eq!(after["version"], 0, "nothing stored");
    assert_eq!(after["checklists"], current["checklists"]);
}
