//! Demo deals (`estate-crm demo load`): a few sales recorded through the real
//! deals code by the demo sales manager, so the customers' 360 pages, the
//! follow-up tasks, membership tiers and points have something to show.

use api_types::{CreateDeal, DealTransition, Role};
use diesel::prelude::*;

use crate::auth::Staff;
use crate::db::DbConn;
use crate::deals::{service, transitions};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::{buildings, projects, units, users};

/// Who buys where, and whether the contract is signed.
const SALES: &[(&str, &str, bool)] = &[
    ("13900001001", "滨江壹号院", true),
    ("13900001007", "西溪云庐", false),
];

/// Records the demo sales. Call after the demo leads, in one transaction.
pub fn load(conn: &mut DbConn, pd: &PersonalData, company_id: &str) -> Result<usize, ApiError> {
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
    let ctx = staff.audit();
    let mut done = 0;
    for &(phone, project, sign) in SALES {
        let Some(customer_id) = crate::customers::queries::by_phone(conn, pd, company_id, phone)?
        else {
            continue;
        };
        // The best unit still on sale: the top floor of the project's first building.
        let unit_id: Option<String> = units::table
            .inner_join(buildings::table)
            .filter(
                units::project_id.eq_any(
                    projects::table
                        .filter(projects::company_id.eq(company_id))
                        .filter(projects::name.eq(project))
                        .select(projects::id),
                ),
            )
            .filter(units::status.eq("available"))
            .order((
                buildings::name.asc(),
                units::floor.desc(),
                units::number.asc(),
            ))
            .select(units::id)
            .first(conn)
            .optional()?;
        let Some(unit_id) = unit_id else { continue };
        let deal = service::subscribe(
            conn,
            &staff,
            &CreateDeal {
                unit_id,
                customer_id,
                occurred_at: None,
                reason: "演示认购".into(),
                discounts: Vec::new(),
            },
        )?;
        if sign {
            let input = DealTransition {
                occurred_at: None,
                reason: "演示签约".into(),
            };
            transitions::sign(conn, &ctx, &staff, &deal.id, &input)?;
        }
        done += 1;
    }
    Ok(done)
}
