//! `GET /api/v1/customers/{id}/profile`: the customer 360 (客户画像) —
//! identity, masked contact, family, occupation, budget, preferences,
//! sources, history counts, deals and the value tier with its rule. Lead and
//! deal data are limited to what the caller may see.

use actix_web::{get, web, HttpResponse};
use api_types::{CustomerHistory, CustomerProfile, CustomerSource, LeadSource, OptOuts};
use diesel::prelude::*;

use super::value;
use crate::auth::RequireRole;
use crate::db;
use crate::deals::model::DealRow;
use crate::error::ApiError;
use crate::leads::model::{LeadRow, LAYOUT_SEP};
use crate::leads::visibility::LeadWorkers;
use crate::schema::{customers, deals, follow_ups, leads};
use crate::state::AppState;

type CustomerCols = (
    String,
    String,
    Option<String>,
    String,
    String,
    String,
    (bool, bool, bool, bool),
    i32,
    chrono::NaiveDateTime,
);

/// The customer 360: profile, value tier (and which rule decided), history and deals.
#[utoipa::path(
    tag = "customers",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Customer id")),
    responses(
        (status = 200, description = "The profile", body = CustomerProfile),
        (status = 403, description = "The role works with no customers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such customer, or not yours (`customer_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/customers/{id}/profile")]
pub async fn get_customer_profile(
    state: web::Data<AppState>,
    staff: RequireRole<LeadWorkers>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let st = state.clone();
    let profile = db::run(&state.pool, move |conn| {
        let id = super::value_handlers::visible_id(conn, &staff, &id)?;
        let c: CustomerCols = customers::table
            .find(&id)
            .select((
                customers::id,
                customers::name,
                customers::gender,
                customers::phone_enc,
                customers::family_structure,
                customers::occupation,
                (
                    customers::opt_out_marketing,
                    customers::opt_out_third_party,
                    customers::opt_out_automated,
                    customers::opt_out_sensitive,
                ),
                customers::version,
                customers::created_at,
            ))
            .first(conn)?;
        let lead_rows: Vec<LeadRow> = crate::leads::visibility::visible(&staff)
            .filter(leads::customer_id.eq(id.clone()))
            .order(leads::id.asc())
            .select(LeadRow::as_select())
            .load(conn)?;
        let lead_ids: Vec<String> = lead_rows.iter().map(|l| l.id.clone()).collect();
        let follow_up_count: i64 = follow_ups::table
            .filter(follow_ups::lead_id.eq_any(lead_ids))
            .count()
            .get_result(conn)?;
        let deal_rows: Vec<DealRow> = crate::deals::visibility::visible(&staff)
            .filter(deals::customer_id.eq(id.clone()))
            .order(deals::id.desc())
            .select(DealRow::as_select())
            .load(conn)?;
        let latest = |f: &dyn Fn(&LeadRow) -> Option<String>| lead_rows.iter().rev().find_map(f);
        let mut layouts: Vec<String> = Vec::new();
        for l in &lead_rows {
            for p in l
                .preferred_layouts
                .split(LAYOUT_SEP)
                .filter(|s| !s.is_empty())
            {
                if !layouts.iter().any(|x| x == p) {
                    layouts.push(p.to_string());
                }
            }
        }
        let first_seen = lead_rows.first().map_or(c.8, |l| l.created_at.min(c.8));
        let value = value::current(conn, &staff.company_id, &id)?;
        Ok(CustomerProfile {
            id: c.0,
            name: c.1,
            gender: c.2,
            phone_masked: st.personal_data.masked_phone(&c.3),
            family_structure: if c.4.is_empty() {
                latest(&|l| (!l.family_structure.is_empty()).then(|| l.family_structure.clone()))
                    .unwrap_or_default()
            } else {
                c.4
            },
            occupation: if c.5.is_empty() {
                latest(&|l| (!l.occupation.is_empty()).then(|| l.occupation.clone()))
                    .unwrap_or_default()
            } else {
                c.5
            },
            budget_fen: lead_rows.iter().rev().find_map(|l| l.budget_fen),
            preferred_layouts: layouts,
            sources: lead_rows
                .iter()
                .filter_map(|l| {
                    LeadSource::parse(&l.source).map(|s| CustomerSource {
                        source: s,
                        project_id: l.project_id.clone(),
                        at: db::utc(l.created_at),
                    })
                })
                .collect(),
            opt_outs: OptOuts {
                direct_marketing: c.6 .0,
                third_party_disclosure: c.6 .1,
                automated_decisions: c.6 .2,
                sensitive_data: c.6 .3,
            },
            value,
            history: CustomerHistory {
                leads: lead_rows.len() as i64,
                follow_ups: follow_up_count,
                deals: deal_rows.len() as i64,
                first_seen_at: db::utc(first_seen),
            },
            deals: deal_rows.iter().map(DealRow::summary).collect(),
            version: c.7,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(profile))
}
