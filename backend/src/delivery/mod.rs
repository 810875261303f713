//! Delivery inspections (交付验房, DOMAIN §6): delivery batches and their
//! generated timeline, inspections with checklist templates, defects tracked
//! to a verified fix on the SLA clock (entity `defect`), photos, the owner's
//! sign-off (unit → `handed_over`), appointment slots, and the
//! post-handover visits noticed and skipped by the jobs sweep.

pub mod appointment_handlers;
pub mod appointments;
pub mod batch_handlers;
pub mod batch_update;
pub mod batches;
pub mod buyers;
pub mod contact;
pub mod defect_flow;
pub mod defect_handlers;
pub mod defect_subject;
pub mod defects;
pub mod export;
pub mod file_handlers;
pub mod handover;
pub mod handover_handlers;
pub mod inspection_handlers;
pub mod inspections;
pub mod me;
pub mod me_accept;
pub mod me_defects;
pub mod merge;
pub mod photos;
pub mod print;
pub mod reports;
pub mod rules;
pub mod scope;
pub mod service_flags;
pub mod settings_handlers;
pub mod staged_sweep;
pub mod sweep;
pub mod timeline;
pub mod visit_handlers;
pub mod visits;

/// Registers the delivery endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(batch_handlers::create_delivery_batch)
        .service(batch_handlers::list_delivery_batches)
        .service(batch_handlers::get_delivery_batch)
        .service(batch_handlers::update_delivery_batch)
        .service(batch_handlers::complete_delivery_task)
        .service(inspection_handlers::create_inspection)
        .service(inspection_handlers::list_inspections)
        .service(inspection_handlers::get_inspection)
        .service(inspection_handlers::update_inspection_checklist)
        .service(inspection_handlers::complete_inspection)
        .service(defect_handlers::create_defect)
        .service(defect_handlers::list_defects)
        .service(defect_handlers::get_defect)
        .service(defect_handlers::assign_defect)
        .service(defect_handlers::fix_defect)
        .service(defect_handlers::verify_defect)
        .service(defect_handlers::reject_defect)
        .service(defect_handlers::close_defect)
        .service(file_handlers::upload_defect_photo)
        .service(file_handlers::get_delivery_file)
        .service(handover_handlers::upload_signature)
        .service(handover_handlers::sign_off_unit)
        .service(handover_handlers::get_unit_handover)
        .service(handover_handlers::update_unit_handover)
        .service(visit_handlers::list_visits)
        .service(visit_handlers::complete_visit)
        .service(service_flags::get_service_flags)
        .service(service_flags::update_service_flags)
        .service(appointment_handlers::create_delivery_slot)
        .service(appointment_handlers::list_delivery_slots)
        .service(appointment_handlers::get_delivery_slot)
        .service(appointment_handlers::create_appointment)
        .service(appointment_handlers::list_appointments)
        .service(appointment_handlers::get_appointment)
        .service(appointment_handlers::cancel_appointment)
        .service(settings_handlers::get_delivery_rules)
        .service(settings_handlers::update_delivery_rules)
        .service(settings_handlers::get_delivery_checklists)
        .service(settings_handlers::update_delivery_checklists)
        .service(me::list_my_delivery_slots)
        .service(me::book_my_appointment)
        .service(me::list_my_appointments)
        .service(me::get_my_appointment)
        .service(me_defects::get_my_delivery_file)
        .service(me::cancel_my_appointment)
        .service(me_defects::list_my_defects)
        .service(me_accept::accept_my_unit)
        .service(me_accept::get_my_unit_handover)
        .service(reports::get_delivery_report)
        .service(export::export_defects)
        .service(print::get_inspection_report)
        .service(print::get_unit_inspection_report);
}
