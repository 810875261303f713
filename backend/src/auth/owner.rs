//! The [`Owner`] extractor: an owner (业主) signed in through the mini-program.
//!
//! Owner tokens carry their own audience ([`OWNER_AUDIENCE`]), so they are
//! refused by every staff extractor ([`super::Staff`], [`super::RequireRole`],
//! [`super::Caller`]) and staff tokens are refused here: 401 both ways. As for
//! staff, the session and the customer are re-read on every request, so
//! logout, a revoked session or a merged customer record end access at once.
//!
//! A handler that takes `Owner` must scope every query by
//! `owner.customer_id` **and** `owner.company_id`: there is no other
//! parameter an owner can use to reach someone else's record.

use std::future::Future;
use std::pin::Pin;

use actix_web::dev::Payload;
use actix_web::{web, FromRequest, HttpMessage, HttpRequest};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::principal::bearer;
use super::tokens::OWNER_AUDIENCE;
use crate::audit::AuditCtx;
use crate::db;
use crate::error::ApiError;
use crate::request_id::RequestId;
use crate::schema::{customers, sessions};
use crate::state::AppState;

/// A signed-in owner: a customer of one company.
#[derive(Debug, Clone)]
pub struct Owner {
    /// The owner's customer id: every `/me` query is limited to it.
    pub customer_id: String,
    /// The company the owner signed into.
    pub company_id: String,
    /// Session id.
    pub session_id: String,
    /// Request id, for audit records.
    pub request_id: String,
}

impl Owner {
    /// The audit context of writes the owner makes (`actor_kind` `owner`).
    pub fn audit(&self) -> AuditCtx {
        AuditCtx {
            company_id: self.company_id.clone(),
            actor_id: Some(self.customer_id.clone()),
            actor_kind: "owner",
            request_id: Some(self.request_id.clone()),
        }
    }
}

fn unauthenticated() -> ApiError {
    ApiError::unauthorized("unauthenticated", "a valid owner bearer token is required")
}

impl FromRequest for Owner {
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
                .and_then(|t| state.tokens.verify_for(OWNER_AUDIENCE, &t))
                .ok_or_else(unauthenticated)?;
            let sid = claims.sid.clone();
            type Row = (String, String, Option<String>, Option<NaiveDateTime>);
            let row: Option<Row> = db::run(&state.pool, move |conn| {
                Ok(sessions::table
                    .inner_join(customers::table)
                    .filter(sessions::id.eq(&sid))
                    .select((
                        customers::id,
                        customers::company_id,
                        customers::merged_into,
                        sessions::revoked_at,
                    ))
                    .first(conn)
                    .optional()?)
            })
            .await?;
            let (customer_id, company_id, merged_into, revoked_at) =
                row.ok_or_else(unauthenticated)?;
            if customer_id != claims.sub || company_id != claims.cid {
                return Err(unauthenticated());
            }
            if merged_into.is_some() || revoked_at.is_some() {
                return Err(ApiError::unauthorized(
                    "session_ended",
                    "this session has ended; sign in again",
                ));
            }
            Ok(Owner {
                customer_id,
                company_id,
                session_id: claims.sid,
                request_id,
            })
        })
    }
}
