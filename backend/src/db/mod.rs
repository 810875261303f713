//! The database: one code base over PostgreSQL and SQLite (ARCHITECTURE §3).
//!
//! [`DbConn`] is a diesel `MultiConnection` over both backends; [`Pool`] is an
//! r2d2 pool of it whose manager picks the backend from the URL scheme, so a
//! bad URL or password is reported as it is. Handlers reach the database only
//! through [`run`], which moves the blocking work off the actix worker.

mod literal_limit;
mod pool;
pub mod time;

use actix_web::web;
use diesel::connection::{AnsiTransactionManager, TransactionManager};
use diesel::prelude::*;
use diesel_migrations::{embed_migrations, EmbeddedMigrations, MigrationHarness};

pub use literal_limit::{literal_limit, LiteralLimit};
pub use pool::{build_pool, is_postgres_url, Pool, PooledConn, SQLITE_CHECKPOINT_PAGES};

use crate::error::ApiError;

/// A connection to either backend.
#[derive(diesel::MultiConnection)]
pub enum DbConn {
    /// Production backend.
    Pg(diesel::PgConnection),
    /// Embedded default backend.
    Sqlite(diesel::SqliteConnection),
}

/// Which backend a connection talks to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// PostgreSQL.
    Postgres,
    /// SQLite.
    Sqlite,
}

impl Backend {
    /// `postgres` or `sqlite`.
    pub fn as_str(self) -> &'static str {
        match self {
            Backend::Postgres => "postgres",
            Backend::Sqlite => "sqlite",
        }
    }
}

impl DbConn {
    /// The backend of this connection.
    pub fn backend(&self) -> Backend {
        match self {
            DbConn::Pg(_) => Backend::Postgres,
            DbConn::Sqlite(_) => Backend::Sqlite,
        }
    }
}

const PG_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/postgres");
const SQLITE_MIGRATIONS: EmbeddedMigrations = embed_migrations!("../migrations/sqlite");

/// Applies every pending migration of the connection's backend.
pub fn migrate(conn: &mut DbConn) -> Result<usize, String> {
    let applied = match conn {
        DbConn::Pg(c) => c.run_pending_migrations(PG_MIGRATIONS).map(|v| v.len()),
        DbConn::Sqlite(c) => c.run_pending_migrations(SQLITE_MIGRATIONS).map(|v| v.len()),
    };
    applied.map_err(|e| e.to_string())
}

/// Runs `f` with a pooled connection on the blocking thread pool.
///
/// A pool that cannot hand out a connection is a 503; errors of `f` pass through.
pub async fn run<T, F>(pool: &Pool, f: F) -> Result<T, ApiError>
where
    F: FnOnce(&mut DbConn) -> Result<T, ApiError> + Send + 'static,
    T: Send + 'static,
{
    let pool = pool.clone();
    let rid = crate::request_id::current();
    web::block(move || {
        crate::request_id::with_thread_id(rid, || {
            let mut conn = pool.get().map_err(|e| {
                log::error!(
                    "[{}] database unavailable: {e}",
                    crate::request_id::current()
                );
                ApiError::unavailable()
            })?;
            f(&mut conn)
        })
    })
    .await
    .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))?
}

/// Runs `f` in a write transaction.
///
/// On SQLite the transaction begins `IMMEDIATE`, taking the write lock up front:
/// a deferred transaction that reads and then writes fails at once with
/// `SQLITE_BUSY` when another writer got there first, while an immediate one
/// waits (`busy_timeout`). PostgreSQL uses a normal transaction.
pub fn write_tx<T, E, F>(conn: &mut DbConn, f: F) -> Result<T, E>
where
    F: FnOnce(&mut DbConn) -> Result<T, E>,
    E: From<diesel::result::Error>,
{
    if let DbConn::Sqlite(inner) = conn {
        if AnsiTransactionManager::transaction_manager_status_mut(inner)
            .transaction_depth()
            .map_err(E::from)?
            .is_none()
        {
            AnsiTransactionManager::begin_transaction_sql(inner, "BEGIN IMMEDIATE")
                .map_err(E::from)?;
            let result = f(conn);
            let DbConn::Sqlite(inner) = conn else {
                unreachable!("backend cannot change inside a transaction")
            };
            return match result {
                Ok(v) => {
                    AnsiTransactionManager::commit_transaction(inner).map_err(E::from)?;
                    Ok(v)
                }
                Err(e) => {
                    if let Err(rb) = AnsiTransactionManager::rollback_transaction(inner) {
                        log::error!("rollback failed: {rb}");
                    }
                    Err(e)
                }
            };
        }
    }
    conn.transaction(f)
}

/// Inserts many rows in one statement: PostgreSQL's binary `COPY … FROM
/// STDIN`, SQLite's multi-row `INSERT … VALUES (…), (…)`.
///
/// diesel's `MultiConnection` cannot express batch inserts, so this is the one
/// place that dispatches them to the concrete backend connection. `COPY` sends
/// the rows as a binary stream instead of a statement with a bind parameter
/// per value that PostgreSQL parses and plans each time; it fires the same
/// constraints and foreign keys. Every column of a row must be given
/// (`treat_none_as_default_value = false` on derived rows).
#[macro_export]
macro_rules! batch_insert {
    ($conn:expr, $table:expr, $rows:expr) => {{
        use diesel::RunQueryDsl as _;
        match $conn {
            $crate::db::DbConn::Pg(c) => {
                diesel::copy_from($table).from_insertable($rows).execute(c)
            }
            $crate::db::DbConn::Sqlite(c) => diesel::insert_into($table).values($rows).execute(c),
        }
    }};
}

/// Adapts SQL written with PostgreSQL's numbered placeholders (`$1`) to the
/// connection: SQLite takes the same numbers as `?1`. For the few raw
/// statements (upserts) that diesel's query builder cannot express portably.
pub fn placeholders(conn: &DbConn, sql: &str) -> String {
    match conn {
        DbConn::Pg(_) => sql.to_string(),
        DbConn::Sqlite(_) => sql.replace('$', "?"),
    }
}

/// Locks a row until the transaction ends, so that a check made under the
/// lock (e.g. "the building has no units above floor N") still holds at commit.
///
/// PostgreSQL: `SELECT … FOR UPDATE`. SQLite needs nothing: a write
/// transaction ([`write_tx`]) already holds the database's single write lock.
pub fn lock_row(conn: &mut DbConn, table: &'static str, id: &str) -> QueryResult<()> {
    lock_where(conn, table, "id", &[id], "FOR UPDATE")
}

/// Keeps the rows whose `column` is one of `values` from being deleted (or
/// their key changed) until the transaction ends, without blocking other
/// writers that do the same: take it before checking rows that new rows
/// will point at, so a concurrent delete either sees the new rows or runs
/// first and the check sees the row gone.
///
/// PostgreSQL: `SELECT … FOR KEY SHARE`. SQLite needs nothing (one writer).
pub fn share_rows(
    conn: &mut DbConn,
    table: &'static str,
    column: &'static str,
    values: &[&str],
) -> QueryResult<()> {
    lock_where(conn, table, column, values, "FOR KEY SHARE")
}

/// `SELECT 1 FROM table WHERE column = ANY(values)` with a PostgreSQL
/// row-lock clause; nothing on SQLite, whose write transaction holds the
/// only write lock.
fn lock_where(
    conn: &mut DbConn,
    table: &'static str,
    column: &'static str,
    values: &[&str],
    mode: &'static str,
) -> QueryResult<()> {
    use diesel::sql_types::{Array, Text};
    match conn {
        DbConn::Pg(c) => diesel::sql_query(format!(
            "SELECT 1 FROM {table} WHERE {column} = ANY($1) {mode}"
        ))
        .bind::<Array<Text>, _>(values)
        .execute(c)
        .map(|_| ()),
        DbConn::Sqlite(_) => Ok(()),
    }
}

/// `true` when the error is a unique-constraint violation.
pub fn is_unique_violation(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, _)
    )
}

/// Now, in UTC, truncated to microseconds so both backends store the same value.
pub fn now() -> chrono::NaiveDateTime {
    truncate_micros(chrono::Utc::now().naive_utc())
}

/// Truncates a timestamp to microseconds (PostgreSQL's precision).
pub fn truncate_micros(t: chrono::NaiveDateTime) -> chrono::NaiveDateTime {
    use chrono::Timelike;
    let nanos = t.nanosecond() / 1_000 * 1_000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

/// A new time-ordered id (UUIDv7).
pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

/// Converts a stored UTC timestamp to the wire type.
pub fn utc(t: chrono::NaiveDateTime) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::from_naive_utc_and_offset(t, chrono::Utc)
}

/// Checks that the database answers (readiness).
pub fn ping(conn: &mut DbConn) -> QueryResult<()> {
    diesel::sql_query("SELECT 1").execute(conn).map(|_| ())
}
