//! The one place that lists every resource's `configure()`.

use utoipa_actix_web::service_config::ServiceConfig;

/// Resources under `/api/v1`.
pub fn api(cfg: &mut ServiceConfig) {
    crate::auth::configure(cfg);
    crate::users::configure(cfg);
    crate::projects::configure(cfg);
    crate::audit_events::configure(cfg);
}

/// Resources at the root (health).
pub fn root(cfg: &mut ServiceConfig) {
    crate::health::configure(cfg);
}
