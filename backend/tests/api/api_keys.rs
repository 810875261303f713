//! API keys: the admin's API, the secret shown once and stored hashed, and
//! integrations authenticating with `X-API-Key` (through `/api-keys/self`, and
//! through the product's extractors and idempotency middleware mounted on a
//! test-only app).

use std::sync::atomic::{AtomicUsize, Ordering};

use actix_web::{test as at, web, App, HttpResponse};
use api_types::Role;
use diesel::prelude::*;
use estate_crm::auth::integration::{RequireScope, WriteLeads};
use estate_crm::auth::Caller;
use estate_crm::error::ApiError;
use estate_crm::schema::{api_keys, audit_events, idempotency_keys};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app, TestApp};

/// Creates a key as admin: (its JSON view, its secret).
async fn create_key(app: &TestApp, admin: &str, scopes: Value) -> (Value, String) {
    let (s, b) = app
        .post(
            "/api/v1/api-keys",
            admin,
            &json!({"name": "官网表单", "scopes": scopes}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED, "{b}");
    let secret = b["secret"].as_str().expect("secret").to_string();
    (b["api_key"].clone(), secret)
}

/// GET /api/v1/api-keys/self with a key.
async fn get_self(app: &TestApp, secret: &str) -> (StatusCode, Value) {
    send(
        app.req(Method::GET, "/api/v1/api-keys/self")
            .header("X-API-Key", secret),
    )
    .await
}

#[actix_web::test]
async fn admin_creates_a_key_whose_secret_is_shown_once_and_stored_hashed() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (_, me) = app.get("/api/v1/me", &admin).await;
    let res = app
        .authed(Method::POST, "/api/v1/api-keys", &admin)
        .header("Idempotency-Key", "create-1")
        .json(&json!({"name": " 贝壳 ", "scopes": ["leads:read", "leads:write", "leads:read"]}))
        .send()
        .await
        .expect("create");
    assert_eq!(res.status(), StatusCode::CREATED);
    assert_eq!(res.headers()["cache-control"], "no-store");
    let location = res.headers()["location"].to_str().expect("loc").to_string();
    let created: Value = res.json().await.expect("json");
    let key = &created["api_key"];
    let secret = created["secret"].as_str().expect("secret");
    let prefix = key["prefix"].as_str().expect("prefix");
    assert_eq!(prefix.len(), 8);
    assert!(secret.starts_with(&format!("ek_{prefix}_")), "{secret}");
    assert_eq!(key["name"], "贝壳");
    assert_eq!(key["scopes"], json!(["leads:write", "leads:read"]));
    assert_eq!(key["created_by"], me["id"]);
    assert_eq!(key["last_used_at"], Value::Null);
    assert_eq!(
        location,
        format!("/api/v1/api-keys/{}", key["id"].as_str().expect("id"))
    );

    let (s, read) = app.get(&location, &admin).await;
    assert_eq!(s, StatusCode::OK);
    assert_eq!(&read, key, "a read is the view, without the secret");
    let (_, list) = app.get("/api/v1/api-keys", &admin).await;
    assert_eq!(list["data"], json!([key]));
    assert!(!list.to_string().contains(secret));

    // The database holds the hash only: not in the key row, the audit or the idempotency store.
    let mut conn = app.state.pool.get().expect("conn");
    let (hash, stored_prefix): (String, String) = api_keys::table
        .select((api_keys::key_hash, api_keys::prefix))
        .first(&mut *conn)
        .expect("row");
    assert_eq!(hash, estate_crm::api_keys::hash_secret(secret));
    assert_eq!(stored_prefix, prefix);
    let audits: Vec<(String, Option<String>)> = audit_events::table
        .filter(audit_events::entity_type.eq("api_key"))
        .select((audit_events::action, audit_events::after_json))
        .load(&mut *conn)
        .expect("audit");
    assert_eq!(audits.len(), 1);
    assert_eq!(audits[0].0, "api_key.create");
    assert!(!audits[0].1.as_deref().unwrap_or("").contains(secret));
    let stored: i64 = idempotency_keys::table
        .count()
        .get_result(&mut *conn)
        .expect("count");
    assert_eq!(
        stored, 0,
        "the response with the secret is never stored for replay"
    );
}

#[test]
fn the_contract_names_scopes_as_sent_and_takes_no_idempotency_key_on_creation() {
    let doc: Value = serde_json::from_str(&estate_crm::openapi_json()).expect("json");
    let schemas = &doc["components"]["schemas"];
    assert_eq!(
        schemas["ApiKeyScope"]["enum"],
        json!(["leads:write", "leads:read"])
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["api_key"]["name"],
        "X-API-Key"
    );
    assert!(doc["paths"]["/api/v1/api-keys"]["post"]["parameters"].is_null());
}

#[actix_web::test]
async fn key_creation_is_validated() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    for body in [
        json!({"name": "x", "scopes": []}),
        json!({"name": "   ", "scopes": ["leads:write"]}),
        json!({"name": "x", "scopes": ["admin:all"]}),
        json!({"name": "x", "scopes": ["leads:write"], "company_id": "c"}),
    ] {
        let (s, b) = app.post("/api/v1/api-keys", &admin, &body).await;
        assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
    }
    // A blank name reads as missing, like every other empty required field.
    let blank = json!({"name": "   ", "scopes": ["leads:write"]});
    let (_, b) = app.post("/api/v1/api-keys", &admin, &blank).await;
    assert_eq!(b["errors"][0]["field"], "name");
    assert_eq!(b["errors"][0]["code"], "required");
}

#[actix_web::test]
async fn only_admins_manage_api_keys() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (key, _) = create_key(&app, &admin, json!(["leads:write"])).await;
    let item = format!("/api/v1/api-keys/{}", key["id"].as_str().expect("id"));
    for role in Role::ALL.iter().copied().filter(|r| *r != Role::Admin) {
        let t = app.token(role).await;
        let requests = [
            app.authed(Method::GET, "/api/v1/api-keys", &t),
            app.authed(Method::POST, "/api/v1/api-keys", &t)
                .json(&json!({"name": "x", "scopes": ["leads:write"]})),
            app.authed(Method::GET, &item, &t),
            app.authed(Method::DELETE, &item, &t),
        ];
        for req in requests {
            let (s, b) = send(req).await;
            assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        }
    }
    let (_, list) = app.get("/api/v1/api-keys", &admin).await;
    assert_eq!(list["data"].as_array().map(Vec::len), Some(1));
    assert_eq!(list["data"][0]["revoked_at"], Value::Null);
}

#[actix_web::test]
async fn a_key_reads_itself_and_its_last_use_is_recorded_once_a_minute() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (key, secret) = create_key(&app, &admin, json!(["leads:read"])).await;
    let id = key["id"].as_str().expect("id").to_string();
    let (s, own) = get_self(&app, &secret).await;
    assert_eq!(s, StatusCode::OK, "{own}");
    assert_eq!(own["id"], id.as_str());
    assert!(own["last_used_at"].is_string(), "{own}");
    let (_, read) = app.get(&format!("/api/v1/api-keys/{id}"), &admin).await;
    assert_eq!(read["last_used_at"], own["last_used_at"]);

    let set_last_used = |secs_ago: i64| {
        let t = estate_crm::db::now() - chrono::Duration::seconds(secs_ago);
        let mut conn = app.state.pool.get().expect("conn");
        diesel::update(api_keys::table.filter(api_keys::id.eq(&id)))
            .set(api_keys::last_used_at.eq(t))
            .execute(&mut *conn)
            .expect("set");
        estate_crm::db::utc(t)
    };
    let recent = set_last_used(10);
    let (_, own) = get_self(&app, &secret).await;
    assert_eq!(
        own["last_used_at"],
        json!(recent),
        "not rewritten within a minute"
    );
    let old = set_last_used(120);
    let (_, own) = get_self(&app, &secret).await;
    let seen: chrono::DateTime<chrono::Utc> =
        serde_json::from_value(own["last_used_at"].clone()).expect("time");
    assert!(seen > old + chrono::Duration::seconds(100), "{own}");
}

#[actix_web::test]
async fn revoked_unknown_and_missing_keys_are_refused() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (key, secret) = create_key(&app, &admin, json!(["leads:write"])).await;
    let item = format!("/api/v1/api-keys/{}", key["id"].as_str().expect("id"));
    for _ in 0..2 {
        let (s, _) = send(app.authed(Method::DELETE, &item, &admin)).await;
        assert_eq!(s, StatusCode::NO_CONTENT, "revoking is idempotent");
    }
    let (s, b) = get_self(&app, &secret).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "api_key_revoked");
    let (_, read) = app.get(&item, &admin).await;
    assert!(read["revoked_at"].is_string());
    let (_, live) = app.get("/api/v1/api-keys?revoked=false", &admin).await;
    assert_eq!(live["data"], json!([]));
    let (_, revoked) = app.get("/api/v1/api-keys?revoked=true", &admin).await;
    assert_eq!(revoked["data"][0]["id"], key["id"]);
    let (_, audit) = app
        .get(
            &format!(
                "/api/v1/audit-events?entity_id={}",
                key["id"].as_str().expect("id")
            ),
            &admin,
        )
        .await;
    let actions: Vec<&str> = audit["data"]
        .as_array()
        .expect("data")
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert_eq!(
        actions,
        vec!["api_key.revoke", "api_key.create"],
        "one revocation"
    );

    let unknown = format!("ek_{}_{}", &secret[3..11], "x".repeat(32));
    for value in [unknown.as_str(), "not-a-key"] {
        let (s, b) = get_self(&app, value).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let (s, b) = send(app.req(Method::GET, "/api/v1/api-keys/self")).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, b) = app.get("/api/v1/api-keys/self", &admin).await;
    assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    let (s, b) = send(app.authed(Method::DELETE, "/api/v1/api-keys/nope", &admin)).await;
    assert_problem(s, &b, StatusCode::NOT_FOUND, "api_key_not_found");
}

/// A handler as the lead capture endpoint will be: any caller, a scope for keys.
async fn capture_like(
    caller: Caller,
    counter: web::Data<AtomicUsize>,
) -> Result<HttpResponse, ApiError> {
    caller.require_scope(api_types::ApiKeyScope::LeadsWrite)?;
    let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
    Ok(HttpResponse::Created()
        .insert_header(("location", format!("/things/{n}")))
        .json(json!({"n": n, "principal": caller.principal(), "actor_kind": caller.audit().actor_kind})))
}

async fn writers_only(key: RequireScope<WriteLeads>) -> HttpResponse {
    HttpResponse::Ok().json(json!({"key_id": key.key_id}))
}

#[actix_web::test]
async fn caller_require_scope_and_idempotency_work_with_api_keys() {
    let app = spawn_app().await;
    let admin = app.token(Role::Admin).await;
    let (writer, writer_secret) = create_key(&app, &admin, json!(["leads:write"])).await;
    let (_, reader_secret) = create_key(&app, &admin, json!(["leads:read"])).await;
    let svc = at::init_service(
        App::new()
            .app_data(web::Data::new(app.state.clone()))
            .app_data(web::Data::new(AtomicUsize::new(0)))
            .wrap(actix_web::middleware::from_fn(
                estate_crm::idempotency::middleware,
            ))
            .route("/capture", web::post().to(capture_like))
            .route("/writers", web::get().to(writers_only)),
    )
    .await;
    let call = |key: Option<&str>, bearer: Option<&str>, idem: &str, body: Value| {
        let mut req = at::TestRequest::post().uri("/capture").set_json(body);
        if let Some(k) = key {
            req = req.insert_header(("X-API-Key", k.to_string()));
        }
        if let Some(b) = bearer {
            req = req.insert_header(("Authorization", format!("Bearer {b}")));
        }
        req.insert_header(("Idempotency-Key", idem.to_string()))
            .to_request()
    };
    let res = at::call_service(
        &svc,
        call(Some(&writer_secret), None, "k1", json!({"a": 1})),
    )
    .await;
    assert_eq!(res.status().as_u16(), 201);
    let first: Value = at::read_body_json(res).await;
    assert_eq!(
        first["principal"],
        format!("key:{}", writer["id"].as_str().expect("id"))
    );
    assert_eq!(first["actor_kind"], "integration");
    let res = at::call_service(
        &svc,
        call(Some(&writer_secret), None, "k1", json!({"a": 1})),
    )
    .await;
    assert_eq!(
        res.headers()
            .get("idempotent-replayed")
            .map(|v| v.as_bytes()),
        Some(&b"true"[..])
    );
    let replay: Value = at::read_body_json(res).await;
    assert_eq!(replay, first, "the retry created nothing");
    let err = at::try_call_service(
        &svc,
        call(Some(&writer_secret), None, "k1", json!({"a": 2})),
    )
    .await
    .expect_err("another body under the same key");
    assert_eq!(err.as_response_error().status_code().as_u16(), 422);
    // Staff with the same Idempotency-Key are another principal; the bearer token decides.
    let res = at::call_service(
        &svc,
        call(Some(&reader_secret), Some(&admin), "k1", json!({"a": 1})),
    )
    .await;
    let staff: Value = at::read_body_json(res).await;
    assert_eq!(
        (staff["n"].clone(), staff["actor_kind"].clone()),
        (json!(2), json!("staff"))
    );
    let res = at::call_service(
        &svc,
        call(Some(&writer_secret), Some("bad"), "k2", json!({})),
    )
    .await;
    assert_eq!(res.status().as_u16(), 401, "no fall-back to the key");
    let res = at::call_service(&svc, call(None, None, "k3", json!({}))).await;
    assert_eq!(res.status().as_u16(), 401);
    // A key without leads:write: 403 from Caller::require_scope and from RequireScope.
    let res = at::call_service(&svc, call(Some(&reader_secret), None, "k4", json!({}))).await;
    assert_eq!(res.status().as_u16(), 403);
    let get = |key: &str| {
        at::TestRequest::get()
            .uri("/writers")
            .insert_header(("X-API-Key", key.to_string()))
            .to_request()
    };
    let res = at::call_service(&svc, get(&reader_secret)).await;
    assert_eq!(res.status().as_u16(), 403);
    let body: Value = at::read_body_json(res).await;
    assert_eq!(body["code"], "forbidden");
    let res = at::call_service(&svc, get(&writer_secret)).await;
    assert_eq!(res.status().as_u16(), 200);

    let mut conn = app.state.pool.get().expect("conn");
    let mut principals: Vec<String> = idempotency_keys::table
        .select(idempotency_keys::principal)
        .load(&mut *conn)
        .expect("keys");
    principals.sort();
    let writer_principal = format!("key:{}", writer["id"].as_str().expect("id"));
    assert_eq!(principals.len(), 2, "{principals:?}");
    assert!(principals.contains(&writer_principal), "{principals:?}");
    assert!(
        principals.iter().any(|p| p.starts_with("staff:")),
        "{principals:?}"
    );
}
