//! Shared application state handed to every handler.

use std::sync::Arc;

use crate::auth::tokens::TokenKeys;
use crate::config::Config;
use crate::db::Pool;
use crate::outbox::Sender;
use crate::personal_data::PersonalData;

/// Everything a handler may need besides the request.
#[derive(Clone)]
pub struct AppState {
    /// Database pool.
    pub pool: Pool,
    /// Configuration.
    pub config: Arc<Config>,
    /// Token signing and checking.
    pub tokens: TokenKeys,
    /// Encryption and blind indexes for personal data.
    pub personal_data: PersonalData,
    /// Delivers outbox messages (the SMS gateway, or recording only).
    pub sender: Arc<dyn Sender>,
}

impl AppState {
    /// Builds the state from a configuration and a pool.
    pub fn new(config: Config, pool: Pool) -> Result<AppState, String> {
        Ok(AppState {
            tokens: TokenKeys::new(&config.secrets.token_key),
            personal_data: PersonalData::new(&config.secrets),
            sender: crate::outbox::sender::from_config(&config)?,
            config: Arc::new(config),
            pool,
        })
    }
}
