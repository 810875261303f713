//! Raw SQL for the reports: a statement builder that numbers its own
//! placeholders, the data-scope fragments every report shares, and the one
//! expression that differs per backend.
//!
//! Raw SQL because the reports are plain GROUP BY statements with conditional
//! counts and a JSON field, which diesel's DSL cannot express portably; the
//! statement text is fixed by the code, every value is a bind parameter.

use chrono::NaiveDateTime;
use diesel::query_builder::{BoxedSqlQuery, SqlQuery};
use diesel::sql_types::{Text, Timestamp};

use super::params::ReportFilter;
use crate::db::{self, DbConn, MultiBackend};

/// One bind parameter.
#[derive(Debug, Clone)]
enum Bind {
    Text(String),
    Timestamp(NaiveDateTime),
}

/// A statement under construction: text with `$n` placeholders and their values.
#[derive(Debug, Default)]
pub struct Sql {
    text: String,
    binds: Vec<Bind>,
}

impl Sql {
    /// Starts a statement.
    pub fn new(text: &str) -> Sql {
        Sql {
            text: text.to_string(),
            binds: Vec::new(),
        }
    }

    /// Appends statement text (never a value).
    pub fn push(&mut self, text: &str) -> &mut Sql {
        self.text.push_str(text);
        self
    }

    fn placeholder(&mut self, bind: Bind) -> &mut Sql {
        self.binds.push(bind);
        let n = self.binds.len();
        self.text.push_str(&format!("${n}"));
        self
    }

    /// Appends a text parameter.
    pub fn text(&mut self, value: &str) -> &mut Sql {
        self.placeholder(Bind::Text(value.to_string()))
    }

    /// Appends a timestamp parameter.
    pub fn timestamp(&mut self, value: NaiveDateTime) -> &mut Sql {
        self.placeholder(Bind::Timestamp(value))
    }

    /// The statement for the connection's backend, with its parameters bound.
    pub fn query(self, conn: &DbConn) -> BoxedSqlQuery<'static, MultiBackend, SqlQuery> {
        let mut q = diesel::sql_query(db::placeholders(conn, &self.text)).into_boxed();
        for bind in self.binds {
            q = match bind {
                Bind::Text(v) => q.bind::<Text, _>(v),
                Bind::Timestamp(v) => q.bind::<Timestamp, _>(v),
            };
        }
        q
    }
}

/// `FROM … WHERE …` of the leads in scope captured in the period (alias `l`);
/// the caller may append `AND …` and `GROUP BY …`.
///
/// For a project-scoped caller the granted projects drive the statement
/// through a `CROSS JOIN`: SQLite keeps that join order, so it reads each
/// granted project's period from `leads_company_project_created_idx`
/// (company_id, project_id, created_at) instead of scanning the company's
/// leads in `leads_source_idx` order to save a sort; PostgreSQL plans it as
/// any join. Company-wide reports range-scan `leads_created_idx`
/// (company_id, created_at). `user_projects` has one row per grant, so the
/// join counts each lead once.
pub fn captured_leads(sql: &mut Sql, f: &ReportFilter) {
    match &f.granted_to {
        Some(uid) => sql
            .push(" FROM user_projects up CROSS JOIN leads l WHERE up.user_id = ")
            .text(uid)
            .push(" AND l.project_id = up.project_id AND"),
        None => sql.push(" FROM leads l WHERE"),
    };
    sql.push(" l.company_id = ").text(&f.company_id);
    if let Some(p) = &f.project_id {
        sql.push(" AND l.project_id = ").text(p);
    }
    sql.push(" AND l.created_at >= ")
        .timestamp(f.from)
        .push(" AND l.created_at < ")
        .timestamp(f.to);
}

/// `FROM … WHERE …` of the `sla_breached` events recorded in the period on
/// leads in scope (`e` events, `l` leads). The events drive: index
/// `lead_events_kind_idx` (company_id, kind, created_at), then each lead by key.
pub fn breaches_in_period(sql: &mut Sql, f: &ReportFilter) {
    sql.push(" FROM lead_events e JOIN leads l ON l.id = e.lead_id WHERE e.company_id = ")
        .text(&f.company_id)
        .push(" AND e.kind = 'sla_breached' AND e.created_at >= ")
        .timestamp(f.from)
        .push(" AND e.created_at < ")
        .timestamp(f.to)
        .push(" AND l.company_id = ")
        .text(&f.company_id);
    if let Some(p) = &f.project_id {
        sql.push(" AND l.project_id = ").text(p);
    }
    if let Some(uid) = &f.granted_to {
        sql.push(
            " AND l.project_id IN (SELECT up.project_id FROM user_projects up WHERE up.user_id = ",
        )
        .text(uid)
        .push(")");
    }
}

/// The owner a breach event recorded when it happened (`detail_json.owner_id`,
/// written by the SLA sweep; JSON `null` when the lead was in the pool).
///
/// The one per-backend expression: PostgreSQL stores the detail as text and
/// must cast it to `jsonb`; SQLite (≥ 3.38) reads JSON text directly. Both
/// use `->>` so the statement has no `$` besides its placeholders.
pub fn breach_owner(conn: &DbConn) -> &'static str {
    match conn {
        DbConn::Pg(_) => "(e.detail_json::jsonb ->> 'owner_id')",
        DbConn::Sqlite(_) => "(e.detail_json ->> 'owner_id')",
    }
}
