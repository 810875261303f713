//! Personal-data primitives (DOMAIN §10, ARCHITECTURE §5): AES-256-GCM field
//! encryption with a key id (so keys can rotate), an HMAC blind index for exact
//! lookup and de-duplication, and masking.
//!
//! Stored form of an encrypted field: `<key id>:<base64(nonce ‖ ciphertext)>`.
//! Values written under an older key stay readable while that key is listed
//! in `ESTATE_CRM_PII_OLD_KEYS`.

use std::collections::HashMap;

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

use crate::config::Secrets;

/// Encrypts, decrypts and blind-indexes personal data.
#[derive(Clone)]
pub struct PersonalData {
    current_id: String,
    ciphers: HashMap<String, Aes256Gcm>,
    blind_key: Vec<u8>,
}

/// Why a stored value could not be decrypted.
#[derive(Debug, thiserror::Error)]
pub enum DecryptError {
    /// The value was written under a key that is no longer configured.
    #[error("unknown personal-data key id {0}")]
    UnknownKey(String),
    /// The value is damaged or was not written by this system.
    #[error("personal-data value is corrupt")]
    Corrupt,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

impl PersonalData {
    /// Builds the primitives from the configured secrets.
    pub fn new(secrets: &Secrets) -> PersonalData {
        let mut ciphers = HashMap::new();
        for (id, key) in &secrets.pii_old_keys {
            ciphers.insert(id.clone(), Aes256Gcm::new(key.into()));
        }
        let (id, key) = &secrets.pii_key;
        ciphers.insert(id.clone(), Aes256Gcm::new(key.into()));
        PersonalData {
            current_id: id.clone(),
            ciphers,
            blind_key: secrets.blind_index_key.clone(),
        }
    }

    /// Encrypts under the current key with a fresh random nonce.
    pub fn encrypt(&self, plain: &str) -> String {
        let mut nonce = [0u8; 12];
        rand::thread_rng().fill_bytes(&mut nonce);
        let cipher = &self.ciphers[&self.current_id];
        // Encryption with a valid key and a 12-byte nonce cannot fail.
        let ct = cipher
            .encrypt(Nonce::from_slice(&nonce), plain.as_bytes())
            .unwrap_or_default();
        let mut out = nonce.to_vec();
        out.extend_from_slice(&ct);
        format!("{}:{}", self.current_id, b64().encode(out))
    }

    /// Decrypts a stored value under the key it names.
    pub fn decrypt(&self, stored: &str) -> Result<String, DecryptError> {
        let (id, data) = stored.split_once(':').ok_or(DecryptError::Corrupt)?;
        let cipher = self
            .ciphers
            .get(id)
            .ok_or_else(|| DecryptError::UnknownKey(id.to_string()))?;
        let raw = b64().decode(data).map_err(|_| DecryptError::Corrupt)?;
        if raw.len() < 12 {
            return Err(DecryptError::Corrupt);
        }
        let (nonce, ct) = raw.split_at(12);
        let plain = cipher
            .decrypt(Nonce::from_slice(nonce), ct)
            .map_err(|_| DecryptError::Corrupt)?;
        String::from_utf8(plain).map_err(|_| DecryptError::Corrupt)
    }

    /// A stored (encrypted) phone for standard views: decrypted and masked
    /// ([`mask_phone`]); `***` when it cannot be decrypted.
    pub fn masked_phone(&self, stored: &str) -> String {
        self.decrypt(stored)
            .map(|p| mask_phone(&p))
            .unwrap_or_else(|_| "***".into())
    }

    /// `true` when the value was written under an older key and should be re-encrypted.
    pub fn needs_rotation(&self, stored: &str) -> bool {
        stored.split_once(':').map(|(id, _)| id) != Some(self.current_id.as_str())
    }

    /// Deterministic keyed hash of a normalised value, for exact lookup
    /// without storing the value in the clear. `kind` separates domains
    /// (a phone and an id number never share an index value).
    pub fn blind_index(&self, kind: &str, value: &str) -> String {
        // HMAC accepts keys of any length.
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.blind_key)
            .unwrap_or_else(|_| unreachable!("HMAC takes any key length"));
        mac.update(kind.as_bytes());
        mac.update(b"\0");
        mac.update(normalize(value).as_bytes());
        hex(&mac.finalize().into_bytes())
    }
}

/// Normalises a value before indexing: digits and letters only, lower case.
fn normalize(value: &str) -> String {
    value
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Lower-case hex of bytes.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Masks a phone number for standard views: `13812340853` → `138****0853`.
pub fn mask_phone(phone: &str) -> String {
    let chars: Vec<char> = phone.chars().collect();
    if chars.len() < 7 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..3].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}****{tail}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secrets(current: (&str, u8), old: Vec<(&str, u8)>) -> Secrets {
        Secrets {
            token_key: vec![1; 32],
            pii_key: (current.0.into(), [current.1; 32]),
            pii_old_keys: old
                .into_iter()
                .map(|(id, b)| (id.into(), [b; 32]))
                .collect(),
            blind_index_key: vec![9; 32],
        }
    }

    #[test]
    fn encryption_round_trips_and_is_randomised() {
        let pd = PersonalData::new(&secrets(("k1", 1), vec![]));
        let a = pd.encrypt("13812340853");
        let b = pd.encrypt("13812340853");
        assert_ne!(a, b, "a fresh nonce per value");
        assert!(a.starts_with("k1:"));
        assert_eq!(pd.decrypt(&a).expect("decrypts"), "13812340853");
    }

    #[test]
    fn values_under_an_old_key_stay_readable_after_rotation() {
        let old = PersonalData::new(&secrets(("k1", 1), vec![]));
        let stored = old.encrypt("13900000000");
        let rotated = PersonalData::new(&secrets(("k2", 2), vec![("k1", 1)]));
        assert_eq!(rotated.decrypt(&stored).expect("old key"), "13900000000");
        assert!(rotated.needs_rotation(&stored));
        let without_old = PersonalData::new(&secrets(("k2", 2), vec![]));
        assert!(matches!(
            without_old.decrypt(&stored),
            Err(DecryptError::UnknownKey(_))
        ));
    }

    #[test]
    fn tampered_ciphertext_is_rejected() {
        let pd = PersonalData::new(&secrets(("k1", 1), vec![]));
        let stored = pd.encrypt("13812340853");
        let (id, data) = stored.split_once(':').expect("key id");
        let mut raw = b64().decode(data).expect("base64");
        // Flip one bit of the authentication tag and one of the ciphertext:
        // either alone must make decryption fail.
        for at in [raw.len() - 1, 12] {
            raw[at] ^= 0x01;
            let tampered = format!("{id}:{}", b64().encode(&raw));
            assert!(matches!(pd.decrypt(&tampered), Err(DecryptError::Corrupt)));
            raw[at] ^= 0x01;
        }
        assert!(pd.decrypt(&stored).is_ok());
    }

    #[test]
    fn blind_index_matches_on_normalised_value_and_separates_kinds() {
        let pd = PersonalData::new(&secrets(("k1", 1), vec![]));
        assert_eq!(
            pd.blind_index("phone", "138 1234 0853"),
            pd.blind_index("phone", "13812340853")
        );
        assert_ne!(
            pd.blind_index("phone", "13812340853"),
            pd.blind_index("id_number", "13812340853")
        );
        assert_ne!(
            pd.blind_index("phone", "13812340853"),
            pd.blind_index("phone", "13812340854")
        );
    }

    #[test]
    fn phones_are_masked_in_the_middle() {
        assert_eq!(mask_phone("13812340853"), "138****0853");
        assert_eq!(mask_phone("123"), "***");
    }
}
