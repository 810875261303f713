//! API keys: how integrations (websites, lead platforms, the mini-program's
//! back office) authenticate with `X-API-Key` instead of a staff login.

use serde::{Deserialize, Serialize};

use crate::wire_enum;

wire_enum!(
    /// What an API key may do. A key holds one or more scopes; an endpoint
    /// usable by integrations names the scope it needs.
    ApiKeyScope {
        /// Capture leads (`POST /api/v1/leads`).
        LeadsWrite = "leads:write" / "录入线索",
        /// Read the leads the integration captured.
        LeadsRead = "leads:read" / "读取线索",
    }
);

/// `POST /api/v1/api-keys` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateApiKey {
    /// What the key is for, e.g. `官网表单` or `贝壳 lead feed`.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// The scopes granted (1 to 10; duplicates are merged).
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 10)),
        schema(min_items = 1, max_items = 10)
    )]
    pub scopes: Vec<ApiKeyScope>,
}

/// An API key as admins (and the key itself) see it. The secret is never shown
/// again after creation: only its `prefix`, to tell keys apart.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ApiKey {
    /// Key id (UUIDv7).
    pub id: String,
    /// What the key is for.
    pub name: String,
    /// The 8 characters after `ek_` in the secret, stored in clear to identify the key.
    pub prefix: String,
    /// Granted scopes.
    pub scopes: Vec<ApiKeyScope>,
    /// The admin who created it (user id).
    pub created_by: String,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last authenticated request (UTC), to the minute; `null` if never used.
    pub last_used_at: Option<chrono::DateTime<chrono::Utc>>,
    /// When it was revoked (UTC); a revoked key is refused with 401 `api_key_revoked`.
    pub revoked_at: Option<chrono::DateTime<chrono::Utc>>,
}

/// `POST /api/v1/api-keys` response: the key and, this one time only, its secret.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct CreatedApiKey {
    /// The new key.
    pub api_key: ApiKey,
    /// The secret to send as `X-API-Key` (`ek_<prefix>_<random>`). Shown once:
    /// the server keeps only its SHA-256 and cannot show it again.
    pub secret: String,
}
