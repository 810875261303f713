//! The lists referral eligibility needs (DOMAIN §5): a customer's household
//! (relatives cannot be referred by them) and the phones of project staff and
//! agencies (excluded as friends). Phones are shown masked.

use serde::{Deserialize, Serialize};

use crate::wire_enum;

wire_enum!(
    /// Who is on the staff phone list.
    StaffPhoneKind {
        /// 项目员工 (sales staff of a project)
        Staff = "staff" / "项目员工",
        /// 中介 (an agency)
        Agency = "agency" / "中介",
    }
);

/// A relative on a customer's household list (excluded as a referred friend).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Relative {
    /// Id.
    pub id: String,
    /// The customer whose household it is.
    pub customer_id: String,
    /// Name.
    pub name: String,
    /// Relation, e.g. 配偶, 父母, 子女.
    pub relation: String,
    /// Phone, masked.
    pub phone_masked: String,
    /// Added at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/customers/{id}/relatives`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateRelative {
    /// Name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 50)))]
    pub name: String,
    /// Relation, e.g. 配偶.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 20)))]
    pub relation: String,
    /// Mobile phone.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub phone: String,
}

/// A phone of project staff or an agency (excluded as a referred friend).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StaffPhone {
    /// Id.
    pub id: String,
    /// The project (`null`: every project of the company).
    pub project_id: Option<String>,
    /// Staff or agency.
    pub kind: StaffPhoneKind,
    /// Person or agency name.
    pub name: String,
    /// Phone, masked.
    pub phone_masked: String,
    /// Note.
    pub note: String,
    /// Added at.
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/staff-phones`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateStaffPhone {
    /// The project (`null`: every project).
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 64)))]
    pub project_id: Option<String>,
    /// Staff or agency.
    pub kind: StaffPhoneKind,
    /// Person or agency name.
    #[cfg_attr(feature = "server", validate(length(min = 1, max = 100)))]
    pub name: String,
    /// Mobile phone.
    #[cfg_attr(
        feature = "server",
        validate(custom(function = "crate::validate_cn_mobile")),
        schema(pattern = "^(\\+?86)?[ -]?1[0-9]{2}[ -]?[0-9]{4}[ -]?[0-9]{4}$")
    )]
    pub phone: String,
    /// Note.
    #[serde(default)]
    #[cfg_attr(feature = "server", validate(length(max = 200)))]
    pub note: String,
}
