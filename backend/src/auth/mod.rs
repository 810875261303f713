//! Staff identity (passwords, tokens, sessions, throttling), integrations'
//! API keys, owners' sessions, and the extractors that state a handler's
//! privilege (`Staff`, `RequireRole`, `Integration`, `Caller`, `Owner`).

pub mod deferred;
pub mod handlers;
pub mod integration;
pub mod owner;
pub mod password;
pub mod principal;
pub mod sessions;
pub mod throttle;
pub mod tokens;

pub use deferred::DeferredStaff;
pub use integration::{Caller, Integration, RequireScope};
pub use owner::Owner;
pub use principal::{ProjectScope, RequireRole, Staff};

/// Registers the auth endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::login)
        .service(handlers::refresh)
        .service(handlers::logout)
        .service(handlers::get_me);
}
