//! The import itself: every row read and validated first, then the good rows
//! captured in chunks, each chunk one write transaction, so a big file never
//! holds the SQLite write lock for long. A chunk is captured set-based
//! ([`capture_all`]: the rules of [`capture::capture`] with a few statements
//! per chunk); should that fail, it is rolled back and captured row by row
//! through [`capture::capture`] itself.

use api_types::{CaptureLead, ImportAborted, ImportReport, ImportRowError};
use diesel::Connection;

use super::columns::Header;
use super::parse::Table;
use super::rows::{self, ImportDefaults, ProjectIndex};
use crate::audit;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::leads::capture::{self, Origin};
use crate::leads::capture_batch::{capture_all, Batch};
use crate::personal_data::PersonalData;

/// Rows per write transaction on SQLite. The database has one write lock:
/// a chunk of 1,000 holds it for a fraction of a second, so staff capturing
/// leads meanwhile wait no longer than that.
pub const CHUNK_ROWS: usize = 1000;

/// Rows per write transaction on PostgreSQL, which locks rows, not the
/// database: bigger chunks mean fewer commits and statements per row (5,000
/// rows imported 27 % faster than 1,000 in scripts/bench/RESULTS.md).
pub const CHUNK_ROWS_POSTGRES: usize = 5000;

/// The chunk size for `conn`: `configured` (`Config::import_chunk_rows`)
/// when set, else [`CHUNK_ROWS`] or [`CHUNK_ROWS_POSTGRES`].
pub fn chunk_rows(conn: &DbConn, configured: Option<usize>) -> usize {
    configured.unwrap_or(match conn {
        DbConn::Pg(_) => CHUNK_ROWS_POSTGRES,
        DbConn::Sqlite(_) => CHUNK_ROWS,
    })
}

/// What one committed chunk did.
#[derive(Default)]
struct Chunk {
    imported: u32,
    duplicates: u32,
    failed: Vec<ImportRowError>,
}

/// Imports a read file as `origin` (whose `via` should be `"import"`).
///
/// A bad header is an `Err` (nothing imported). Bad rows are reported and
/// skipped; one bad row never blocks another. A database failure stops the
/// import: the chunks committed before it stay, the report says so in
/// `aborted`, and its counts are exactly what was imported. `progress` is
/// called with the number of rows done after each chunk; `chunk` is
/// `Config::import_chunk_rows` ([`chunk_rows`]).
pub fn import(
    conn: &mut DbConn,
    pd: &PersonalData,
    origin: &Origin,
    table: &Table,
    defaults: &ImportDefaults,
    chunk: Option<usize>,
    progress: &mut dyn FnMut(u64),
) -> Result<ImportReport, ApiError> {
    let header = Header::parse(&table.header)?;
    let projects = ProjectIndex::load(
        conn,
        &origin.ctx.company_id,
        origin.allowed_projects.clone(),
    )?;
    let mut report = ImportReport {
        total_rows: count(table.rows.len()),
        ..ImportReport::default()
    };
    let checked: Vec<(u32, Option<CaptureLead>)> = table
        .rows
        .iter()
        .map(
            |row| match rows::to_capture(&header, &projects, defaults, row) {
                Ok(lead) => (row.line, Some(lead)),
                Err(errors) => {
                    report.failed.extend(errors);
                    (row.line, None)
                }
            },
        )
        .collect();
    let mut batch = Batch::default();
    let checkpoints = Checkpoints::defer(conn);
    for chunk in checked.chunks(chunk_rows(conn, chunk)) {
        let good: Vec<(u32, &CaptureLead)> = chunk
            .iter()
            .filter_map(|(line, lead)| lead.as_ref().map(|l| (*line, l)))
            .collect();
        if let Some(&(first_line, _)) = good.first() {
            match import_chunk(conn, &mut batch, pd, origin, &good) {
                Ok(done) => {
                    report.imported += done.imported;
                    report.duplicates += done.duplicates;
                    report.failed.extend(done.failed);
                }
                Err(e) => {
                    // The error was logged where it was made; the report says what stands.
                    report.aborted = Some(ImportAborted {
                        line: first_line,
                        message: format!(
                            "the database failed ({}); rows from line {first_line} on were not \
                             imported, the rows before it were",
                            e.code
                        ),
                    });
                    break;
                }
            }
        }
        progress(chunk.len() as u64);
    }
    checkpoints.restore(conn);
    report.failed.sort_by_key(|e| e.line);
    let mut lines: Vec<u32> = report.failed.iter().map(|e| e.line).collect();
    lines.dedup();
    report.failed_rows = count(lines.len());
    record_summary(conn, origin, &report);
    Ok(report)
}

/// A pooled SQLite connection checkpoints its write-ahead log into the
/// database file past [`db::SQLITE_CHECKPOINT_PAGES`] (4 MiB), i.e. after every chunk of an import,
/// writing the pages the next chunk dirties again (an index's right edge, the
/// B-trees' inner pages) once per chunk. For the import's duration its
/// connection checkpoints only past [`IMPORT_CHECKPOINT_PAGES`]; at the end the
/// pool's setting comes back and a passive checkpoint runs (one that never waits for
/// readers). 14 % faster on a 1,000,000-lead database (scripts/bench/RESULTS.md).
/// Durability is unchanged: every commit is in the synced log either way.
struct Checkpoints(bool);

/// Pages the log may hold during an import before a checkpoint (128 MiB).
const IMPORT_CHECKPOINT_PAGES: u32 = 32_768;

impl Checkpoints {
    fn defer(conn: &mut DbConn) -> Checkpoints {
        Checkpoints(
            matches!(conn, DbConn::Sqlite(_))
                && Self::pragma(
                    conn,
                    &format!("PRAGMA wal_autocheckpoint = {IMPORT_CHECKPOINT_PAGES}"),
                ),
        )
    }

    fn restore(self, conn: &mut DbConn) {
        if self.0 {
            let back = db::SQLITE_CHECKPOINT_PAGES;
            Self::pragma(
                conn,
                &format!("PRAGMA wal_autocheckpoint = {back}; PRAGMA wal_checkpoint(PASSIVE)"),
            );
        }
    }

    /// Best effort: a refused pragma only costs speed (logged).
    fn pragma(conn: &mut DbConn, sql: &str) -> bool {
        use diesel::connection::SimpleConnection;
        conn.batch_execute(sql)
            .map_err(|e| log::warn!("import: {sql}: {e}"))
            .is_ok()
    }
}

/// One audit record for the whole import (each lead has its own `lead.create`
/// too): the counts, no personal data. Best effort: the leads are committed.
fn record_summary(conn: &mut DbConn, origin: &Origin, report: &ImportReport) {
    let after = serde_json::json!({
        "total_rows": report.total_rows,
        "imported": report.imported,
        "duplicates": report.duplicates,
        "failed_rows": report.failed_rows,
        "aborted_at_line": report.aborted.as_ref().map(|a| a.line),
    });
    let id = db::new_id();
    let ctx = &origin.ctx;
    let done = db::write_tx(conn, |conn| {
        audit::record(
            conn,
            ctx,
            "lead.import",
            "lead_import",
            &id,
            None,
            Some(after),
        )
    });
    if let Err(e) = done {
        log::warn!(
            "[{}] import summary not audited: {e}",
            crate::request_id::current()
        );
    }
}

/// One chunk in one write transaction: set-based ([`capture_all`]), or, when
/// that fails (a phone inserted concurrently, say), row by row.
fn import_chunk(
    conn: &mut DbConn,
    batch: &mut Batch,
    pd: &PersonalData,
    origin: &Origin,
    good: &[(u32, &CaptureLead)],
) -> Result<Chunk, ApiError> {
    let leads: Vec<&CaptureLead> = good.iter().map(|(_, l)| *l).collect();
    match db::write_tx(conn, |conn| capture_all(conn, batch, pd, origin, &leads)) {
        Ok(outcomes) => {
            let mut done = Chunk::default();
            for (&(line, _), outcome) in good.iter().zip(outcomes) {
                done.add(line, outcome);
            }
            Ok(done)
        }
        Err(e) => {
            log::info!("import: chunk from line {} row by row ({e})", good[0].0);
            batch.reset();
            db::write_tx(conn, |conn| capture_chunk(conn, pd, origin, good))
        }
    }
}

impl Chunk {
    /// Counts one row's capture: imported, or refused with its errors.
    fn add(&mut self, line: u32, outcome: Result<capture::CaptureOutcome, ApiError>) {
        match outcome {
            Ok(out) => {
                self.imported += 1;
                self.duplicates += u32::from(out.duplicate);
            }
            Err(e) => {
                if e.errors.is_empty() {
                    let message = e.detail.clone().unwrap_or_else(|| e.code.to_string());
                    self.failed
                        .push(rows::row_error(line, "row", e.code, message));
                }
                for fe in e.errors {
                    let field = rows::column_key(&fe.field);
                    self.failed
                        .push(rows::row_error(line, field, &fe.code, fe.message));
                }
            }
        }
    }
}

/// Captures a chunk's good rows one by one. Each row runs in a savepoint, so a row that
/// capture refuses (4xx) is rolled back alone and reported; any other error,
/// a database constraint capture did not check included (a project deleted
/// meanwhile, say), aborts the chunk.
fn capture_chunk(
    conn: &mut DbConn,
    pd: &PersonalData,
    origin: &Origin,
    good: &[(u32, &CaptureLead)],
) -> Result<Chunk, ApiError> {
    let mut done = Chunk::default();
    for &(line, lead) in good {
        match conn.transaction(|conn| capture::capture(conn, pd, origin, lead)) {
            Err(e) if !e.status.is_client_error() || e.is_unchecked_constraint() => return Err(e),
            outcome => done.add(line, outcome),
        }
    }
    Ok(done)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}
