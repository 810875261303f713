//! Which customers the caller may see (the customer 360, the list, the value
//! tier), applied inside the queries; anything else is 404.
//!
//! * `crm_head`, `privacy_officer`: every customer of the company;
//! * `sales_manager`: customers with a lead or a deal in their granted projects;
//! * `sales_rep`: only customers whose lead is assigned to them, or whose deal
//!   they own — never the pool's (a customer is "theirs" once assigned);
//! * `customer_specialist`: customers of their own leads and of the grade-C
//!   leads of their projects (as for leads), and of deal tasks assigned to them;
//! * everyone else (the admin included: DOMAIN §1 gives them users, roles,
//!   settings, API keys and webhooks): 403 (the handlers' role policy) or,
//!   here, nobody.

use crate::auth::Staff;
use crate::db::MultiBackend;
use crate::schema::customers;

/// Narrows any boxed query over `customers` (alone or joined) to the customers
/// the caller may see.
#[macro_export]
macro_rules! customer_visibility {
    ($query:expr, $staff:expr) => {{
        use api_types::Role;
        use diesel::prelude::*;
        use $crate::schema::{customers, deal_tasks, deals, leads, user_projects};
        let staff: &$crate::auth::Staff = $staff;
        let q = $query.filter(customers::company_id.eq(staff.company_id.clone()));
        let granted = || {
            user_projects::table
                .filter(user_projects::user_id.eq(staff.user_id.clone()))
                .select(user_projects::project_id)
        };
        let me = staff.user_id.clone();
        match staff.role {
            Role::CrmHead | Role::PrivacyOfficer => q,
            Role::SalesManager => q.filter(
                customers::id
                    .eq_any(
                        leads::table
                            .filter(leads::project_id.eq_any(granted()))
                            .select(leads::customer_id),
                    )
                    .or(customers::id.eq_any(
                        deals::table
                            .filter(deals::project_id.eq_any(granted()))
                            .select(deals::customer_id),
                    )),
            ),
            Role::SalesRep => q.filter(
                customers::id
                    .eq_any(
                        leads::table
                            .filter(leads::owner_id.eq(me.clone()))
                            .select(leads::customer_id),
                    )
                    .or(customers::id.eq_any(
                        deals::table
                            .filter(deals::owner_id.eq(me))
                            .select(deals::customer_id),
                    )),
            ),
            Role::CustomerSpecialist => q.filter(
                customers::id
                    .eq_any(
                        leads::table
                            .filter(
                                leads::owner_id.eq(me.clone()).or(leads::grade
                                    .eq("C")
                                    .and(leads::project_id.eq_any(granted()))),
                            )
                            .select(leads::customer_id),
                    )
                    .or(customers::id.eq_any(
                        deal_tasks::table
                            .filter(deal_tasks::assignee_id.eq(me))
                            .select(deal_tasks::customer_id),
                    )),
            ),
            _ => q.filter(customers::id.is_null()),
        }
    }};
}

/// The customers the caller may see, as a boxed query (merged-away ones included).
pub fn visible<'a>(staff: &Staff) -> customers::BoxedQuery<'a, MultiBackend> {
    crate::customer_visibility!(customers::table.into_boxed(), staff)
}
