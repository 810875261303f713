//! Integrations authenticate with an API key in `X-API-Key` (ARCHITECTURE §5).
//!
//! * [`Integration`]: a request carrying a live API key.
//! * [`RequireScope<S>`]: an integration whose key holds the scope `S::SCOPE`, else 403.
//! * [`Caller`]: staff (bearer token) or an integration (API key), for the
//!   endpoints both may call, such as lead capture.
//!
//! A key is found by the SHA-256 of the presented secret through a unique
//! index: the same work for every secret, and no comparison of secrets that
//! could leak through timing. Like sessions, the key is re-read on every
//! request, so a revocation takes effect at once.

use std::future::Future;
use std::marker::PhantomData;
use std::ops::Deref;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use api_types::ApiKeyScope;

use super::principal::{bearer, Staff};
use crate::api_keys::{self, queries};
use crate::audit::AuditCtx;
use crate::db;
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::state::AppState;

/// The request header that carries an API key.
pub const API_KEY_HEADER: &str = "x-api-key";

/// A request authenticated by a live (unrevoked) API key.
#[derive(Debug, Clone)]
pub struct Integration {
    /// Key id: the actor of the integration's writes.
    pub key_id: String,
    /// Company id: every query is limited to it.
    pub company_id: String,
    /// Scopes the key holds.
    pub scopes: Vec<ApiKeyScope>,
    /// Request id, for audit records.
    pub request_id: String,
}

impl Integration {
    /// Whether the key holds `scope`.
    pub fn has_scope(&self, scope: ApiKeyScope) -> bool {
        self.scopes.contains(&scope)
    }

    /// The audit context of writes made through this key.
    pub fn audit(&self) -> AuditCtx {
        AuditCtx {
            company_id: self.company_id.clone(),
            actor_id: Some(self.key_id.clone()),
            actor_kind: "integration",
            request_id: Some(self.request_id.clone()),
        }
    }
}

/// The API key of a request, if any.
pub fn api_key(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(API_KEY_HEADER)?.to_str().ok()?.trim();
    (!value.is_empty()).then(|| value.to_string())
}

fn request_id(req: &HttpRequest) -> String {
    req.extensions()
        .get::<RequestId>()
        .map(|r| r.0.clone())
        .unwrap_or_default()
}

fn unauthenticated() -> ApiError {
    ApiError::unauthorized("unauthenticated", "a valid API key (X-API-Key) is required")
}

impl FromRequest for Integration {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let secret = api_key(req);
        let request_id = request_id(req);
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("state missing"))?;
            let hash = api_keys::hash_secret(&secret.ok_or_else(unauthenticated)?);
            let row = db::run(&state.pool, move |conn| {
                let row = queries::find_by_hash(conn, &hash)?;
                if let Some(r) = row.as_ref().filter(|r| r.revoked_at.is_none()) {
                    // Bookkeeping only: a failed stamp must not refuse the request.
                    if let Err(e) = queries::touch(conn, &r.id) {
                        log::warn!(
                            "[{}] last use of API key {} not recorded: {e}",
                            crate::request_id::current(),
                            r.id
                        );
                    }
                }
                Ok(row)
            })
            .await?;
            let row = row.ok_or_else(unauthenticated)?;
            if row.revoked_at.is_some() {
                return Err(ApiError::unauthorized(
                    "api_key_revoked",
                    "this API key has been revoked; ask an administrator for a new one",
                ));
            }
            Ok(Integration {
                scopes: queries::parse_scopes(&row.scopes),
                key_id: row.id,
                company_id: row.company_id,
                request_id,
            })
        })
    }
}

/// A scope an endpoint requires of API keys.
pub trait ScopePolicy {
    /// The required scope.
    const SCOPE: ApiKeyScope;
}

/// An integration whose key holds `S::SCOPE`; a key without it gets 403 `forbidden`.
#[derive(Debug)]
pub struct RequireScope<S> {
    integration: Integration,
    _policy: PhantomData<S>,
}

impl<S> Deref for RequireScope<S> {
    type Target = Integration;
    fn deref(&self) -> &Integration {
        &self.integration
    }
}

impl<S: ScopePolicy + 'static> FromRequest for RequireScope<S> {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let integration = Integration::from_request(req, payload);
        Box::pin(async move {
            let integration = integration.await?;
            if !integration.has_scope(S::SCOPE) {
                return Err(missing_scope());
            }
            Ok(RequireScope {
                integration,
                _policy: PhantomData,
            })
        })
    }
}

fn missing_scope() -> ApiError {
    ApiError::new(
        actix_web::http::StatusCode::FORBIDDEN,
        "forbidden",
        "this API key lacks the scope this operation requires",
    )
}

/// Capturing leads (`leads:write`).
#[derive(Debug)]
pub struct WriteLeads;
impl ScopePolicy for WriteLeads {
    const SCOPE: ApiKeyScope = ApiKeyScope::LeadsWrite;
}

/// Reading leads (`leads:read`).
#[derive(Debug)]
pub struct ReadLeads;
impl ScopePolicy for ReadLeads {
    const SCOPE: ApiKeyScope = ApiKeyScope::LeadsRead;
}

/// Staff or an integration, for endpoints both may call.
///
/// A bearer token, when the request has one, decides: a bad token is 401
/// even if an API key is present too (no silent fall-back to another
/// credential). Otherwise `X-API-Key` is used; with neither, 401.
#[derive(Debug, Clone)]
pub enum Caller {
    /// A signed-in staff user.
    Staff(Staff),
    /// An integration's API key.
    Integration(Integration),
}

impl Caller {
    /// The company every query is limited to.
    pub fn company_id(&self) -> &str {
        match self {
            Caller::Staff(s) => &s.company_id,
            Caller::Integration(i) => &i.company_id,
        }
    }

    /// The audit context: `staff` and the user id, or `integration` and the key id.
    pub fn audit(&self) -> AuditCtx {
        match self {
            Caller::Staff(s) => s.audit(),
            Caller::Integration(i) => i.audit(),
        }
    }

    /// Staff pass (their role is the handler's to check); a key needs `scope`, else 403.
    pub fn require_scope(&self, scope: ApiKeyScope) -> Result<(), ApiError> {
        match self {
            Caller::Staff(_) => Ok(()),
            Caller::Integration(i) if i.has_scope(scope) => Ok(()),
            Caller::Integration(_) => Err(missing_scope()),
        }
    }

    /// The staff user, when the caller is one.
    pub fn staff(&self) -> Option<&Staff> {
        match self {
            Caller::Staff(s) => Some(s),
            Caller::Integration(_) => None,
        }
    }

    /// Whom stored idempotent responses belong to: `staff:<user id>` or `key:<key id>`.
    pub fn principal(&self) -> String {
        match self {
            Caller::Staff(s) => format!("staff:{}", s.user_id),
            Caller::Integration(i) => format!("key:{}", i.key_id),
        }
    }
}

impl FromRequest for Caller {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        if bearer(req).is_some() {
            let staff = Staff::from_request(req, payload);
            return Box::pin(async move { staff.await.map(Caller::Staff) });
        }
        if api_key(req).is_some() {
            let integration = Integration::from_request(req, payload);
            return Box::pin(async move { integration.await.map(Caller::Integration) });
        }
        Box::pin(async {
            Err(ApiError::unauthorized(
                "unauthenticated",
                "a bearer token or an API key (X-API-Key) is required",
            ))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(scopes: Vec<ApiKeyScope>) -> Caller {
        Caller::Integration(Integration {
            key_id: "k1".into(),
            company_id: "c1".into(),
            scopes,
            request_id: "r1".into(),
        })
    }

    #[test]
    fn keys_need_the_scope_and_staff_do_not() {
        let reader = key(vec![ApiKeyScope::LeadsRead]);
        assert!(reader.require_scope(ApiKeyScope::LeadsRead).is_ok());
        let err = reader
            .require_scope(ApiKeyScope::LeadsWrite)
            .expect_err("403");
        assert_eq!((err.status.as_u16(), err.code), (403, "forbidden"));
        let staff = Caller::Staff(Staff {
            user_id: "u1".into(),
            company_id: "c1".into(),
            role: api_types::Role::SalesRep,
            session_id: "s1".into(),
            request_id: "r1".into(),
        });
        assert!(staff.require_scope(ApiKeyScope::LeadsWrite).is_ok());
        assert_eq!(staff.principal(), "staff:u1");
        assert_eq!(staff.audit().actor_kind, "staff");
    }

    #[test]
    fn a_key_acts_and_stores_idempotent_responses_as_itself() {
        let caller = key(vec![]);
        assert_eq!(caller.principal(), "key:k1");
        assert_eq!(caller.company_id(), "c1");
        let ctx = caller.audit();
        assert_eq!(ctx.actor_kind, "integration");
        assert_eq!(ctx.actor_id.as_deref(), Some("k1"));
        assert!(caller.staff().is_none());
    }
}
