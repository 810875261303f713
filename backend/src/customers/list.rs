//! `GET /api/v1/customers`: the customers you may see, newest first, by name
//! or phone (exact, through the blind index; the phone is never stored or
//! searched in clear), value tier and project.

use actix_web::{get, web, HttpResponse};
use api_types::{CustomerListItem, Page, ValueTier};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::PageParams;
use crate::leads::visibility::LeadWorkers;
use crate::schema::{customer_values, customers, deals, leads};
use crate::state::AppState;

/// Filters of the customer list.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct CustomerQuery {
    /// A mobile number (exact match, any common spelling) or part of the name.
    pub q: Option<String>,
    /// Only this value tier (`potential` includes customers never tiered).
    pub value_tier: Option<ValueTier>,
    /// Only customers with a lead or a deal in this project.
    pub project_id: Option<String>,
    /// Page size (1–200, default 50).
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the customers you may see (merged-away duplicates left out), newest first.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(CustomerQuery),
    responses(
        (status = 200, description = "One page of customers", body = Page<CustomerListItem>),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers")]
pub async fn list_customers(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    query: web::Query<CustomerQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    if q.q.as_ref().is_some_and(|s| s.chars().count() > 50) {
        return Err(ApiError::invalid_field(
            "q",
            "length",
            "at most 50 characters",
        ));
    }
    let staff = (*staff).clone();
    let st = state.clone();
    let body = db::run(&state.pool, move |conn| {
        let pd = &st.personal_data;
        let query = customers::table
            .left_join(customer_values::table)
            .filter(customers::merged_into.is_null())
            .into_boxed::<db::MultiBackend>();
        let mut query = crate::customer_visibility!(query, &staff);
        if let Some(text) = q.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            let phone = api_types::normalize_cn_mobile(text);
            let looks_like_phone = text
                .chars()
                .all(|c| c.is_ascii_digit() || " +-".contains(c))
                && phone.len() == 11;
            if looks_like_phone {
                query = query.filter(
                    customers::phone_bidx.eq(pd.blind_index(super::queries::PHONE, &phone)),
                );
            } else {
                let escaped = text
                    .replace('\\', "\\\\")
                    .replace('%', "\\%")
                    .replace('_', "\\_");
                query = query.filter(customers::name.like(format!("%{escaped}%")).escape('\\'));
            }
        }
        if let Some(t) = q.value_tier {
            query = if t == ValueTier::Potential {
                query.filter(
                    customer_values::tier
                        .eq(t.as_str())
                        .or(customer_values::tier.is_null()),
                )
            } else {
                query.filter(customer_values::tier.eq(t.as_str()))
            };
        }
        if let Some(p) = q.project_id {
            let in_leads = leads::table
                .filter(leads::project_id.eq(p.clone()))
                .select(leads::customer_id);
            let in_deals = deals::table
                .filter(deals::project_id.eq(p))
                .select(deals::customer_id);
            query = query.filter(
                customers::id
                    .eq_any(in_leads)
                    .or(customers::id.eq_any(in_deals)),
            );
        }
        if let Some(after) = page.after.clone() {
            query = query.filter(customers::id.lt(after));
        }
        type Row = (
            String,
            String,
            String,
            Option<String>,
            chrono::NaiveDateTime,
        );
        let rows: Vec<Row> = query
            .order(customers::id.desc())
            .limit(page.fetch())
            .select((
                customers::id,
                customers::name,
                customers::phone_enc,
                customer_values::tier.nullable(),
                customers::created_at,
            ))
            .load(conn)?;
        let (rows, next_cursor) = page.finish(rows, |r| &r.0);
        let data = rows
            .into_iter()
            .map(|r| CustomerListItem {
                id: r.0,
                name: r.1,
                phone_masked: pd.masked_phone(&r.2),
                value_tier: r
                    .3
                    .as_deref()
                    .and_then(ValueTier::parse)
                    .unwrap_or(ValueTier::Potential),
                created_at: db::utc(r.4),
            })
            .collect();
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}
