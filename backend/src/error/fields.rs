//! Field errors: the validator's, flattened to `field` paths with readable
//! messages, and the ones hand-written checks give in the same codes.

use api_types::FieldError;

/// Appends the errors of `errors` (nested structs and lists as `a.b[0].c`) to `out`.
pub(super) fn flatten_validation(
    prefix: &str,
    errors: &validator::ValidationErrors,
    out: &mut Vec<FieldError>,
) {
    use validator::ValidationErrorsKind;
    for (field, kind) in errors.errors() {
        let path = if prefix.is_empty() {
            field.to_string()
        } else {
            format!("{prefix}.{field}")
        };
        match kind {
            ValidationErrorsKind::Field(list) => {
                for e in list {
                    let (code, message) = if left_empty(e) {
                        (REQUIRED.0.to_string(), REQUIRED.1.to_string())
                    } else {
                        (
                            e.code.to_string(),
                            e.message
                                .as_ref()
                                .map(|m| m.to_string())
                                .unwrap_or_else(|| describe(e)),
                        )
                    };
                    out.push(FieldError {
                        field: path.clone(),
                        code,
                        message,
                    });
                }
            }
            ValidationErrorsKind::Struct(inner) => flatten_validation(&path, inner, out),
            ValidationErrorsKind::List(items) => {
                for (i, inner) in items {
                    flatten_validation(&format!("{path}[{i}]"), inner, out);
                }
            }
        }
    }
}

/// The field error of a hand-checked text or list with a size bound: empty
/// (after trimming) reads `required` ("must not be empty"), as the
/// validator's empties do ([`left_empty`]); too long or too many reads
/// `length` with `message`.
pub fn size_error(field: impl Into<String>, empty: bool, message: impl Into<String>) -> FieldError {
    if empty {
        return required(field);
    }
    FieldError {
        field: field.into(),
        code: "length".into(),
        message: message.into(),
    }
}

/// The field error of a text or list left empty where one is needed.
pub fn required(field: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        code: REQUIRED.0.into(),
        message: REQUIRED.1.into(),
    }
}

/// The code and wording of a value left empty where one is needed.
const REQUIRED: (&str, &str) = ("required", "must not be empty");

/// A text or list left empty where one is needed: a `length` error with a
/// minimum of at least 1 on `""` or `[]` reads `required` ("must not be
/// empty"), not "length must be between 1 and 64".
fn left_empty(e: &validator::ValidationError) -> bool {
    let empty = e.params.get("value").is_some_and(|v| {
        v.as_str().is_some_and(str::is_empty) || v.as_array().is_some_and(Vec::is_empty)
    });
    let needs_one = e
        .params
        .get("min")
        .and_then(serde_json::Value::as_u64)
        .is_some_and(|m| m >= 1);
    e.code == "length" && empty && needs_one
}

/// A readable message for a validator error without one of its own.
fn describe(e: &validator::ValidationError) -> String {
    let p = |k: &str| e.params.get(k).map(|v| v.to_string());
    match e.code.as_ref() {
        "length" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("length must be between {min} and {max}"),
            (Some(min), None) => format!("length must be at least {min}"),
            (None, Some(max)) => format!("length must be at most {max}"),
            _ => "invalid length".into(),
        },
        "range" => match (p("min"), p("max")) {
            (Some(min), Some(max)) => format!("must be between {min} and {max}"),
            (Some(min), None) => format!("must be at least {min}"),
            (None, Some(max)) => format!("must be at most {max}"),
            _ => "out of range".into(),
        },
        "email" => "must be a valid e-mail address".into(),
        other => format!("invalid ({other})"),
    }
}
