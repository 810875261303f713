//! `/api/v1/settings/delivery-rules` and `/api/v1/settings/delivery-checklists`:
//! DOMAIN §6's numbers and the checklist templates, each company's to change.

use actix_web::{get, put, web, HttpResponse};
use api_types::{
    DeliveryChecklists, DeliveryChecklistsSetting, DeliveryRules, DeliveryRulesSetting, FieldError,
};

use super::scope::DeliveryRuleReaders;
use crate::auth::principal::RuleEditors;
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::extract::{ok_with_etag, IfMatch, ValidJson};
use crate::settings::{self, Versioned};
use crate::state::AppState;

/// Cross-field checks of the rules: the timeline must run in order.
pub fn check_rules(r: &DeliveryRules) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    if r.pre_inspection_days_before >= r.risk_check_days_before {
        errors.push(FieldError {
            field: "pre_inspection_days_before".into(),
            code: "order".into(),
            message: "the pre-inspection comes after the risk check (fewer days before handover)"
                .into(),
        });
    }
    if r.handover_notice_days_before >= r.pre_inspection_days_before {
        errors.push(FieldError {
            field: "handover_notice_days_before".into(),
            code: "order".into(),
            message: "the handover notice comes after the pre-inspection".into(),
        });
    }
    if r.one_year_visit_months <= r.three_month_visit_months {
        errors.push(FieldError {
            field: "one_year_visit_months".into(),
            code: "order".into(),
            message: "the 1-year visit comes after the 3-month visit".into(),
        });
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

/// Checks of the templates: item texts 1–200 characters, no room twice in a
/// kind and no item twice in a room (compared trimmed), each duplicate named.
pub fn check_checklists(c: &DeliveryChecklists) -> Result<(), Vec<FieldError>> {
    let mut errors = Vec::new();
    for (kind, rooms) in [
        ("risk_check", &c.risk_check),
        ("pre_inspection", &c.pre_inspection),
        ("handover", &c.handover),
        ("one_year", &c.one_year),
    ] {
        for (i, room) in rooms.iter().enumerate() {
            let name = room.room.trim();
            if rooms[..i].iter().any(|r| r.room.trim() == name) {
                errors.push(FieldError {
                    field: format!("{kind}[{i}].room"),
                    code: "duplicate".into(),
                    message: format!("the room「{name}」is listed twice"),
                });
            }
            for (j, item) in room.items.iter().enumerate() {
                let text = item.trim();
                let n = text.chars().count();
                if n == 0 || n > 200 {
                    errors.push(crate::error::size_error(
                        format!("{kind}[{i}].items[{j}]"),
                        n == 0,
                        "1–200 characters",
                    ));
                } else if room.items[..j].iter().any(|x| x.trim() == text) {
                    errors.push(FieldError {
                        field: format!("{kind}[{i}].items[{j}]"),
                        code: "duplicate".into(),
                        message: format!("the item「{text}」is listed twice in「{name}」"),
                    });
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(errors)
    }
}

macro_rules! setting_endpoints {
    ($get:ident, $put:ident, $path:literal, $ty:ty, $view:ty, $what:literal) => {
        #[doc = concat!("Read the ", $what, " (version 0: the defaults).")]
        #[utoipa::path(
            tag = "settings",
            security(("bearer" = [])),
            responses(
                (status = 200, description = "The values in force; `ETag` carries the version", body = $view),
                (status = 403, description = "Only admin, crm_head, service and engineering (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
            )
        )]
        #[get($path)]
        pub async fn $get(
            state: web::Data<AppState>,
            staff: RequireRole<DeliveryRuleReaders>,
        ) -> Result<HttpResponse, ApiError> {
            let company = staff.company_id.clone();
            let v = db::run(&state.pool, move |conn| Ok(settings::get::<$ty>(conn, &company)?)).await?;
            let body = <$view>::from_versioned(v);
            Ok(ok_with_etag(&body, body.version))
        }

        #[doc = concat!("Replace the ", $what, " (send `If-Match`); what is created from now on follows them and names them.")]
        #[utoipa::path(
            tag = "settings",
            security(("bearer" = [])),
            request_body = $ty,
            params(("If-Match" = String, Header, description = "The setting's ETag")),
            responses(
                (status = 200, description = "The stored values and their new version", body = $view),
                (status = 403, description = "Only the head of CRM (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
            )
        )]
        #[put($path)]
        pub async fn $put(
            state: web::Data<AppState>,
            staff: RequireRole<RuleEditors>,
            if_match: IfMatch,
            body: ValidJson<$ty>,
        ) -> Result<HttpResponse, ApiError> {
            let value = body.0;
            let ctx = staff.audit();
            let v = db::run(&state.pool, move |conn| settings::put(conn, &ctx, if_match.0, &value)).await?;
            let body = <$view>::from_versioned(v);
            Ok(ok_with_etag(&body, body.version))
        }
    };
}

trait FromVersioned<T> {
    fn from_versioned(v: Versioned<T>) -> Self;
}

impl FromVersioned<DeliveryRules> for DeliveryRulesSetting {
    fn from_versioned(v: Versioned<DeliveryRules>) -> Self {
        DeliveryRulesSetting {
            version: v.version,
            rules: v.value,
            updated_by: v.updated_by,
            updated_at: v.updated_at.map(db::utc),
        }
    }
}

impl FromVersioned<DeliveryChecklists> for DeliveryChecklistsSetting {
    fn from_versioned(v: Versioned<DeliveryChecklists>) -> Self {
        DeliveryChecklistsSetting {
            version: v.version,
            checklists: v.value,
            updated_by: v.updated_by,
            updated_at: v.updated_at.map(db::utc),
        }
    }
}

setting_endpoints!(
    get_delivery_rules,
    update_delivery_rules,
    "/settings/delivery-rules",
    DeliveryRules,
    DeliveryRulesSetting,
    "delivery rules (DOMAIN §6's numbers)"
);
setting_endpoints!(
    get_delivery_checklists,
    update_delivery_checklists,
    "/settings/delivery-checklists",
    DeliveryChecklists,
    DeliveryChecklistsSetting,
    "inspection checklist templates"
);
