//! `GET /api/v1/outbox`: admins read what the system sent or will send.

use actix_web::{get, web, HttpResponse};
use api_types::{OutboxMessage, OutboxStatus, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::principal::Admins;
use crate::auth::RequireRole;
use crate::config::Environment;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::state::AppState;

/// Query of `GET /api/v1/outbox`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListOutboxQuery {
    /// Only messages in this status.
    pub status: Option<OutboxStatus>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the company's outgoing messages, newest first (admin).
///
/// Recipients are masked. In development the bodies are shown in full, so
/// one-time codes can be read while testing without an SMS gateway; in
/// production the digits of confidential bodies (one-time codes) are masked.
#[utoipa::path(
    tag = "outbox",
    security(("bearer" = [])),
    params(ListOutboxQuery),
    responses(
        (status = 200, description = "One page of the outbox", body = Page<OutboxMessage>),
        (status = 403, description = "Not an admin (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/outbox")]
pub async fn list_outbox(
    state: web::Data<AppState>,
    admin: RequireRole<Admins>,
    query: web::Query<ListOutboxQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let show_secrets = state.config.environment == Environment::Development;
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let rows = super::list(
            conn,
            &admin.company_id,
            q.status,
            page.after.as_deref(),
            page.fetch(),
        )?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        let data = rows
            .iter()
            .map(|r| r.view(&st.personal_data, show_secrets))
            .collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
