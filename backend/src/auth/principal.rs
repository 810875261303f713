//! Extractors that state a handler's privilege in its signature.
//!
//! * [`Staff`]: any signed-in, enabled staff user with a live session.
//! * [`RequireRole<P>`]: a staff user whose role is in the policy `P`, else 403.
//!
//! The session and the user are re-read on every request (one primary-key
//! query), so logout, disabling a user and role changes take effect at once,
//! not when the 15-minute access token runs out.

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{http::header, web, FromRequest, HttpMessage, HttpRequest};
use api_types::Role;
use diesel::prelude::*;

use super::tokens::Claims;
use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::schema::{sessions, users};
use crate::state::AppState;

/// A signed-in staff user.
#[derive(Debug, Clone)]
pub struct Staff {
    /// User id.
    pub user_id: String,
    /// Company id: every query is limited to it.
    pub company_id: String,
    /// Current role.
    pub role: Role,
    /// Session id.
    pub session_id: String,
    /// Request id, for audit records.
    pub request_id: String,
}

/// Which projects a user's queries may touch.
#[derive(Debug, Clone)]
pub enum ProjectScope {
    /// Every project of the company.
    All,
    /// Only projects granted to this user id.
    Granted(String),
}

impl Staff {
    /// The audit context of writes made by this user.
    pub fn audit(&self) -> AuditCtx {
        AuditCtx {
            company_id: self.company_id.clone(),
            actor_id: Some(self.user_id.clone()),
            actor_kind: "staff",
            request_id: Some(self.request_id.clone()),
        }
    }

    /// The user's project scope (DOMAIN §1).
    pub fn project_scope(&self) -> ProjectScope {
        if self.role.sees_all_projects() {
            ProjectScope::All
        } else {
            ProjectScope::Granted(self.user_id.clone())
        }
    }
}

/// The bearer token of a request, if any.
pub fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme
        .eq_ignore_ascii_case("bearer")
        .then(|| token.trim().to_string())
}

/// 401 `unauthenticated`: no valid bearer token.
pub(super) fn unauthenticated() -> ApiError {
    ApiError::unauthorized("unauthenticated", "a valid bearer token is required")
}

impl FromRequest for Staff {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let token = bearer(req);
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("state missing"))?;
            let claims = token
                .and_then(|t| state.tokens.verify(&t))
                .ok_or_else(unauthenticated)?;
            db::run(&state.pool, move |conn| check(conn, claims, request_id)).await
        })
    }
}

/// Re-reads the session of verified access-token `claims` (one primary-key
/// join): the staff user, or 401 when the session or the user has ended.
pub fn check(conn: &mut DbConn, claims: Claims, request_id: String) -> Result<Staff, ApiError> {
    let row: Option<(String, String, String, bool, Option<chrono::NaiveDateTime>)> =
        sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(&claims.sid))
            .select((
                users::id,
                users::company_id,
                users::role,
                users::disabled,
                sessions::revoked_at,
            ))
            .first(conn)
            .optional()?;
    let (user_id, company_id, role, disabled, revoked_at) = row.ok_or_else(unauthenticated)?;
    if user_id != claims.sub || company_id != claims.cid {
        return Err(unauthenticated());
    }
    if disabled || revoked_at.is_some() {
        return Err(ApiError::unauthorized(
            "session_ended",
            "this session has ended; sign in again",
        ));
    }
    let role = Role::parse(&role).ok_or_else(|| ApiError::internal("unknown role"))?;
    let staff = Staff {
        user_id,
        company_id,
        role,
        session_id: claims.sid,
        request_id,
    };
    super::deferred::remember(&staff);
    Ok(staff)
}

/// A set of roles allowed to call an endpoint.
pub trait RolePolicy {
    /// The allowed roles.
    const ROLES: &'static [Role];

    /// Whether `role` is one of them (for endpoints whose caller may be an integration).
    fn allows(role: Role) -> bool {
        Self::ROLES.contains(&role)
    }
}

/// A staff user whose role is in `P::ROLES`; any other role gets 403.
#[derive(Debug)]
pub struct RequireRole<P> {
    staff: Staff,
    _policy: PhantomData<P>,
}

impl<P> Deref for RequireRole<P> {
    type Target = Staff;
    fn deref(&self) -> &Staff {
        &self.staff
    }
}

impl<P: RolePolicy + 'static> FromRequest for RequireRole<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let staff = Staff::from_request(req, payload);
        Box::pin(async move {
            let staff = staff.await?;
            if !P::ROLES.contains(&staff.role) {
                return Err(ApiError::forbidden());
            }
            Ok(RequireRole {
                staff,
                _policy: PhantomData,
            })
        })
    }
}

macro_rules! policy {
    ($(#[$doc:meta])* $name:ident => [$($role:ident),+]) => {
        $(#[$doc])*
        #[derive(Debug)]
        pub struct $name;
        impl RolePolicy for $name {
            const ROLES: &'static [Role] = &[$(Role::$role),+];
        }
    };
}

policy!(
    /// System administrators only.
    Admins => [Admin]
);
policy!(
    /// Those who manage projects, buildings and units.
    ProjectManagers => [Admin, CrmHead]
);
policy!(
    /// Those who read units ([`Role::reads_units`]).
    UnitReaders => [Admin, CrmHead, SalesManager, SalesRep, CustomerSpecialist, Service, Engineering, Property, PrivacyOfficer]
);
policy!(
    /// Those who read unit prices and the sales-control grid ([`Role::reads_unit_prices`]).
    PriceReaders => [Admin, CrmHead, SalesManager, SalesRep, CustomerSpecialist, Service, PrivacyOfficer]
);
policy!(
    /// Those who read the audit trail.
    AuditReaders => [Admin, CrmHead]
);
policy!(
    /// Those who read the personal-data access log.
    AccessLogReaders => [PrivacyOfficer]
);
policy!(
    /// Those who may read staff personal data in full (DOMAIN §1: the privacy officer).
    StaffDataReaders => [PrivacyOfficer]
);
policy!(
    /// Those who read the rule settings (grading rules).
    RuleReaders => [Admin, CrmHead, SalesManager]
);
policy!(
    /// Those who change the rule settings (DOMAIN §1: the head of CRM).
    RuleEditors => [CrmHead]
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unit_policies_agree_with_the_roles_the_spa_asks() {
        for role in Role::ALL {
            assert_eq!(UnitReaders::allows(role), role.reads_units(), "{role:?}");
            assert_eq!(
                PriceReaders::allows(role),
                role.reads_unit_prices(),
                "{role:?}"
            );
        }
    }
}
