//! A customer's household list (`/customers/{id}/relatives`): relatives the
//! customer cannot refer (DOMAIN §5), kept by the staff who work with the
//! customer (the customer's visibility applies). Phones are encrypted with a
//! blind index and shown masked; every change is audited without the phone.

use actix_web::{delete, get, post, web, HttpResponse};
use api_types::{CreateRelative, Relative};
use diesel::prelude::*;
use serde_json::json;

use super::ReferralWorkers;
use crate::audit;
use crate::auth::{RequireRole, Staff};
use crate::customers::queries::PHONE;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ValidJson};
use crate::personal_data::PersonalData;
use crate::schema::{customer_relatives, customers};
use crate::state::AppState;

fn visible_customer(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    crate::customers::visibility::visible(staff)
        .filter(customers::id.eq(id.to_string()))
        .filter(customers::merged_into.is_null())
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))
}

type RelativeTuple = (
    String,
    String,
    String,
    String,
    String,
    chrono::NaiveDateTime,
);

fn relatives(
    conn: &mut DbConn,
    pd: &PersonalData,
    customer_id: &str,
) -> QueryResult<Vec<Relative>> {
    let rows: Vec<RelativeTuple> = customer_relatives::table
        .filter(customer_relatives::customer_id.eq(customer_id))
        .order(customer_relatives::id.asc())
        .select((
            customer_relatives::id,
            customer_relatives::customer_id,
            customer_relatives::name,
            customer_relatives::relation,
            customer_relatives::phone_enc,
            customer_relatives::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| Relative {
            phone_masked: pd.masked_phone(&r.4),
            id: r.0,
            customer_id: r.1,
            name: r.2,
            relation: r.3,
            created_at: db::utc(r.5),
        })
        .collect())
}

/// A customer's household list (a handful of entries; not paginated).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The relatives, oldest first", body = Vec<Relative>),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/relatives")]
pub async fn list_customer_relatives(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let st = state.clone();
    let list = db::run(&state.pool, move |conn| {
        let c = visible_customer(conn, &staff, &id)?;
        Ok(relatives(conn, &st.personal_data, &c)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(list))
}

/// Add a relative to a customer's household list (they cannot be referred by the customer).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = CreateRelative,
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 201, description = "Added", body = Relative),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The phone is on the list already (`relative_exists`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/customers/{id}/relatives")]
pub async fn create_customer_relative(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    path: web::Path<String>,
    body: ValidJson<CreateRelative>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let st = state.clone();
    let rel = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let c = visible_customer(conn, &staff, &id)?;
            let pd = &st.personal_data;
            let phone = api_types::normalize_cn_mobile(&input.phone);
            let rid = db::new_id();
            let ctx = staff.audit();
            conn.transaction(|conn| {
                diesel::insert_into(customer_relatives::table)
                    .values((
                        customer_relatives::id.eq(&rid),
                        customer_relatives::company_id.eq(&staff.company_id),
                        customer_relatives::customer_id.eq(&c),
                        customer_relatives::name.eq(input.name.trim()),
                        customer_relatives::relation.eq(input.relation.trim()),
                        customer_relatives::phone_enc.eq(pd.encrypt(&phone)),
                        customer_relatives::phone_bidx.eq(pd.blind_index(PHONE, &phone)),
                        customer_relatives::created_by.eq(&staff.user_id),
                        customer_relatives::created_at.eq(db::now()),
                    ))
                    .execute(conn)
            })
            .map_err(|e| {
                if db::is_unique_violation(&e) {
                    ApiError::conflict(
                        "relative_exists",
                        "this phone is on the customer's household list already",
                    )
                } else {
                    e.into()
                }
            })?;
            audit::record(
                conn,
                &ctx,
                "customer_relative.create",
                "customer_relative",
                &rid,
                None,
                Some(json!({"customer_id": c, "relation": input.relation.trim()})),
            )?;
            relatives(conn, pd, &c)?
                .into_iter()
                .find(|r| r.id == rid)
                .ok_or_else(|| ApiError::internal("relative vanished"))
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/customers/{}/relatives", rel.customer_id),
        &rel,
        None,
    ))
}

/// Remove a relative from a customer's household list.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id"), ("relative_id" = String, Path, description = "Relative id")),
    responses(
        (status = 204, description = "Removed"),
        (status = 403, description = "Only crm_head, sales managers and sales reps (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer or relative (`customer_not_found`, `relative_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[delete("/customers/{id}/relatives/{relative_id}")]
pub async fn delete_customer_relative(
    state: web::Data<AppState>,
    staff: RequireRole<ReferralWorkers>,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (id, rid) = path.into_inner();
    let staff = (*staff).clone();
    db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let c = visible_customer(conn, &staff, &id)?;
            let n = diesel::delete(
                customer_relatives::table
                    .filter(customer_relatives::id.eq(&rid))
                    .filter(customer_relatives::customer_id.eq(&c)),
            )
            .execute(conn)?;
            if n == 0 {
                return Err(ApiError::not_found("relative_not_found"));
            }
            audit::record(
                conn,
                &staff.audit(),
                "customer_relative.delete",
                "customer_relative",
                &rid,
                Some(json!({"customer_id": c})),
                None,
            )?;
            Ok(())
        })
    })
    .await?;
    Ok(HttpResponse::NoContent().finish())
}
