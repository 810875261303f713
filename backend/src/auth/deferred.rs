//! [`DeferredStaff`]: a staff extractor for hot read endpoints (the lead
//! list) whose session re-check rides inside the handler's own query, so a
//! request costs one database round trip instead of two.
//!
//! The access token is verified when the request is extracted; the session
//! is not read then. The handler runs its query with
//! [`DeferredStaff::run`], which, when the user's role is known from an
//! earlier request of this process, runs the query as that role with
//! [`session_live!`] in its `WHERE` clause: the rows come back only if, in
//! the same snapshot, the session is not revoked, the user is enabled and
//! still has that role in that company. Rows returned therefore prove the
//! session exactly as [`super::principal::check`] would. When the query
//! returns nothing (an empty page, or a session that ended, or a role that
//! changed) or the role is not known yet, the session is checked the usual
//! way ([`super::principal::check`]: 401 `session_ended`, 403 for a role the
//! endpoint refuses) and the query runs again as the user really is.
//!
//! The per-process map of roles is a hint for building the query, never a
//! grant: a stale entry only costs the slow path once. Logout, disabling a
//! user and refresh-token reuse therefore end access at once, in every
//! server process.

use std::collections::HashMap;
use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::sync::{Mutex, OnceLock};

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use api_types::Role;

use super::principal::{bearer, check, unauthenticated, RolePolicy, Staff};
use super::tokens::Claims;
use crate::db::DbConn;
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::state::AppState;

/// Beyond this many users the map starts afresh (it is only a hint).
const MAX_HINTS: usize = 100_000;

fn hints() -> &'static Mutex<HashMap<String, Role>> {
    static HINTS: OnceLock<Mutex<HashMap<String, Role>>> = OnceLock::new();
    HINTS.get_or_init(|| Mutex::new(HashMap::new()))
}

/// Notes the role a session check found for its user (a hint for later requests).
pub(super) fn remember(staff: &Staff) {
    if let Ok(mut map) = hints().lock() {
        if map.len() >= MAX_HINTS && !map.contains_key(&staff.user_id) {
            map.clear();
        }
        map.insert(staff.user_id.clone(), staff.role);
    }
}

fn hint(user_id: &str) -> Option<Role> {
    hints().lock().ok()?.get(user_id).copied()
}

/// A caller with a verified access token whose session is checked by
/// [`DeferredStaff::run`], as a staff user whose role is in `P::ROLES`.
#[derive(Debug)]
pub struct DeferredStaff<P> {
    claims: Claims,
    request_id: String,
    _policy: PhantomData<P>,
}

impl<P: RolePolicy + 'static> FromRequest for DeferredStaff<P> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let claims = req
            .app_data::<web::Data<AppState>>()
            .ok_or_else(|| ApiError::internal("state missing"))
            .and_then(|state| {
                bearer(req)
                    .and_then(|t| state.tokens.verify(&t))
                    .ok_or_else(unauthenticated)
            });
        let request_id = req
            .extensions()
            .get::<RequestId>()
            .map(|r| r.0.clone())
            .unwrap_or_default();
        Box::pin(async move {
            Ok(DeferredStaff {
                claims: claims?,
                request_id,
                _policy: PhantomData,
            })
        })
    }
}

impl<P: RolePolicy> DeferredStaff<P> {
    /// Runs `query(conn, staff, live)` as the caller and returns its result.
    ///
    /// With `live` true the query must filter by [`session_live!`]`(staff)`;
    /// `found` says whether its result holds anything (an empty result is
    /// redone after a full session check, with `live` false).
    pub fn run<T>(
        self,
        conn: &mut DbConn,
        found: impl Fn(&T) -> bool,
        mut query: impl FnMut(&mut DbConn, &Staff, bool) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        if let Some(role) = hint(&self.claims.sub).filter(|r| P::allows(*r)) {
            let staff = Staff {
                user_id: self.claims.sub.clone(),
                company_id: self.claims.cid.clone(),
                role,
                session_id: self.claims.sid.clone(),
                request_id: self.request_id.clone(),
            };
            let out = query(conn, &staff, true)?;
            if found(&out) {
                return Ok(out);
            }
        }
        let staff = check(conn, self.claims, self.request_id)?;
        if !P::allows(staff.role) {
            return Err(ApiError::forbidden());
        }
        query(conn, &staff, false)
    }
}

/// A boolean SQL expression, true while `staff`'s session is live: not
/// revoked, its user enabled, in the same company, with the same role (the
/// conditions of [`super::principal::check`]). Filter a query by it to have
/// the database prove the session in the query's own snapshot.
#[macro_export]
macro_rules! session_live {
    ($staff:expr) => {{
        use diesel::prelude::*;
        use $crate::schema::{sessions, users};
        let staff: &$crate::auth::Staff = $staff;
        diesel::dsl::exists(
            sessions::table
                .inner_join(users::table)
                .filter(sessions::id.eq(staff.session_id.clone()))
                .filter(sessions::revoked_at.is_null())
                .filter(users::id.eq(staff.user_id.clone()))
                .filter(users::company_id.eq(staff.company_id.clone()))
                .filter(users::role.eq(staff.role.as_str()))
                .filter(users::disabled.eq(false))
                .select(sessions::id),
        )
    }};
}
