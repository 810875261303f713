//! The defect status machine: `open → assigned → fixed → verified → closed`,
//! a fix rejected at re-inspection back to `assigned`. Each step is a
//! conditional `UPDATE … WHERE status IN (<from>)` (so of two concurrent
//! steps one wins and the other is 409 `defect_status_conflict`), leaves a
//! history event, and moves the SLA clock ([`super::defects::sync_clock`]).

use api_types::{AssignDefect, DefectStatus, Role};
use diesel::prelude::*;

use super::defects::{self, DefectRow};
use crate::audit::AuditCtx;
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{defects as d, user_projects, users};

/// A step of the machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// Contractor (and solution) given: open/assigned → assigned.
    Assign,
    /// Rectified: assigned → fixed.
    Fix,
    /// Re-inspection passed: fixed → verified.
    Verify,
    /// Re-inspection failed: fixed → assigned.
    Reject,
    /// Done: verified → closed.
    Close,
}

impl Step {
    /// Where the step may start, and where it leads.
    pub fn edge(self) -> (&'static [&'static str], DefectStatus) {
        match self {
            Step::Assign => (&["open", "assigned"], DefectStatus::Assigned),
            Step::Fix => (&["assigned"], DefectStatus::Fixed),
            Step::Verify => (&["fixed"], DefectStatus::Verified),
            Step::Reject => (&["fixed"], DefectStatus::Assigned),
            Step::Close => (&["verified"], DefectStatus::Closed),
        }
    }

    /// The audit action.
    pub fn action(self) -> &'static str {
        match self {
            Step::Assign => "defect.assign",
            Step::Fix => "defect.fix",
            Step::Verify => "defect.verify",
            Step::Reject => "defect.reject",
            Step::Close => "defect.close",
        }
    }
}

/// Moves the defect along `step`; `note` is the history remark (a rejection's reason).
pub fn apply(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    row: &DefectRow,
    step: Step,
    note: &str,
) -> Result<DefectRow, ApiError> {
    let (from, to) = step.edge();
    let note = note.trim();
    if step == Step::Reject && note.chars().count() < 2 {
        return Err(ApiError::invalid_field(
            "note",
            "required",
            "say why the fix is rejected",
        ));
    }
    let now = db::now();
    let n = diesel::update(
        d::table
            .filter(d::id.eq(&row.id))
            .filter(d::status.eq_any(from)),
    )
    .set((
        d::status.eq(to.as_str()),
        d::version.eq(d::version + 1),
        d::updated_at.eq(now),
    ))
    .execute(conn)?;
    if n == 0 {
        return Err(ApiError::conflict(
            "defect_status_conflict",
            format!("a {} defect cannot be {}", row.status, to.as_str()),
        ));
    }
    let target = d::table.filter(d::id.eq(&row.id));
    match step {
        Step::Fix => diesel::update(target)
            .set(d::fixed_at.eq(now))
            .execute(conn)?,
        Step::Verify => diesel::update(target)
            .set(d::verified_at.eq(now))
            .execute(conn)?,
        Step::Close => diesel::update(target)
            .set(d::closed_at.eq(now))
            .execute(conn)?,
        Step::Reject => diesel::update(target)
            .set((
                d::rejections.eq(d::rejections + 1),
                d::fixed_at.eq(None::<chrono::NaiveDateTime>),
            ))
            .execute(conn)?,
        Step::Assign => 0,
    };
    let after = defects::load(conn, &row.id)?;
    defects::event(conn, ctx, &after, Some(&row.status), to.as_str(), note)?;
    defects::sync_clock(conn, &after)?;
    Ok(after)
}

/// An enabled engineering, service or CRM user of the company who may see
/// the defect's project (granted it, or a role that sees every project);
/// 422 `unknown_user` or `no_project_access` otherwise.
fn eligible_assignee(
    conn: &mut DbConn,
    staff: &Staff,
    row: &DefectRow,
    id: &str,
) -> Result<String, ApiError> {
    let role: String = users::table
        .filter(users::id.eq(id))
        .filter(users::company_id.eq(&staff.company_id))
        .filter(users::disabled.eq(false))
        .filter(users::role.eq_any([
            Role::Engineering.as_str(),
            Role::Service.as_str(),
            Role::CrmHead.as_str(),
        ]))
        .select(users::role)
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            ApiError::invalid_field(
                "assignee_id",
                "unknown_user",
                "no active engineering, service or CRM user with this id",
            )
        })?;
    let all = Role::parse(&role).is_some_and(Role::sees_all_projects);
    let granted: bool = all
        || diesel::select(diesel::dsl::exists(
            user_projects::table
                .filter(user_projects::user_id.eq(id))
                .filter(user_projects::project_id.eq(&row.project_id)),
        ))
        .get_result(conn)?;
    if !granted {
        return Err(ApiError::invalid_field(
            "assignee_id",
            "no_project_access",
            "the user is not granted the defect's project",
        ));
    }
    Ok(id.to_string())
}

/// Assigns the contractor and the engineer following it up; a solution
/// given for the first time stops the solution deadline.
pub fn assign(
    conn: &mut DbConn,
    staff: &Staff,
    row: &DefectRow,
    input: &AssignDefect,
) -> Result<DefectRow, ApiError> {
    let assignee = match &input.assignee_id {
        Some(id) => Some(eligible_assignee(conn, staff, row, id)?),
        None if staff.role == Role::Engineering => Some(staff.user_id.clone()),
        None => row.assignee_id.clone(),
    };
    let solution = input.solution.trim();
    let now = db::now();
    diesel::update(d::table.filter(d::id.eq(&row.id)))
        .set((
            d::contractor.eq(input.contractor.trim()),
            d::assignee_id.eq(&assignee),
            d::solution.eq(if solution.is_empty() {
                row.solution.as_str()
            } else {
                solution
            }),
            d::solution_at.eq(row.solution_at.or((!solution.is_empty()).then_some(now))),
        ))
        .execute(conn)?;
    let fresh = defects::load(conn, &row.id)?;
    let note = format!("承包方 {}", input.contractor.trim());
    apply(conn, &staff.audit(), &fresh, Step::Assign, &note)
}
