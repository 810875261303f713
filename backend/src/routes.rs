//! The one place that lists every resource's `configure()`.

use utoipa_actix_web::service_config::ServiceConfig;

/// The served OpenAPI document (`GET /api/v1/openapi.json`).
pub struct OpenApiJson(pub String);

async fn openapi_json(doc: actix_web::web::Data<OpenApiJson>) -> actix_web::HttpResponse {
    actix_web::HttpResponse::Ok()
        .content_type("application/json")
        .body(doc.0.clone())
}

/// Resources under `/api/v1`.
pub fn api(cfg: &mut ServiceConfig) {
    cfg.route("/openapi.json", actix_web::web::get().to(openapi_json));
    crate::auth::configure(cfg);
    crate::users::configure(cfg);
    crate::api_keys::configure(cfg);
    crate::projects::configure(cfg);
    crate::leads::configure(cfg);
    crate::customers::configure(cfg);
    crate::deals::configure(cfg);
    crate::delivery::configure(cfg);
    crate::settings::configure(cfg);
    crate::leads::sla_settings::configure(cfg);
    crate::leads::assignment_settings::configure(cfg);
    crate::notifications::configure(cfg);
    crate::audit_events::configure(cfg);
    crate::reports::configure(cfg);
    crate::membership::configure(cfg);
    crate::outbox::configure(cfg);
    crate::owners::configure(cfg);
    crate::referrals::configure(cfg);
}

/// Resources at the root (health).
pub fn root(cfg: &mut ServiceConfig) {
    crate::health::configure(cfg);
}
