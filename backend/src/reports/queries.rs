//! The report queries: each one statement, grouped in the database, with the
//! data scope in its WHERE clause. Results are a handful of rows (one per
//! source, reason, grade or owner), whatever the number of leads.

use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Text};

use super::params::ReportFilter;
use super::sql::{self, Sql};
use crate::db::DbConn;

/// Leads and subscribed leads of one source.
#[derive(Debug, Clone, QueryableByName)]
pub struct SourceCount {
    /// Source name.
    #[diesel(sql_type = Text)]
    pub source: String,
    /// Leads captured in the period.
    #[diesel(sql_type = BigInt)]
    pub leads: i64,
    /// Of those, now `subscribed`.
    #[diesel(sql_type = BigInt)]
    pub subscribed: i64,
}

/// Leads captured in the period, per source.
pub fn by_source(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<SourceCount>> {
    let mut q = Sql::new(
        "SELECT l.source AS source, COUNT(*) AS leads, \
         COUNT(CASE WHEN l.status = 'subscribed' THEN 1 END) AS subscribed",
    );
    sql::captured_leads(&mut q, f);
    q.push(" GROUP BY l.source");
    q.query(conn).load(conn)
}

/// Lost leads of one reason.
#[derive(Debug, Clone, QueryableByName)]
pub struct ReasonCount {
    /// Lost reason name (`None` if none was recorded).
    #[diesel(sql_type = Nullable<Text>)]
    pub reason: Option<String>,
    /// Lost leads.
    #[diesel(sql_type = BigInt)]
    pub lost: i64,
}

/// Leads captured in the period and now lost, per lost reason.
pub fn lost_by_reason(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<ReasonCount>> {
    let mut q = Sql::new("SELECT l.lost_reason AS reason, COUNT(*) AS lost");
    sql::captured_leads(&mut q, f);
    q.push(" AND l.status = 'lost' GROUP BY l.lost_reason");
    q.query(conn).load(conn)
}

/// The counts of the summary.
#[derive(Debug, Clone, Copy, QueryableByName)]
pub struct Totals {
    /// Leads captured in the period.
    #[diesel(sql_type = BigInt)]
    pub leads: i64,
    /// Of those, grade A now.
    #[diesel(sql_type = BigInt)]
    pub a_leads: i64,
    /// Of those, grade A and subscribed now.
    #[diesel(sql_type = BigInt)]
    pub a_subscribed: i64,
    /// Of those, subscribed now.
    #[diesel(sql_type = BigInt)]
    pub subscribed: i64,
    /// Of those, lost now.
    #[diesel(sql_type = BigInt)]
    pub lost: i64,
    /// Of those, leads with a `duplicate` event (recorded at capture).
    #[diesel(sql_type = BigInt)]
    pub duplicates: i64,
}

/// The summary counts of the leads captured in the period, in one pass.
///
/// The duplicate test is a correlated `EXISTS` on `lead_events_lead_idx`
/// (lead_id, id): a few index entries per lead, no second scan of the events.
pub fn totals(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Totals> {
    let mut q = Sql::new(
        "SELECT COUNT(*) AS leads, \
         COUNT(CASE WHEN l.grade = 'A' THEN 1 END) AS a_leads, \
         COUNT(CASE WHEN l.grade = 'A' AND l.status = 'subscribed' THEN 1 END) AS a_subscribed, \
         COUNT(CASE WHEN l.status = 'subscribed' THEN 1 END) AS subscribed, \
         COUNT(CASE WHEN l.status = 'lost' THEN 1 END) AS lost, \
         COUNT(CASE WHEN EXISTS (SELECT 1 FROM lead_events d \
             WHERE d.lead_id = l.id AND d.kind = 'duplicate') THEN 1 END) AS duplicates",
    );
    sql::captured_leads(&mut q, f);
    q.query(conn).get_result(conn)
}

/// Breaches of one grade.
#[derive(Debug, Clone, QueryableByName)]
pub struct GradeCount {
    /// The lead's current grade.
    #[diesel(sql_type = Nullable<Text>)]
    pub grade: Option<String>,
    /// Breaches.
    #[diesel(sql_type = BigInt)]
    pub breaches: i64,
}

/// `sla_breached` events of the period, per the lead's current grade.
pub fn breaches_by_grade(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<GradeCount>> {
    let mut q = Sql::new("SELECT l.grade AS grade, COUNT(*) AS breaches");
    sql::breaches_in_period(&mut q, f);
    q.push(" GROUP BY l.grade");
    q.query(conn).load(conn)
}

/// Breaches of one owner.
#[derive(Debug, Clone, QueryableByName)]
pub struct OwnerCount {
    /// Owner when the lead breached (`None`: the pool).
    #[diesel(sql_type = Nullable<Text>)]
    pub owner_id: Option<String>,
    /// Their display name.
    #[diesel(sql_type = Nullable<Text>)]
    pub owner_name: Option<String>,
    /// Breaches.
    #[diesel(sql_type = BigInt)]
    pub breaches: i64,
}

/// `sla_breached` events of the period, per owner at breach time, with the
/// owner's display name (one join on the grouped rows, not per event).
pub fn breaches_by_owner(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<OwnerCount>> {
    let owner = sql::breach_owner(conn);
    let mut q = Sql::new("SELECT b.owner_id AS owner_id, u.display_name AS owner_name, b.breaches AS breaches FROM (SELECT ");
    q.push(owner).push(" AS owner_id, COUNT(*) AS breaches");
    sql::breaches_in_period(&mut q, f);
    q.push(" GROUP BY ")
        .push(owner)
        .push(") b LEFT JOIN users u ON u.id = b.owner_id AND u.company_id = ")
        .text(&f.company_id);
    q.query(conn).load(conn)
}
