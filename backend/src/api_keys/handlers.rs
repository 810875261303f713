//! `/api/v1/api-keys`: admins create, list, read and revoke integration keys;
//! an integration reads its own key.

use actix_web::http::header;
use actix_web::{delete, get, post, web, HttpResponse};
use api_types::{ApiKey, CreateApiKey, CreatedApiKey, Page};
use serde::Deserialize;
use utoipa::IntoParams;

use super::queries::{self, NewApiKey};
use crate::audit::{self, snapshot};
use crate::auth::principal::Admins;
use crate::auth::{Integration, RequireRole};
use crate::db;
use crate::error::ApiError;
use crate::extract::{created, PageParams, ValidJson};
use crate::state::AppState;

/// Query of `GET /api/v1/api-keys`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ListApiKeysQuery {
    /// `true`: only revoked keys; `false`: only live ones.
    pub revoked: Option<bool>,
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the company's API keys (never their secrets).
#[utoipa::path(
    tag = "api_keys",
    security(("bearer" = [])),
    params(ListApiKeysQuery),
    responses(
        (status = 200, description = "One page of API keys", body = Page<ApiKey>),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-keys")]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    query: web::Query<ListApiKeysQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let company = staff.company_id.clone();
    let body = db::run(&state.pool, move |conn| {
        let rows = queries::list(
            conn,
            &company,
            q.revoked,
            page.after.as_deref(),
            page.fetch(),
        )?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.id);
        let data = rows.into_iter().map(queries::ApiKeyRow::view).collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Create an API key. The response is the only time its secret is shown.
///
/// `Idempotency-Key` is not honoured here: a replay would have to store the
/// secret, which the server never keeps. Revoke a key a failed retry left behind.
#[utoipa::path(
    tag = "api_keys",
    security(("bearer" = [])),
    request_body = CreateApiKey,
    responses(
        (status = 201, description = "Created; `Location` names the key. `secret` is shown this once", body = CreatedApiKey),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/api-keys")]
pub async fn create_api_key(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    body: ValidJson<CreateApiKey>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let name = input.name.trim().to_string();
    if name.is_empty() {
        return Err(ApiError::validation(vec![crate::error::required("name")]));
    }
    let ctx = staff.audit();
    let created_by = staff.user_id.clone();
    let (prefix, secret) = super::new_secret();
    let key_hash = super::hash_secret(&secret);
    let api_key = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = db::new_id();
            queries::insert(
                conn,
                &NewApiKey {
                    id: &id,
                    company_id: &ctx.company_id,
                    name: &name,
                    prefix: &prefix,
                    key_hash: &key_hash,
                    scopes: &input.scopes,
                    created_by: &created_by,
                },
            )?;
            let view = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::internal("API key vanished"))?
                .view();
            audit::record(
                conn,
                &ctx,
                "api_key.create",
                "api_key",
                &id,
                None,
                snapshot(&view),
            )?;
            Ok(view)
        })
    })
    .await?;
    let location = format!("/api/v1/api-keys/{}", api_key.id);
    let mut res = created(location, &CreatedApiKey { api_key, secret }, None);
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

/// Read the API key this request is made with: integrations check their key
/// (name, scopes, whether it is still live) with it. Needs no scope.
#[utoipa::path(
    tag = "api_keys",
    security(("api_key" = [])),
    responses(
        (status = 200, description = "The calling key", body = ApiKey),
        (status = 401, description = "No or unknown key (`unauthenticated`), or a revoked one (`api_key_revoked`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-keys/self")]
pub async fn get_own_api_key(
    state: web::Data<AppState>,
    integration: Integration,
) -> Result<HttpResponse, ApiError> {
    let key = db::run(&state.pool, move |conn| {
        queries::find(conn, &integration.company_id, &integration.key_id)?
            .map(queries::ApiKeyRow::view)
            .ok_or_else(|| ApiError::internal("authenticated API key vanished"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(key))
}

/// Read one API key (never its secret).
#[utoipa::path(
    tag = "api_keys",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "API key id")),
    responses(
        (status = 200, description = "The API key", body = ApiKey),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such API key (`api_key_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/api-keys/{id}")]
pub async fn get_api_key(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let company = staff.company_id.clone();
    let key = db::run(&state.pool, move |conn| {
        queries::find(conn, &company, &id)?
            .map(queries::ApiKeyRow::view)
            .ok_or_else(|| ApiError::not_found("api_key_not_found"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(key))
}

/// Revoke an API key: it is refused from the next request on (401
/// `api_key_revoked`). Revoking a revoked key changes nothing and is 204 too.
#[utoipa::path(
    tag = "api_keys",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "API key id")),
    responses(
        (status = 204, description = "Revoked (now or before)"),
        (status = 403, description = "Only admins (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such API key (`api_key_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/api-keys/{id}")]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    staff: RequireRole<Admins>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let ctx = staff.audit();
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::not_found("api_key_not_found"))?
                .view();
            if !queries::revoke(conn, &ctx.company_id, &id)? {
                return Ok(());
            }
            let after = queries::find(conn, &ctx.company_id, &id)?
                .ok_or_else(|| ApiError::internal("API key vanished"))?
                .view();
            audit::record(
                conn,
                &ctx,
                "api_key.revoke",
                "api_key",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
