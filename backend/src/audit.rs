//! The write audit trail and the personal-data access log.
//!
//! Every write records who, what, the entity, its state before and after
//! (built from the API views, in which personal data is already masked) and
//! the request id, in the same transaction as the write itself.

use api_types::{AuditEvent, PersonalDataAccess};
use diesel::prelude::*;
use serde_json::Value;

use crate::db::{self, DbConn, MultiBackend};
use crate::schema::{audit_events, personal_data_access};

/// Who is writing, and under which request.
#[derive(Debug, Clone)]
pub struct AuditCtx {
    /// Company the write belongs to.
    pub company_id: String,
    /// Acting user (none for the system).
    pub actor_id: Option<String>,
    /// `staff`, `system`, `integration` or `owner`.
    pub actor_kind: &'static str,
    /// Request id.
    pub request_id: Option<String>,
}

impl AuditCtx {
    /// The system acting on its own (jobs, the demo loader, the CLI).
    pub fn system(company_id: &str) -> AuditCtx {
        AuditCtx {
            company_id: company_id.to_string(),
            actor_id: None,
            actor_kind: "system",
            request_id: None,
        }
    }
}

/// Records one write. Call inside the write's transaction.
pub fn record(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    action: &str,
    entity_type: &str,
    entity_id: &str,
    before: Option<Value>,
    after: Option<Value>,
) -> QueryResult<()> {
    diesel::insert_into(audit_events::table)
        .values((
            audit_events::id.eq(db::new_id()),
            audit_events::company_id.eq(&ctx.company_id),
            audit_events::actor_id.eq(&ctx.actor_id),
            audit_events::actor_kind.eq(ctx.actor_kind),
            audit_events::action.eq(action),
            audit_events::entity_type.eq(entity_type),
            audit_events::entity_id.eq(entity_id),
            audit_events::before_json.eq(before.map(|v| v.to_string())),
            audit_events::after_json.eq(after.map(|v| v.to_string())),
            audit_events::request_id.eq(&ctx.request_id),
            audit_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One write of [`record_all`]: `(entity id, before, after)`.
pub type Write = (String, Option<Value>, Option<Value>);

/// Records many writes of one action in few statements: `(entity id, before, after)` each.
pub fn record_all(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    action: &str,
    entity_type: &str,
    writes: Vec<Write>,
) -> QueryResult<()> {
    let now = db::now();
    let rows: Vec<_> = writes
        .into_iter()
        .map(|(entity_id, before, after)| {
            (
                audit_events::id.eq(db::new_id()),
                audit_events::company_id.eq(ctx.company_id.clone()),
                audit_events::actor_id.eq(ctx.actor_id.clone()),
                audit_events::actor_kind.eq(ctx.actor_kind),
                audit_events::action.eq(action.to_string()),
                audit_events::entity_type.eq(entity_type.to_string()),
                audit_events::entity_id.eq(entity_id),
                audit_events::before_json.eq(before.map(|v| v.to_string())),
                audit_events::after_json.eq(after.map(|v| v.to_string())),
                audit_events::request_id.eq(ctx.request_id.clone()),
                audit_events::created_at.eq(now),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, audit_events::table, chunk.to_vec())?;
    }
    Ok(())
}

/// Serialises an API view for the audit trail.
pub fn snapshot<T: serde::Serialize>(view: &T) -> Option<Value> {
    serde_json::to_value(view).ok()
}

/// Records a full read of personal data.
pub fn record_access(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    entity_type: &str,
    entity_id: &str,
    fields: &[&str],
) -> QueryResult<()> {
    diesel::insert_into(personal_data_access::table)
        .values((
            personal_data_access::id.eq(db::new_id()),
            personal_data_access::company_id.eq(&ctx.company_id),
            personal_data_access::actor_id.eq(ctx.actor_id.as_deref().unwrap_or("system")),
            personal_data_access::entity_type.eq(entity_type),
            personal_data_access::entity_id.eq(entity_id),
            personal_data_access::fields.eq(fields.join(",")),
            personal_data_access::request_id.eq(&ctx.request_id),
            personal_data_access::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Filters of the audit list.
#[derive(Debug, Default, Clone)]
pub struct AuditFilter {
    /// Entity type.
    pub entity_type: Option<String>,
    /// Entity id.
    pub entity_id: Option<String>,
    /// Actor id.
    pub actor_id: Option<String>,
    /// Action.
    pub action: Option<String>,
    /// Created at or after.
    pub from: Option<chrono::NaiveDateTime>,
    /// Created before.
    pub to: Option<chrono::NaiveDateTime>,
}

/// Columns of one access-log row.
type AccessRow = (
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    chrono::NaiveDateTime,
);

/// Columns of one audit row.
type AuditRow = (
    String,
    Option<String>,
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<String>,
    chrono::NaiveDateTime,
);

/// One page of audit events, newest first.
pub fn list_events(
    conn: &mut DbConn,
    company_id: &str,
    f: &AuditFilter,
    before_id: Option<&str>,
    fetch: i64,
) -> QueryResult<Vec<AuditEvent>> {
    let mut q = audit_events::table
        .filter(audit_events::company_id.eq(company_id))
        .into_boxed::<MultiBackend>();
    if let Some(v) = &f.entity_type {
        q = q.filter(audit_events::entity_type.eq(v.clone()));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(audit_events::entity_id.eq(v.clone()));
    }
    if let Some(v) = &f.actor_id {
        q = q.filter(audit_events::actor_id.eq(v.clone()));
    }
    if let Some(v) = &f.action {
        q = q.filter(audit_events::action.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(audit_events::created_at.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(audit_events::created_at.lt(v));
    }
    if let Some(id) = before_id {
        q = q.filter(audit_events::id.lt(id.to_string()));
    }
    let rows: Vec<AuditRow> = q
        .select((
            audit_events::id,
            audit_events::actor_id,
            audit_events::actor_kind,
            audit_events::action,
            audit_events::entity_type,
            audit_events::entity_id,
            audit_events::before_json,
            audit_events::after_json,
            audit_events::request_id,
            audit_events::created_at,
        ))
        .order(audit_events::id.desc())
        .limit(fetch)
        .load(conn)?;
    let names = crate::users::queries::display_names(
        conn,
        company_id,
        rows.iter().filter_map(|r| r.1.as_deref()),
    )?;
    Ok(rows
        .into_iter()
        .map(|r| AuditEvent {
            id: r.0,
            actor_name: r.1.as_ref().and_then(|id| names.get(id).cloned()),
            actor_id: r.1,
            actor_kind: r.2,
            action: r.3,
            entity_type: r.4,
            entity_id: r.5,
            before: r.6.and_then(|s| serde_json::from_str(&s).ok()),
            after: r.7.and_then(|s| serde_json::from_str(&s).ok()),
            request_id: r.8,
            created_at: db::utc(r.9),
        })
        .collect())
}

/// One page of the personal-data access log, newest first.
pub fn list_access(
    conn: &mut DbConn,
    company_id: &str,
    f: &AuditFilter,
    before_id: Option<&str>,
    fetch: i64,
) -> QueryResult<Vec<PersonalDataAccess>> {
    let mut q = personal_data_access::table
        .filter(personal_data_access::company_id.eq(company_id))
        .into_boxed::<MultiBackend>();
    if let Some(v) = &f.entity_type {
        q = q.filter(personal_data_access::entity_type.eq(v.clone()));
    }
    if let Some(v) = &f.entity_id {
        q = q.filter(personal_data_access::entity_id.eq(v.clone()));
    }
    if let Some(v) = &f.actor_id {
        q = q.filter(personal_data_access::actor_id.eq(v.clone()));
    }
    if let Some(v) = f.from {
        q = q.filter(personal_data_access::created_at.ge(v));
    }
    if let Some(v) = f.to {
        q = q.filter(personal_data_access::created_at.lt(v));
    }
    if let Some(id) = before_id {
        q = q.filter(personal_data_access::id.lt(id.to_string()));
    }
    let rows: Vec<AccessRow> = q
        .select((
            personal_data_access::id,
            personal_data_access::actor_id,
            personal_data_access::entity_type,
            personal_data_access::entity_id,
            personal_data_access::fields,
            personal_data_access::request_id,
            personal_data_access::created_at,
        ))
        .order(personal_data_access::id.desc())
        .limit(fetch)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| PersonalDataAccess {
            id: r.0,
            actor_id: r.1,
            entity_type: r.2,
            entity_id: r.3,
            fields: r.4,
            request_id: r.5,
            created_at: db::utc(r.6),
        })
        .collect())
}
