//! Sessions and their rotating refresh tokens.
//!
//! A session is one sign-in; each refresh spends the current refresh token and
//! issues the next one in the same session (the "family"). Presenting a spent
//! token again means it was stolen or replayed: the whole session is revoked.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use super::tokens::{hash_refresh_token, new_refresh_token, REFRESH_TTL_DAYS};
use crate::db::{self, DbConn};
use crate::schema::{refresh_tokens, sessions, users};

/// Starts a session and returns `(session id, refresh token)`.
pub fn start(conn: &mut DbConn, user_id: &str) -> QueryResult<(String, String)> {
    let sid = db::new_id();
    diesel::insert_into(sessions::table)
        .values((
            sessions::id.eq(&sid),
            sessions::user_id.eq(user_id),
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

/// The outcome of presenting a refresh token.
#[derive(Debug)]
pub enum Rotation {
    /// A fresh pair: `(user id, company id, session id, new refresh token)`.
    Rotated(String, String, String, String),
    /// Unknown, expired, or its session has ended.
    Invalid,
    /// The token was already spent: the session is now revoked.
    Reused,
}

/// Spends a refresh token and issues the next, detecting reuse. Call in a write transaction.
pub fn rotate(conn: &mut DbConn, token: &str) -> QueryResult<Rotation> {
    let now = db::now();
    let hash = hash_refresh_token(token);
    type Row = (
        String,
        String,
        Option<NaiveDateTime>,
        NaiveDateTime,
        Option<NaiveDateTime>,
        String,
        String,
        bool,
    );
    let row: Option<Row> = refresh_tokens::table
        .inner_join(sessions::table.inner_join(users::table))
        .filter(refresh_tokens::token_hash.eq(&hash))
        .select((
            refresh_tokens::id,
            refresh_tokens::session_id,
            refresh_tokens::used_at,
            refresh_tokens::expires_at,
            sessions::revoked_at,
            users::id,
            users::company_id,
            users::disabled,
        ))
        .first(conn)
        .optional()?;
    let Some((rt_id, sid, used_at, expires_at, revoked_at, uid, cid, disabled)) = row else {
        return Ok(Rotation::Invalid);
    };
    if revoked_at.is_some() || disabled || expires_at <= now {
        return Ok(Rotation::Invalid);
    }
    if used_at.is_some() {
        revoke_for_reuse(conn, &sid, &uid, &cid)?;
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
        revoke_for_reuse(conn, &sid, &uid, &cid)?;
        return Ok(Rotation::Reused);
    }
    let next = add_refresh_token(conn, &sid)?;
    Ok(Rotation::Rotated(uid, cid, sid, next))
}

/// Ends a session whose refresh token was presented twice, with an audit record.
fn revoke_for_reuse(conn: &mut DbConn, sid: &str, uid: &str, cid: &str) -> QueryResult<()> {
    revoke(conn, sid, "refresh_token_reuse")?;
    let ctx = crate::audit::AuditCtx {
        company_id: cid.to_string(),
        actor_id: Some(uid.to_string()),
        actor_kind: "staff",
        request_id: Some(crate::request_id::current()),
    };
    let detail = serde_json::json!({"session_id": sid, "reason": "refresh_token_reuse"});
    crate::audit::record(
        conn,
        &ctx,
        "session.revoke",
        "user",
        uid,
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

/// The session a refresh token belongs to, with its user and company.
pub fn session_of(conn: &mut DbConn, token: &str) -> QueryResult<Option<(String, String, String)>> {
    refresh_tokens::table
        .inner_join(sessions::table.inner_join(users::table))
        .filter(refresh_tokens::token_hash.eq(hash_refresh_token(token)))
        .select((refresh_tokens::session_id, users::id, users::company_id))
        .first(conn)
        .optional()
}
