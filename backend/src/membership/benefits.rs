//! `/api/v1/membership-benefits`: the benefits catalogue per tier (DOMAIN
//! §4), e.g. 年度家政服务 for silver, once a year. The head of CRM creates and
//! changes benefits (deactivating instead of deleting, so past redemptions
//! keep their benefit); admins and the roles that redeem read them.

use actix_web::{get, patch, post, web, HttpResponse};
use api_types::{Benefit, CreateBenefit, Page, UpdateBenefit};
use diesel::prelude::*;
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope::CatalogueReaders;
use super::views::{self, BenefitRow, BENEFIT_COLUMNS};
use crate::audit::{self, snapshot};
use crate::auth::principal::RuleEditors;
use crate::auth::RequireRole;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::{created, ok_with_etag, stale, IfMatch, PageParams, ValidJson};
use crate::schema::membership_benefits;
use crate::state::AppState;

fn name_taken(e: diesel::result::Error) -> ApiError {
    if db::is_unique_violation(&e) {
        ApiError::conflict("benefit_name_taken", "a benefit of this name exists")
    } else {
        e.into()
    }
}

fn read(conn: &mut DbConn, company_id: &str, id: &str) -> Result<Benefit, ApiError> {
    let row: BenefitRow = membership_benefits::table
        .filter(membership_benefits::company_id.eq(company_id))
        .filter(membership_benefits::id.eq(id))
        .select(BENEFIT_COLUMNS)
        .first(conn)
        .optional()?
        .ok_or_else(|| ApiError::not_found("benefit_not_found"))?;
    views::benefit(row)
}

/// Query of `GET /membership-benefits`.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct BenefitsQuery {
    /// Page size (1–200, default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
    /// Cursor from the previous page.
    pub cursor: Option<String>,
}

/// List the benefits catalogue (active and inactive), oldest first.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(BenefitsQuery),
    responses(
        (status = 200, description = "One page of benefits", body = Page<Benefit>),
        (status = 403, description = "The role has no use for the catalogue (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/membership-benefits")]
pub async fn list_membership_benefits(
    state: web::Data<AppState>,
    staff: RequireRole<CatalogueReaders>,
    query: web::Query<BenefitsQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let page = PageParams::new(q.limit, q.cursor.as_deref())?;
    let company = staff.company_id.clone();
    let body = db::run(&state.pool, move |conn| {
        let mut query = membership_benefits::table
            .filter(membership_benefits::company_id.eq(&company))
            .into_boxed();
        if let Some(after) = &page.after {
            query = query.filter(membership_benefits::id.gt(after.clone()));
        }
        let rows: Vec<BenefitRow> = query
            .order(membership_benefits::id.asc())
            .limit(page.fetch())
            .select(BENEFIT_COLUMNS)
            .load(conn)?;
        let items = rows
            .into_iter()
            .map(views::benefit)
            .collect::<Result<Vec<_>, _>>()?;
        let (data, next_cursor) = page.finish(items, |b| &b.id);
        Ok(Page { data, next_cursor })
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// Add a benefit to the catalogue.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    request_body = CreateBenefit,
    responses(
        (status = 201, description = "Created; `Location` and `ETag`", body = Benefit),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`benefit_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[post("/membership-benefits")]
pub async fn create_membership_benefit(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    body: ValidJson<CreateBenefit>,
) -> Result<HttpResponse, ApiError> {
    let input = body.0;
    let ctx = staff.audit();
    let b = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let id = db::new_id();
            let now = db::now();
            diesel::insert_into(membership_benefits::table)
                .values((
                    membership_benefits::id.eq(&id),
                    membership_benefits::company_id.eq(&ctx.company_id),
                    membership_benefits::name.eq(input.name.trim()),
                    membership_benefits::description.eq(input.description.trim()),
                    membership_benefits::kind.eq(input.kind.as_str()),
                    membership_benefits::min_tier.eq(input.min_tier.as_str()),
                    membership_benefits::quota.eq(input.quota),
                    membership_benefits::quota_period.eq(input.quota_period.as_str()),
                    membership_benefits::active.eq(input.active),
                    membership_benefits::version.eq(1),
                    membership_benefits::created_at.eq(now),
                    membership_benefits::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(name_taken)?;
            let b = read(conn, &ctx.company_id, &id)?;
            audit::record(
                conn,
                &ctx,
                "benefit.create",
                "membership_benefit",
                &id,
                None,
                snapshot(&b),
            )?;
            Ok(b)
        })
    })
    .await?;
    Ok(created(
        format!("/api/v1/membership-benefits/{}", b.id),
        &b,
        Some(b.version),
    ))
}

/// Read a benefit.
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Benefit id")),
    responses(
        (status = 200, description = "The benefit; `ETag` carries its version", body = Benefit),
        (status = 403, description = "The role has no use for the catalogue (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such benefit (`benefit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/membership-benefits/{id}")]
pub async fn get_membership_benefit(
    state: web::Data<AppState>,
    staff: RequireRole<CatalogueReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let company = staff.company_id.clone();
    let b = db::run(&state.pool, move |conn| read(conn, &company, &id)).await?;
    Ok(ok_with_etag(&b, b.version))
}

/// Change a benefit (name, kind, tier, quota, period, active).
#[utoipa::path(
    tag = "membership",
    security(("bearer" = [])),
    params(
        ("id" = String, Path, description = "Benefit id"),
        ("If-Match" = String, Header, description = "The benefit's ETag"),
    ),
    request_body = UpdateBenefit,
    responses(
        (status = 200, description = "The changed benefit", body = Benefit),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such benefit (`benefit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 409, description = "The name is taken (`benefit_name_taken`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[patch("/membership-benefits/{id}")]
pub async fn update_membership_benefit(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    path: web::Path<String>,
    if_match: IfMatch,
    body: ValidJson<UpdateBenefit>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let input = body.0;
    if let Some(Some(q)) = input.quota {
        if !(1..=1000).contains(&q) {
            return Err(ApiError::invalid_field(
                "quota",
                "range",
                "must be between 1 and 1000",
            ));
        }
    }
    let ctx = staff.audit();
    let b = db::run(&state.pool, move |conn| {
        db::write_tx(conn, |conn| {
            let before = read(conn, &ctx.company_id, &id)?;
            if before.version != if_match.0 {
                return Err(stale());
            }
            let changed = diesel::update(
                membership_benefits::table
                    .find(&id)
                    .filter(membership_benefits::version.eq(if_match.0)),
            )
            .set((
                membership_benefits::name.eq(input
                    .name
                    .as_deref()
                    .map_or(before.name.as_str(), str::trim)),
                membership_benefits::description.eq(input
                    .description
                    .as_deref()
                    .map_or(before.description.as_str(), str::trim)),
                membership_benefits::kind.eq(input.kind.unwrap_or(before.kind).as_str()),
                membership_benefits::min_tier
                    .eq(input.min_tier.unwrap_or(before.min_tier).as_str()),
                membership_benefits::quota.eq(input.quota.unwrap_or(before.quota)),
                membership_benefits::quota_period
                    .eq(input.quota_period.unwrap_or(before.quota_period).as_str()),
                membership_benefits::active.eq(input.active.unwrap_or(before.active)),
                membership_benefits::version.eq(before.version + 1),
                membership_benefits::updated_at.eq(db::now()),
            ))
            .execute(conn)
            .map_err(name_taken)?;
            if changed != 1 {
                return Err(stale());
            }
            let after = read(conn, &ctx.company_id, &id)?;
            audit::record(
                conn,
                &ctx,
                "benefit.update",
                "membership_benefit",
                &id,
                snapshot(&before),
                snapshot(&after),
            )?;
            Ok(after)
        })
    })
    .await?;
    Ok(ok_with_etag(&b, b.version))
}
