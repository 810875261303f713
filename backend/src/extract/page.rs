//! Keyset pagination: the checked `?limit=` and `?cursor=` of a list, and the
//! opaque cursors this API issues (an id, or a composite sort key).

use base64::Engine;

use crate::error::ApiError;

/// Default and largest page sizes.
pub const DEFAULT_LIMIT: i64 = 50;
/// Largest page size.
pub const MAX_LIMIT: i64 = 200;

/// Validated keyset-pagination parameters: the page size and the id after which to start.
#[derive(Debug, Clone)]
pub struct PageParams {
    /// Rows to return.
    pub limit: i64,
    /// Id of the last row of the previous page.
    pub after: Option<String>,
}

impl PageParams {
    /// Checks `?limit=` and decodes `?cursor=`.
    pub fn new(limit: Option<i64>, cursor: Option<&str>) -> Result<PageParams, ApiError> {
        let limit = limit.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(ApiError::invalid_field(
                "limit",
                "range",
                format!("must be between 1 and {MAX_LIMIT}"),
            ));
        }
        let after = match cursor {
            None | Some("") => None,
            Some(c) => Some(decode_cursor(c).ok_or_else(|| {
                ApiError::invalid_field("cursor", "invalid", "not a cursor this API issued")
            })?),
        };
        Ok(PageParams { limit, after })
    }

    /// Rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch(&self) -> i64 {
        self.limit + 1
    }

    /// Cuts the fetched rows to the page and computes the next cursor.
    pub fn finish<T>(
        &self,
        mut rows: Vec<T>,
        id_of: impl Fn(&T) -> &str,
    ) -> (Vec<T>, Option<String>) {
        let more = rows.len() as i64 > self.limit;
        rows.truncate(self.limit as usize);
        let next = if more {
            rows.last().map(|r| encode_cursor(id_of(r)))
        } else {
            None
        };
        (rows, next)
    }
}

/// A cursor over a composite sort key (e.g. due time, then id).
pub fn encode_composite(parts: &[&str]) -> String {
    cursor_engine().encode(format!("v2:{}", parts.join("|")))
}

/// Decodes [`encode_composite`]; `None` for anything this API did not issue.
pub fn decode_composite(c: &str, parts: usize) -> Option<Vec<String>> {
    let raw = cursor_engine().decode(c).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let body = text.strip_prefix("v2:")?;
    let out: Vec<String> = body.split('|').map(str::to_string).collect();
    (out.len() == parts && body.len() <= 200).then_some(out)
}

fn cursor_engine() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::URL_SAFE_NO_PAD
}

/// The cursor of an id-ordered list, positioned after `id`.
pub fn encode_id_cursor(id: &str) -> String {
    encode_cursor(id)
}

fn encode_cursor(id: &str) -> String {
    cursor_engine().encode(format!("v1:{id}"))
}

fn decode_cursor(c: &str) -> Option<String> {
    let raw = cursor_engine().decode(c).ok()?;
    let text = String::from_utf8(raw).ok()?;
    let id = text.strip_prefix("v1:")?;
    (id.len() <= 64 && id.bytes().all(|b| b.is_ascii_hexdigit() || b == b'-'))
        .then(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trips_and_rejects_forgeries() {
        let id = "01936f5e-7c1a-7b2e-9c3d-000000000001";
        let p = PageParams::new(Some(10), Some(&encode_cursor(id))).expect("valid");
        assert_eq!(p.after.as_deref(), Some(id));
        assert!(PageParams::new(None, Some("not-a-cursor")).is_err());
        assert!(PageParams::new(Some(0), None).is_err());
        assert!(PageParams::new(Some(201), None).is_err());
    }
}
