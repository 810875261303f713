//! Deals on units (DOMAIN §3): subscription (认购), signing (签约), payment
//! complete (回款), withdrawal (退房) and unit change (换房), with itemised
//! prices, an event history, follow-up tasks on the SLA clock, and the
//! membership hooks called inside each write transaction.

pub mod events;
pub mod handlers;
pub mod me;
pub mod model;
pub mod pricing;
pub mod service;
pub mod task_handlers;
pub mod task_subject;
pub mod tasks;
pub mod transitions;
pub mod visibility;

/// Registers the deal, deal-task and deal-follow-up settings endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::create_deal)
        .service(handlers::list_deals)
        .service(handlers::get_deal)
        .service(handlers::sign_deal)
        .service(handlers::pay_deal)
        .service(handlers::withdraw_deal)
        .service(handlers::change_deal_unit)
        .service(handlers::add_deal_discount)
        .service(task_handlers::list_deal_tasks)
        .service(task_handlers::complete_deal_task)
        .service(task_handlers::get_deal_follow_up)
        .service(task_handlers::update_deal_follow_up)
        .service(me::list_my_deals)
        .service(me::get_my_deal);
}
