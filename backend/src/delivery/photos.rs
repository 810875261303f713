//! Photos of defects and drawn signatures: JPEG, PNG or WebP up to
//! [`MAX_BYTES`], the type taken from the bytes (never from the client's
//! header or file name), stored once per content under
//! `<data dir>/delivery-files/<aa>/<sha256>` and served only to those who
//! may see the defect (or the unit, for a signature). Wrong type, oversize
//! and empty uploads are refused before anything is written (the type on
//! the first bytes); the content is moved in place only once its row is
//! committed, so a failed upload leaves no file. The staged content is
//! synced to disk before the row commits, and a process that stops between
//! the commit and the move leaves it staged: the first read of the file
//! moves it in place ([`read`]; the jobs sweep does too, `staged_sweep.rs`), so a committed upload is never lost.

use std::collections::HashMap;
use std::path::PathBuf;

use actix_web::http::StatusCode;
use actix_web::web;
use api_types::DeliveryFile;
use diesel::prelude::*;
use sha2::{Digest, Sha256};

use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::hex;
use crate::schema::delivery_files;

/// Largest accepted image: 10 MB.
pub const MAX_BYTES: usize = 10 * 1024 * 1024;

/// The image type of `bytes` from their magic numbers, if accepted.
pub fn sniff(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        Some("image/webp")
    } else {
        None
    }
}

/// Reads an upload, refusing (413 `file_too_large`) past [`MAX_BYTES`], and
/// checks it: 422 `empty_file`, 415 `unsupported_image_type`. The type is
/// checked on the first bytes, before the rest is buffered.
pub async fn read_image(mut payload: web::Payload) -> Result<(web::Bytes, &'static str), ApiError> {
    let unsupported = || {
        ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_image_type",
            "only JPEG, PNG and WebP images are accepted",
        )
    };
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "file_too_large",
            format!("images are limited to {} MB", MAX_BYTES / 1024 / 1024),
        )
    };
    let mut kind = None;
    let body = crate::extract::read_inspecting(&mut payload, MAX_BYTES, too_large, |read| {
        if kind.is_none() && read.len() >= SNIFF_BYTES {
            kind = Some(sniff(read).ok_or_else(unsupported)?);
        }
        Ok(())
    })
    .await?;
    if body.is_empty() {
        return Err(ApiError::invalid_field(
            "body",
            "empty_file",
            "the upload is empty",
        ));
    }
    let kind = match kind {
        Some(k) => k,
        None => sniff(&body).ok_or_else(unsupported)?,
    };
    Ok((body, kind))
}

/// Bytes enough to tell every accepted type (WebP's header is the longest).
const SNIFF_BYTES: usize = 12;

/// A content hash as files are named: 64 hex digits.
pub(super) fn is_sha(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

pub(super) fn path_of(data_dir: &std::path::Path, sha: &str) -> PathBuf {
    data_dir.join("delivery-files").join(&sha[..2]).join(sha)
}

/// Content written to a temporary file beside its place under its hash,
/// not yet visible: [`Staged::commit`] (after the database commit) moves it
/// in place; dropped uncommitted (the transaction failed), it is removed, so
/// a failed upload leaves no file behind.
#[derive(Debug)]
pub struct Staged {
    /// The content hash (the file's name).
    pub sha: String,
    tmp: PathBuf,
    path: PathBuf,
    done: bool,
}

impl Staged {
    /// Moves the content in place (atomically replacing the same content
    /// when it is already stored).
    pub fn commit(mut self) -> Result<(), ApiError> {
        self.done = true;
        let moved = std::fs::rename(&self.tmp, &self.path);
        if moved.is_err() {
            let _ = std::fs::remove_file(&self.tmp);
        }
        // A reader that saw the committed row may have moved it first ([`read`]).
        match moved {
            Err(_) if !self.path.exists() => moved.map_err(ApiError::internal),
            _ => Ok(()),
        }
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        if !self.done {
            let _ = std::fs::remove_file(&self.tmp);
        }
    }
}

/// Writes the content to a temporary file under the data directory.
pub fn stage(data_dir: &std::path::Path, bytes: &[u8]) -> Result<Staged, ApiError> {
    let sha = hex(&Sha256::digest(bytes));
    let path = path_of(data_dir, &sha);
    let dir = path
        .parent()
        .ok_or_else(|| ApiError::internal("no parent directory"))?;
    std::fs::create_dir_all(dir).map_err(ApiError::internal)?;
    let tmp = dir.join(format!("{sha}.{}.tmp", db::new_id()));
    write_synced(&tmp, bytes)
        .and_then(|()| sync_dirs(dir))
        .map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            ApiError::internal(e)
        })?;
    Ok(Staged {
        sha,
        tmp,
        path,
        done: false,
    })
}

/// Stores an uploaded image: stages the content, runs `record` (the file
/// row and its audit) in a write transaction, and only once that committed
/// moves the content in place. If the move fails the row is removed again.
pub fn store<T>(
    conn: &mut DbConn,
    data_dir: &std::path::Path,
    bytes: &[u8],
    record: impl FnOnce(&mut DbConn, &str) -> Result<(T, String), ApiError>,
) -> Result<T, ApiError> {
    let staged = stage(data_dir, bytes)?;
    let sha = staged.sha.clone();
    let (out, file_id) = db::write_tx(conn, |conn| record(conn, &sha))?;
    if let Err(e) = staged.commit() {
        diesel::delete(delivery_files::table.filter(delivery_files::id.eq(&file_id)))
            .execute(conn)?;
        return Err(e);
    }
    Ok(out)
}

/// Writes `bytes` and waits until they are on disk, so that a row committed
/// after this never names content a power cut could take back.
fn write_synced(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut f = std::fs::File::create(path)?;
    f.write_all(bytes)?;
    f.sync_all()
}

/// Syncs the staged file's name: its directory and the one above (new
/// directories). The move in place needs none: [`read`] finds a lost one.
fn sync_dirs(dir: &std::path::Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()?;
    match dir.parent() {
        Some(up) => std::fs::File::open(up)?.sync_all(),
        None => Ok(()),
    }
}

/// The stored content of a file. Content whose row committed but whose move
/// in place never happened (the process stopped in between) is still staged
/// beside its place: it is recognised by its hash and moved in place now.
pub fn read(data_dir: &std::path::Path, sha: &str) -> Result<Vec<u8>, ApiError> {
    if !is_sha(sha) {
        return Err(ApiError::internal("bad file hash"));
    }
    let path = path_of(data_dir, sha);
    match std::fs::read(&path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            super::staged_sweep::recover_staged(&path, sha).ok_or_else(|| ApiError::internal(e))
        }
        read => read.map_err(ApiError::internal),
    }
}

/// What a stored file row holds.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = delivery_files)]
pub struct FileRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// `defect_photo` or `signature`.
    pub kind: String,
    /// Defect of a photo.
    pub defect_id: Option<String>,
    /// Unit.
    pub unit_id: String,
    /// Content hash.
    pub sha256: String,
    /// Type from the bytes.
    pub content_type: String,
    /// Size.
    pub size_bytes: i64,
    /// Uploader.
    pub uploaded_by: Option<String>,
    /// Uploaded at.
    pub created_at: chrono::NaiveDateTime,
}

impl FileRow {
    /// The wire view.
    pub fn view(&self) -> DeliveryFile {
        DeliveryFile {
            id: self.id.clone(),
            content_type: self.content_type.clone(),
            size_bytes: self.size_bytes,
            sha256: self.sha256.clone(),
            url: format!("/api/v1/delivery-files/{}", self.id),
            created_at: db::utc(self.created_at),
        }
    }
}

/// A new file row for content already written.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConn,
    company_id: &str,
    kind: &str,
    defect_id: Option<&str>,
    unit_id: &str,
    sha: &str,
    content_type: &str,
    size: usize,
    uploaded_by: Option<&str>,
) -> QueryResult<FileRow> {
    let id = db::new_id();
    diesel::insert_into(delivery_files::table)
        .values((
            delivery_files::id.eq(&id),
            delivery_files::company_id.eq(company_id),
            delivery_files::kind.eq(kind),
            delivery_files::defect_id.eq(defect_id),
            delivery_files::unit_id.eq(unit_id),
            delivery_files::sha256.eq(sha),
            delivery_files::content_type.eq(content_type),
            delivery_files::size_bytes.eq(size as i64),
            delivery_files::uploaded_by.eq(uploaded_by),
            delivery_files::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    delivery_files::table
        .find(&id)
        .select(FileRow::as_select())
        .first(conn)
}

/// The photos of each defect, oldest first.
pub fn for_defects(
    conn: &mut DbConn,
    ids: &[String],
) -> QueryResult<HashMap<String, Vec<DeliveryFile>>> {
    let rows: Vec<FileRow> = delivery_files::table
        .filter(delivery_files::defect_id.eq_any(ids))
        .order(delivery_files::id.asc())
        .select(FileRow::as_select())
        .load(conn)?;
    let mut out: HashMap<String, Vec<DeliveryFile>> = HashMap::new();
    for r in rows {
        if let Some(d) = &r.defect_id {
            out.entry(d.clone()).or_default().push(r.view());
        }
    }
    Ok(out)
}

/// A file row of the company, if any.
pub fn find(conn: &mut DbConn, company_id: &str, id: &str) -> QueryResult<Option<FileRow>> {
    delivery_files::table
        .filter(delivery_files::id.eq(id))
        .filter(delivery_files::company_id.eq(company_id))
        .select(FileRow::as_select())
        .first(conn)
        .optional()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_type_comes_from_the_bytes() {
        assert_eq!(sniff(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]), Some("image/jpeg"));
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\n...."), Some("image/png"));
        assert_eq!(sniff(b"RIFF\x10\0\0\0WEBPVP8 "), Some("image/webp"));
        assert_eq!(sniff(b"GIF89a......"), None);
        assert_eq!(sniff(b"%PDF-1.7"), None);
        assert_eq!(sniff(b"RIFF\x10\0\0\0WAVEfmt "), None);
        assert_eq!(sniff(b""), None);
    }

    fn files(dir: &std::path::Path) -> usize {
        walk(&dir.join("delivery-files"))
    }

    fn walk(p: &std::path::Path) -> usize {
        std::fs::read_dir(p).map_or(0, |rd| {
            rd.flatten()
                .map(|e| {
                    if e.path().is_dir() {
                        walk(&e.path())
                    } else {
                        1
                    }
                })
                .sum()
        })
    }

    #[test]
    fn staged_content_is_removed_unless_committed_and_moved_in_place_when_committed() {
        let dir = std::env::temp_dir().join(format!("estate-staged-{}", db::new_id()));
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR";
        let failed = stage(&dir, png).expect("stage");
        assert_eq!(files(&dir), 1, "the temporary file");
        drop(failed);
        assert_eq!(files(&dir), 0, "an uncommitted upload leaves nothing");

        let ok = stage(&dir, png).expect("stage");
        let sha = ok.sha.clone();
        ok.commit().expect("commit");
        assert_eq!(read(&dir, &sha).expect("read"), png);
        assert_eq!(files(&dir), 1);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
