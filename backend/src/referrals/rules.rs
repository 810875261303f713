//! `/api/v1/settings/referral-rules`: every number of the referral process,
//! DOMAIN §5's defaults at version 0. Read by admins, the head of CRM and
//! sales managers; changed by the head of CRM with `If-Match`. Each decision
//! names the setting that made it (`referral_rules.no_contact_days=90`).

use actix_web::{get, put, web, HttpResponse};
use api_types::{ReferralRules, ReferralRulesSetting};

use crate::auth::principal::{RuleEditors, RuleReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::settings::{self, Setting, Versioned};
use crate::state::AppState;

impl Setting for ReferralRules {
    const KEY: &'static str = "referral_rules";

    fn defaults() -> Self {
        ReferralRules::default()
    }
}

fn view(v: Versioned<ReferralRules>) -> ReferralRulesSetting {
    ReferralRulesSetting {
        version: v.version,
        rules: v.value,
        updated_by: v.updated_by,
        updated_at: v.updated_at.map(db::utc),
    }
}

/// Read the referral rules (version 0: DOMAIN §5's defaults).
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    responses(
        (status = 200, description = "The rules in force; `ETag` carries their version", body = ReferralRulesSetting),
        (status = 403, description = "Only admins, the head of CRM and sales managers (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/settings/referral-rules")]
pub async fn get_referral_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleReaders>,
) -> Result<HttpResponse, ApiError> {
    let company = staff.company_id.clone();
    let v = db::run(&state.pool, move |conn| {
        Ok(settings::get::<ReferralRules>(conn, &company)?)
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}

/// Replace the referral rules.
///
/// Send `If-Match` with the version read (`"0"` while the defaults are in
/// force). Registrations already judged keep their decision; rewards already
/// approved keep their worth.
#[utoipa::path(
    tag = "referrals",
    security(("bearer" = [])),
    request_body = ReferralRules,
    params(("If-Match" = String, Header, description = "The setting's ETag")),
    responses(
        (status = 200, description = "The stored rules and their new version", body = ReferralRulesSetting),
        (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A number out of range (`validation_failed`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[put("/settings/referral-rules")]
pub async fn update_referral_rules(
    state: web::Data<AppState>,
    staff: RequireRole<RuleEditors>,
    if_match: IfMatch,
    body: ValidJson<ReferralRules>,
) -> Result<HttpResponse, ApiError> {
    let value = body.0;
    let ctx = staff.audit();
    let v = db::run(&state.pool, move |conn| {
        settings::put(conn, &ctx, if_match.0, &value)
    })
    .await?;
    let body = view(v);
    Ok(ok_with_etag(&body, body.version))
}
