//! Owners' one-time login codes: issuing (rate-limited, sent through the
//! outbox) and verifying (limited attempts, single use).
//!
//! * A code is 6 random digits, valid [`CODE_TTL_SECS`], stored only as a keyed
//!   hash (HMAC with the blind-index key, salted with the code's id). Only the
//!   newest code of a phone counts; requesting another supersedes it.
//! * Each verification counts an attempt before comparing; after
//!   [`MAX_ATTEMPTS`] the code is dead. A correct code is spent at once.
//! * Requests are limited per phone (one per `code_interval_secs`, at most
//!   `codes_per_phone_hour`) and per client address (`codes_per_ip_hour`)
//!   with the login-throttle counters. The phone is counted whether or not it
//!   belongs to a customer, and a code row is written either way: the answer,
//!   the limits and the work are the same, so nothing reveals who is a
//!   customer. Only a customer's phone gets a message in the outbox (on
//!   behalf of the company it signs into by default, below).
//! * Which company: a phone may be a customer of several companies (the
//!   blind index is installation-wide). The verify request may name the
//!   company (a developer's mini-program always should); without it the owner
//!   signs into the company where the phone became a customer most recently.
//!   A customer record merged into another signs in as the survivor.

use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;
use rand::Rng;

use crate::auth::sessions::{self, Audience};
use crate::auth::throttle;
use crate::config::OwnerLoginConfig;
use crate::db::{self, DbConn};
use crate::outbox::{self, NewMessage};
use crate::personal_data::PersonalData;
use crate::schema::{companies, customers, owner_login_codes};

/// Seconds a code stays valid.
pub const CODE_TTL_SECS: i64 = 5 * 60;
/// Verification attempts per code.
pub const MAX_ATTEMPTS: i32 = 5;
/// The outbox purpose of login codes.
pub const PURPOSE: &str = "owner_login_code";
/// Blind-index kind of phones (the customers' index).
const PHONE: &str = crate::customers::queries::PHONE;
/// Blind-index kind (domain) of code hashes.
const CODE: &str = "owner_login_code";

/// The throttle key counting code requests of a client address.
pub fn ip_key(ip: &str) -> String {
    format!("owner-code-ip:{ip}")
}

/// The throttle key counting failed verifications of a client address.
pub fn verify_ip_key(ip: &str) -> String {
    format!("owner-verify-ip:{ip}")
}

fn code_hash(pd: &PersonalData, id: &str, code: &str) -> String {
    pd.blind_index(CODE, &format!("{id}:{code}"))
}

/// Compares without stopping at the first difference.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
}

/// Issues a code for `phone` (normalised) unless a limit is reached:
/// `Ok(None)` accepted, `Ok(Some(secs))` refused for `secs`. Call in a write
/// transaction that commits in both cases (the counts must stick).
pub fn request(
    conn: &mut DbConn,
    pd: &PersonalData,
    limits: &OwnerLoginConfig,
    phone: &str,
    ip: &str,
    now: NaiveDateTime,
) -> QueryResult<Option<i64>> {
    let bidx = pd.blind_index(PHONE, phone);
    let hour = Duration::hours(1);
    let checks = [
        (ip_key(ip), limits.codes_per_ip_hour, hour),
        (
            format!("owner-code-phone:{bidx}"),
            1,
            Duration::seconds(limits.code_interval_secs),
        ),
        (
            format!("owner-code-phone-hour:{bidx}"),
            limits.codes_per_phone_hour,
            hour,
        ),
    ];
    for (key, limit, window) in checks {
        if let Some(secs) = throttle::hit(conn, &key, limit, window, now)? {
            return Ok(Some(secs));
        }
    }
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let id = db::new_id();
    let expires_at = now + Duration::seconds(CODE_TTL_SECS);
    diesel::insert_into(owner_login_codes::table)
        .values((
            owner_login_codes::id.eq(&id),
            owner_login_codes::phone_bidx.eq(&bidx),
            owner_login_codes::code_hash.eq(code_hash(pd, &id, &code)),
            owner_login_codes::attempts.eq(0),
            owner_login_codes::expires_at.eq(expires_at),
            owner_login_codes::created_at.eq(now),
        ))
        .execute(conn)?;
    if let Some((_, company_id, company_name)) = owner_for_phone(conn, &bidx, None)? {
        let body = format!(
            "【{company_name}】您的业主登录验证码为 {code},{} 分钟内有效。请勿告诉他人。",
            CODE_TTL_SECS / 60
        );
        outbox::enqueue(
            conn,
            pd,
            &NewMessage {
                company_id: &company_id,
                channel: api_types::OutboxChannel::Sms,
                recipient: phone,
                purpose: PURPOSE,
                body: &body,
                confidential: true,
                expires_at: Some(expires_at),
            },
        )?;
    }
    Ok(None)
}

/// The customer a phone signs into: `(customer id, company id, company name)`,
/// in `company_id` if given, else the company where the phone became a
/// customer most recently. A record merged into another resolves to the
/// survivor (the same person), as the customers' own phone lookup does.
fn owner_for_phone(
    conn: &mut DbConn,
    bidx: &str,
    company_id: Option<&str>,
) -> QueryResult<Option<(String, String, String)>> {
    let mut q = customers::table
        .filter(customers::phone_bidx.eq(bidx.to_string()))
        .select((customers::id, customers::company_id))
        .order((customers::created_at.desc(), customers::id.desc()))
        .into_boxed::<db::MultiBackend>();
    if let Some(c) = company_id {
        q = q.filter(customers::company_id.eq(c.to_string()));
    }
    let Some((id, company_id)) = q.first::<(String, String)>(conn).optional()? else {
        return Ok(None);
    };
    let id = crate::customers::queries::surviving(conn, id)?;
    let name: String = companies::table
        .find(&company_id)
        .select(companies::name)
        .first(conn)?;
    Ok(Some((id, company_id, name)))
}

/// A signed-in owner: `(customer id, company id, session id, refresh token)`.
pub type SignedIn = (String, String, String, String);

/// Checks a code and, when right, spends it and starts an owner session.
/// `Ok(None)` for every failure alike (wrong, expired, used up, superseded,
/// or a phone that is no customer). Call in a write transaction that commits
/// in both cases (the attempt must count).
pub fn verify(
    conn: &mut DbConn,
    pd: &PersonalData,
    phone: &str,
    code: &str,
    company_id: Option<&str>,
    now: NaiveDateTime,
) -> QueryResult<Option<SignedIn>> {
    let bidx = pd.blind_index(PHONE, phone);
    type Row = (String, String, i32, NaiveDateTime, Option<NaiveDateTime>);
    let newest: Option<Row> = owner_login_codes::table
        .filter(owner_login_codes::phone_bidx.eq(&bidx))
        .order(owner_login_codes::id.desc())
        .select((
            owner_login_codes::id,
            owner_login_codes::code_hash,
            owner_login_codes::attempts,
            owner_login_codes::expires_at,
            owner_login_codes::used_at,
        ))
        .first(conn)
        .optional()?;
    let Some((id, hash, attempts, expires_at, used_at)) = newest else {
        return Ok(None);
    };
    if used_at.is_some() || expires_at <= now || attempts >= MAX_ATTEMPTS {
        return Ok(None);
    }
    // Count the attempt first (conditionally: concurrent guesses cannot exceed the limit).
    let counted = diesel::update(
        owner_login_codes::table
            .filter(owner_login_codes::id.eq(&id))
            .filter(owner_login_codes::attempts.lt(MAX_ATTEMPTS))
            .filter(owner_login_codes::used_at.is_null()),
    )
    .set(owner_login_codes::attempts.eq(owner_login_codes::attempts + 1))
    .execute(conn)?;
    if counted == 0 || !same(&hash, &code_hash(pd, &id, code)) {
        return Ok(None);
    }
    let spent = diesel::update(
        owner_login_codes::table
            .filter(owner_login_codes::id.eq(&id))
            .filter(owner_login_codes::used_at.is_null()),
    )
    .set(owner_login_codes::used_at.eq(now))
    .execute(conn)?;
    if spent == 0 {
        return Ok(None);
    }
    let Some((customer_id, company_id, _)) = owner_for_phone(conn, &bidx, company_id)? else {
        return Ok(None);
    };
    let (sid, refresh) = sessions::start_for(conn, Audience::Owner, &customer_id)?;
    let ctx = crate::audit::AuditCtx {
        company_id: company_id.clone(),
        actor_id: Some(customer_id.clone()),
        actor_kind: "owner",
        request_id: Some(crate::request_id::current()),
    };
    crate::audit::record(
        conn,
        &ctx,
        "session.login",
        "customer",
        &customer_id,
        None,
        None,
    )?;
    Ok(Some((customer_id, company_id, sid, refresh)))
}

/// Forgets codes that expired more than a day ago (retention purge).
pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        owner_login_codes::table.filter(owner_login_codes::expires_at.lt(now - Duration::days(1))),
    )
    .execute(conn)
}

#[cfg(test)]
mod tests {
    use super::same;

    #[test]
    fn comparison_needs_every_character() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "ab"));
    }
}
