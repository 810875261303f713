//! Lead import: CSV (UTF-8, GB18030) and XLSX through `POST /api/v1/leads/imports`;
//! bad rows reported by line and field, good rows captured like the API.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::Value;

use crate::helpers::{assert_problem, send, spawn_app, TestApp};

pub const CSV: &str = "text/csv";
const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
const CONSENT: &str = "?consent_purpose=sales_contact&notice_version=2026-01";

/// Uploads a file; `query` starts with `?` or is empty.
async fn upload(
    app: &TestApp,
    token: &str,
    content_type: &str,
    query: &str,
    body: Vec<u8>,
) -> (StatusCode, Value) {
    send(
        app.authed(
            Method::POST,
            &format!("/api/v1/leads/imports{query}"),
            token,
        )
        .header("content-type", content_type)
        .body(body),
    )
    .await
}

/// Uploads a file that must be accepted and returns the report.
pub async fn import_ok(app: &TestApp, token: &str, content_type: &str, body: Vec<u8>) -> Value {
    let (s, report) = upload(app, token, content_type, CONSENT, body).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    report
}

/// Every lead the head of CRM sees.
async fn leads(app: &TestApp, head: &str) -> Vec<Value> {
    let (s, b) = app.get("/api/v1/leads?limit=200", head).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["data"].as_array().expect("data").clone()
}

/// `(line, field)` of each reported problem.
fn problems(report: &Value) -> Vec<(i64, String)> {
    report["failed"]
        .as_array()
        .expect("failed")
        .iter()
        .map(|e| {
            let line = e["line"].as_i64().expect("line");
            (line, e["field"].as_str().expect("field").to_string())
        })
        .collect()
}

fn by_name<'a>(leads: &'a [Value], name: &str) -> Vec<&'a Value> {
    leads
        .iter()
        .filter(|l| l["customer_name"] == name)
        .collect()
}

#[actix_web::test]
async fn a_csv_imports_good_rows_and_reports_each_bad_row_by_line_and_field() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let pid = app.project_ids(&head).await[0].clone();
    let csv = format!(
        "name,phone,project,source,budget,purchase_timeframe,ability_to_pay,preferred_layouts,visits\n\
         张三,13900010001,{pid},walk_in,450万,within_3_months,can_pay,\"3室2厅、4室2厅\",2\n\
         李四,1390001,{pid},walk_in,,,,,\n\
         ,13900010003,{pid},walk_in,,,,,\n\
         王五,13900010004,不存在的楼盘,walk_in,,,,,\n\
         赵六,13900010005,{pid},报纸,,,,,\n\
         张三丰,139 0001 0001,滨江壹号院,展厅接待,,undated,unknown,,\n\
         孙七,13900010007,{pid},beike,,no_plan,unknown,,\n"
    );
    let report = import_ok(&app, &head, CSV, csv.into_bytes()).await;
    assert_eq!(report["total_rows"], 7, "{report}");
    assert_eq!(report["imported"], 3, "{report}");
    assert_eq!(report["duplicates"], 1, "the same phone twice in the file");
    assert_eq!(report["failed_rows"], 4);
    assert!(report.get("aborted").is_none());
    let expected = [(3, "phone"), (4, "name"), (5, "project"), (6, "source")];
    let expected: Vec<(i64, String)> = expected.iter().map(|(l, f)| (*l, f.to_string())).collect();
    assert_eq!(problems(&report), expected, "{report}");
    assert_eq!(report["failed"][2]["code"], "unknown_project");

    let all = leads(&app, &head).await;
    assert_eq!(all.len(), 3, "only the good rows became leads: {all:#?}");
    for lead in &all {
        assert_eq!(lead["created_via"], "import");
        assert!(lead["grade"].is_string(), "graded: {lead}");
        assert!(lead["owner_id"].is_string(), "assigned: {lead}");
        assert!(
            lead["next_due_at"].is_string() || lead["grade"] == "C",
            "{lead}"
        );
    }
    // The duplicate row attached to the existing customer: two leads of 张三.
    let zhang = by_name(&all, "张三");
    assert_eq!(zhang.len(), 2, "{all:#?}");
    let (a, dup) = (zhang[0], zhang[1]);
    assert_eq!(a["grade"], "A");
    assert_eq!(a["budget_fen"], 450_000_000i64, "450万 yuan in fen");
    assert_eq!(a["visits"], 2);
    assert_eq!(
        a["preferred_layouts"],
        serde_json::json!(["3室2厅", "4室2厅"])
    );
    assert_eq!(
        dup["customer_id"], a["customer_id"],
        "one customer, two leads"
    );
    assert_eq!(dup["source"], "walk_in");
    assert_eq!(dup["grade"], "B");
    assert_eq!(by_name(&all, "孙七")[0]["grade"], "C");
    // The import as a whole is audited too, with counts and no personal data.
    let (_, audit) = app
        .get("/api/v1/audit-events?action=lead.import", &head)
        .await;
    let event = &audit["data"][0];
    assert_eq!(event["after"]["imported"], 3, "{audit}");
    assert_eq!(event["after"]["failed_rows"], 4);
    assert_eq!(event["actor_kind"], "staff");
}

#[actix_web::test]
async fn chinese_headers_and_labels_are_understood() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let csv = "\u{feff}姓名,手机,项目,渠道,预算（万元）,购房时间,支付能力,家庭结构,职业,意向户型,备注,到访次数,同意用途,隐私声明版本\n\
               陈一,13900020001,西溪云庐,老客户转介绍,980,3个月内,可支付,三口之家,教师,4室2厅、5室2厅,想要南向,3次,sales_contact,2026-01\n";
    let (s, report) = upload(&app, &head, CSV, "", csv.as_bytes().to_vec()).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 1, "{report}");
    let all = leads(&app, &head).await;
    let l = &all[0];
    assert_eq!(l["project_id"], app.project_ids(&head).await[1].as_str());
    assert_eq!(l["source"], "owner_referral");
    assert_eq!(l["budget_fen"], 980_000_000i64, "980 万元");
    assert_eq!(l["purchase_timeframe"], "within_3_months");
    assert_eq!(l["ability_to_pay"], "can_pay");
    assert_eq!(l["family_structure"], "三口之家");
    assert_eq!(l["occupation"], "教师");
    assert_eq!(l["notes"], "想要南向");
    assert_eq!(l["visits"], 3);
    assert_eq!(l["grade"], "A");
}

#[actix_web::test]
async fn a_gb18030_csv_from_chinese_excel_is_read() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let text =
        "姓名,手机,项目,渠道,购房时间\r\n周八,13900030001,滨江壹号院,贝壳,有计划，未定时间\r\n";
    let (bytes, _, had_errors) = encoding_rs::GB18030.encode(text);
    assert!(!had_errors);
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    let report = import_ok(&app, &head, CSV, bytes.into_owned()).await;
    assert_eq!(report["imported"], 1, "{report}");
    let all = leads(&app, &head).await;
    assert_eq!(all[0]["customer_name"], "周八");
    assert_eq!(all[0]["source"], "beike");
    assert_eq!(all[0]["grade"], "B");
}

#[actix_web::test]
async fn an_xlsx_workbook_is_imported_with_numeric_cells_and_row_numbers() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (col, h) in [
        "姓名",
        "手机",
        "项目",
        "渠道",
        "预算",
        "购房时间",
        "支付能力",
    ]
    .iter()
    .enumerate()
    {
        sheet.write_string(0, col as u16, *h).expect("header");
    }
    let rows: [(&str, f64, &str); 3] = [
        ("吴九", 13900040001.0, "滨江壹号院"),
        ("郑十", 1390004.0, "滨江壹号院"),
        ("冯十一", 13900040003.0, "西溪云庐"),
    ];
    for (i, (name, phone, project)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        sheet.write_string(r, 0, *name).expect("name");
        sheet.write_number(r, 1, *phone).expect("phone as a number");
        sheet.write_string(r, 2, *project).expect("project");
        sheet.write_string(r, 3, "展厅接待").expect("source");
        sheet.write_number(r, 4, 4_500_000.0).expect("budget");
        sheet.write_string(r, 5, "3个月内").expect("timeframe");
        sheet.write_string(r, 6, "可支付").expect("ability");
    }
    let bytes = book.save_to_buffer().expect("xlsx");
    let report = import_ok(&app, &head, XLSX, bytes).await;
    assert_eq!(report["total_rows"], 3, "{report}");
    assert_eq!(report["imported"], 2, "{report}");
    assert_eq!(problems(&report), vec![(3, "phone".to_string())]);
    let all = leads(&app, &head).await;
    let wu = by_name(&all, "吴九")[0];
    assert_eq!(wu["phone_masked"], "139****0001");
    assert_eq!(wu["budget_fen"], 450_000_000i64);
    assert_eq!(wu["grade"], "A");
    assert!(wu["owner_id"].is_string());
}

#[actix_web::test]
async fn rows_without_consent_are_refused_and_a_bad_header_refuses_the_file() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let csv = "姓名,手机,项目,渠道,同意用途\n\
               甲,13900050001,滨江壹号院,官网,sales_contact\n\
               乙,13900050002,滨江壹号院,官网,\n";
    let (s, report) = upload(&app, &head, CSV, "", csv.as_bytes().to_vec()).await;
    assert_eq!(s, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], 0);
    let expected = [
        (2, "notice_version"),
        (3, "consent_purpose"),
        (3, "notice_version"),
    ];
    let expected: Vec<(i64, String)> = expected.iter().map(|(l, f)| (*l, f.to_string())).collect();
    assert_eq!(problems(&report), expected, "{report}");
    // With a default notice version, the row that names its purpose is imported.
    let (s, report) = upload(
        &app,
        &head,
        CSV,
        "?notice_version=2026-01",
        csv.as_bytes().to_vec(),
    )
    .await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(report["imported"], 1, "{report}");

    let (s, b) = upload(&app, &head, CSV, CONSENT, "姓名,年龄\n甲,30\n".into()).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(b["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .all(|e| e["field"] == "header"));
    let (s, b) = upload(&app, &head, XLSX, CONSENT, b"not a workbook".to_vec()).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "file");
    assert_eq!(leads(&app, &head).await.len(), 1);
}

#[actix_web::test]
async fn wrong_media_types_oversized_files_and_other_roles_are_refused() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let csv = "姓名,手机,项目,渠道\n甲,13900060001,滨江壹号院,官网\n";
    let (s, b) = upload(&app, &head, "application/json", CONSENT, csv.into()).await;
    assert_problem(
        s,
        &b,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let big = vec![b'a'; 10 * 1024 * 1024 + 1];
    let (s, b) = upload(&app, &head, CSV, CONSENT, big).await;
    assert_problem(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    for role in [Role::Service, Role::PrivacyOfficer, Role::DataAnalyst] {
        let t = app.token(role).await;
        let (s, b) = upload(&app, &t, CSV, CONSENT, csv.into()).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, b) = upload(&app, &head, CSV, "?consent=x", csv.into()).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert!(leads(&app, &head).await.is_empty());
}

#[actix_web::test]
async fn a_sales_rep_imports_only_into_granted_projects() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let rep = app.token(Role::SalesRep).await;
    let other = app.project_ids(&head).await[1].clone();
    let csv = format!(
        "姓名,手机,项目,渠道\n\
         甲,13900070001,滨江壹号院,官网\n\
         乙,13900070002,西溪云庐,官网\n\
         丙,13900070003,{other},官网\n"
    );
    let report = import_ok(&app, &rep, CSV, csv.into_bytes()).await;
    assert_eq!(report["imported"], 1, "{report}");
    let expected = vec![(3, "project".to_string()), (4, "project".to_string())];
    assert_eq!(problems(&report), expected);
    let all = leads(&app, &head).await;
    assert_eq!(all.len(), 1);
    assert_eq!(all[0]["customer_name"], "甲");
}
