//! Reports: defects by project, building, category and contractor, on-time
//! rectification, overdue, batch handover rate, visit completion; the XLSX
//! defect list of one contractor; the printable inspection report.

use std::io::Cursor;

use calamine::{Reader, Xlsx};
use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use serde_json::json;

use super::{batch, defect, dx, sign_off, signed_unit, step, units};
use crate::helpers::{assert_problem, spawn_app};

#[actix_web::test]
async fn the_delivery_report_counts_defects_rectification_handovers_and_the_xlsx_lists_one_contractors_defects(
) {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let ids = units(&app, &d, 2).await;
    signed_unit(&app, &d, &ids[0], "13912420000").await;
    let b = batch(&app, &d, &ids, Utc::now() + Duration::days(30)).await;
    let first = defect(&app, &d.engineering, &ids[0], "pre_inspection").await;
    let fid = first["id"].as_str().expect("id");
    step(
        &app,
        &d.engineering,
        fid,
        "assign",
        json!({"contractor": "中建三局"}),
    )
    .await;
    step(&app, &d.engineering, fid, "fix", json!({})).await;
    let second = defect(&app, &d.engineering, &ids[1], "pre_inspection").await;
    step(
        &app,
        &d.engineering,
        second["id"].as_str().expect("id"),
        "assign",
        json!({"contractor": "华东防水"}),
    )
    .await;
    sign_off(
        &app,
        &d.service,
        &ids[0],
        json!({"with_reservations": true}),
    )
    .await;

    let (s, r) = app
        .get(
            &format!("/api/v1/reports/delivery?project_id={}", d.pid),
            &d.head,
        )
        .await;
    assert_eq!(s, StatusCode::OK, "{r}");
    assert_eq!(r["by_project"][0]["total"], 2);
    assert_eq!(r["by_project"][0]["open"], 1);
    assert_eq!(r["by_category"][0]["label"], "防水渗漏");
    let contractors: Vec<&str> = r["by_contractor"]
        .as_array()
        .expect("c")
        .iter()
        .map(|g| g["key"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(contractors.len(), 2, "{r}");
    assert_eq!(
        (
            r["fixed"].as_i64(),
            r["fixed_on_time"].as_i64(),
            r["on_time_rate"].as_f64()
        ),
        (Some(1), Some(1), Some(1.0))
    );
    assert_eq!(r["overdue_open"], 0);
    let row = r["batches"]
        .as_array()
        .expect("b")
        .iter()
        .find(|x| x["batch_id"] == b["id"])
        .expect("batch")
        .clone();
    assert_eq!(
        (
            row["units"].as_i64(),
            row["handed_over"].as_i64(),
            row["rate"].as_f64()
        ),
        (Some(2), Some(1), Some(0.5))
    );
    let (s, e) = app.get("/api/v1/reports/delivery", &d.rep).await;
    assert_problem(s, &e, StatusCode::FORBIDDEN, "forbidden");

    let res = app
        .authed(
            Method::GET,
            "/api/v1/reports/delivery/defects.xlsx?contractor=%E4%B8%AD%E5%BB%BA%E4%B8%89%E5%B1%80",
            &d.engineering,
        )
        .send()
        .await
        .expect("xlsx");
    assert_eq!(res.status(), StatusCode::OK);
    let bytes = res.bytes().await.expect("bytes").to_vec();
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).expect("a workbook");
    let sheet = book.worksheet_range("缺陷清单").expect("sheet");
    let rows: Vec<Vec<String>> = sheet
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows.len(), 2, "header and one defect: {rows:?}");
    assert_eq!(rows[1][0], fid);
    assert_eq!(rows[1][9], "中建三局");
    assert_eq!(rows[1][10], "待复验");
}

#[actix_web::test]
async fn the_printable_inspection_report_lists_the_checklist_and_defects_escaped() {
    let app = spawn_app().await;
    let d = dx(&app).await;
    let unit = units(&app, &d, 1).await.remove(0);
    let (_, i) = app
        .post(
            "/api/v1/inspections",
            &d.service,
            &json!({"unit_id": unit, "kind": "handover", "participants": ["业主<script>"]}),
        )
        .await;
    let id = i["id"].as_str().expect("id");
    app.post("/api/v1/defects", &d.service, &json!({"inspection_id": id, "room": "厨房", "category": "plumbing", "severity": "minor", "description": "水槽 <b>漏水</b>"})).await;
    let res = app
        .authed(
            Method::GET,
            &format!("/api/v1/inspections/{id}/report"),
            &d.engineering,
        )
        .send()
        .await
        .expect("page");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.headers()["content-type"]
        .to_str()
        .is_ok_and(|t| t.starts_with("text/html")));
    let html = res.text().await.expect("html");
    assert!(
        html.contains("交付验房报告")
            && html.contains("给排水")
            && html.contains("水槽 &lt;b&gt;漏水&lt;/b&gt;"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "participants are escaped");
    let (s, b) = app
        .get(&format!("/api/v1/inspections/{id}/report"), &d.rep)
        .await;
    assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
}
