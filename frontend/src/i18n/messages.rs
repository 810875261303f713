//! What to tell the user about a failed call, in their language.

use api_types::FieldError;

use super::Strings;
use crate::api::ApiError;

/// A sentence for an API error as a whole (banner or toast).
///
/// Known codes get a translated sentence; anything else shows the server's
/// detail (or title), plus the request id for support when the server failed.
pub fn error_message(t: &Strings, e: &ApiError) -> String {
    let known = match e.code.as_str() {
        "invalid_credentials" => Some(t.err_invalid_credentials),
        "too_many_attempts" => Some(t.err_too_many_attempts),
        "precondition_failed" => Some(t.err_stale),
        "precondition_required" => Some(t.err_stale),
        "validation_failed" => Some(t.err_validation),
        "network_error" => Some(t.err_network),
        "forbidden" => Some(t.err_forbidden),
        "database_unavailable" => Some(t.err_unavailable),
        "user_disabled" | "account_disabled" => Some(t.err_disabled),
        _ => match e.status {
            401 => Some(t.err_unauthorized),
            403 => Some(t.err_forbidden),
            404 => Some(t.err_not_found),
            429 => Some(t.err_too_many_attempts),
            503 => Some(t.err_unavailable),
            _ => None,
        },
    };
    let mut msg = match (known, e.status) {
        (Some(m), _) => m.to_string(),
        (None, 409) => format!("{}{}", t.err_conflict, detail_suffix(e)),
        (None, _) => e.detail.clone().unwrap_or_else(|| {
            if e.title.is_empty() {
                format!("{} ({})", t.err_generic, e.status)
            } else {
                e.title.clone()
            }
        }),
    };
    if e.status >= 500 {
        if let Some(id) = &e.request_id {
            msg.push_str(&format!(" ({} {id})", t.request_id));
        }
    }
    msg
}

fn detail_suffix(e: &ApiError) -> String {
    e.detail
        .as_ref()
        .map(|d| format!(": {d}"))
        .unwrap_or_default()
}

/// A short message for one invalid field, shown under the input.
///
/// English uses the server's own message (it names the limits); Chinese
/// translates the common codes and falls back to the server's (English) message.
pub fn field_message(t: &Strings, f: &FieldError) -> String {
    if !t.translate_field_codes {
        return f.message.clone();
    }
    let known = match f.code.as_str() {
        "required" => Some(t.fe_required),
        "length" => Some(t.fe_length),
        "range" => Some(t.fe_range),
        "email" => Some(t.fe_email),
        "phone" => Some(t.fe_phone),
        "invalid_type" => Some(t.fe_invalid),
        "invalid" => Some(t.fe_invalid),
        "unknown_field" => Some(t.fe_invalid),
        "taken" | "duplicate" | "unique" | "already_exists" | "conflict" => Some(t.fe_taken),
        _ => None,
    };
    known.map_or_else(|| f.message.clone(), str::to_string)
}
