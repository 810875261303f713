//! Delivery inspections (交付验房, DOMAIN §6): delivery batches and their
//! generated timeline, inspections with checklist templates, defects tracked
//! to a verified fix on the SLA clock (entity `defect`), photos, the owner's
//! sign-off (unit → `handed_over`), appointment slots, and the
//! post-handover visits noticed and skipped by the jobs sweep.

pub mod batch_handlers;
pub mod batches;
pub mod rules;
pub mod scope;

/// Registers the delivery endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(batch_handlers::create_delivery_batch)
        .service(batch_handlers::list_delivery_batches)
        .service(batch_handlers::get_delivery_batch)
        .service(batch_handlers::complete_delivery_task);
}
