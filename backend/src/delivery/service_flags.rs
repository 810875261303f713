//! `/api/v1/customers/{id}/service-flags`: a handed-over owner's service
//! flags (a major complaint on record skips their post-handover visits),
//! read and set by crm_head and service for the owners of their projects.

use actix_web::{get, put, web, HttpResponse};
use api_types::{ServiceFlags, ServiceFlagsView};
use diesel::prelude::*;

use super::scope::{self, DeliveryManagers};
use crate::audit::{self, snapshot};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{ok_with_etag, stale, IfMatch, ValidJson};
use crate::schema::{customer_service_flags as f, handovers};
use crate::state::AppState;

/// 404 `customer_not_found` unless the customer signed off a unit the caller may see.
fn visible_owner(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<(), ApiError> {
    let owner: i64 = scope::visible_handovers(staff)
        .filter(handovers::customer_id.eq(id.to_string()))
        .count()
        .get_result(conn)?;
    if owner == 0 {
        return Err(ApiError::not_found("customer_not_found"));
    }
    Ok(())
}

/// Read a handed-over owner's service flags (version 0 with the defaults
/// when never set); `ETag` is what the `PUT` takes as `If-Match`.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The flags", body = ServiceFlagsView),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No handed-over owner of yours with this id (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/service-flags")]
pub async fn get_service_flags(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let view = db::run(&state.pool, move |conn| {
        visible_owner(conn, &staff, &id)?;
        let row: Option<(bool, String, i32, Option<String>, chrono::NaiveDateTime)> = f::table
            .find(&id)
            .filter(f::company_id.eq(&staff.company_id))
            .select((
                f::major_complaint,
                f::note,
                f::version,
                f::updated_by,
                f::updated_at,
            ))
            .first(conn)
            .optional()?;
        Ok(match row {
            Some((major_complaint, note, version, updated_by, at)) => ServiceFlagsView {
                customer_id: id,
                major_complaint,
                note,
                updated_by,
                updated_at: Some(db::utc(at)),
                version,
            },
            None => ServiceFlagsView {
                customer_id: id,
                major_complaint: false,
                note: String::new(),
                updated_by: None,
                updated_at: None,
                version: 0,
            },
        })
    })
    .await?;
    Ok(ok_with_etag(&view, view.version))
}

/// Set a handed-over owner's service flags (send `If-Match`; `"0"` for the
/// first time): a major complaint on record skips their visits.
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    request_body = ServiceFlags,
    params(
        ("id" = String, Path, description = "Customer id"),
        ("If-Match" = String, Header, description = "The flags' ETag (`\"0\"` when never set)"),
    ),
    responses(
        (status = 200, description = "The flags", body = ServiceFlags),
        (status = 403, description = "Only crm_head and service (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No handed-over owner of yours with this id (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/customers/{id}/service-flags")]
pub async fn update_service_flags(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryManagers>,
    if_match: IfMatch,
    path: web::Path<String>,
    body: ValidJson<ServiceFlags>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let version = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            visible_owner(conn, &staff, &id)?;
            let before: Option<(bool, String, i32)> = f::table
                .find(&id)
                .select((f::major_complaint, f::note, f::version))
                .first(conn)
                .optional()?;
            let now = db::now();
            let n = match &before {
                None if if_match.0 == 0 => diesel::insert_into(f::table)
                    .values((
                        f::customer_id.eq(&id),
                        f::company_id.eq(&staff.company_id),
                        f::major_complaint.eq(input.major_complaint),
                        f::note.eq(input.note.trim()),
                        f::updated_by.eq(&staff.user_id),
                        f::updated_at.eq(now),
                    ))
                    .execute(conn)
                    // Another first write won the race: this one is stale.
                    .map_err(|e| {
                        if db::is_unique_violation(&e) {
                            stale()
                        } else {
                            e.into()
                        }
                    })?,
                Some(_) => diesel::update(f::table.find(&id).filter(f::version.eq(if_match.0)))
                    .set((
                        f::major_complaint.eq(input.major_complaint),
                        f::note.eq(input.note.trim()),
                        f::version.eq(f::version + 1),
                        f::updated_by.eq(&staff.user_id),
                        f::updated_at.eq(now),
                    ))
                    .execute(conn)?,
                None => 0,
            };
            if n == 0 {
                return Err(stale());
            }
            let version = before.as_ref().map_or(1, |b| b.2 + 1);
            let was = before.map(|b| ServiceFlags {
                major_complaint: b.0,
                note: b.1,
            });
            audit::record(
                conn,
                &staff.audit(),
                "customer.service_flags",
                "customer",
                &id,
                was.as_ref().and_then(snapshot),
                snapshot(&input),
            )?;
            Ok((version, input))
        })
    })
    .await?;
    Ok(ok_with_etag(&version.1, version.0))
}
