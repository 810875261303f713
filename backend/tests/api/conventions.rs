//! API conventions: problem+json, request ids, strict JSON, body limit,
//! idempotency, If-Match, keyset pagination, health.

use api_types::Role;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app};

#[actix_web::test]
async fn unknown_routes_are_problem_json_with_a_request_id() {
    let app = spawn_app().await;
    let res = app
        .req(Method::GET, "/api/v1/no-such-thing")
        .send()
        .await
        .expect("req");
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let rid = res.headers()["x-request-id"]
        .to_str()
        .expect("rid")
        .to_string();
    let body: Value = res.json().await.expect("json");
    assert_eq!(body["code"], "not_found");
    assert_eq!(body["request_id"], rid.as_str());
}

#[actix_web::test]
async fn a_sane_caller_request_id_is_echoed_and_a_hostile_one_replaced() {
    let app = spawn_app().await;
    let res = app
        .req(Method::GET, "/health/live")
        .header("X-Request-Id", "abc-123")
        .send()
        .await
        .expect("req");
    assert_eq!(res.headers()["x-request-id"], "abc-123");
    let res = app
        .req(Method::GET, "/health/live")
        .header("X-Request-Id", "x\"; drop table")
        .send()
        .await
        .expect("req");
    assert_ne!(res.headers()["x-request-id"], "x\"; drop table");
}

#[actix_web::test]
async fn unknown_json_fields_are_rejected_naming_the_field() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (s, b) = app
        .post(
            "/api/v1/projects",
            &admin,
            &json!({"name": "新盘", "city": "杭州", "company_id": "x"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "company_id");
    assert_eq!(b["errors"][0]["code"], "unknown_field");
}

#[actix_web::test]
async fn invalid_fields_get_422_with_every_field_error() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (s, b) = app
        .post("/api/v1/projects", &admin, &json!({"name": "", "city": ""}))
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let fields: Vec<&str> = b["errors"]
        .as_array()
        .expect("errors")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, vec!["city", "name"]);
    let (s, b) = app
        .post(
            "/api/v1/projects",
            &admin,
            &json!({"name": 5, "city": "杭州"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "name");
    let (s, b) = app
        .post("/api/v1/projects", &admin, &json!({"city": "杭州"}))
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "name");
    assert_eq!(b["errors"][0]["code"], "required");
}

#[actix_web::test]
async fn malformed_json_wrong_media_type_and_oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let req = |body: Vec<u8>, ct: &str| {
        app.authed(Method::POST, "/api/v1/projects", &admin)
            .header("content-type", ct.to_string())
            .body(body)
    };
    let (s, b) = send(req(b"{\"name\": ".to_vec(), "application/json")).await;
    assert_problem(s, &b, StatusCode::BAD_REQUEST, "malformed_json");
    let (s, b) = send(req(b"name=x".to_vec(), "application/x-www-form-urlencoded")).await;
    assert_problem(
        s,
        &b,
        StatusCode::UNSUPPORTED_MEDIA_TYPE,
        "unsupported_media_type",
    );
    let big = format!(
        "{{\"name\": \"{}\", \"city\": \"x\"}}",
        "a".repeat(200 * 1024)
    );
    let (s, b) = send(req(big.into_bytes(), "application/json")).await;
    assert_problem(s, &b, StatusCode::PAYLOAD_TOO_LARGE, "payload_too_large");
    // Nothing was created by any of them.
    let (_, list) = app.get("/api/v1/projects", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(2));
}

#[actix_web::test]
async fn idempotency_key_replays_the_first_response_and_creates_once() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let body = json!({"name": "重放测试", "city": "苏州"});
    let post = || {
        app.authed(Method::POST, "/api/v1/projects", &admin)
            .header("Idempotency-Key", "key-1")
            .json(&body)
    };
    let first = post().send().await.expect("first");
    assert_eq!(first.status(), StatusCode::CREATED);
    let location = first.headers()["location"]
        .to_str()
        .expect("loc")
        .to_string();
    let first_body: Value = first.json().await.expect("json");
    let second = post().send().await.expect("second");
    assert_eq!(second.status(), StatusCode::CREATED);
    assert_eq!(second.headers()["idempotent-replayed"], "true");
    assert_eq!(
        second.headers()["location"].to_str().expect("loc"),
        location
    );
    let second_body: Value = second.json().await.expect("json");
    assert_eq!(first_body, second_body);
    let (_, list) = app.get("/api/v1/projects?q=重放", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn idempotency_key_with_another_body_is_422_and_creates_nothing() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let send_with = |name: &str| {
        app.authed(Method::POST, "/api/v1/projects", &admin)
            .header("Idempotency-Key", "key-2")
            .json(&json!({"name": name, "city": "苏州"}))
    };
    assert_eq!(
        send_with("甲").send().await.expect("a").status(),
        StatusCode::CREATED
    );
    let (s, b) = send(send_with("乙")).await;
    assert_problem(
        s,
        &b,
        StatusCode::UNPROCESSABLE_ENTITY,
        "idempotency_key_reused",
    );
    let (_, list) = app.get("/api/v1/projects?q=乙", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(0));
}

#[actix_web::test]
async fn a_failed_request_does_not_burn_its_idempotency_key() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let with = |body: Value| {
        app.authed(Method::POST, "/api/v1/projects", &admin)
            .header("Idempotency-Key", "key-3")
            .json(&body)
    };
    let (s, _) = send(with(json!({"name": "", "city": "x"}))).await;
    assert_eq!(s, StatusCode::UNPROCESSABLE_ENTITY);
    let (s, _) = send(with(json!({"name": "修正后", "city": "x"}))).await;
    assert_eq!(s, StatusCode::CREATED);
}

#[actix_web::test]
async fn updates_need_a_current_if_match() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let project = app.create_project(&admin, "版本测试").await;
    let path = format!("/api/v1/projects/{}", project["id"].as_str().expect("id"));
    let res = app
        .authed(Method::GET, &path, &admin)
        .send()
        .await
        .expect("get");
    assert_eq!(res.headers()["etag"], "\"1\"");
    let (s, b) = send(
        app.authed(Method::PATCH, &path, &admin)
            .json(&json!({"city": "南京"})),
    )
    .await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_REQUIRED,
        "precondition_required",
    );
    let (s, b) = app.patch(&path, &admin, 1, &json!({"city": "南京"})).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    assert_eq!(b["version"], 2);
    let (s, b) = app.patch(&path, &admin, 1, &json!({"city": "无锡"})).await;
    assert_problem(
        s,
        &b,
        StatusCode::PRECONDITION_FAILED,
        "precondition_failed",
    );
    let (_, now) = app.get(&path, &admin).await;
    assert_eq!(now["city"], "南京", "the stale write changed nothing");
    let (s, _) = send(app.authed(Method::DELETE, &path, &admin)).await;
    assert_eq!(s, StatusCode::PRECONDITION_REQUIRED);
}

#[actix_web::test]
async fn pagination_walks_every_row_once() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    for i in 0..5 {
        app.create_project(&admin, &format!("分页{i}")).await;
    }
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    let mut pages = 0;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/projects?limit=3&cursor={c}"),
            None => "/api/v1/projects?limit=3".to_string(),
        };
        let (s, b) = app.get(&path, &admin).await;
        assert_eq!(s, StatusCode::OK);
        pages += 1;
        for p in b["data"].as_array().expect("data") {
            seen.push(p["id"].as_str().expect("id").to_string());
        }
        match b["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_string()),
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen.len(), 7);
    let mut dedup = seen.clone();
    dedup.sort();
    dedup.dedup();
    assert_eq!(dedup.len(), 7);
}

#[actix_web::test]
async fn bad_pagination_parameters_are_422() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    for q in [
        "limit=0",
        "limit=201",
        "limit=abc",
        "cursor=forged",
        "unknown=1",
    ] {
        let (s, b) = app.get(&format!("/api/v1/projects?{q}"), &admin).await;
        assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
}

#[actix_web::test]
async fn health_reports_liveness_and_database_readiness() {
    let app = spawn_app().await;
    let (s, b) = send(app.req(Method::GET, "/health/live")).await;
    assert_eq!((s, b["status"].as_str()), (StatusCode::OK, Some("ok")));
    let (s, b) = send(app.req(Method::GET, "/health/ready")).await;
    assert_eq!(s, StatusCode::OK);
    let expected = if crate::helpers::on_postgres() {
        "postgres"
    } else {
        "sqlite"
    };
    assert_eq!(b["database"], expected);
}

#[actix_web::test]
async fn readiness_is_503_problem_json_when_no_database_connection_can_be_had() {
    let app = crate::helpers::spawn_with(|c| c.db_pool_size = 1).await;
    let pool = app.state.pool.clone();
    // Hold the only connection, as an outage would.
    let held = std::thread::spawn(move || {
        let _conn = pool.get().expect("conn");
        std::thread::sleep(std::time::Duration::from_secs(8));
    });
    std::thread::sleep(std::time::Duration::from_millis(300));
    let (s, b) = send(app.req(Method::GET, "/health/ready")).await;
    assert_problem(
        s,
        &b,
        StatusCode::SERVICE_UNAVAILABLE,
        "database_unavailable",
    );
    held.join().expect("join");
}

#[actix_web::test]
async fn concurrent_retries_with_one_idempotency_key_create_exactly_once() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let body = json!({"name": "并发重试", "city": "苏州"});
    let calls = (0..6).map(|_| {
        app.authed(Method::POST, "/api/v1/projects", &admin)
            .header("Idempotency-Key", "same-key")
            .json(&body)
            .send()
    });
    let results = futures_util::future::join_all(calls).await;
    for r in results {
        let s = r.expect("response").status();
        assert!(
            s == StatusCode::CREATED || s == StatusCode::CONFLICT,
            "got {s}"
        );
    }
    let (_, list) = app.get("/api/v1/projects?q=并发重试", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
}

#[actix_web::test]
async fn nul_characters_are_refused_before_they_reach_the_database() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (s, b) = app.get("/api/v1/projects/%00", &admin).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "not_found");
    let (s, b) = app.get("/api/v1/projects?q=a%00b", &admin).await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    let (s, b) = app
        .post(
            "/api/v1/auth/login",
            "",
            &json!({"email": "a\u{0}@x.cn", "password": "x"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    assert_eq!(b["errors"][0]["field"], "email");
    let (s, b) = app
        .post(
            "/api/v1/projects",
            &admin,
            &json!({"name": "空\u{0}字符", "city": "杭州"}),
        )
        .await;
    assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    // An escaped backslash followed by "u0000" is ordinary text.
    let (s, _) = app
        .post(
            "/api/v1/projects",
            &admin,
            &json!({"name": "反斜杠\\u0000", "city": "杭州"}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
}
