//! Staged uploads left behind: a `<sha>.<id>.tmp` beside its place that no
//! upload is still writing (older than [`STAGED_MAX_AGE`]). Its content is
//! moved in place when a committed file row names it (the process stopped
//! between the commit and the move: [`super::photos::read`] would do the
//! same at the next read), and removed otherwise (the upload's transaction
//! never committed), so neither a committed file nor disk space is lost.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use super::photos;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::personal_data::hex;
use crate::schema::delivery_files;

/// How long an upload may take between staging and its commit.
pub const STAGED_MAX_AGE: Duration = Duration::hours(1);

/// What one sweep did with staged files.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct StagedSweep {
    /// Committed content moved in place.
    pub recovered: usize,
    /// Uncommitted (or already stored) copies removed.
    pub removed: usize,
}

/// Sweeps `<data dir>/delivery-files` as of `now` (UTC).
pub fn run(
    conn: &mut DbConn,
    data_dir: &Path,
    now: NaiveDateTime,
) -> Result<StagedSweep, ApiError> {
    let stale = stale_staged(data_dir, now);
    let mut out = StagedSweep::default();
    if stale.is_empty() {
        return Ok(out);
    }
    let shas: Vec<&str> = stale.iter().map(|(sha, _)| sha.as_str()).collect();
    let mut committed = HashSet::new();
    for chunk in shas.chunks(500) {
        let found: Vec<String> = delivery_files::table
            .filter(delivery_files::sha256.eq_any(chunk))
            .select(delivery_files::sha256)
            .distinct()
            .load(conn)?;
        committed.extend(found);
    }
    for (sha, tmp) in &stale {
        let place = photos::path_of(data_dir, sha);
        // A committed sha without its file: some staged copy (this one, or
        // another of the same name, the content checked) goes in place.
        // Until one is in place, none is removed.
        if committed.contains(sha) && !place.exists() {
            recover_staged(&place, sha);
            if !place.exists() {
                log::warn!("delivery file {sha}: committed, not in place, staged copies kept");
                continue;
            }
            out.recovered += 1;
        }
        // Whatever is still staged is a copy, a wrong content or uncommitted.
        if tmp.exists() && std::fs::remove_file(tmp).is_ok() {
            out.removed += 1;
        }
    }
    Ok(out)
}

/// `(sha, path)` of every staged file last written before `now - STAGED_MAX_AGE`.
fn stale_staged(data_dir: &Path, now: NaiveDateTime) -> Vec<(String, PathBuf)> {
    let cutoff = now - STAGED_MAX_AGE;
    let Ok(dirs) = std::fs::read_dir(data_dir.join("delivery-files")) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for dir in dirs.filter_map(Result::ok) {
        let Ok(files) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for f in files.filter_map(Result::ok) {
            let name = f.file_name();
            let Some(name) = name.to_str() else { continue };
            let Some(sha) = name.strip_suffix(".tmp").and_then(|n| n.split('.').next()) else {
                continue;
            };
            let written = f
                .metadata()
                .and_then(|m| m.modified())
                .map(|t| chrono::DateTime::<chrono::Utc>::from(t).naive_utc());
            if written.is_ok_and(|t| t < cutoff) && photos::is_sha(sha) {
                out.push((sha.to_string(), f.path()));
            }
        }
    }
    out
}

/// The content of a staged copy of `sha` (checked against the hash), moved
/// to `path`; `None` when there is none.
pub fn recover_staged(path: &std::path::Path, sha: &str) -> Option<Vec<u8>> {
    let dir = path.parent()?;
    let prefix = format!("{sha}.");
    let staged = std::fs::read_dir(dir)
        .ok()?
        .filter_map(Result::ok)
        .find_map(|e| {
            let name = e.file_name();
            let name = name.to_str()?;
            let candidate = name.starts_with(&prefix) && name.ends_with(".tmp");
            let bytes = candidate.then(|| std::fs::read(e.path()).ok()).flatten()?;
            (hex(&Sha256::digest(&bytes)) == sha).then(|| (e.path(), bytes))
        })?;
    let (tmp, bytes) = staged;
    match std::fs::rename(&tmp, path) {
        Ok(()) => log::warn!(
            "[{}] delivery file {sha} was committed but never moved in place; moved now",
            crate::request_id::current()
        ),
        // Another reader or the upload itself moved it first.
        Err(_) if path.exists() => {}
        Err(e) => log::error!(
            "[{}] delivery file {sha}: staged copy found, not moved in place: {e}",
            crate::request_id::current()
        ),
    }
    Some(bytes)
}
