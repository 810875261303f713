//! Referral rewards (老带新, DOMAIN §5; issue 5).
//!
//! * [`register`]: registration (报备) by owners and staff, with
//!   [`eligibility`] (each rule a setting in [`rules`]) and the friend's lead;
//! * [`hooks`]: the lifecycle tied to the friend's lead and deal, called by
//!   the leads and deals modules (visit, subscription with the friend's
//!   discount, signing, withdrawal) and feeding membership;
//! * [`actions`]: reward choice, fraud review decision, approval, payment;
//! * [`review`]: the review queue's deadline on the SLA clock;
//!   [`expiry`]: protection expiry (a jobs step);
//! * [`handlers`] (staff), [`me`] (owners), [`relatives`] and [`staff_phones`]
//!   (the lists eligibility needs), [`report`] (KPIs), [`timeline`] (customer 360 source).

pub mod actions;
pub mod eligibility;
pub mod expiry;
pub mod handlers;
pub mod hooks;
pub mod me;
pub mod model;
pub mod register;
pub mod relatives;
pub mod report;
pub mod review;
pub mod rules;
pub mod staff_phones;
pub mod timeline;

use api_types::Role;
use diesel::prelude::*;

use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::schema::{leads, referrals, user_projects};
use model::ReferralRow;

/// Roles that register friends for owners and follow referrals.
#[derive(Debug)]
pub struct ReferralWorkers;
impl RolePolicy for ReferralWorkers {
    const ROLES: &'static [Role] = &[Role::CrmHead, Role::SalesManager, Role::SalesRep];
}

/// Who decides reviews, approves and pays rewards (DOMAIN §5: the head of CRM).
#[derive(Debug)]
pub struct ReferralApprovers;
impl RolePolicy for ReferralApprovers {
    const ROLES: &'static [Role] = &[Role::CrmHead];
}

/// The referrals the caller may see: the head of CRM every one of the
/// company; a sales manager those of their projects; a sales rep those
/// whose friend's lead is theirs or that they registered.
pub fn visible<'a>(staff: &Staff) -> referrals::BoxedQuery<'a, MultiBackend> {
    let q = referrals::table
        .filter(referrals::company_id.eq(staff.company_id.clone()))
        .into_boxed();
    let me = staff.user_id.clone();
    match staff.role {
        Role::CrmHead => q,
        Role::SalesManager => q.filter(
            referrals::project_id.eq_any(
                user_projects::table
                    .filter(user_projects::user_id.eq(me))
                    .select(user_projects::project_id),
            ),
        ),
        Role::SalesRep => q.filter(
            referrals::lead_id
                .eq_any(
                    leads::table
                        .filter(leads::owner_id.eq(me.clone()))
                        .select(leads::id.nullable()),
                )
                .or(referrals::registered_by.eq(me)),
        ),
        _ => q.filter(referrals::id.is_null()),
    }
}

/// Hides what a sales rep may not see on referrals they registered whose
/// friend's lead belongs to another rep: the friend's customer, lead and
/// deal, the signing date and every event but their own.
pub fn redact(
    conn: &mut DbConn,
    staff: &Staff,
    views: &mut [api_types::Referral],
) -> QueryResult<()> {
    if staff.role != Role::SalesRep {
        return Ok(());
    }
    let lead_ids: Vec<String> = views.iter().filter_map(|v| v.lead_id.clone()).collect();
    let owned = owned_leads(conn, staff, lead_ids)?;
    for v in views.iter_mut() {
        if v.lead_id.as_ref().is_some_and(|l| owned.contains(l)) {
            continue;
        }
        v.friend_customer_id = None;
        v.lead_id = None;
        v.deal_id = None;
        v.signed_at = None;
        v.events
            .retain(|e| e.actor_id.as_deref() == Some(staff.user_id.as_str()));
    }
    Ok(())
}

/// Of these friends' leads, the ones assigned to the caller: a sales rep
/// sees the whole of a referral only when the friend's lead is theirs
/// ([`redact`], and the customer timeline's referral events).
pub fn owned_leads(
    conn: &mut DbConn,
    staff: &Staff,
    lead_ids: Vec<String>,
) -> QueryResult<Vec<String>> {
    leads::table
        .filter(leads::id.eq_any(lead_ids))
        .filter(leads::owner_id.eq(staff.user_id.clone()))
        .select(leads::id)
        .load(conn)
}

/// The staff view of a referral, redacted for the caller ([`redact`]).
pub fn view_for(
    conn: &mut DbConn,
    pd: &crate::personal_data::PersonalData,
    staff: &Staff,
    row: ReferralRow,
) -> QueryResult<api_types::Referral> {
    let mut v = [model::view(conn, pd, row)?];
    redact(conn, staff, &mut v)?;
    let [v] = v;
    Ok(v)
}

/// One visible referral, or 404 `referral_not_found`.
pub fn find(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<ReferralRow, ApiError> {
    visible(staff)
        .filter(referrals::id.eq(id.to_string()))
        .select(ReferralRow::as_select())
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("referral_not_found"))
}

/// Registers the referral endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::create_referral)
        .service(handlers::list_referrals)
        .service(handlers::get_referral)
        .service(handlers::choose_referral_reward)
        .service(handlers::review_referral)
        .service(handlers::approve_referral_reward)
        .service(handlers::pay_referral_reward)
        .service(rules::get_referral_rules)
        .service(rules::update_referral_rules)
        .service(relatives::list_customer_relatives)
        .service(relatives::create_customer_relative)
        .service(relatives::delete_customer_relative)
        .service(staff_phones::list_staff_phones)
        .service(staff_phones::create_staff_phone)
        .service(staff_phones::delete_staff_phone)
        .service(report::get_referral_report)
        .service(me::register_my_referral)
        .service(me::list_my_referrals)
        .service(me::get_my_referral)
        .service(me::choose_my_referral_reward);
}
