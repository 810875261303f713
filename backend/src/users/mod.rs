//! Staff users: the admin's users API (create, list, disable, change role,
//! grant projects) and the logged full read of a user's personal data.

pub mod handlers;
pub mod personal_data;
pub mod queries;

/// Registers the users endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_users)
        .service(handlers::create_user)
        .service(handlers::get_user)
        .service(handlers::update_user)
        .service(handlers::grant_user_projects)
        .service(personal_data::get_user_personal_data);
}
