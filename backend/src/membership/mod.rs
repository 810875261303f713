//! Membership (DOMAIN §4): tiers, benefits and the points ledger.
//!
//! Sales reach membership only through [`hooks`], called by the deals module
//! inside its write transaction, so membership never reads the deals tables.
//!
//! * [`rules`]: the tier and points rules (company settings) as pure functions;
//! * [`store`]: the member row (per-customer lock) and tier re-evaluation with its cause;
//! * [`ledger`]: points lots, spending, reversal and expiry; [`expiry`]: the sweep step;
//! * [`redeem`] and [`views`]: reusable services taking a customer id
//!   (staff endpoints here; owner endpoints under `/me` reuse them);
//! * [`handlers`], [`settings_handlers`], [`benefits`], [`catalogue`]: the HTTP API;
//! * [`scope`]: roles and which customers a staff user may reach.

pub mod benefits;
pub mod catalogue;
pub mod expiry;
pub mod handlers;
pub mod hooks;
pub mod ledger;
pub mod me;
pub mod me_redeem;
pub mod merge;
pub mod redeem;
pub mod rules;
pub mod scope;
pub mod settings_handlers;
pub mod store;
pub mod timeline;
pub mod views;

/// Registers the membership endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_customer_membership)
        .service(handlers::list_customer_points)
        .service(handlers::redeem_customer_points)
        .service(handlers::get_customer_points_redemption)
        .service(handlers::redeem_customer_benefit)
        .service(handlers::get_customer_benefit_redemption)
        .service(settings_handlers::get_membership_tier_rules)
        .service(settings_handlers::update_membership_tier_rules)
        .service(settings_handlers::get_membership_points_rules)
        .service(settings_handlers::update_membership_points_rules)
        .service(benefits::list_membership_benefits)
        .service(benefits::create_membership_benefit)
        .service(benefits::get_membership_benefit)
        .service(benefits::update_membership_benefit)
        .service(catalogue::list_points_catalogue)
        .service(catalogue::create_points_catalogue_item)
        .service(catalogue::get_points_catalogue_item)
        .service(catalogue::update_points_catalogue_item)
        .service(me::get_my_membership)
        .service(me::list_my_points)
        .service(me::list_my_points_catalogue)
        .service(me::list_my_benefits)
        .service(me_redeem::redeem_my_points)
        .service(me_redeem::get_my_points_redemption)
        .service(me_redeem::redeem_my_benefit)
        .service(me_redeem::get_my_benefit_redemption);
}
