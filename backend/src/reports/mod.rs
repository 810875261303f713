//! Reports (DOMAIN §11, issue 3 point 11): lead KPIs per company, project and
//! period, computed by set-based SQL over `leads` and `lead_events`.
//!
//! Reports are a read model across resources: they aggregate the leads
//! module's tables and join staff names, and return counts only (no customer
//! data), so `data_analyst` may read them. Data scope is part of the SQL:
//! `admin`, `crm_head` and `data_analyst` count the whole company;
//! `sales_manager` counts only their granted projects.
//!
//! * [`params`]: the query (`project_id`, `from`, `to`) and the resolved filter;
//! * [`sql`]: the scope fragments and the one per-backend expression;
//! * [`queries`]: the GROUP BY queries;
//! * [`build`]: rates, ranks, definitions;
//! * [`handlers`]: the endpoints.

pub mod build;
pub mod handlers;
pub mod params;
pub mod queries;
pub mod sql;

use api_types::Role;

use crate::auth::principal::RolePolicy;

/// Roles that read reports (DOMAIN §1).
#[derive(Debug)]
pub struct ReportReaders;
impl RolePolicy for ReportReaders {
    const ROLES: &'static [Role] = &[
        Role::Admin,
        Role::CrmHead,
        Role::DataAnalyst,
        Role::SalesManager,
    ];
}

/// Registers the report endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_channel_conversion_report)
        .service(handlers::get_lost_reasons_report)
        .service(handlers::get_sla_breaches_report)
        .service(handlers::get_lead_summary_report);
}
