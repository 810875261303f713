//! Company settings: the grading rule set.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app, TestApp};

const PATH: &str = "/api/v1/settings/grading-rules";

/// PUT the rule set with an optional `If-Match` version.
async fn put(
    app: &TestApp,
    token: &str,
    version: Option<i64>,
    body: &Value,
) -> (StatusCode, Value) {
    let mut req = app.authed(Method::PUT, PATH, token).json(body);
    if let Some(v) = version {
        req = req.header("If-Match", format!("\"{v}\""));
    }
    send(req).await
}

/// The PUT body of a GET response: the rules and thresholds only.
fn body_of(setting: &Value) -> Value {
    json!({"rules": setting["rules"], "thresholds": setting["thresholds"]})
}

#[actix_web::test]
async fn a_fresh_company_reads_the_domain_defaults_at_version_0() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let res = app
        .authed(Method::GET, PATH, &crm)
        .send()
        .await
        .expect("get");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(
        res.headers().get("etag").and_then(|v| v.to_str().ok()),
        Some("\"0\"")
    );
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["version"], 0);
    assert_eq!(body["updated_by"], Value::Null);
    assert_eq!(body["thresholds"], json!({"a": 60, "b": 30}));
    let rules = body["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert_eq!(
        ids,
        [
            "buys_within_3_months_and_can_pay",
            "plans_to_buy",
            "interested",
            "visited_twice",
            "budget_matches_price",
            "budget_far_below_price",
            "referral_or_walk_in"
        ]
    );
    assert_eq!(rules[0]["condition"]["kind"], "all");
    assert_eq!(rules[5]["points"], -15);
}

#[actix_web::test]
async fn crm_head_changes_the_rules_with_if_match_and_stale_writes_fail() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let (_, current) = app.get(PATH, &crm).await;
    let mut body = body_of(&current);
    body["thresholds"]["a"] = json!(65);
    body["rules"][2]["points"] = json!(12);
    let (s, v1) = put(&app, &crm, Some(0), &body).await;
    assert_eq!(s, StatusCode::OK, "{v1}");
    assert_eq!(v1["version"], 1);
    assert_eq!(v1["thresholds"]["a"], 65);
    assert!(v1["updated_by"].is_string());
    assert!(v1["updated_at"].is_string());
    let (_, read) = app.get(PATH, &crm).await;
    assert_eq!(read, v1, "the stored rules are the ones read back");
    // Still holding version 0: someone else changed it.
    let (s, b) = put(&app, &crm, Some(0), &body).await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let (s, b) = put(&app, &crm, None, &body).await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
    );
    let (s, v2) = put(&app, &crm, Some(1), &body).await;
    assert_eq!((s, v2["version"].clone()), (StatusCode::OK, json!(2)));
}

#[actix_web::test]
async fn invalid_rules_are_422_naming_the_field() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let (_, current) = app.get(PATH, &crm).await;
    let field_codes = |b: &Value| -> Vec<(String, String)> {
        b["errors"]
            .as_array()
            .expect("errors")
            .iter()
            .map(|e| {
                (
                    e["field"].as_str().unwrap_or("").into(),
                    e["code"].as_str().unwrap_or("").into(),
                )
            })
            .collect()
    };
    let mut body = body_of(&current);
    body["thresholds"] = json!({"a": 20, "b": 30});
    body["rules"][1]["id"] = body["rules"][0]["id"].clone();
    body["rules"][4]["condition"] =
        json!({"kind": "budget_vs_price", "min_ratio": 1.5, "max_ratio": 0.5});
    let (s, b) = put(&app, &crm, Some(0), &body).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let errors = field_codes(&b);
    for expected in [
        ("rules[1].id", "duplicate"),
        ("rules[4].condition.max_ratio", "ratio_order"),
        ("thresholds.a", "thresholds_order"),
    ] {
        assert!(
            errors.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {errors:?}"
        );
    }
    let mut body = body_of(&current);
    body["rules"][0]["condition"] = json!({"kind": "moon_phase"});
    let (s, b) = put(&app, &crm, Some(0), &body).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(field_codes(&b)[0].0, "rules[0].condition.kind");
    let mut body = body_of(&current);
    body["rules"] = json!((0..51).map(|i| json!({"id": format!("r{i}"), "description": "x", "condition": {"kind": "always"}, "points": 1})).collect::<Vec<_>>());
    let (s, b) = put(&app, &crm, Some(0), &body).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(
        field_codes(&b),
        [("rules".to_string(), "length".to_string())]
    );
    let (_, after) = app.get(PATH, &crm).await;
    assert_eq!(after["version"], 0, "nothing was stored");
}

#[actix_web::test]
async fn only_crm_head_changes_the_rules_and_only_managers_read_them() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let (_, current) = app.get(PATH, &crm).await;
    let body = body_of(&current);
    for role in [Role::Admin, Role::SalesManager] {
        let t = app.token(role).await;
        let (s, _) = app.get(PATH, &t).await;
        assert_eq!(s, StatusCode::OK, "{role:?} reads");
        let (s, b) = put(&app, &t, Some(0), &body).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    for role in [
        Role::SalesRep,
        Role::CustomerSpecialist,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
    ] {
        let t = app.token(role).await;
        let (s, b) = app.get(PATH, &t).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        let (s, b) = put(&app, &t, Some(0), &body).await;
        assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
    }
    let (s, _) = send(app.req(Method::GET, PATH)).await;
    assert_eq!(s, StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_rule_change_is_audited_with_before_and_after() {
    let app = spawn_app().await;
    let crm = app.token(Role::CrmHead).await;
    let (_, current) = app.get(PATH, &crm).await;
    let mut body = body_of(&current);
    body["thresholds"]["b"] = json!(25);
    let (s, _) = put(&app, &crm, Some(0), &body).await;
    assert_eq!(s, StatusCode::OK);
    let (s, events) = app
        .get(
            "/api/v1/audit-events?entity_type=setting&entity_id=grading_rules",
            &crm,
        )
        .await;
    assert_eq!(s, StatusCode::OK);
    let data = events["data"].as_array().expect("data");
    assert_eq!(data.len(), 1, "{events}");
    assert_eq!(data[0]["action"], "setting.update");
    assert!(data[0]["actor_name"].is_string(), "{events}");
    assert_eq!(data[0]["before"]["version"], 0);
    assert_eq!(data[0]["before"]["value"]["thresholds"]["b"], 30);
    assert_eq!(data[0]["after"]["version"], 1);
    assert_eq!(data[0]["after"]["value"]["thresholds"]["b"], 25);
}
