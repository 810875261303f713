//! The message outbox: every message the system sends goes through one table
//! and one function, [`enqueue`], called inside the caller's transaction (so a
//! message exists exactly when the business change that caused it commits).
//!
//! Delivery is a step of the jobs sweep ([`deliver::deliver_due`]): due
//! messages are claimed (exactly once, however many processes run the sweep),
//! handed to the configured [`Sender`], and marked `sent`, `recorded`, retried
//! later with exponential backoff, or `failed`. The recipient is stored
//! encrypted (personal_data) with a blind index; admins list the outbox at
//! `GET /api/v1/outbox`.
//!
//! Senders ([`sender`]): [`RecordingSender`] (the default) keeps messages in the
//! outbox only, as `recorded`; [`HttpSmsSender`] POSTs them to an SMS gateway
//! (`ESTATE_CRM_SMS_GATEWAY_URL`). Other issues (delivery notices, visit
//! reminders, milestone notices) enqueue through [`enqueue`] with their own
//! `purpose`.

pub mod deliver;
pub mod handlers;
pub mod sender;

use api_types::{OutboxChannel, OutboxMessage, OutboxStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use crate::db::{self, DbConn, MultiBackend};
use crate::personal_data::PersonalData;
use crate::schema::outbox_messages;

pub use deliver::{deliver_due, DeliveryReport};
pub use sender::{HttpSmsSender, Outgoing, RecordingSender, SendError, SendOutcome, Sender};

/// Blind-index kind of outbox recipients (the same normalised phone as customers').
pub const RECIPIENT: &str = "phone";

/// Registers the outbox endpoints.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_outbox);
}

/// A message to enqueue.
#[derive(Debug, Clone)]
pub struct NewMessage<'a> {
    /// The company on whose behalf it is sent.
    pub company_id: &'a str,
    /// Channel (SMS).
    pub channel: OutboxChannel,
    /// Recipient in clear (a normalised mainland mobile); stored encrypted.
    pub recipient: &'a str,
    /// What it is for (its template), e.g. `owner_login_code`, `handover_notice`.
    pub purpose: &'a str,
    /// The text to send.
    pub body: &'a str,
    /// The body holds a secret (a one-time code): masked when listed in production.
    pub confidential: bool,
    /// After this it is no longer worth sending (marked `failed`, not sent).
    pub expires_at: Option<NaiveDateTime>,
}

/// Enqueues a message for delivery and returns its id. Call inside the
/// transaction of the change that causes the message.
pub fn enqueue(conn: &mut DbConn, pd: &PersonalData, msg: &NewMessage) -> QueryResult<String> {
    let id = db::new_id();
    let now = db::now();
    diesel::insert_into(outbox_messages::table)
        .values((
            outbox_messages::id.eq(&id),
            outbox_messages::company_id.eq(msg.company_id),
            outbox_messages::channel.eq(msg.channel.as_str()),
            outbox_messages::recipient_enc.eq(pd.encrypt(msg.recipient)),
            outbox_messages::recipient_bidx.eq(pd.blind_index(RECIPIENT, msg.recipient)),
            outbox_messages::purpose.eq(msg.purpose),
            outbox_messages::body.eq(msg.body),
            outbox_messages::confidential.eq(msg.confidential),
            outbox_messages::status.eq(OutboxStatus::Pending.as_str()),
            outbox_messages::attempts.eq(0),
            outbox_messages::next_attempt_at.eq(now),
            outbox_messages::expires_at.eq(msg.expires_at),
            outbox_messages::created_at.eq(now),
            outbox_messages::updated_at.eq(now),
        ))
        .execute(conn)?;
    Ok(id)
}

/// A message to a recipient already stored encrypted elsewhere (a
/// customer's `phone_enc` and `phone_bidx`, under the same keys): no
/// decryption is needed to enqueue it, so sweeps can send set-based.
#[derive(Debug, Clone)]
pub struct SealedMessage {
    /// The company on whose behalf it is sent.
    pub company_id: String,
    /// Encrypted recipient (as stored for the customer).
    pub recipient_enc: String,
    /// Blind index of the recipient (kind [`RECIPIENT`]).
    pub recipient_bidx: String,
    /// What it is for, e.g. `handover_notice`.
    pub purpose: &'static str,
    /// The text to send.
    pub body: String,
    /// After this it is no longer worth sending.
    pub expires_at: Option<NaiveDateTime>,
}

/// Enqueues many SMS to already-encrypted recipients in few statements;
/// returns how many. Call inside the transaction of the change that causes them.
pub fn enqueue_sealed(conn: &mut DbConn, msgs: &[SealedMessage]) -> QueryResult<usize> {
    let now = db::now();
    let rows: Vec<_> = msgs
        .iter()
        .map(|m| {
            (
                outbox_messages::id.eq(db::new_id()),
                outbox_messages::company_id.eq(m.company_id.clone()),
                outbox_messages::channel.eq(OutboxChannel::Sms.as_str()),
                outbox_messages::recipient_enc.eq(m.recipient_enc.clone()),
                outbox_messages::recipient_bidx.eq(m.recipient_bidx.clone()),
                outbox_messages::purpose.eq(m.purpose),
                outbox_messages::body.eq(m.body.clone()),
                outbox_messages::confidential.eq(false),
                outbox_messages::status.eq(OutboxStatus::Pending.as_str()),
                outbox_messages::attempts.eq(0),
                outbox_messages::next_attempt_at.eq(now),
                outbox_messages::expires_at.eq(m.expires_at),
                outbox_messages::created_at.eq(now),
                outbox_messages::updated_at.eq(now),
            )
        })
        .collect();
    let mut n = 0;
    for chunk in rows.chunks(200) {
        n += crate::batch_insert!(&mut *conn, outbox_messages::table, chunk.to_vec())?;
    }
    Ok(n)
}

/// A stored message.
/// Fields in table order: load with `outbox_messages::all_columns`.
#[derive(Debug, Clone, Queryable)]
pub struct Row {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Channel.
    pub channel: String,
    /// Encrypted recipient.
    pub recipient_enc: String,
    /// Blind index of the recipient.
    pub recipient_bidx: String,
    /// Purpose.
    pub purpose: String,
    /// Text.
    pub body: String,
    /// Holds a secret.
    pub confidential: bool,
    /// Status.
    pub status: String,
    /// Attempts so far.
    pub attempts: i32,
    /// Next attempt due.
    pub next_attempt_at: NaiveDateTime,
    /// Not worth sending after.
    pub expires_at: Option<NaiveDateTime>,
    /// Last error.
    pub last_error: Option<String>,
    /// Sender that handled it.
    pub sender: Option<String>,
    /// Sent or recorded at.
    pub sent_at: Option<NaiveDateTime>,
    /// Enqueued at.
    pub created_at: NaiveDateTime,
    /// Last changed at.
    pub updated_at: NaiveDateTime,
}

impl Row {
    /// The admin's view: recipient masked; a confidential body's digits masked
    /// unless `show_secrets` (development).
    pub fn view(&self, pd: &PersonalData, show_secrets: bool) -> OutboxMessage {
        let recipient = pd.masked_phone(&self.recipient_enc);
        let body = if self.confidential && !show_secrets {
            mask_digits(&self.body)
        } else {
            self.body.clone()
        };
        OutboxMessage {
            id: self.id.clone(),
            channel: OutboxChannel::parse(&self.channel).unwrap_or(OutboxChannel::Sms),
            recipient_masked: recipient,
            purpose: self.purpose.clone(),
            body,
            confidential: self.confidential,
            status: OutboxStatus::parse(&self.status).unwrap_or(OutboxStatus::Pending),
            attempts: self.attempts,
            next_attempt_at: db::utc(self.next_attempt_at),
            expires_at: self.expires_at.map(db::utc),
            last_error: self.last_error.clone(),
            sender: self.sender.clone(),
            sent_at: self.sent_at.map(db::utc),
            created_at: db::utc(self.created_at),
        }
    }
}

/// Days a finished (sent, recorded, failed) message is kept.
pub const RETENTION_DAYS: i64 = 30;

/// Forgets finished messages older than [`RETENTION_DAYS`] (retention purge).
pub fn purge(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<usize> {
    diesel::delete(
        outbox_messages::table
            .filter(outbox_messages::status.ne(OutboxStatus::Pending.as_str()))
            .filter(outbox_messages::updated_at.lt(now - chrono::Duration::days(RETENTION_DAYS))),
    )
    .execute(conn)
}

/// Replaces every digit with `*` (one-time codes in production listings).
pub fn mask_digits(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii_digit() { '*' } else { c })
        .collect()
}

/// One page of a company's outbox, newest first, optionally of one status.
pub fn list(
    conn: &mut DbConn,
    company_id: &str,
    status: Option<OutboxStatus>,
    before: Option<&str>,
    limit: i64,
) -> QueryResult<Vec<Row>> {
    let mut q = outbox_messages::table
        .filter(outbox_messages::company_id.eq(company_id.to_string()))
        .select(outbox_messages::all_columns)
        .order(outbox_messages::id.desc())
        .limit(limit)
        .into_boxed::<MultiBackend>();
    if let Some(s) = status {
        q = q.filter(outbox_messages::status.eq(s.as_str()));
    }
    if let Some(b) = before {
        q = q.filter(outbox_messages::id.lt(b.to_string()));
    }
    q.load(conn)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_masked_digit_by_digit() {
        assert_eq!(
            mask_digits("您的登录验证码为 123456,5分钟内有效。"),
            "您的登录验证码为 ******,*分钟内有效。"
        );
    }
}
