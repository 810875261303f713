//! EstateCRM server: a CRM for real-estate developers.
//!
//! [`Application::build`] wires configuration, the database and every route
//! into a running actix-web server (port 0 in tests).

pub mod api_keys;
pub mod audit;
pub mod audit_events;
pub mod auth;
pub mod cli;
pub mod config;
pub mod customers;
pub mod db;
pub mod deals;
pub mod delivery;
pub mod demo;
pub mod error;
pub mod extract;
pub mod health;
pub mod idempotency;
pub mod jobs;
pub mod leads;
pub mod membership;
pub mod notifications;
pub mod openapi;
pub mod outbox;
pub mod owners;
pub mod personal_data;
pub mod projects;
pub mod referrals;
pub mod reports;
pub mod request_id;
pub mod routes;
pub mod schema;
pub mod settings;
pub mod sla;
pub mod spa;
pub mod state;
pub mod users;

use std::net::TcpListener;

use actix_web::dev::Server;
use actix_web::middleware::{from_fn, Logger};
use actix_web::{web, App, HttpServer};
use utoipa::OpenApi;
use utoipa_actix_web::{scope, AppExt};
use utoipa_swagger_ui::SwaggerUi;

use crate::config::Config;
use crate::error::ApiError;
use crate::extract::JsonLimit;
use crate::state::AppState;

/// The complete OpenAPI document, as served and as committed in `openapi/openapi.json`.
pub fn openapi_document() -> utoipa::openapi::OpenApi {
    let (_, mut doc) = App::new()
        .into_utoipa_app()
        .openapi(openapi::ApiDoc::openapi())
        .service(scope("/api/v1").configure(routes::api))
        .configure(routes::root)
        .split_for_parts();
    openapi::add_common_responses(&mut doc);
    openapi::add_etag_links(&mut doc);
    doc
}

/// The OpenAPI document as pretty JSON with a trailing newline.
pub fn openapi_json() -> String {
    let mut text = openapi_document().to_pretty_json().unwrap_or_default();
    text.push('\n');
    text
}

/// Connects to the database, applies pending migrations and returns the pool.
pub fn connect_and_migrate(config: &Config) -> Result<db::Pool, String> {
    let pool = db::build_pool(&config.database_url, config.db_pool_size)?;
    let mut conn = pool
        .get()
        .map_err(|e| format!("cannot connect to the database: {e}"))?;
    let applied = db::migrate(&mut conn).map_err(|e| format!("migration failed: {e}"))?;
    if applied > 0 {
        log::info!(
            "applied {applied} migration(s) on {}",
            conn.backend().as_str()
        );
    }
    Ok(pool)
}

/// A built, listening server.
pub struct Application {
    port: u16,
    server: Server,
    state: AppState,
}

impl Application {
    /// Migrates the database, binds the listener and builds the server.
    pub fn build(config: Config) -> Result<Application, String> {
        let pool = connect_and_migrate(&config)?;
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| format!("cannot bind {}: {e}", config.bind))?;
        let port = listener.local_addr().map_err(|e| e.to_string())?.port();
        let state = AppState::new(config, pool)?;
        let server = server(state.clone(), listener)?;
        if state.config.run_jobs {
            jobs::spawn(state.clone());
        }
        Ok(Application {
            port,
            server,
            state,
        })
    }

    /// The bound port.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The shared state (tests use its pool).
    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Runs until the server stops.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        self.server.await
    }

    /// The server future, to spawn.
    pub fn into_server(self) -> Server {
        self.server
    }
}

fn server(state: AppState, listener: TcpListener) -> Result<Server, String> {
    let workers = state.config.workers.max(1);
    let doc = openapi_document();
    let doc_json = web::Data::new(routes::OpenApiJson(
        doc.to_pretty_json().unwrap_or_default(),
    ));
    let data = web::Data::new(state);
    let server = HttpServer::new(move || {
        let json_limit = data.config.json_limit;
        let spa_dir = data.config.spa_dir.clone();
        let (app, _) = App::new()
            .into_utoipa_app()
            .app_data(data.clone())
            .app_data(doc_json.clone())
            .app_data(JsonLimit(json_limit))
            .app_data(web::PayloadConfig::new(json_limit))
            .app_data(web::QueryConfig::default().error_handler(|err, _| {
                ApiError::invalid_field("query", "invalid", err.to_string()).into()
            }))
            .app_data(
                web::PathConfig::default()
                    .error_handler(|_, _| ApiError::not_found("not_found").into()),
            )
            .service(scope("/api/v1").configure(routes::api))
            .configure(routes::root)
            .split_for_parts();
        app.service(SwaggerUi::new("/docs/{_:.*}").url("/docs/openapi.json", doc.clone()))
            .configure(|cfg| spa::configure(cfg, &spa_dir))
            .wrap(from_fn(idempotency::middleware))
            .wrap(from_fn(extract::reject_nul))
            .wrap(from_fn(request_id::middleware))
            .wrap(
                Logger::new("%{method}xi %U %s %b %Dms rid=%{x-request-id}o")
                    .custom_request_replace("method", |req| req.method().to_string()),
            )
    })
    .workers(workers)
    .listen(listener)
    .map_err(|e| e.to_string())?
    .run();
    Ok(server)
}
