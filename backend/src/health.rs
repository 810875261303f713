//! `/health/live` and `/health/ready`.

use actix_web::{get, web, HttpResponse};
use api_types::Health;

use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

/// Registers the health endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(live).service(ready);
}

/// Liveness: the process answers.
#[utoipa::path(tag = "health", responses((status = 200, description = "Alive", body = Health)))]
#[get("/health/live")]
pub async fn live() -> HttpResponse {
    HttpResponse::Ok().json(Health {
        status: "ok".into(),
        database: None,
    })
}

/// Readiness: the database answers.
#[utoipa::path(
    tag = "health",
    responses(
        (status = 200, description = "Ready", body = Health),
        (status = 503, description = "The database is unavailable (`database_unavailable`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/health/ready")]
pub async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    let backend = db::run(&state.pool, |conn| {
        db::ping(conn).map_err(|e| {
            log::error!("readiness check failed: {e}");
            ApiError::unavailable()
        })?;
        Ok(conn.backend())
    })
    .await?;
    Ok(HttpResponse::Ok().json(Health {
        status: "ok".into(),
        database: Some(backend.as_str().into()),
    }))
}
