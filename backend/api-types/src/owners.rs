//! The owners' mini-program: sign-in with a one-time code (`/owner-auth/…`)
//! and the owner's own data (`/me/…`).

use serde::{Deserialize, Serialize};

use crate::OptOuts;

/// `POST /api/v1/owner-auth/code` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct OwnerCodeRequest {
    /// Mobile phone (11 digits; spaces, dashes and `+86` are ignored).
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub phone: String,
}

/// The answer to every accepted code request, whether or not the phone
/// belongs to an owner (the API never reveals which).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OwnerCodeAccepted {
    /// Always `accepted`.
    pub status: String,
    /// Seconds a code stays valid (300).
    pub code_valid_secs: i64,
    /// Seconds before another code may be requested for the phone.
    pub retry_after_secs: i64,
}

/// `POST /api/v1/owner-auth/verify` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct OwnerVerifyRequest {
    /// The phone the code was sent to.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub phone: String,
    /// The 6-digit code.
    #[cfg_attr(
        feature = "server",
        validate(length(equal = 6)),
        schema(pattern = "^[0-9]{6}$", min_length = 6, max_length = 6)
    )]
    pub code: String,
    /// The developer (company) whose mini-program signs in. A developer's
    /// mini-program should always send it; without it, a phone that is a
    /// customer of several companies signs into the one where it became a
    /// customer most recently.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 64)),
        schema(min_length = 1, max_length = 64)
    )]
    pub company_id: Option<String>,
}

/// The signed-in owner's own profile (`GET /api/v1/me/profile`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct OwnerProfile {
    /// The owner's customer id.
    pub customer_id: String,
    /// The developer (company) id.
    pub company_id: String,
    /// The developer's name.
    pub company_name: String,
    /// Name.
    pub name: String,
    /// The owner's own phone, unmasked (it is theirs).
    pub phone: String,
    /// The four opt-outs (DOMAIN §10).
    pub opt_outs: OptOuts,
    /// Version of the profile (`ETag`; send it as `If-Match` to change the opt-outs).
    pub version: i32,
}

/// `PATCH /api/v1/me/opt-outs` body: the opt-outs to change; omitted ones stay.
/// Withdrawing an opt-out is as easy as giving it (DOMAIN §10).
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct OwnerOptOutsUpdate {
    /// No direct marketing.
    #[serde(default)]
    pub direct_marketing: Option<bool>,
    /// No disclosure to third parties.
    #[serde(default)]
    pub third_party_disclosure: Option<bool>,
    /// No automated decision-making.
    #[serde(default)]
    pub automated_decisions: Option<bool>,
    /// No use of sensitive personal data.
    #[serde(default)]
    pub sensitive_data: Option<bool>,
}
