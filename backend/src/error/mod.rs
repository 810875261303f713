//! `ApiError`: every failure the API reports, rendered as RFC 9457
//! `application/problem+json` with a stable `code`.
//!
//! Internal detail (database messages, panics) is logged with the request id
//! and never returned.

use actix_web::http::{header, StatusCode};
use actix_web::{HttpResponse, ResponseError};
use api_types::{FieldError, Problem};

use crate::request_id;

mod fields;
use fields::flatten_validation;
pub use fields::{required, size_error};

/// An error answered to the client.
#[derive(Debug)]
pub struct ApiError {
    /// HTTP status.
    pub status: StatusCode,
    /// Stable machine-readable code.
    pub code: &'static str,
    /// Human-readable explanation for this occurrence.
    pub detail: Option<String>,
    /// Per-field errors (422).
    pub errors: Vec<FieldError>,
    /// Seconds for `Retry-After` (429).
    pub retry_after: Option<i64>,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.status.as_u16(), self.code)
    }
}

impl ApiError {
    /// An error with a status, code and detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError {
            status,
            code,
            detail: Some(detail.into()),
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// 404: the thing does not exist or the caller may not see it.
    pub fn not_found(code: &'static str) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, code, "not found")
    }

    /// 401: no valid credentials.
    pub fn unauthorized(code: &'static str, detail: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, code, detail)
    }

    /// 403: authenticated, but the role may not do this.
    pub fn forbidden() -> ApiError {
        ApiError::new(
            StatusCode::FORBIDDEN,
            "forbidden",
            "your role may not perform this operation",
        )
    }

    /// A database constraint no handler check caught first (see the
    /// `From<diesel::result::Error>` below): a 4xx for the client, a defect or
    /// a race for the server.
    pub fn is_unchecked_constraint(&self) -> bool {
        matches!(self.code, "constraint_conflict" | "constraint_violated")
    }

    /// 409: the request conflicts with the current state.
    pub fn conflict(code: &'static str, detail: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, code, detail)
    }

    /// 422 with one field error.
    pub fn invalid_field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::validation(vec![FieldError {
            field: field.into(),
            code: code.into(),
            message: message.into(),
        }])
    }

    /// 422 with field errors.
    pub fn validation(errors: Vec<FieldError>) -> ApiError {
        ApiError {
            status: StatusCode::UNPROCESSABLE_ENTITY,
            code: "validation_failed",
            detail: Some("the request has invalid fields".into()),
            errors,
            retry_after: None,
        }
    }

    /// 503: the database cannot be reached.
    pub fn unavailable() -> ApiError {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the service is temporarily unavailable; try again shortly",
        )
    }

    /// 500: logged with the request id; the client sees no detail.
    pub fn internal(detail: impl std::fmt::Display) -> ApiError {
        log::error!("[{}] internal error: {detail}", request_id::current());
        ApiError {
            status: StatusCode::INTERNAL_SERVER_ERROR,
            code: "internal_error",
            detail: None,
            errors: Vec::new(),
            retry_after: None,
        }
    }

    /// The same error under another stable code.
    pub fn with_code(mut self, code: &'static str) -> ApiError {
        self.code = code;
        self
    }

    /// The problem document for this error.
    pub fn to_problem(&self) -> Problem {
        let rid = request_id::current();
        Problem {
            type_: format!("/problems/{}", self.code),
            title: self
                .status
                .canonical_reason()
                .unwrap_or("Error")
                .to_string(),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code.to_string(),
            request_id: (!rid.is_empty()).then_some(rid),
            errors: self.errors.clone(),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        let mut res = HttpResponse::build(self.status);
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if let Some(secs) = self.retry_after {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        res.body(serde_json::to_string(&self.to_problem()).unwrap_or_default())
    }
}

impl From<diesel::result::Error> for ApiError {
    fn from(e: diesel::result::Error) -> ApiError {
        use diesel::result::{DatabaseErrorKind, Error};
        match &e {
            Error::DatabaseError(DatabaseErrorKind::ClosedConnection, _) => {
                log::error!("[{}] database connection lost: {e}", request_id::current());
                ApiError::unavailable()
            }
            Error::DatabaseError(_, info) if is_busy(info.message()) => {
                log::warn!("[{}] database busy: {e}", request_id::current());
                ApiError::unavailable()
            }
            // A constraint the handler should have checked first (or a race
            // with a concurrent write): the request changes nothing, so the
            // client gets a 4xx; the log says a check is missing.
            Error::DatabaseError(
                kind
                @ (DatabaseErrorKind::UniqueViolation | DatabaseErrorKind::ForeignKeyViolation),
                _,
            ) => {
                log::error!(
                    "[{}] internal error (answered 4xx): unchecked constraint ({kind:?}): {e}",
                    request_id::current()
                );
                ApiError::conflict(
                    "constraint_conflict",
                    "the request conflicts with other data (a duplicate, or a record it refers to was removed); reload and try again",
                )
            }
            Error::DatabaseError(
                kind @ (DatabaseErrorKind::CheckViolation | DatabaseErrorKind::NotNullViolation),
                _,
            ) => {
                log::error!(
                    "[{}] internal error (answered 4xx): unchecked constraint ({kind:?}): {e}",
                    request_id::current()
                );
                ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "constraint_violated",
                    "a value breaks a rule of the stored data",
                )
            }
            _ => ApiError::internal(format!("database: {e}")),
        }
    }
}

fn is_busy(message: &str) -> bool {
    message.contains("database is locked") || message.contains("database is busy")
}

impl From<validator::ValidationErrors> for ApiError {
    fn from(errors: validator::ValidationErrors) -> ApiError {
        let mut out = Vec::new();
        flatten_validation("", &errors, &mut out);
        out.sort_by(|a, b| a.field.cmp(&b.field));
        ApiError::validation(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::result::{DatabaseErrorKind, Error};

    fn db_error(kind: DatabaseErrorKind) -> ApiError {
        ApiError::from(Error::DatabaseError(
            kind,
            Box::new("constraint".to_string()),
        ))
    }

    #[test]
    fn an_empty_required_field_reads_required_and_a_short_one_its_length() {
        use validator::Validate;
        #[derive(Validate)]
        struct Form {
            #[validate(length(min = 1, max = 64))]
            project_id: String,
            #[validate(length(min = 2, max = 50))]
            name: String,
            #[validate(length(max = 5))]
            note: String,
        }
        let form = Form {
            project_id: String::new(),
            name: "x".into(),
            note: "toolong".into(),
        };
        let e = ApiError::from(form.validate().expect_err("invalid"));
        let mut got: Vec<(String, String, String)> = e
            .errors
            .iter()
            .map(|f| (f.field.clone(), f.code.clone(), f.message.clone()))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (
                    "name".into(),
                    "length".into(),
                    "length must be between 2 and 50".into()
                ),
                (
                    "note".into(),
                    "length".into(),
                    "length must be at most 5".into()
                ),
                (
                    "project_id".into(),
                    "required".into(),
                    "must not be empty".into()
                ),
            ]
        );
    }

    #[test]
    fn a_constraint_no_handler_checked_is_a_client_error_not_a_500() {
        for (kind, status, code) in [
            (
                DatabaseErrorKind::UniqueViolation,
                409,
                "constraint_conflict",
            ),
            (
                DatabaseErrorKind::ForeignKeyViolation,
                409,
                "constraint_conflict",
            ),
            (
                DatabaseErrorKind::CheckViolation,
                422,
                "constraint_violated",
            ),
            (
                DatabaseErrorKind::NotNullViolation,
                422,
                "constraint_violated",
            ),
        ] {
            let e = db_error(kind);
            assert_eq!((e.status.as_u16(), e.code), (status, code));
            assert!(e.is_unchecked_constraint());
        }
        assert_eq!(db_error(DatabaseErrorKind::Unknown).status.as_u16(), 500);
    }
}
