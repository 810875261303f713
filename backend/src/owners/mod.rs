//! The owners' mini-program (业主小程序): owners sign in with phone and a
//! one-time code sent through the outbox ([`codes`], [`auth_handlers`]) and
//! reach only their own records under `/api/v1/me/…` ([`me`]).
//!
//! An owner is a customer (`customers`), found by the phone's blind index.
//! Owner tokens have their own audience: staff endpoints refuse them and
//! owner endpoints refuse staff tokens.
//!
//! # Adding a `/me` endpoint
//!
//! 1. Write the handler in the module that owns the data (e.g.
//!    `membership/me.rs`), taking [`crate::auth::Owner`] as its privilege:
//!    `async fn list_my_points(state: web::Data<AppState>, owner: Owner, …)`.
//! 2. Scope every query by `owner.customer_id` and `owner.company_id` inside
//!    the query (never filter afterwards); a record of anyone else is 404.
//!    Writes use `owner.audit()` (`actor_kind` `owner`).
//! 3. Annotate it with `#[utoipa::path(tag = "me", security(("owner_bearer" = [])), …)]`
//!    and the route `#[get("/me/<noun>")]`, register it with `.service()` in
//!    that module's `configure`, and add a test that owner B cannot reach
//!    owner A's record and that a staff token gets 401.

pub mod auth_handlers;
pub mod codes;
pub mod me;

/// Registers the owner sign-in and `/me` endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(auth_handlers::request_owner_code)
        .service(auth_handlers::verify_owner_code)
        .service(auth_handlers::refresh_owner_session)
        .service(auth_handlers::logout_owner)
        .service(me::get_my_profile)
        .service(me::update_my_opt_outs);
}
