//! Access tokens (JWT, HS256 only, `aud`/`iss`/`exp` checked) and opaque refresh tokens.

use base64::Engine;
use jsonwebtoken::{decode, encode, Algorithm, DecodingKey, EncodingKey, Header, Validation};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Issuer and audience of every token.
pub const ISSUER: &str = "estate-crm";
/// Audience of staff tokens.
pub const STAFF_AUDIENCE: &str = "estate-crm-staff";
/// Audience of owner (mini-program) tokens: never accepted where a staff token is, and vice versa.
pub const OWNER_AUDIENCE: &str = "estate-crm-owner";
/// Access token lifetime: 15 minutes.
pub const ACCESS_TTL_SECS: i64 = 15 * 60;
/// Refresh token lifetime: 30 days.
pub const REFRESH_TTL_DAYS: i64 = 30;

/// Claims of an access token.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Claims {
    /// Issuer.
    pub iss: String,
    /// Audience.
    pub aud: String,
    /// Subject: the user id (staff) or the customer id (owners).
    pub sub: String,
    /// Company id.
    pub cid: String,
    /// Session (refresh family) id; revoking it ends the token at once.
    pub sid: String,
    /// Issued at (seconds).
    pub iat: i64,
    /// Expires at (seconds).
    pub exp: i64,
}

/// Signing and verification keys.
#[derive(Clone)]
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
}

impl TokenKeys {
    /// Keys from the shared secret.
    pub fn new(secret: &[u8]) -> TokenKeys {
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
        }
    }

    /// Signs a staff access token for a session.
    pub fn issue(
        &self,
        user_id: &str,
        company_id: &str,
        session_id: &str,
    ) -> Result<String, String> {
        self.issue_for(STAFF_AUDIENCE, user_id, company_id, session_id)
    }

    /// Signs an access token of an audience ([`STAFF_AUDIENCE`] or [`OWNER_AUDIENCE`]).
    pub fn issue_for(
        &self,
        audience: &str,
        subject: &str,
        company_id: &str,
        session_id: &str,
    ) -> Result<String, String> {
        let now = chrono::Utc::now().timestamp();
        let claims = Claims {
            iss: ISSUER.into(),
            aud: audience.into(),
            sub: subject.into(),
            cid: company_id.into(),
            sid: session_id.into(),
            iat: now,
            exp: now + ACCESS_TTL_SECS,
        };
        encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .map_err(|e| format!("token signing failed: {e}"))
    }

    /// Verifies a staff token: signature (HS256 only: `none` and every other
    /// algorithm are refused), issuer, audience and expiry.
    pub fn verify(&self, token: &str) -> Option<Claims> {
        self.verify_for(STAFF_AUDIENCE, token)
    }

    /// Verifies a token of one audience; a token of any other audience is refused.
    pub fn verify_for(&self, audience: &str, token: &str) -> Option<Claims> {
        let mut v = Validation::new(Algorithm::HS256);
        v.algorithms = vec![Algorithm::HS256];
        v.set_audience(&[audience]);
        v.set_issuer(&[ISSUER]);
        v.set_required_spec_claims(&["exp", "aud", "iss", "sub"]);
        v.leeway = 5;
        decode::<Claims>(token, &self.decoding, &v)
            .ok()
            .map(|d| d.claims)
    }
}

/// A new opaque refresh token (256 random bits, URL-safe).
pub fn new_refresh_token() -> String {
    let mut buf = [0u8; 32];
    rand::thread_rng().fill_bytes(&mut buf);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
}

/// How a refresh token is stored: its SHA-256, never the token.
pub fn hash_refresh_token(token: &str) -> String {
    crate::personal_data::hex(&Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issued_tokens_verify_and_foreign_ones_do_not() {
        let keys = TokenKeys::new(&[7u8; 32]);
        let t = keys.issue("u", "c", "s").expect("sign");
        let claims = keys.verify(&t).expect("valid");
        assert_eq!(claims.sub, "u");
        assert_eq!(claims.exp - claims.iat, ACCESS_TTL_SECS);
        let other = TokenKeys::new(&[8u8; 32]);
        assert!(other.verify(&t).is_none());
    }

    #[test]
    fn owner_and_staff_tokens_are_not_interchangeable() {
        let keys = TokenKeys::new(&[7u8; 32]);
        let owner = keys
            .issue_for(OWNER_AUDIENCE, "c", "co", "s")
            .expect("sign");
        assert!(
            keys.verify(&owner).is_none(),
            "no staff access with an owner token"
        );
        assert_eq!(
            keys.verify_for(OWNER_AUDIENCE, &owner).expect("owner").sub,
            "c"
        );
        let staff = keys.issue("u", "co", "s").expect("sign");
        assert!(keys.verify_for(OWNER_AUDIENCE, &staff).is_none());
    }
}
