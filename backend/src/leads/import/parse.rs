//! Reading an uploaded file into rows of text cells with their line numbers:
//! CSV (UTF-8 with or without BOM, UTF-16 with BOM, else GB18030 as Excel
//! writes it on Chinese Windows; comma or tab separated) and XLSX (first sheet).

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::error::ApiError;

/// Largest file accepted, in bytes (10 MB).
pub const MAX_FILE_BYTES: usize = 10 * 1024 * 1024;

/// Most data rows in one file; a bigger file is split by the sender.
pub const MAX_ROWS: usize = 100_000;

/// The formats an import reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Comma- (or tab-) separated text.
    Csv,
    /// An Excel 2007+ workbook.
    Xlsx,
}

/// The XLSX media type.
pub const XLSX_MEDIA_TYPE: &str =
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

impl FileKind {
    /// The format of a `Content-Type` (parameters such as `charset` are ignored).
    pub fn from_media_type(content_type: &str) -> Option<FileKind> {
        let essence = content_type.split(';').next()?.trim().to_ascii_lowercase();
        match essence.as_str() {
            "text/csv" => Some(FileKind::Csv),
            XLSX_MEDIA_TYPE => Some(FileKind::Xlsx),
            _ => None,
        }
    }

    /// The format of a file name, by its extension.
    pub fn from_file_name(name: &str) -> Option<FileKind> {
        let ext = name.rsplit_once('.')?.1.to_ascii_lowercase();
        match ext.as_str() {
            "csv" => Some(FileKind::Csv),
            "xlsx" => Some(FileKind::Xlsx),
            _ => None,
        }
    }
}

/// One non-blank row below the header.
#[derive(Debug, Clone, PartialEq)]
pub struct RawRow {
    /// 1-based line of the file (XLSX: the sheet's row number).
    pub line: u32,
    /// Trimmed cell texts.
    pub cells: Vec<String>,
}

/// A file as a header and rows.
#[derive(Debug, Clone)]
pub struct Table {
    /// The header row's cells.
    pub header: Vec<String>,
    /// Data rows; blank rows are left out.
    pub rows: Vec<RawRow>,
}

/// Reads a file. Errors are 422 with `field: "file"`.
pub fn read_table(kind: FileKind, bytes: &[u8]) -> Result<Table, ApiError> {
    let mut rows = match kind {
        FileKind::Csv => csv_rows(&decode_text(bytes)?)?,
        FileKind::Xlsx => xlsx_rows(bytes)?,
    }
    .into_iter();
    let header = rows
        .next()
        .ok_or_else(|| file_error("empty", "the file has no header row"))?
        .cells;
    let rows: Vec<RawRow> = rows.filter(|r| !is_blank(r)).collect();
    if rows.len() > MAX_ROWS {
        return Err(too_many_rows());
    }
    Ok(Table { header, rows })
}

fn is_blank(row: &RawRow) -> bool {
    row.cells.iter().all(|c| c.is_empty())
}

fn too_many_rows() -> ApiError {
    file_error(
        "too_many_rows",
        format!("the file has more than {MAX_ROWS} rows; split it"),
    )
}

fn file_error(code: &str, message: impl Into<String>) -> ApiError {
    ApiError::invalid_field("file", code, message)
}

/// The text of a CSV file: by its BOM, else UTF-8, else GB18030.
pub fn decode_text(bytes: &[u8]) -> Result<String, ApiError> {
    let undecodable = || {
        file_error(
            "encoding",
            "the file is neither UTF-8 nor GB18030 (GBK) text; save it as CSV UTF-8",
        )
    };
    if let Some((encoding, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        return encoding
            .decode_without_bom_handling_and_without_replacement(&bytes[bom..])
            .map(|s| s.into_owned())
            .ok_or_else(undecodable);
    }
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    encoding_rs::GB18030
        .decode_without_bom_handling_and_without_replacement(bytes)
        .map(|s| s.into_owned())
        .ok_or_else(undecodable)
}

fn csv_rows(text: &str) -> Result<Vec<RawRow>, ApiError> {
    let first_line = text.lines().next().unwrap_or("");
    let delimiter = if first_line.contains('\t') && !first_line.contains(',') {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut out = Vec::new();
    let mut filled = 0usize;
    let (mut seen, mut line) = (0usize, 1usize);
    for record in reader.records() {
        let record = record.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line());
            file_error("malformed", format!("line {line}: not valid CSV"))
        })?;
        // csv's own line count skips blank lines; count newlines up to the record instead.
        // The position may point at blank lines before the record: step over them.
        let bytes = text.as_bytes();
        let mut start = record
            .position()
            .map_or(seen, |p| p.byte() as usize)
            .max(seen);
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        line += bytes[seen..start.min(bytes.len())]
            .iter()
            .filter(|b| **b == b'\n')
            .count();
        seen = start.min(bytes.len());
        let row = RawRow {
            line: u32::try_from(line).unwrap_or(u32::MAX),
            cells: record.iter().map(|c| c.trim().to_string()).collect(),
        };
        if !is_blank(&row) {
            filled += 1;
            // The header and MAX_ROWS data rows; stop reading a file that is over.
            if filled > MAX_ROWS + 1 {
                return Err(too_many_rows());
            }
        }
        out.push(row);
    }
    Ok(out)
}

fn xlsx_rows(bytes: &[u8]) -> Result<Vec<RawRow>, ApiError> {
    let unreadable = |_| file_error("malformed", "not a readable XLSX workbook");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(unreadable)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or_else(|| file_error("empty", "the workbook has no sheet"))?
        .map_err(unreadable)?;
    let first = range.start().map_or(0, |(row, _)| row);
    Ok(range
        .rows()
        .enumerate()
        .map(|(i, cells)| RawRow {
            line: first
                .saturating_add(u32::try_from(i).unwrap_or(u32::MAX))
                .saturating_add(1),
            cells: cells.iter().map(cell_text).collect(),
        })
        .collect())
}

/// A cell as the text a person would type: whole numbers without `.0`
/// (phones and amounts are often stored as numbers).
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        Data::String(s) => s.trim().to_string(),
        other => other.to_string().trim().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_keeps_file_line_numbers_and_skips_blank_rows() {
        let t = read_table(
            FileKind::Csv,
            "\u{feff}姓名,手机\n张三,13900000001\n\n\"李\n四\",13900000002\n,\n".as_bytes(),
        )
        .expect("csv");
        assert_eq!(t.header, ["姓名", "手机"]);
        assert_eq!(t.rows.len(), 2);
        assert_eq!((t.rows[0].line, t.rows[1].line), (2, 4));
        assert_eq!(t.rows[1].cells[0], "李\n四");
        let t = read_table(FileKind::Csv, b"a,b\r\n\r\n\r\nc,d\r\ne,f").expect("crlf");
        assert_eq!((t.rows[0].line, t.rows[1].line), (4, 5));
    }

    #[test]
    fn gb18030_and_tab_separated_text_are_read() {
        let (bytes, _, _) = encoding_rs::GB18030.encode("姓名\t手机\n王五\t13900000003\n");
        let t = read_table(FileKind::Csv, &bytes).expect("gb18030");
        assert_eq!(t.header, ["姓名", "手机"]);
        assert_eq!(t.rows[0].cells, ["王五", "13900000003"]);
        assert!(read_table(FileKind::Csv, b"").is_err());
        assert!(decode_text(&[0xff, 0xff, 0x81]).is_err());
    }

    #[test]
    fn media_types_and_file_names_pick_the_format() {
        assert_eq!(
            FileKind::from_media_type("text/csv; charset=utf-8"),
            Some(FileKind::Csv)
        );
        assert_eq!(
            FileKind::from_media_type(XLSX_MEDIA_TYPE),
            Some(FileKind::Xlsx)
        );
        assert_eq!(FileKind::from_media_type("application/json"), None);
        assert_eq!(FileKind::from_file_name("线索.XLSX"), Some(FileKind::Xlsx));
        assert_eq!(FileKind::from_file_name("leads"), None);
        assert!(read_table(FileKind::Xlsx, b"not a zip").is_err());
    }

    #[test]
    fn numeric_cells_read_like_typed_text() {
        assert_eq!(cell_text(&Data::Float(13900000001.0)), "13900000001");
        assert_eq!(cell_text(&Data::Float(2.5)), "2.5");
        assert_eq!(cell_text(&Data::Int(3)), "3");
        assert_eq!(cell_text(&Data::Empty), "");
    }
}
