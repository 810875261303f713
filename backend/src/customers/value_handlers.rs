//! `/api/v1/customers/{id}/value-tier` (read, manual override) and
//! `/api/v1/settings/customer-value` (the tier rules).

use actix_web::{get, put, web, HttpResponse};
use api_types::{CustomerValue, OverrideValueTier, Role, ValueTierRules, ValueTierRulesSetting};
use diesel::prelude::*;

use super::value;
use crate::audit::{self, snapshot};
use crate::auth::principal::{RolePolicy, RuleEditors, RuleReaders};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{ok_with_etag, stale, IfMatch, ValidJson};
use crate::leads::visibility::LeadWorkers;
use crate::schema::customers;
use crate::settings::{self, Versioned};
use crate::state::AppState;

/// Roles that set a customer's tier by hand.
#[derive(Debug)]
pub struct TierEditors;
impl RolePolicy for TierEditors {
    const ROLES: &'static [Role] = &[Role::CrmHead, Role::SalesManager];
}

/// The visible, unmerged customer's id, or 404 `customer_not_found`.
pub fn visible_id(conn: &mut DbConn, staff: &Staff, id: &str) -> Result<String, ApiError> {
    super::visibility::visible(staff)
        .filter(customers::id.eq(id.to_string()))
        .filter(customers::merged_into.is_null())
        .select(customers::id)
        .first::<String>(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("customer_not_found"))
}

/// A customer's value tier (VIP / key / ordinary / potential) and what decided it.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The tier, the computed tier and its rule, any override; `ETag` for the override", body = CustomerValue),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/value-tier")]
pub async fn get_customer_value_tier(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let v = db::run(&state.pool, move |conn| {
        let id = visible_id(conn, &staff, &id)?;
        Ok(value::current(conn, &staff.company_id, &id)?)
    })
    .await?;
    Ok(ok_with_etag(&v, v.version))
}

/// Set the customer's tier by hand (who and why are recorded), or with
/// `tier: null` return them to the rules. Send `If-Match` with the value
/// tier's `ETag` (`"0"` before it was ever stored).
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    request_body = OverrideValueTier,
    params(("id" = String, Path, description = "Customer id"), ("If-Match" = String, Header, description = "The value tier's ETag")),
    responses(
        (status = 200, description = "The tier now in force", body = CustomerValue),
        (status = 403, description = "Only the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/customers/{id}/value-tier")]
pub async fn override_customer_value_tier(
    state: web::Data<AppState>,
    staff: RequireRole<TierEditors>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<OverrideValueTier>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    let staff = (*staff).clone();
    let v = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let ctx = staff.audit();
            let id = visible_id(conn, &staff, &id)?;
            let before = value::current(conn, &staff.company_id, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            let after = value::set_override(
                conn,
                &staff.company_id,
                &id,
                input.tier,
                input.reason.trim(),
                &staff.user_id,
            )?;
            audit::record(
                conn,
                &ctx,
                "customer.value_tier_override",
                "customer",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&v, v.version))
}

fn view(v: Versioned<ValueTierRules>) -> ValueTierRulesSetting {
    ValueTierRulesSetting {
        version: v.version,
        rules: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the value-tier rules (version 0: the defaults — VIP 2 units or
/// ¥10,000,000 signed; key 1 unit or a grade-A lead; ordinary a grade-B lead).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules in force; `ETag` carries the version", body = ValueTierRulesSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/customer-value")]
pub async fn get_customer_value_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let v = db::run(&state.pool, move |conn| {
        Ok(settings::get::<ValueTierRules>(conn, &company)?)
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the value-tier rules (send `If-Match`); every customer of the
/// company is re-tiered in the same transaction (overrides stay in force).
#[utoipa::path(
    tag = "settings",
    security(("bearer" = [])),
    request_body = ValueTierRules,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored rules and their new version", body = ValueTierRulesSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/customer-value")]
pub async fn update_customer_value_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<ValueTierRules>,
) -> Result<HttpResponse, ApiError> {
    let rules = body.0;
    let ctx = staff.audit();
    let v = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let v = settings::put(conn, &ctx, if_match.0, &rules)?;
            value::refresh_all(conn, &ctx.company_id)?;
            Ok(v)
        })
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}
