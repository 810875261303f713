//! In-app notifications: a list per staff user.
//!
//! Anything that must tell a person something (the SLA clock today;
//! complaints and defects later) calls [`notify`] inside its own transaction,
//! so a notification exists exactly when the change that caused it committed.
//! Users read their own list; nobody reads another's (404).

pub mod handlers;

use api_types::{Notification, NotificationParams};
use diesel::prelude::*;

use crate::db::{self, DbConn, MultiBackend};
use crate::schema::notifications;

/// Registers the notification endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_notifications)
        .service(handlers::count_unread_notifications)
        .service(handlers::read_all_notifications)
        .service(handlers::read_notification);
}

/// The entity a notification is about: `(entity_type, entity_id)`, e.g. `("lead", id)`.
pub type EntityRef<'a> = Option<(&'a str, &'a str)>;

/// What a notification says: the title and body in Chinese (the staff's
/// language, for API readers) and the same facts as data for a client that
/// words them in its reader's language. Never personal data.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Message {
    /// Short title, e.g. `线索即将超时`.
    pub title: String,
    /// Details: the deadline and the rule that set it.
    pub body: String,
    /// The facts, as data.
    pub params: Option<NotificationParams>,
}

impl Message {
    fn params_json(&self) -> Option<String> {
        self.params
            .as_ref()
            .and_then(|p| serde_json::to_string(p).ok())
    }
}

/// Sends one notification to a user; returns its id. Call inside the
/// transaction of the change it reports.
pub fn notify(
    conn: &mut DbConn,
    company_id: &str,
    user_id: &str,
    kind: &str,
    message: &Message,
    entity: EntityRef<'_>,
) -> QueryResult<String> {
    let id = db::new_id();
    diesel::insert_into(notifications::table)
        .values((
            notifications::id.eq(&id),
            notifications::company_id.eq(company_id),
            notifications::user_id.eq(user_id),
            notifications::kind.eq(kind),
            notifications::title.eq(&message.title),
            notifications::body.eq(&message.body),
            notifications::params_json.eq(message.params_json()),
            notifications::entity_type.eq(entity.map(|e| e.0)),
            notifications::entity_id.eq(entity.map(|e| e.1)),
            notifications::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A notification to send with others ([`notify_all`]).
#[derive(Debug, Clone)]
pub struct NewNotification {
    /// Company.
    pub company_id: String,
    /// Recipient.
    pub user_id: String,
    /// Kind, as in [`notify`].
    pub kind: &'static str,
    /// What it says.
    pub message: Message,
    /// `(entity_type, entity_id)`.
    pub entity: Option<(String, String)>,
}

/// Sends many notifications in few statements, inside the caller's transaction.
pub fn notify_all(conn: &mut DbConn, list: Vec<NewNotification>) -> QueryResult<()> {
    let now = db::now();
    let rows: Vec<_> = list
        .into_iter()
        .map(|n| {
            let (entity_type, entity_id) = n.entity.unzip();
            (
                notifications::id.eq(db::new_id()),
                notifications::company_id.eq(n.company_id),
                notifications::user_id.eq(n.user_id),
                notifications::kind.eq(n.kind),
                notifications::params_json.eq(n.message.params_json()),
                notifications::title.eq(n.message.title),
                notifications::body.eq(n.message.body),
                notifications::entity_type.eq(entity_type),
                notifications::entity_id.eq(entity_id),
                notifications::created_at.eq(now),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, notifications::table, chunk.to_vec())?;
    }
    Ok(())
}

/// Columns of one notification row.
type Row = (
    String,
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    Option<chrono::NaiveDateTime>,
    chrono::NaiveDateTime,
    Option<String>,
);

fn view(r: Row) -> Notification {
    Notification {
        id: r.0,
        kind: r.1,
        title: r.2,
        body: r.3,
        entity_type: r.4,
        entity_id: r.5,
        read_at: r.6.map(db::utc),
        created_at: db::utc(r.7),
        params: r.8.and_then(|p| serde_json::from_str(&p).ok()),
    }
}

/// The user's own notifications, newest first (keyset on the time-ordered id),
/// starting below `before_id`.
pub fn list(
    conn: &mut DbConn,
    company_id: &str,
    user_id: &str,
    unread_only: bool,
    before_id: Option<&str>,
    fetch: i64,
) -> QueryResult<Vec<Notification>> {
    let mut q = own(company_id, user_id);
    if unread_only {
        q = q.filter(notifications::read_at.is_null());
    }
    if let Some(id) = before_id {
        q = q.filter(notifications::id.lt(id.to_string()));
    }
    let rows: Vec<Row> = q
        .select(columns())
        .order(notifications::id.desc())
        .limit(fetch)
        .load(conn)?;
    Ok(rows.into_iter().map(view).collect())
}

/// Marks one of the user's notifications read (kept as first read when it
/// already was); `None` when it is not theirs or does not exist.
pub fn mark_read(
    conn: &mut DbConn,
    company_id: &str,
    user_id: &str,
    id: &str,
) -> QueryResult<Option<Notification>> {
    diesel::update(
        notifications::table
            .filter(notifications::id.eq(id))
            .filter(notifications::company_id.eq(company_id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(db::now()))
    .execute(conn)?;
    let row: Option<Row> = own(company_id, user_id)
        .filter(notifications::id.eq(id.to_string()))
        .select(columns())
        .first(conn)
        .optional()?;
    Ok(row.map(view))
}

/// How many of the user's notifications are unread (a partial index over
/// the unread rows keeps this cheap however long the read history grows).
pub fn unread_count(conn: &mut DbConn, company_id: &str, user_id: &str) -> QueryResult<i64> {
    own(company_id, user_id)
        .filter(notifications::read_at.is_null())
        .count()
        .get_result(conn)
}

/// Marks every unread notification of the user read; returns how many.
pub fn mark_all_read(conn: &mut DbConn, company_id: &str, user_id: &str) -> QueryResult<usize> {
    diesel::update(
        notifications::table
            .filter(notifications::company_id.eq(company_id))
            .filter(notifications::user_id.eq(user_id))
            .filter(notifications::read_at.is_null()),
    )
    .set(notifications::read_at.eq(db::now()))
    .execute(conn)
}

fn own<'a>(company_id: &str, user_id: &str) -> notifications::BoxedQuery<'a, MultiBackend> {
    notifications::table
        .filter(notifications::company_id.eq(company_id.to_string()))
        .filter(notifications::user_id.eq(user_id.to_string()))
        .into_boxed()
}

#[allow(clippy::type_complexity)]
fn columns() -> (
    notifications::id,
    notifications::kind,
    notifications::title,
    notifications::body,
    notifications::entity_type,
    notifications::entity_id,
    notifications::read_at,
    notifications::created_at,
    notifications::params_json,
) {
    (
        notifications::id,
        notifications::kind,
        notifications::title,
        notifications::body,
        notifications::entity_type,
        notifications::entity_id,
        notifications::read_at,
        notifications::created_at,
        notifications::params_json,
    )
}
