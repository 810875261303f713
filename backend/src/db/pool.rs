//! The r2d2 pool and its connection manager.

use std::time::Duration;

use diesel::connection::SimpleConnection;
use diesel::{Connection, ConnectionError};

use super::DbConn;

/// A pool of [`DbConn`].
pub type Pool = r2d2::Pool<Manager>;
/// A connection checked out of the pool.
pub type PooledConn = r2d2::PooledConnection<Manager>;

/// `true` for `postgres://` and `postgresql://` URLs.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Picks the backend from the URL scheme and reports that backend's own error.
#[derive(Debug, Clone)]
pub struct Manager {
    url: String,
}

/// SQLite settings applied to every new connection: WAL, durable commits,
/// enforced foreign keys, and waiting (not failing) on a held write lock.
/// Reads go through a memory map (up to 2 GiB of the file, SQLite's default
/// ceiling, shared by all connections through the OS page cache) and a 32 MiB page cache per
/// connection: with a million leads the default 2 MiB cache made every query
/// re-read index pages with a system call each (scripts/bench/RESULTS.md).
/// The log is checkpointed into the database file past
/// [`SQLITE_CHECKPOINT_PAGES`] (an import raises it for its own connection
/// while it runs, `leads/import/run.rs`).
const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
     PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -32768;";

/// Pages the write-ahead log of a pooled SQLite connection may hold before
/// its commit checkpoints it (4 MiB; SQLite's default, set explicitly).
pub const SQLITE_CHECKPOINT_PAGES: u32 = 1000;

/// Configures the SQLite library once, before its first connection opens
/// (`sqlite3_config` is refused once the library is initialised):
///
/// * **multi-thread mode** instead of serialized: a pooled connection is
///   used by one thread at a time (r2d2 hands it out; diesel's connection is
///   not `Sync`), so SQLite need not lock the connection's mutex on every
///   call — every bind and every column read took and released it;
/// * **no memory statistics**: each of SQLite's allocations otherwise takes
///   a process-wide mutex to count bytes nobody reads.
///
/// Together about 7 % of an import's CPU (scripts/bench/RESULTS.md). Should
/// the library already be initialised (some other code opened SQLite first),
/// the defaults stay, which are correct, only slower.
fn configure_sqlite_library() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        use libsqlite3_sys as ffi;
        // SAFETY: called once, before this process opens any SQLite
        // connection; `sqlite3_config` reports misuse instead of acting when
        // the library is already initialised.
        let rc = unsafe {
            [
                ffi::sqlite3_config(ffi::SQLITE_CONFIG_MULTITHREAD),
                ffi::sqlite3_config(ffi::SQLITE_CONFIG_MEMSTATUS, 0 as std::ffi::c_int),
            ]
        };
        if rc.iter().any(|&rc| rc != ffi::SQLITE_OK) {
            log::info!("SQLite was initialised before its configuration; defaults kept ({rc:?})");
        }
    });
}

impl r2d2::ManageConnection for Manager {
    type Connection = DbConn;
    type Error = ConnectionError;

    fn connect(&self) -> Result<DbConn, ConnectionError> {
        if is_postgres_url(&self.url) {
            diesel::PgConnection::establish(&self.url).map(DbConn::Pg)
        } else {
            let path = self.url.strip_prefix("sqlite://").unwrap_or(&self.url);
            configure_sqlite_library();
            let mut conn = diesel::SqliteConnection::establish(path)?;
            let checkpoint = format!("PRAGMA wal_autocheckpoint = {SQLITE_CHECKPOINT_PAGES};");
            conn.batch_execute(SQLITE_PRAGMAS)
                .and_then(|()| conn.batch_execute(&checkpoint))
                .map_err(ConnectionError::CouldntSetupConfiguration)?;
            Ok(DbConn::Sqlite(conn))
        }
    }

    fn is_valid(&self, conn: &mut DbConn) -> Result<(), ConnectionError> {
        conn.batch_execute("SELECT 1")
            .map_err(ConnectionError::CouldntSetupConfiguration)
    }

    /// A connection still inside a transaction (a panic mid-transaction, a
    /// failed commit or rollback) is discarded, never handed out again: it
    /// would hold SQLite's write lock, or turn the next transaction into a
    /// savepoint that never commits.
    fn has_broken(&self, conn: &mut DbConn) -> bool {
        use diesel::connection::TransactionManager;
        type Tm = <DbConn as Connection>::TransactionManager;
        std::thread::panicking()
            || !matches!(
                Tm::transaction_manager_status_mut(conn).transaction_depth(),
                Ok(None)
            )
    }
}

/// Builds the pool. Fails (with the backend's message) when no connection can be made.
pub fn build_pool(url: &str, size: u32) -> Result<Pool, String> {
    if !is_postgres_url(url) {
        let path = url.strip_prefix("sqlite://").unwrap_or(url);
        if let Some(dir) = std::path::Path::new(path).parent() {
            if !dir.as_os_str().is_empty() {
                std::fs::create_dir_all(dir)
                    .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
            }
        }
    }
    let manager = Manager {
        url: url.to_string(),
    };
    r2d2::Pool::builder()
        .max_size(size.max(1))
        .min_idle(Some(1))
        .connection_timeout(Duration::from_secs(5))
        .test_on_check_out(false)
        .build(manager)
        .map_err(|e| format!("cannot connect to the database: {e}"))
}
