//! Projects (楼盘) → buildings (栋) → units (房号): the first real resource.
//!
//! `admin` and `crm_head` manage them; everyone else reads within the
//! projects granted to them (roles that see the whole company read all).

pub mod buildings;
pub mod dependents;
pub mod model;
pub mod project_handlers;
pub mod scope;
pub mod units;
pub mod units_bulk;
pub mod units_list;

/// Registers the project, building and unit endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(project_handlers::list_projects)
        .service(project_handlers::create_project)
        .service(project_handlers::get_project)
        .service(project_handlers::update_project)
        .service(project_handlers::delete_project)
        .service(buildings::list_buildings)
        .service(buildings::create_building)
        .service(buildings::get_building)
        .service(buildings::update_building)
        .service(buildings::delete_building)
        .service(units_list::list_building_units)
        .service(units::create_unit)
        .service(units_bulk::bulk_create_units)
        .service(units_bulk::get_sales_control)
        .service(units_list::list_units)
        .service(units::get_unit)
        .service(units::update_unit)
        .service(units::delete_unit);
}
