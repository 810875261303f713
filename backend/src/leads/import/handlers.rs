//! `POST /api/v1/leads/imports`: the raw file as the body.

use actix_web::http::{header, StatusCode};
use actix_web::{post, web, HttpRequest, HttpResponse};
use api_types::ImportReport;
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::{IntoParams, ToSchema};

use super::parse::{self, FileKind, MAX_FILE_BYTES};
use super::rows::ImportDefaults;
use crate::auth::{ProjectScope, RequireRole};
use crate::db;
use crate::error::ApiError;
use crate::leads::capture::Origin;
use crate::leads::visibility::LeadEditors;
use crate::schema::user_projects;
use crate::state::AppState;

/// Query of `POST /api/v1/leads/imports`: consent defaults for rows without their own.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ImportLeadsQuery {
    /// Consent purpose for rows without a `consent_purpose`/同意用途 cell, e.g. `sales_contact`.
    pub consent_purpose: Option<String>,
    /// Privacy-notice version for rows without a `notice_version`/隐私声明版本 cell, e.g. `2026-01`.
    pub notice_version: Option<String>,
}

/// The uploaded file's bytes (OpenAPI only).
#[derive(ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct ImportFile(pub Vec<u8>);

/// Import leads from a CSV or XLSX file (staff who capture leads).
///
/// The body is the file itself: `text/csv` (UTF-8 with or without BOM, or
/// GB18030) or XLSX (first sheet), at most 10 MB. The first row is the
/// header, in English or Chinese (姓名, 手机, 项目, 渠道, 预算 …; see the
/// README). Every row is validated like `POST /api/v1/leads`; bad rows are
/// reported by line and field and not imported; good rows are de-duplicated
/// by phone, graded, assigned and clocked exactly like a capture. A row
/// needs consent: its own cells or the query's defaults. Projects are
/// limited to the caller's. Importing the same file twice attaches every
/// row a second time (as duplicates of the customers the first made).
#[utoipa::path(
    tag = "leads",
    security(("bearer" = [])),
    params(ImportLeadsQuery),
    request_body(
        description = "The file: CSV or XLSX, header row first",
        content(
            (inline(ImportFile) = "text/csv"),
            (inline(ImportFile) = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        )
    ),
    responses(
        (status = 200, description = "What was imported, and every bad row by line and field", body = ImportReport),
        (status = 400, description = "The body could not be read (`bad_request`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 403, description = "The role may not capture leads (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than 10 MB (`payload_too_large`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 415, description = "Not `text/csv` or XLSX (`unsupported_media_type`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "The file cannot be read, or its header is wrong (`validation_failed`, `errors[].field` = `file` or `header`), or a query default is invalid", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/leads/imports")]
pub async fn import_leads(
    state: web::Data<AppState>,
    staff: RequireRole<LeadEditors>,
    req: HttpRequest,
    query: web::Query<ImportLeadsQuery>,
    mut payload: web::Payload,
) -> Result<HttpResponse, ApiError> {
    let kind = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(FileKind::from_media_type)
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "unsupported_media_type",
                format!("send the file as text/csv or {}", parse::XLSX_MEDIA_TYPE),
            )
        })?;
    let defaults = defaults(query.into_inner())?;
    let too_large = || {
        ApiError::new(
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
            format!("the file is larger than {MAX_FILE_BYTES} bytes; split it"),
        )
    };
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_FILE_BYTES) {
        return Err(too_large());
    }
    let body = crate::extract::read_limited(&mut payload, MAX_FILE_BYTES, too_large).await?;
    // Parsing a 10 MB workbook is CPU work: off the actix worker, before taking a connection.
    let table = web::block(move || parse::read_table(kind, &body))
        .await
        .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))??;
    let staff = (*staff).clone();
    let st = state.clone();
    let report: ImportReport = db::run(&state.pool, move |conn| {
        let allowed_projects = match staff.project_scope() {
            ProjectScope::Granted(uid) => Some(
                user_projects::table
                    .filter(user_projects::user_id.eq(uid))
                    .select(user_projects::project_id)
                    .load::<String>(conn)?,
            ),
            ProjectScope::All => None,
        };
        let origin = Origin {
            ctx: staff.audit(),
            via: "import",
            allowed_projects,
        };
        super::import(
            conn,
            &st.personal_data,
            &origin,
            &table,
            &defaults,
            st.config.import_chunk_rows,
            &mut |_| {},
        )
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The query's defaults, checked like the consent of a capture.
fn defaults(q: ImportLeadsQuery) -> Result<ImportDefaults, ApiError> {
    let check = |field: &str, v: Option<String>, max: usize| {
        let v = v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        match v {
            Some(s) if s.chars().count() > max => Err(ApiError::invalid_field(
                field,
                "length",
                format!("length must be at most {max}"),
            )),
            v => Ok(v),
        }
    };
    Ok(ImportDefaults {
        consent_purpose: check("consent_purpose", q.consent_purpose, 100)?,
        notice_version: check("notice_version", q.notice_version, 50)?,
    })
}
