//! `spawn_app()` and typed helpers.

#![allow(dead_code)]

use std::sync::OnceLock;

use api_types::{Role, TokenResponse};
use diesel::connection::SimpleConnection;
use diesel::Connection;
use estate_crm::config::{Config, Environment, Secrets, ThrottleConfig};
use estate_crm::Application;
use reqwest::{Method, RequestBuilder, Response, StatusCode};
use serde_json::{json, Value};

/// The demo password.
pub const PASSWORD: &str = "demo123456";

/// A running server with the demo company loaded.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`.
    pub base: String,
    /// HTTP client.
    pub client: reqwest::Client,
    /// Server state (its pool reaches the test database).
    pub state: estate_crm::state::AppState,
    _db: TestDb,
}

enum TestDb {
    Sqlite(tempfile::TempDir),
    Postgres { admin_url: String, name: String },
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let TestDb::Postgres { admin_url, name } = self {
            let (url, name) = (admin_url.clone(), name.clone());
            // Dropped on its own thread: the test's runtime may be shutting down.
            let _ = std::thread::spawn(move || {
                if let Ok(mut c) = diesel::PgConnection::establish(&url) {
                    let _ = c
                        .batch_execute(&format!("DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)"));
                }
            })
            .join();
        }
    }
}

/// Which backend the suite runs on.
pub fn on_postgres() -> bool {
    std::env::var("ESTATE_CRM_TEST_DB").is_ok_and(|v| v == "postgres")
}

fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL").expect(
        "ESTATE_CRM_TEST_DB=postgres needs TEST_POSTGRES_URL, e.g. postgres://postgres@127.0.0.1:5432/postgres",
    )
}

fn with_database(url: &str, db: &str) -> String {
    let (base, _) = url
        .rsplit_once('/')
        .expect("TEST_POSTGRES_URL has a database path");
    format!("{base}/{db}")
}

/// Name of the migrated template database: a hash of the migrations, so it is
/// rebuilt whenever they change and reused otherwise.
fn template_name() -> String {
    use sha2::{Digest, Sha256};
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../migrations/postgres");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .expect("migrations dir")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    let mut h = Sha256::new();
    for e in entries {
        h.update(e.to_string_lossy().as_bytes());
        h.update(std::fs::read(e.join("up.sql")).unwrap_or_default());
    }
    let digest = h.finalize();
    format!(
        "estate_tpl_{}",
        estate_crm::personal_data::hex(&digest[..6])
    )
}

fn ensure_template(admin_url: &str) -> String {
    static TEMPLATE: OnceLock<String> = OnceLock::new();
    TEMPLATE
        .get_or_init(|| {
            let name = template_name();
            let mut admin = diesel::PgConnection::establish(admin_url)
                .unwrap_or_else(|e| panic!("PostgreSQL unreachable at TEST_POSTGRES_URL: {e}"));
            admin
                .batch_execute("SELECT pg_advisory_lock(727274)")
                .expect("lock");
            let exists: bool = diesel::select(diesel::dsl::sql::<diesel::sql_types::Bool>(
                &format!("EXISTS (SELECT 1 FROM pg_database WHERE datname = '{name}')"),
            ))
            .get_result(&mut admin)
            .expect("pg_database");
            if !exists {
                let building = format!("{name}_building");
                admin
                    .batch_execute(&format!(
                        "DROP DATABASE IF EXISTS \"{building}\" WITH (FORCE)"
                    ))
                    .expect("drop half-built template");
                admin
                    .batch_execute(&format!("CREATE DATABASE \"{building}\""))
                    .expect("create template");
                {
                    let mut conn = estate_crm::db::DbConn::Pg(
                        diesel::PgConnection::establish(&with_database(admin_url, &building))
                            .expect("template"),
                    );
                    estate_crm::db::migrate(&mut conn).expect("migrate template");
                }
                admin
                    .batch_execute(&format!(
                        "ALTER DATABASE \"{building}\" RENAME TO \"{name}\""
                    ))
                    .expect("publish template");
            }
            admin
                .batch_execute("SELECT pg_advisory_unlock(727274)")
                .expect("unlock");
            name
        })
        .clone()
}

use diesel::RunQueryDsl;

fn fresh_postgres() -> (String, TestDb) {
    let admin_url = postgres_admin_url();
    let template = ensure_template(&admin_url);
    let name = format!("estate_test_{}", uuid::Uuid::new_v4().simple());
    let mut admin = diesel::PgConnection::establish(&admin_url).expect("postgres");
    let mut attempt = 0;
    loop {
        match admin.batch_execute(&format!(
            "CREATE DATABASE \"{name}\" TEMPLATE \"{template}\""
        )) {
            Ok(()) => break,
            Err(e) if attempt < 20 && e.to_string().contains("being accessed") => {
                attempt += 1;
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            Err(e) => panic!("cannot create test database: {e}"),
        }
    }
    let url = with_database(&admin_url, &name);
    (url, TestDb::Postgres { admin_url, name })
}

/// A test configuration on the given database URL.
pub fn test_config(database_url: String, data_dir: std::path::PathBuf) -> Config {
    Config {
        database_url,
        bind: "127.0.0.1:0".into(),
        data_dir,
        environment: Environment::Development,
        spa_dir: "/nonexistent-spa".into(),
        workers: 1,
        db_pool_size: 4,
        json_limit: 64 * 1024,
        import_chunk_rows: None,
        throttle: ThrottleConfig {
            account_failures: 5,
            ip_failures: 1000,
            window_secs: 900,
        },
        run_jobs: false,
        trusted_proxies: vec![],
        outbox: Default::default(),
        owner_login: Default::default(),
        secrets: Secrets {
            token_key: b"test-token-key-that-is-long-enough-0123456789".to_vec(),
            pii_key: ("k1".into(), [3u8; 32]),
            pii_old_keys: vec![],
            blind_index_key: vec![5u8; 32],
        },
    }
}

/// Starts the server on a fresh database with the demo company.
pub async fn spawn_app() -> TestApp {
    spawn_with(|_| {}).await
}

/// Like [`spawn_app`], adjusting the configuration first.
pub async fn spawn_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let dir = tempfile::tempdir().expect("tempdir");
    let data_dir = dir.path().to_path_buf();
    let (url, db) = if on_postgres() {
        let (url, db) = fresh_postgres();
        drop(dir);
        (url, db)
    } else {
        (
            format!("sqlite://{}", data_dir.join("test.db").display()),
            TestDb::Sqlite(dir),
        )
    };
    let mut config = test_config(url, data_dir);
    adjust(&mut config);
    let app = Application::build(config).expect("server builds");
    let state = app.state().clone();
    {
        let mut conn = state.pool.get().expect("conn");
        estate_crm::demo::load(&mut conn, &state.personal_data).expect("demo data");
    }
    let base = format!("http://127.0.0.1:{}", app.port());
    actix_web::rt::spawn(app.into_server());
    TestApp {
        base,
        client: reqwest::Client::new(),
        state,
        _db: db,
    }
}

/// The demo login of a role.
pub fn email(role: Role) -> String {
    format!("{}@demo.example", role.as_str())
}

impl TestApp {
    /// A request to a path under the server.
    pub fn req(&self, method: Method, path: &str) -> RequestBuilder {
        self.client
            .request(method, format!("{}{}", self.base, path))
    }

    /// POST /api/v1/auth/login.
    pub async fn login_raw(&self, email: &str, password: &str) -> Response {
        self.req(Method::POST, "/api/v1/auth/login")
            .json(&json!({"email": email, "password": password}))
            .send()
            .await
            .expect("login request")
    }

    /// Signs in as the demo user of a role.
    pub async fn tokens(&self, role: Role) -> TokenResponse {
        let res = self.login_raw(&email(role), PASSWORD).await;
        assert_eq!(res.status(), StatusCode::OK, "login as {role:?}");
        res.json().await.expect("tokens")
    }

    /// An access token for the demo user of a role.
    pub async fn token(&self, role: Role) -> String {
        self.tokens(role).await.access_token
    }

    /// An authenticated request.
    pub fn authed(&self, method: Method, path: &str, token: &str) -> RequestBuilder {
        self.req(method, path).bearer_auth(token)
    }

    /// GET with a token, returning status and JSON body.
    pub async fn get(&self, path: &str, token: &str) -> (StatusCode, Value) {
        send(self.authed(Method::GET, path, token)).await
    }

    /// POST JSON with a token.
    pub async fn post(&self, path: &str, token: &str, body: &Value) -> (StatusCode, Value) {
        send(self.authed(Method::POST, path, token).json(body)).await
    }

    /// PATCH JSON with a token and `If-Match`.
    pub async fn patch(
        &self,
        path: &str,
        token: &str,
        version: i64,
        body: &Value,
    ) -> (StatusCode, Value) {
        send(
            self.authed(Method::PATCH, path, token)
                .header("If-Match", format!("\"{version}\""))
                .json(body),
        )
        .await
    }

    /// The demo project ids, in order (滨江壹号院, 西溪云庐).
    pub async fn project_ids(&self, token: &str) -> Vec<String> {
        let (status, body) = self.get("/api/v1/projects", token).await;
        assert_eq!(status, StatusCode::OK);
        body["data"]
            .as_array()
            .expect("data")
            .iter()
            .map(|p| p["id"].as_str().expect("id").to_string())
            .collect()
    }

    /// Creates a project as admin and returns its JSON.
    pub async fn create_project(&self, token: &str, name: &str) -> Value {
        let (status, body) = self
            .post(
                "/api/v1/projects",
                token,
                &json!({"name": name, "city": "上海", "district": "浦东新区"}),
            )
            .await;
        assert_eq!(status, StatusCode::CREATED, "{body}");
        body
    }
}

/// Sends a request and returns status and JSON (Null when the body is empty or not JSON).
pub async fn send(req: RequestBuilder) -> (StatusCode, Value) {
    let res = req.send().await.expect("request");
    let status = res.status();
    let text = res.text().await.unwrap_or_default();
    (status, serde_json::from_str(&text).unwrap_or(Value::Null))
}

/// Asserts a problem+json response with a code.
pub fn assert_problem(status: StatusCode, body: &Value, expected: StatusCode, code: &str) {
    assert_eq!(status, expected, "body: {body}");
    assert_eq!(body["code"], code, "body: {body}");
    assert_eq!(body["status"], expected.as_u16(), "body: {body}");
    assert!(
        body["type"].as_str().is_some_and(|t| t.ends_with(code)),
        "body: {body}"
    );
}

/// A second sales rep (`rep2@demo.example`) granted project `pid`, signed in: their access token.
pub async fn second_rep(app: &TestApp, admin: &str, pid: &str) -> String {
    second_user(app, admin, pid, "sales_rep", "rep2@demo.example").await
}

/// A new user of `role` granted project `pid`, signed in: their access token.
pub async fn second_user(app: &TestApp, admin: &str, pid: &str, role: &str, email: &str) -> String {
    let (s, _) = app
        .post(
            "/api/v1/users",
            admin,
            &json!({"email": email, "password": "a-long-password", "display_name": "李四",
                    "role": role, "project_ids": [pid]}),
        )
        .await;
    assert_eq!(s, StatusCode::CREATED);
    let res = app.login_raw(email, "a-long-password").await;
    res.json::<Value>().await.expect("tokens")["access_token"]
        .as_str()
        .expect("token")
        .to_string()
}
