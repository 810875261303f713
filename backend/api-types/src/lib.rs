//! EstateCRM wire types: the JSON bodies of the REST API, shared by the server
//! (which derives OpenAPI schemas and validation rules behind the `server`
//! feature) and the Yew SPA (which only needs serde).
//!
//! Every request body rejects unknown fields, so a client can never set a field
//! the API does not document (mass assignment).

pub mod api_keys;
pub mod assignment;
pub mod auth;
pub mod common;
pub mod customer360;
pub mod deals;
pub mod delivery;
pub mod delivery_appointments;
pub mod delivery_defects;
pub mod delivery_handover;
pub mod delivery_rules;
pub mod imports;
pub mod lead_work;
pub mod leads;
pub mod membership;
pub mod membership_catalogue;
pub mod membership_points;
pub mod notifications;
pub mod outbox;
pub mod owner_deals;
pub mod owners;
pub mod projects;
pub mod referral_lists;
pub mod referral_rules;
pub mod referrals;
pub mod reports;
pub mod settings;
pub mod sla;
pub mod units;
pub mod users;
mod wire_enum;
pub mod wire_time;

pub use api_keys::*;
pub use assignment::*;
pub use auth::*;
pub use common::*;
pub use customer360::*;
pub use deals::*;
pub use delivery::*;
pub use delivery_appointments::*;
pub use delivery_defects::*;
pub use delivery_handover::*;
pub use delivery_rules::*;
pub use imports::*;
pub use lead_work::*;
pub use leads::*;
pub use membership::*;
pub use membership_catalogue::*;
pub use membership_points::*;
pub use notifications::*;
pub use outbox::*;
pub use owner_deals::*;
pub use owners::*;
pub use projects::*;
pub use referral_lists::*;
pub use referral_rules::*;
pub use referrals::*;
pub use reports::*;
pub use settings::*;
pub use sla::*;
pub use units::*;
pub use users::*;
