//! Company settings: typed values stored per company under a key, with a
//! version for optimistic updates.
//!
//! DOMAIN: "every number is a default: a company can change it in settings".
//! A [`Setting`] names its key, its defaults (DOMAIN's numbers) and its own
//! checks; [`get`] returns the stored value or the defaults at version 0, and
//! [`put`] writes a new version, audited with before and after. The grading
//! rules use it first; SLA durations and assignment settings will follow.

pub mod handlers;

use api_types::FieldError;
use diesel::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::audit::{self, AuditCtx};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::extract::stale;
use crate::schema::company_settings;

/// Registers the settings endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::get_grading_rules)
        .service(handlers::update_grading_rules);
}

/// A typed company setting.
pub trait Setting: Serialize + DeserializeOwned {
    /// The key in `company_settings`, e.g. `grading_rules`. Never change it.
    const KEY: &'static str;

    /// The value in force until a company changes it: DOMAIN's defaults.
    fn defaults() -> Self;

    /// Checks beyond the wire type's own validation (cross-field rules); each
    /// problem is a 422 field error. Runs on every [`put`].
    fn check(&self) -> Result<(), Vec<FieldError>> {
        Ok(())
    }
}

/// A setting's value with its version and last change.
#[derive(Debug, Clone, Serialize)]
pub struct Versioned<T> {
    /// 0 while the defaults are in force, then 1, 2, … per change.
    pub version: i32,
    /// The value.
    pub value: T,
    /// Who last changed it (`None` for the defaults or the system).
    pub updated_by: Option<String>,
    /// When it last changed (`None` for the defaults).
    pub updated_at: Option<chrono::NaiveDateTime>,
}

/// The company's value of `T`, or `T::defaults()` at version 0.
///
/// A stored value that no longer parses is an error (500), never a silent
/// fallback to the defaults.
pub fn get<T: Setting>(conn: &mut DbConn, company_id: &str) -> QueryResult<Versioned<T>> {
    let row: Option<(String, i32, Option<String>, chrono::NaiveDateTime)> = company_settings::table
        .filter(company_settings::company_id.eq(company_id))
        .filter(company_settings::key.eq(T::KEY))
        .select((
            company_settings::value_json,
            company_settings::version,
            company_settings::updated_by,
            company_settings::updated_at,
        ))
        .first(conn)
        .optional()?;
    match row {
        None => Ok(Versioned {
            version: 0,
            value: T::defaults(),
            updated_by: None,
            updated_at: None,
        }),
        Some((json, version, updated_by, updated_at)) => {
            let value = serde_json::from_str(&json)
                .map_err(|e| diesel::result::Error::DeserializationError(Box::new(e)))?;
            Ok(Versioned {
                version,
                value,
                updated_by,
                updated_at: Some(updated_at),
            })
        }
    }
}

/// Stores a new value of `T` for the company of `ctx`, if the caller read
/// version `expected_version` (0 = the defaults).
///
/// Errors: 422 when [`Setting::check`] fails, 412 when the version moved on
/// (including two concurrent first writes). The change is audited as
/// `setting.update` on entity `setting`/`T::KEY` with before and after.
pub fn put<T: Setting>(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    expected_version: i32,
    value: &T,
) -> Result<Versioned<T>, ApiError> {
    value.check().map_err(ApiError::validation)?;
    let json = serde_json::to_string(value).map_err(ApiError::internal)?;
    db::write_tx(conn, |conn| {
        let before = get::<T>(conn, &ctx.company_id)?;
        if before.version != expected_version {
            return Err(stale());
        }
        let now = db::now();
        let version = expected_version + 1;
        if expected_version == 0 {
            insert_first(conn, ctx, T::KEY, &json, now)?;
        } else {
            let changed = diesel::update(
                company_settings::table
                    .filter(company_settings::company_id.eq(&ctx.company_id))
                    .filter(company_settings::key.eq(T::KEY))
                    .filter(company_settings::version.eq(expected_version)),
            )
            .set((
                company_settings::value_json.eq(&json),
                company_settings::version.eq(version),
                company_settings::updated_by.eq(&ctx.actor_id),
                company_settings::updated_at.eq(now),
            ))
            .execute(conn)?;
            if changed == 0 {
                return Err(stale());
            }
        }
        let after = get::<T>(conn, &ctx.company_id)?;
        audit::record(
            conn,
            ctx,
            "setting.update",
            "setting",
            T::KEY,
            audit::snapshot(&before),
            audit::snapshot(&after),
        )?;
        Ok(after)
    })
}

/// Inserts version 1; a concurrent first write (unique violation) is stale.
fn insert_first(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    key: &str,
    json: &str,
    now: chrono::NaiveDateTime,
) -> Result<(), ApiError> {
    diesel::insert_into(company_settings::table)
        .values((
            company_settings::company_id.eq(&ctx.company_id),
            company_settings::key.eq(key),
            company_settings::value_json.eq(json),
            company_settings::version.eq(1),
            company_settings::updated_by.eq(&ctx.actor_id),
            company_settings::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
        .map_err(|e| {
            if db::is_unique_violation(&e) {
                stale()
            } else {
                e.into()
            }
        })
}
