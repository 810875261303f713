//! Customers: one person each, identified by phone (encrypted, blind-indexed);
//! duplicates are merged keeping every lead, source and activity.

pub mod handlers;
pub mod queries;

/// Registers the customer endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_customer)
        .service(handlers::merge_customers);
}
