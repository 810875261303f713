//! Who may do what in delivery (DOMAIN §1), and the project scope applied
//! inside every query: `crm_head` sees the company; `service`, `engineering`,
//! `property` and customer specialists see their granted projects. Sales
//! roles, analysts and the privacy officer get 403; what lies outside the
//! caller's projects is 404, like what does not exist.
//!
//! Engineering and property work defects and inspections and never see
//! owners' data: no view they may read carries a name or a phone, and the
//! owners' sign-offs, signatures, visits and appointments are for
//! [`OwnerDataReaders`] only.

use api_types::Role;
use diesel::prelude::*;

use crate::auth::principal::RolePolicy;
use crate::auth::{ProjectScope, Staff};
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::schema::{
    defects, delivery_batches, handover_visits, handovers, inspections, user_projects,
};

macro_rules! policy {
    ($(#[$doc:meta])* $name:ident => [$($role:ident),+]) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl RolePolicy for $name {
            const ROLES: &'static [Role] = &[$(Role::$role),+];
        }
    };
}

policy!(
    /// Read batches, slots, inspections and defects (no owner's personal data).
    DeliveryReaders => [CrmHead, Service, Engineering, Property, CustomerSpecialist]
);
policy!(
    /// Read what is about the owners (DOMAIN §1: not engineering or property):
    /// sign-offs and their signatures, visits, appointments, service flags.
    OwnerDataReaders => [CrmHead, Service, CustomerSpecialist]
);
policy!(
    /// Read the delivery report: the delivery roles and the data analyst
    /// (DOMAIN §1: reports; the report carries counts, no personal data).
    DeliveryReportReaders => [CrmHead, Service, Engineering, Property, CustomerSpecialist, DataAnalyst]
);
policy!(
    /// Record the outcome of a post-handover visit.
    VisitWorkers => [CrmHead, Service, CustomerSpecialist]
);
policy!(
    /// Plan batches and slots, complete timeline steps, take sign-offs, run visits.
    DeliveryManagers => [CrmHead, Service]
);
policy!(
    /// Inspect units, record defects, assign them and mark them fixed.
    Inspectors => [CrmHead, Service, Engineering]
);
policy!(
    /// Re-inspect: verify, reject and close defects.
    Verifiers => [CrmHead, Service]
);
policy!(
    /// Read the delivery rules and checklists.
    DeliveryRuleReaders => [Admin, CrmHead, Service, Engineering]
);

/// The caller's granted-projects filter: `None` when they see every project.
pub fn granted(staff: &Staff) -> Option<String> {
    match staff.project_scope() {
        ProjectScope::All => None,
        ProjectScope::Granted(uid) => Some(uid),
    }
}

macro_rules! scoped {
    ($(#[$doc:meta])* $fn:ident, $table:ident) => {
        $(#[$doc])*
        pub fn $fn<'a>(staff: &Staff) -> $table::BoxedQuery<'a, MultiBackend> {
            let q = $table::table
                .filter($table::company_id.eq(staff.company_id.clone()))
                .into_boxed();
            match granted(staff) {
                None => q,
                Some(uid) => q.filter(
                    $table::project_id.eq_any(
                        user_projects::table
                            .filter(user_projects::user_id.eq(uid))
                            .select(user_projects::project_id),
                    ),
                ),
            }
        }
    };
}

scoped!(
    /// The batches the caller may see.
    visible_batches,
    delivery_batches
);
scoped!(
    /// The inspections the caller may see.
    visible_inspections,
    inspections
);
scoped!(
    /// The defects the caller may see.
    visible_defects,
    defects
);

scoped!(
    /// The post-handover visits the caller may see.
    visible_visits,
    handover_visits
);
scoped!(
    /// The sign-offs the caller may see.
    visible_handovers,
    handovers
);

/// The id of a visible defect, or 404 `defect_not_found`.
pub fn defect_id(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    visible_defects(staff)
        .filter(defects::id.eq(id.to_string()))
        .select(defects::id)
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("defect_not_found"))
}
