//! Demo referrals (老带新) through the real code: 王建国, an owner of 滨江壹号院,
//! registered two friends — one has since subscribed and signed (the friend's
//! 1 % itemised on the deal, the reward waiting for the head of CRM, 王建国
//! silver), the other is registered and protected.

use api_types::{ConsentInput, CreateDeal, DealTransition, ReferralReward, Role};
use diesel::prelude::*;

use crate::auth::Staff;
use crate::db::DbConn;
use crate::deals::{service, transitions};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::referrals::register::{register, NewRegistration};
use crate::schema::{projects, units, users};

const OWNER: &str = "13900001001";
const PROJECT: &str = "滨江壹号院";
/// (name, phone, the friend buys and signs).
const FRIENDS: &[(&str, &str, bool)] = &[
    ("林晓雨", "13900002001", true),
    ("何志强", "13900002002", false),
];

/// Registers the demo referrals. Call after the demo deals, in one transaction.
pub fn load(conn: &mut DbConn, pd: &PersonalData, company_id: &str) -> Result<usize, ApiError> {
    let Some(owner) = crate::customers::queries::by_phone(conn, pd, company_id, OWNER)? else {
        return Ok(0);
    };
    let manager: String = users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::email.eq(super::demo_email(Role::SalesManager)))
        .select(users::id)
        .first(conn)?;
    let staff = Staff {
        user_id: manager,
        company_id: company_id.to_string(),
        role: Role::SalesManager,
        session_id: "demo-load".into(),
        request_id: "demo-load".into(),
    };
    let project_id: String = projects::table
        .filter(projects::company_id.eq(company_id))
        .filter(projects::name.eq(PROJECT))
        .select(projects::id)
        .first(conn)?;
    let mut done = 0;
    for &(name, phone, buys) in FRIENDS {
        let (row, _) = register(
            conn,
            pd,
            &staff.audit(),
            &NewRegistration {
                project_id: project_id.clone(),
                referrer_customer_id: owner.clone(),
                friend_name: name.into(),
                friend_phone: phone.into(),
                reward: Some(ReferralReward::ShoppingCard),
                consent: ConsentInput {
                    purpose: "referral_contact".into(),
                    notice_version: "2026-01".into(),
                },
                via: "staff",
                allowed_projects: None,
                idempotency_key: None,
            },
        )?;
        done += 1;
        let (true, Some(friend)) = (buys, row.friend_customer_id) else {
            continue;
        };
        let unit_id: String = units::table
            .filter(units::project_id.eq(&project_id))
            .filter(units::status.eq("available"))
            .order((units::floor.desc(), units::number.asc()))
            .select(units::id)
            .first(conn)?;
        let deal = service::subscribe(
            conn,
            &staff,
            &CreateDeal {
                unit_id,
                customer_id: friend,
                occurred_at: None,
                reason: "演示认购(老带新)".into(),
                discounts: Vec::new(),
            },
        )?;
        let input = DealTransition {
            occurred_at: None,
            reason: "演示签约".into(),
        };
        transitions::sign(conn, &staff.audit(), &staff, &deal.id, &input)?;
    }
    Ok(done)
}
