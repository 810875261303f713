//! Customers: one person each, identified by phone (encrypted, blind-indexed);
//! duplicates are merged keeping every lead, source and activity. The
//! customer 360: profile, value tier (rules and manual override), timeline.

pub mod handlers;
pub mod list;
pub mod merge_keys;
pub mod profile;
pub mod queries;
pub mod timeline;
pub mod value;
pub mod value_handlers;
pub mod visibility;

/// Registers the customer endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(list::list_customers)
        .service(handlers::get_customer)
        .service(handlers::merge_customers)
        .service(profile::get_customer_profile)
        .service(timeline::get_customer_timeline)
        .service(value_handlers::get_customer_value_tier)
        .service(value_handlers::override_customer_value_tier)
        .service(value_handlers::get_customer_value_rules)
        .service(value_handlers::update_customer_value_rules);
}
