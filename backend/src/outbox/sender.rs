//! Pluggable senders: what actually delivers an outbox message.
//!
//! A [`Sender`] takes one message and says what happened to it: delivered
//! ([`SendOutcome::Sent`]), kept in the outbox only ([`SendOutcome::Recorded`]),
//! or an error that is worth retrying or not ([`SendError`]). Retries, backoff
//! and bookkeeping are the delivery step's ([`super::deliver`]), not the sender's.

use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use crate::config::{Config, Environment, SmsGatewayConfig};

/// A message handed to a sender, recipient decrypted.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Outbox id: gateways get it as an idempotency key, so a retry after a
    /// lost answer cannot send twice.
    pub id: String,
    /// Channel (`sms`).
    pub channel: String,
    /// Recipient in clear (normalised mainland mobile).
    pub recipient: String,
    /// Purpose (template).
    pub purpose: String,
    /// Text.
    pub body: String,
}

/// What a sender did with a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendOutcome {
    /// Handed to the carrier (status `sent`).
    Sent,
    /// Kept in the outbox only (status `recorded`).
    Recorded,
}

/// Why a message was not delivered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SendError {
    /// Temporary (network, timeout, 5xx, 429): try again later.
    #[error("temporary: {0}")]
    Retry(String),
    /// Refused for good (4xx): retrying cannot help.
    #[error("permanent: {0}")]
    Permanent(String),
}

/// The future a sender returns.
pub type SendFuture<'a> = Pin<Box<dyn Future<Output = Result<SendOutcome, SendError>> + Send + 'a>>;

/// Delivers outbox messages. Implementations must be cheap to share: one
/// instance lives in the application state for the whole process.
pub trait Sender: Send + Sync {
    /// Stored in `outbox_messages.sender`: which sender handled a message.
    fn name(&self) -> &'static str;

    /// Tries to deliver one message.
    fn send<'a>(&'a self, msg: &'a Outgoing) -> SendFuture<'a>;
}

/// The sender the configuration asks for: the SMS gateway when
/// `ESTATE_CRM_SMS_GATEWAY_URL` is set, else [`RecordingSender`] (with a
/// warning in production, where nobody would receive the messages).
pub fn from_config(cfg: &Config) -> Result<Arc<dyn Sender>, String> {
    Ok(match &cfg.outbox.sms_gateway {
        Some(g) => Arc::new(HttpSmsSender::new(g)?),
        None => {
            if cfg.environment == Environment::Production {
                log::warn!(
                    "no SMS gateway (ESTATE_CRM_SMS_GATEWAY_URL): outgoing messages, \
                     owners' login codes included, are only recorded in the outbox"
                );
            }
            Arc::new(RecordingSender)
        }
    })
}

/// The default sender: keeps every message in the outbox (status `recorded`),
/// where admins read it (`GET /api/v1/outbox`). Nothing leaves the system.
#[derive(Debug, Clone, Copy, Default)]
pub struct RecordingSender;

impl Sender for RecordingSender {
    fn name(&self) -> &'static str {
        "record"
    }

    fn send<'a>(&'a self, _msg: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async { Ok(SendOutcome::Recorded) })
    }
}

/// Sends SMS through an HTTP gateway: `POST <url>` with
/// `Authorization: Bearer <token>`, `Idempotency-Key: <message id>` and the JSON
/// `{"message_id", "channel", "to", "text", "purpose"}` (`to` as `+86…`).
///
/// 2xx is sent; 408, 429 and 5xx, timeouts and connection errors are retried;
/// any other status is a permanent failure. The response body is never logged
/// or stored (it may echo the text).
#[derive(Clone)]
pub struct HttpSmsSender {
    url: String,
    token: String,
    client: reqwest::Client,
}

impl HttpSmsSender {
    /// A sender for the configured gateway.
    pub fn new(cfg: &SmsGatewayConfig) -> Result<HttpSmsSender, String> {
        let client = reqwest::Client::builder()
            .timeout(Duration::from_secs(cfg.timeout_secs.max(1)))
            // No idle connections kept: the sender is shared by every runtime
            // of the process, and a pooled connection belongs to the one that
            // opened it.
            .pool_max_idle_per_host(0)
            .build()
            .map_err(|e| format!("SMS gateway client: {e}"))?;
        Ok(HttpSmsSender {
            url: cfg.url.clone(),
            token: cfg.token.clone(),
            client,
        })
    }
}

/// How a gateway's HTTP status is read.
pub fn classify(status: u16) -> Result<SendOutcome, SendError> {
    match status {
        200..=299 => Ok(SendOutcome::Sent),
        408 | 429 | 500..=599 => Err(SendError::Retry(format!("gateway answered {status}"))),
        _ => Err(SendError::Permanent(format!("gateway answered {status}"))),
    }
}

impl Sender for HttpSmsSender {
    fn name(&self) -> &'static str {
        "sms_gateway"
    }

    fn send<'a>(&'a self, msg: &'a Outgoing) -> SendFuture<'a> {
        Box::pin(async move {
            let body = serde_json::json!({
                "message_id": msg.id,
                "channel": msg.channel,
                "to": format!("+86{}", msg.recipient),
                "text": msg.body,
                "purpose": msg.purpose,
            });
            let res = self
                .client
                .post(&self.url)
                .bearer_auth(&self.token)
                .header("Idempotency-Key", &msg.id)
                .json(&body)
                .send()
                .await
                // Without the URL: the error text must not carry the token or the text.
                .map_err(|e| SendError::Retry(describe(&e)))?;
            classify(res.status().as_u16())
        })
    }
}

fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "gateway timed out".into()
    } else if e.is_connect() {
        "gateway unreachable".into()
    } else {
        "gateway request failed".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_statuses_decide_between_sent_retry_and_give_up() {
        assert_eq!(classify(202), Ok(SendOutcome::Sent));
        assert!(matches!(classify(503), Err(SendError::Retry(_))));
        assert!(matches!(classify(429), Err(SendError::Retry(_))));
        assert!(matches!(classify(400), Err(SendError::Permanent(_))));
        assert!(matches!(classify(401), Err(SendError::Permanent(_))));
    }
}
