//! API keys for integrations: admins create (the secret is shown once), list,
//! read and revoke them; integrations check their own key. Authentication
//! with a key (`X-API-Key`) is in [`crate::auth::integration`].
//!
//! A secret reads `ek_<prefix>_<random>`: the 8-character prefix is stored in
//! clear so that people can tell keys apart; the whole secret is stored only as
//! its SHA-256 (hex), the way refresh tokens are. 256-bit-class random secrets
//! need no slow hash: nothing can be guessed from the digest.

pub mod handlers;
pub mod queries;

use rand::distributions::{Alphanumeric, DistString};
use sha2::{Digest, Sha256};

/// Characters of the clear prefix.
pub const PREFIX_LEN: usize = 8;
/// Random characters after the prefix (alphanumeric: about 190 bits).
const RANDOM_LEN: usize = 32;

/// Registers the API-key endpoints. `/api-keys/self` comes before
/// `/api-keys/{id}`, which would otherwise take it.
pub fn configure(cfg: &mut utoipa_actix_web::service_config::ServiceConfig) {
    cfg.service(handlers::list_api_keys)
        .service(handlers::create_api_key)
        .service(handlers::get_own_api_key)
        .service(handlers::get_api_key)
        .service(handlers::revoke_api_key);
}

/// A new secret and its prefix: `(prefix, "ek_<prefix>_<random>")`.
pub fn new_secret() -> (String, String) {
    let mut rng = rand::thread_rng();
    let prefix = Alphanumeric.sample_string(&mut rng, PREFIX_LEN);
    let random = Alphanumeric.sample_string(&mut rng, RANDOM_LEN);
    let secret = format!("ek_{prefix}_{random}");
    (prefix, secret)
}

/// How a secret is stored and looked up: its SHA-256, hex.
pub fn hash_secret(secret: &str) -> String {
    crate::personal_data::hex(&Sha256::digest(secret.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_carry_their_prefix_and_differ() {
        let (prefix, secret) = new_secret();
        assert_eq!(prefix.len(), PREFIX_LEN);
        assert!(secret.starts_with(&format!("ek_{prefix}_")));
        assert_eq!(secret.len(), 3 + PREFIX_LEN + 1 + RANDOM_LEN);
        assert_ne!(new_secret().1, secret);
        assert_eq!(hash_secret(&secret).len(), 64);
        assert_eq!(hash_secret(&secret), hash_secret(&secret.clone()));
    }
}
