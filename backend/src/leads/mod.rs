//! Leads (DOMAIN §2): capture by staff and integrations, de-duplication,
//! explainable grading, assignment and the pool, follow-ups on the SLA clock,
//! lifecycle, visibility, search.

pub mod assignment;
pub mod assignment_settings;
pub mod capture;
pub mod capture_batch;
pub mod events;
pub mod follow_up;
pub mod grading;
pub mod handlers;
pub mod import;
pub mod model;
pub mod pipeline;
pub mod queries;
pub mod referral;
pub mod routing;
pub mod sla;
pub mod sla_settings;
pub mod sla_subject;
pub mod staff;
pub mod timeline;
pub mod visibility;
pub mod work;

/// Registers the lead endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::capture_lead)
        .service(import::handlers::import_leads)
        .service(handlers::list_leads)
        .service(handlers::get_lead)
        .service(work::update_lead)
        .service(timeline::list_lead_events)
        .service(timeline::get_lead_grading)
        .service(timeline::get_lead_contact)
        .service(work::create_follow_up)
        .service(work::list_follow_ups)
        .service(work::lose_lead)
        .service(routing::grade_lead)
        .service(routing::assign_lead)
        .service(routing::claim_lead)
        .service(staff::list_lead_staff);
}
