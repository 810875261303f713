//! `/api/v1/customers/{id}` and merging duplicates.

use actix_web::{get, post, web, HttpResponse};
use api_types::{Customer, MergeCustomers, OptOuts};
use diesel::prelude::*;
use serde_json::json;

use crate::audit::{self, snapshot};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{ok_with_etag, ValidJson};
use crate::leads::visibility::{LeadManagers, LeadWorkers};
use crate::leads::{events, queries::ENTITY};
use crate::personal_data::PersonalData;
use crate::schema::{consents, customers, leads};
use crate::state::AppState;

type Row = (
    String,
    String,
    String,
    bool,
    bool,
    bool,
    bool,
    Option<String>,
    i32,
    chrono::NaiveDateTime,
);

/// A customer the caller may see, by the customer 360's rule
/// ([`super::visibility`]: a sales rep only their own customers, never the
/// pool's). Anything else is 404.
fn visible_customer(
    conn: &mut DbConn,
    staff: &Staff,
    pd: &PersonalData,
    id: &str,
) -> Result<Customer, ApiError> {
    let row: Option<Row> = super::visibility::visible(staff)
        .filter(customers::id.eq(id.to_string()))
        .select((
            customers::id,
            customers::name,
            customers::phone_enc,
            customers::opt_out_marketing,
            customers::opt_out_third_party,
            customers::opt_out_automated,
            customers::opt_out_sensitive,
            customers::merged_into,
            customers::version,
            customers::created_at,
        ))
        .first(conn)
        .optional()?;
    match row {
        Some(r) => Ok(Customer {
            id: r.0,
            name: r.1,
            phone_masked: pd.masked_phone(&r.2),
            opt_outs: OptOuts {
                direct_marketing: r.3,
                third_party_disclosure: r.4,
                automated_decisions: r.5,
                sensitive_data: r.6,
            },
            merged_into: r.7,
            version: r.8,
            created_at: db::utc(r.9),
        }),
        None => Err(ApiError::not_found("customer_not_found")),
    }
}

/// Read a customer (phone masked, opt-outs).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The customer", body = Customer),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not one the caller may see (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}")]
pub async fn get_customer(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let st = state.clone();
    let c = db::run(&state.pool, move |conn| {
        visible_customer(conn, &staff, &st.personal_data, &id)
    })
    .await?;
    Ok(ok_with_etag(&c, c.version))
}

/// Merge a duplicate customer into this one: every lead, deal, referral,
/// consent, opt-out and the membership (purchases, referrals, points,
/// redemptions; the tier re-evaluated) moves over (opt-outs are kept if either had them), the duplicate
/// points to this customer from now on, and the merge is audited.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = MergeCustomers,
    params(("id" = String, Path, description = "The customer that remains")),
    responses(
        (status = 200, description = "The remaining customer", body = Customer),
        (status = 403, description = "Only crm_head and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "Either customer is unknown or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The same customer, or one already merged (`cannot_merge`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/customers/{id}/merge")]
pub async fn merge_customers(
    state: web::Data<AppState>,
    staff: RequireRole<LeadManagers>,
    path: web::Path<String>,
    body: ValidJson<MergeCustomers>,
) -> Result<HttpResponse, ApiError> {
    let target = path.into_inner();
    let input = body.0;
    let ctx = staff.audit();
    let staff = (*staff).clone();
    let st = state.clone();
    let merged = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let pd = &st.personal_data;
            // Both rows locked in id order first: concurrent merges of the same
            // customers (A→B beside B→A) serialise and the loser sees the merge.
            let mut ids = [target.as_str(), input.from_customer_id.as_str()];
            ids.sort_unstable();
            for id in ids {
                db::lock_row(conn, "customers", id)?;
            }
            let into = visible_customer(conn, &staff, pd, &target)?;
            let from = visible_customer(conn, &staff, pd, &input.from_customer_id)?;
            if into.id == from.id || into.merged_into.is_some() || from.merged_into.is_some() {
                return Err(ApiError::conflict("cannot_merge", "merge two different, unmerged customers"));
            }
            let moved: Vec<String> = leads::table
                .filter(leads::customer_id.eq(&from.id))
                .select(leads::id)
                .load(conn)?;
            diesel::update(leads::table.filter(leads::customer_id.eq(&from.id)))
                .set((leads::customer_id.eq(&into.id), leads::version.eq(leads::version + 1)))
                .execute(conn)?;
            diesel::update(leads::table.filter(leads::referrer_customer_id.eq(&from.id)))
                .set(leads::referrer_customer_id.eq(&into.id))
                .execute(conn)?;
            diesel::update(consents::table.filter(consents::customer_id.eq(&from.id)))
                .set(consents::customer_id.eq(&into.id))
                .execute(conn)?;
            crate::deals::service::move_customer(conn, &from.id, &into.id)?;
            crate::membership::merge::customers_merged(conn, &ctx, &staff.company_id, &from.id, &into.id)?;
            crate::referrals::hooks::customers_merged(conn, &from.id, &into.id)?;
            crate::delivery::merge::customers_merged(conn, &from.id, &into.id)?;
            super::queries::add_opt_outs(conn, &into.id, from.opt_outs)?;
            let marked = diesel::update(
                customers::table.find(&from.id).filter(customers::merged_into.is_null()),
            )
            .set((customers::merged_into.eq(&into.id), customers::version.eq(customers::version + 1)))
            .execute(conn)?;
            if marked != 1 {
                return Err(ApiError::conflict("cannot_merge", "the customer was merged meanwhile"));
            }
            diesel::update(customers::table.find(&into.id))
                .set((customers::version.eq(customers::version + 1), customers::updated_at.eq(db::now())))
                .execute(conn)?;
            for lead_id in &moved {
                let detail = json!({"from_customer_id": from.id, "into_customer_id": into.id, "entity": ENTITY});
                events::record(conn, &ctx, lead_id, "merged", input.reason.trim(), Some(detail))?;
            }
            super::value::refresh(conn, &staff.company_id, &into.id)?;
            super::value::refresh(conn, &staff.company_id, &from.id)?;
            let after = visible_customer(conn, &staff, pd, &into.id)?;
            audit::record(
                conn,
                &ctx,
                "customer.merge",
                "customer",
                &into.id,
                snapshot(&json!({"into": into, "from": from})),
                snapshot(&json!({"customer": after, "moved_leads": moved.len(), "reason": input.reason.trim()})),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&merged, merged.version))
}
