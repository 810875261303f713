//! Staff users, audit events and the personal-data access log.

use serde::{Deserialize, Serialize};

use crate::Role;

/// A staff user as admins see it. The phone is masked (`138****0853`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct User {
    /// User id (UUIDv7).
    pub id: String,
    /// E-mail address (the login), unique in the company.
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// The user's role.
    pub role: Role,
    /// A disabled user cannot sign in and their sessions have ended.
    pub disabled: bool,
    /// Masked mobile phone, if recorded.
    pub phone_masked: Option<String>,
    /// Granted projects.
    pub project_ids: Vec<String>,
    /// Version for `If-Match` (also the `ETag`).
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/users` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateUser {
    /// E-mail address; the login.
    #[cfg_attr(
        feature = "server",
        validate(email, length(max = 254)),
        schema(format = Email, max_length = 254)
    )]
    pub email: String,
    /// Initial password, 10 to 256 characters.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 10, max = 256)),
        schema(min_length = 10, max_length = 256)
    )]
    pub password: String,
    /// Name shown to colleagues.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub display_name: String,
    /// Role.
    pub role: Role,
    /// Mobile phone (11 digits, mainland China), stored encrypted.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(min_length = 11, max_length = 11, pattern = "^1[0-9]{10}$")
    )]
    pub phone: Option<String>,
    /// Projects to grant.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_items = 500)
    )]
    pub project_ids: Vec<String>,
}

/// `PATCH /api/v1/users/{id}` body (requires `If-Match`). Absent fields are kept.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateUser {
    /// New display name.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub display_name: Option<String>,
    /// New role (takes effect on the user's next request).
    pub role: Option<Role>,
    /// Disable (ends every session at once) or re-enable the user.
    pub disabled: Option<bool>,
    /// New mobile phone.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(min_length = 11, max_length = 11, pattern = "^1[0-9]{10}$")
    )]
    pub phone: Option<String>,
    /// New password, 10 to 256 characters (ends the user's sessions).
    #[cfg_attr(
        feature = "server",
        validate(length(min = 10, max = 256)),
        schema(min_length = 10, max_length = 256)
    )]
    pub password: Option<String>,
}

/// `PUT /api/v1/users/{id}/projects` body: the complete set of granted projects.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct GrantProjects {
    /// Project ids; replaces the current grants.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 500)),
        schema(max_items = 500)
    )]
    pub project_ids: Vec<String>,
}

/// Full personal data of a staff user (a logged read).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct UserPersonalData {
    /// User id.
    pub id: String,
    /// Unmasked mobile phone.
    pub phone: Option<String>,
}

/// One write recorded in the audit trail.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct AuditEvent {
    /// Event id (UUIDv7, time-ordered).
    pub id: String,
    /// Who: a user id (or `system`).
    pub actor_id: Option<String>,
    /// The acting user's display name, when the actor is a user.
    pub actor_name: Option<String>,
    /// Kind of actor: `staff`, `system`, `integration`, `owner`.
    pub actor_kind: String,
    /// What: e.g. `project.create`, `user.disable`.
    pub action: String,
    /// Entity type, e.g. `project`.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: String,
    /// State before the write, personal data masked.
    #[cfg_attr(feature = "server", schema(value_type = Option<Object>))]
    pub before: Option<serde_json::Value>,
    /// State after the write, personal data masked.
    #[cfg_attr(feature = "server", schema(value_type = Option<Object>))]
    pub after: Option<serde_json::Value>,
    /// Request id of the write.
    pub request_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// One full read of personal data.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct PersonalDataAccess {
    /// Entry id.
    pub id: String,
    /// Who read.
    pub actor_id: String,
    /// Entity type read, e.g. `user`.
    pub entity_type: String,
    /// Entity id read.
    pub entity_id: String,
    /// Fields read in full, comma-separated.
    pub fields: String,
    /// Request id.
    pub request_id: Option<String>,
    /// When (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// A mainland mobile number in its stored form: digits only, without a
/// leading `+86`/`86`, so `+86 139-0000-1111` and `13900001111` are one number.
pub fn normalize_cn_mobile(phone: &str) -> String {
    let digits: String = phone.chars().filter(|c| c.is_ascii_digit()).collect();
    match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => digits,
    }
}

/// Checks an 11-digit mainland mobile number (starts with 1); spaces, dashes
/// and a `+86` prefix are allowed and ignored.
#[cfg(feature = "server")]
pub fn validate_cn_mobile(phone: &str) -> Result<(), validator::ValidationError> {
    let allowed = phone
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '-' | '+'));
    let n = normalize_cn_mobile(phone);
    if allowed && n.len() == 11 && n.starts_with('1') {
        Ok(())
    } else {
        let mut e = validator::ValidationError::new("phone");
        e.message = Some("must be an 11-digit mainland mobile number".into());
        Err(e)
    }
}
