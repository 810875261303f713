//! Reading leads with what their views need, in a fixed number of queries.

use api_types::{Grade, Lead, LeadSource, LeadStatus, SlaState};
use diesel::prelude::*;

use super::model::{LeadExtras, LeadRow};
use crate::auth::Staff;
use crate::db::{DbConn, MultiBackend};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::{customers, leads};

/// Entity type of lead clocks.
pub const ENTITY: &str = "lead";

/// Filters of the lead search.
#[derive(Debug, Default, Clone)]
pub struct LeadFilter {
    /// Grade.
    pub grade: Option<Grade>,
    /// Status.
    pub status: Option<LeadStatus>,
    /// Source.
    pub source: Option<LeadSource>,
    /// Owner id.
    pub owner_id: Option<String>,
    /// Only the pool (no owner).
    pub pool: bool,
    /// Project.
    pub project_id: Option<String>,
    /// SLA state of the open clock.
    pub sla_state: Option<SlaState>,
    /// Created at or after.
    pub created_from: Option<chrono::NaiveDateTime>,
    /// Created before.
    pub created_to: Option<chrono::NaiveDateTime>,
    /// Text in the customer's name.
    pub name: Option<String>,
    /// Only this customer.
    pub customer_id: Option<String>,
    /// Only the customer found by the phone search (blind index, resolved by the handler).
    pub phone_customer_id: Option<String>,
    /// Only leads whose open clock is due before this time ("my tasks today").
    pub due_before: Option<chrono::NaiveDateTime>,
}

/// Where a page starts.
#[derive(Debug, Clone)]
pub enum After {
    /// From the beginning.
    Start,
    /// After this lead id (default order: newest last, by id).
    Id(String),
    /// After this (due time, lead id) (order by next due time).
    Due(chrono::NaiveDateTime, String),
}

type Joined = (LeadRow, String, String);

/// One page of visible leads matching the filter; `by_due` orders by the next due time.
/// With `live`, rows come back only while `staff`'s session is live
/// ([`crate::session_live!`], for [`crate::auth::DeferredStaff`]).
#[allow(clippy::too_many_arguments)]
pub fn search(
    conn: &mut DbConn,
    staff: &Staff,
    live: bool,
    f: &LeadFilter,
    by_due: bool,
    after: &After,
    fetch: i64,
) -> Result<Vec<(LeadRow, LeadExtras)>, ApiError> {
    // The open clock's state and deadline are mirrored on the lead
    // (leads/sla.rs), so the page needs no clock rows.
    let base = leads::table
        .inner_join(customers::table)
        .into_boxed::<MultiBackend>();
    let mut q = crate::lead_visibility!(base, staff);
    if live {
        q = q.filter(crate::session_live!(staff));
    }
    if let Some(v) = f.grade {
        q = q.filter(leads::grade.eq(v.as_str()));
    }
    if let Some(v) = f.status {
        q = q.filter(leads::status.eq(v.as_str()));
    }
    if let Some(v) = f.source {
        q = q.filter(leads::source.eq(v.as_str()));
    }
    if let Some(v) = &f.owner_id {
        q = q.filter(leads::owner_id.eq(v.clone()));
    }
    if f.pool {
        q = q.filter(leads::owner_id.is_null());
    }
    if let Some(v) = &f.project_id {
        q = q.filter(leads::project_id.eq(v.clone()));
    }
    if let Some(v) = &f.customer_id {
        q = q.filter(leads::customer_id.eq(v.clone()));
    }
    if let Some(v) = &f.phone_customer_id {
        q = q.filter(leads::customer_id.eq(v.clone()));
    }
    if let Some(v) = f.due_before {
        q = q.filter(leads::next_due_at.lt(v));
    }
    if let Some(v) = f.sla_state {
        q = match v {
            SlaState::Breached => q.filter(leads::sla_state.eq_any(["breached", "expired"])),
            other => q.filter(leads::sla_state.eq(other.as_str())),
        };
    }
    if let Some(v) = f.created_from {
        q = q.filter(leads::created_at.ge(v));
    }
    if let Some(v) = f.created_to {
        q = q.filter(leads::created_at.lt(v));
    }
    if let Some(text) = &f.name {
        let pattern = format!("%{}%", crate::users::queries::escape_like(text));
        q = q.filter(customers::name.like(pattern).escape('\\'));
    }
    if by_due {
        // An index serves the filter and this order together.
        q = q.filter(leads::next_due_at.is_not_null());
        if let After::Due(t, id) = after {
            // The redundant bound lets the index range-scan (see STACK-NOTES).
            q = q.filter(leads::next_due_at.ge(*t)).filter(
                leads::next_due_at
                    .gt(*t)
                    .or(leads::next_due_at.eq(*t).and(leads::id.gt(id.clone()))),
            );
        }
        q = q.order((leads::next_due_at.asc(), leads::id.asc()));
    } else {
        if let After::Id(id) = after {
            q = q.filter(leads::id.gt(id.clone()));
        }
        q = q.order(leads::id.asc());
    }
    // The page size is literal SQL so PostgreSQL keeps one plan for the list.
    let q = q.select((LeadRow::as_select(), customers::name, customers::phone_enc));
    // Rows go straight into a vector of the page's size (no regrowth, no
    // second vector: a row is some 800 bytes to move).
    let mut out = Vec::with_capacity(usize::try_from(fetch).unwrap_or(0));
    let rows = crate::db::literal_limit(q, fetch)
        .load_iter::<Joined, diesel::connection::DefaultLoadingMode>(conn)?;
    for joined in rows {
        let (row, customer_name, phone_enc) = joined?;
        let extras = LeadExtras {
            customer_name,
            phone_enc,
        };
        out.push((row, extras));
    }
    Ok(out)
}

/// The view of one lead row (with its customer; the open clock's state and
/// deadline are on the row).
pub fn view(conn: &mut DbConn, pd: &PersonalData, row: LeadRow) -> QueryResult<Lead> {
    let (customer_name, phone_enc): (String, String) = customers::table
        .find(&row.customer_id)
        .select((customers::name, customers::phone_enc))
        .first(conn)?;
    let extras = LeadExtras {
        customer_name,
        phone_enc,
    };
    Ok(row.view(extras, pd))
}

/// Reloads a lead by id (no visibility check: for use after a write the caller made).
pub fn reload(conn: &mut DbConn, id: &str) -> QueryResult<LeadRow> {
    leads::table
        .find(id)
        .select(LeadRow::as_select())
        .first(conn)
}

/// The view of a lead by id (no visibility check: for use after a write the caller made).
pub fn view_by_id(conn: &mut DbConn, pd: &PersonalData, id: &str) -> QueryResult<Lead> {
    let row = reload(conn, id)?;
    view(conn, pd, row)
}
