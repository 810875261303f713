//! Sessions and their rotating refresh tokens, for staff users and for owners.
//!
//! A session is one sign-in; each refresh spends the current refresh token and
//! issues the next one in the same session (the "family"). Presenting a spent
//! token again means it was stolen or replayed: the whole session is revoked.
//!
//! A session belongs to exactly one [`Subject`]: a staff user or an owner (a
//! customer signed in through the mini-program). Every function that reads a
//! session by its refresh token takes the [`Audience`] it serves, so an owner's
//! refresh token never yields a staff token and the reverse.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::tokens::{hash_refresh_token, new_refresh_token, REFRESH_TTL_DAYS};
use crate::db::{self, DbConn};
use crate::schema::{customers, refresh_tokens, sessions, users};

/// Who a session belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Audience {
    /// Staff users (`users`).
    Staff,
    /// Owners (`customers`), through the mini-program.
    Owner,
}

impl Audience {
    /// The `actor_kind` of audit records and the entity type of the subject.
    fn audit_names(self) -> (&'static str, &'static str) {
        match self {
            Audience::Staff => ("staff", "user"),
            Audience::Owner => ("owner", "customer"),
        }
    }
}

/// Starts a staff session and returns `(session id, refresh token)`.
pub fn start(conn: &mut DbConn, user_id: &str) -> QueryResult<(String, String)> {
    start_for(conn, Audience::Staff, user_id)
}

/// Starts a session of `subject_id` (a user id for staff, a customer id for
/// owners) and returns `(session id, refresh token)`.
pub fn start_for(
    conn: &mut DbConn,
    audience: Audience,
    subject_id: &str,
) -> QueryResult<(String, String)> {
    let sid = db::new_id();
    let (user_id, customer_id) = match audience {
        Audience::Staff => (Some(subject_id), None),
        Audience::Owner => (None, Some(subject_id)),
    };
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&sid),
            sessions::user_id.eq(user_id),
            sessions::customer_id.eq(customer_id),
            sessions::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    let token = add_refresh_token(conn, &sid)?;
    Ok((sid, token))
}

fn add_refresh_token(conn: &mut DbConn, sid: &str) -> QueryResult<String> {
    let token = new_refresh_token();
    let now = db::now();
    diesel::insert_into(refresh_tokens::table)
        .values((
            refresh_tokens::id.eq(db::new_id()),
            refresh_tokens::session_id.eq(sid),
            refresh_tokens::token_hash.eq(hash_refresh_token(&token)),
            refresh_tokens::expires_at.eq(now + Duration::days(REFRESH_TTL_DAYS)),
            refresh_tokens::created_at.eq(now),
        ))
        .execute(conn)?;
    Ok(token)
}

/// The subject of a session of `audience`: `(subject id, company id, still allowed)`.
///
/// Staff are allowed while enabled; owners while their customer record has
/// not been merged into another (they sign in again and reach the survivor).
fn subject_of(
    conn: &mut DbConn,
    audience: Audience,
    sid: &str,
) -> QueryResult<Option<(String, String, bool)>> {
    match audience {
        Audience::Staff => sessions::table
            .inner_join(users::table)
            .filter(sessions::id.eq(sid))
            .select((users::id, users::company_id, users::disabled))
            .first::<(String, String, bool)>(conn)
            .optional()
            .map(|r| r.map(|(id, cid, disabled)| (id, cid, !disabled))),
        Audience::Owner => sessions::table
            .inner_join(customers::table)
            .filter(sessions::id.eq(sid))
            .select((customers::id, customers::company_id, customers::merged_into))
            .first::<(String, String, Option<String>)>(conn)
            .optional()
            .map(|r| r.map(|(id, cid, merged)| (id, cid, merged.is_none()))),
    }
}

/// The outcome of presenting a refresh token.
#[derive(Debug)]
pub enum Rotation {
    /// A fresh pair: `(subject id, company id, session id, new refresh token)`;
    /// the subject is the user (staff) or the customer (owners).
    Rotated(String, String, String, String),
    /// Unknown, expired, or its session has ended.
    Invalid,
    /// The token was already spent: the session is now revoked.
    Reused,
}

/// Spends a staff refresh token and issues the next, detecting reuse. Call in a write transaction.
pub fn rotate(conn: &mut DbConn, token: &str) -> QueryResult<Rotation> {
    rotate_for(conn, Audience::Staff, token)
}

/// Spends a refresh token of `audience` and issues the next, detecting reuse.
/// A token of another audience is [`Rotation::Invalid`]. Call in a write transaction.
pub fn rotate_for(conn: &mut DbConn, audience: Audience, token: &str) -> QueryResult<Rotation> {
    let now = db::now();
    let hash = hash_refresh_token(token);
    type Row = (
        String,
        String,
        Option<NaiveDateTime>,
        NaiveDateTime,
        Option<NaiveDateTime>,
    );
    let row: Option<Row> = refresh_tokens::table
        .inner_join(sessions::table)
        .filter(refresh_tokens::token_hash.eq(&hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::session_id,
            refresh_tokens::used_at,
            refresh_tokens::expires_at,
            sessions::revoked_at,
        ))
        .first(conn)
        .optional()?;
    let Some((rt_id, sid, used_at, expires_at, revoked_at)) = row else {
        return Ok(Rotation::Invalid);
    };
    let Some((subject, cid, allowed)) = subject_of(conn, audience, &sid)? else {
        return Ok(Rotation::Invalid);
    };
    if revoked_at.is_some() || !allowed || expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    if used_at.is_some() {
        revoke_for_reuse(conn, audience, &sid, &subject, &cid)?;
        return Ok(Rotation::Reused);
    }
    // Conditional update: of two concurrent refreshes with one token, only one spends it.
    let spent = diesel::update(
        refresh_tokens::table
            .filter(refresh_tokens::id.eq(&rt_id))
            .filter(refresh_tokens::used_at.is_null()),
    )
    .set(refresh_tokens::used_at.eq(now))
    .execute(conn)?;
    if spent == 0 {
        revoke_for_reuse(conn, audience, &sid, &subject, &cid)?;
        return Ok(Rotation::Reused);
    }
    let next = add_refresh_token(conn, &sid)?;
    Ok(Rotation::Rotated(subject, cid, sid, next))
}

/// Ends a session whose refresh token was presented twice, with an audit record.
fn revoke_for_reuse(
    conn: &mut DbConn,
    audience: Audience,
    sid: &str,
    subject: &str,
    cid: &str,
) -> QueryResult<()> {
    revoke(conn, sid, "refresh_token_reuse")?;
    let (actor_kind, entity_type) = audience.audit_names();
    let ctx = crate::audit::AuditCtx {
        company_id: cid.to_string(),
        actor_id: Some(subject.to_string()),
        actor_kind,
        request_id: Some(crate::request_id::current()),
    };
    let detail = serde_json::json!({"session_id": sid, "reason": "refresh_token_reuse"});
    crate::audit::record(
        conn,
        &ctx,
        "session.revoke",
        entity_type,
        subject,
        None,
        Some(detail),
    )
}

/// Ends one session.
pub fn revoke(conn: &mut DbConn, sid: &str, reason: &str) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .filter(sessions::id.eq(sid))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(db::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
    .map(|_| ())
}

/// Ends every session of a user (disable, password change).
pub fn revoke_all(conn: &mut DbConn, user_id: &str, reason: &str) -> QueryResult<()> {
    diesel::update(
        sessions::table
            .filter(sessions::user_id.eq(user_id))
            .filter(sessions::revoked_at.is_null()),
    )
    .set((
        sessions::revoked_at.eq(db::now()),
        sessions::revoked_reason.eq(reason),
    ))
    .execute(conn)
    .map(|_| ())
}

/// The staff session a refresh token belongs to: `(session, user, company)`.
pub fn session_of(conn: &mut DbConn, token: &str) -> QueryResult<Option<(String, String, String)>> {
    session_of_for(conn, Audience::Staff, token)
}

/// The session of `audience` a refresh token belongs to: `(session, subject, company)`.
pub fn session_of_for(
    conn: &mut DbConn,
    audience: Audience,
    token: &str,
) -> QueryResult<Option<(String, String, String)>> {
    let sid: Option<String> = refresh_tokens::table
        .filter(refresh_tokens::token_hash.eq(hash_refresh_token(token)))
        .select(refresh_tokens::session_id)
        .first(conn)
        .optional()?;
    let Some(sid) = sid else { return Ok(None) };
    Ok(subject_of(conn, audience, &sid)?.map(|(subject, cid, _)| (sid, subject, cid)))
}
