//! Staff sign-in, tokens and roles.

use serde::{Deserialize, Serialize};

/// Staff roles (DOMAIN §1). The API name is the snake_case string.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 系统管理员: users, roles, settings, API keys, webhooks.
    Admin,
    /// 客户关系管理中心负责人: everything in the company, reports, rule settings.
    CrmHead,
    /// 销售经理: all leads of their projects.
    SalesManager,
    /// 置业顾问: only the leads and customers assigned to them.
    SalesRep,
    /// 客户专员: grade-C nurture, follow-up, complaints, visits.
    CustomerSpecialist,
    /// 客服: service records, masked contact data.
    Service,
    /// 工程: defects and complaints routed to engineering.
    Engineering,
    /// 物业: post-handover issues.
    Property,
    /// 数据分析师: reports and the anonymised analytics view.
    DataAnalyst,
    /// 首席隐私官: full personal data, consent ledger, access log.
    PrivacyOfficer,
}

impl Role {
    /// Every role, in the order of DOMAIN §1.
    pub const ALL: [Role; 10] = [
        Role::Admin,
        Role::CrmHead,
        Role::SalesManager,
        Role::SalesRep,
        Role::CustomerSpecialist,
        Role::Service,
        Role::Engineering,
        Role::Property,
        Role::DataAnalyst,
        Role::PrivacyOfficer,
    ];

    /// The API and database name of the role.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::CrmHead => "crm_head",
            Role::SalesManager => "sales_manager",
            Role::SalesRep => "sales_rep",
            Role::CustomerSpecialist => "customer_specialist",
            Role::Service => "service",
            Role::Engineering => "engineering",
            Role::Property => "property",
            Role::DataAnalyst => "data_analyst",
            Role::PrivacyOfficer => "privacy_officer",
        }
    }

    /// Parses the API name of a role.
    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The Chinese title staff use for the role.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Admin => "系统管理员",
            Role::CrmHead => "客户关系管理中心负责人",
            Role::SalesManager => "销售经理",
            Role::SalesRep => "置业顾问",
            Role::CustomerSpecialist => "客户专员",
            Role::Service => "客服",
            Role::Engineering => "工程",
            Role::Property => "物业",
            Role::DataAnalyst => "数据分析师",
            Role::PrivacyOfficer => "首席隐私官",
        }
    }

    /// Roles whose data scope is the whole company rather than granted projects.
    pub fn sees_all_projects(self) -> bool {
        matches!(
            self,
            Role::Admin | Role::CrmHead | Role::DataAnalyst | Role::PrivacyOfficer
        )
    }

    /// Roles that create, change and delete projects, buildings and units.
    pub fn manages_projects(self) -> bool {
        matches!(self, Role::Admin | Role::CrmHead)
    }

    /// Roles that read units (DOMAIN §1: everyone but the data analyst, whose
    /// view is the reports).
    pub fn reads_units(self) -> bool {
        self != Role::DataAnalyst
    }

    /// Roles that read unit list prices and a building's sales-control grid:
    /// sales data, which engineering ("no marketing data"), property
    /// (post-handover issues) and the data analyst do not see; engineering and
    /// property read a unit's price as `null`.
    pub fn reads_unit_prices(self) -> bool {
        !matches!(self, Role::Engineering | Role::Property | Role::DataAnalyst)
    }
}

/// `POST /api/v1/auth/login` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LoginRequest {
    /// The staff user's e-mail address.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 3, max = 254)),
        schema(min_length = 3, max_length = 254)
    )]
    pub email: String,
    /// The password.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 256)),
        schema(min_length = 1, max_length = 256)
    )]
    pub password: String,
}

/// `POST /api/v1/auth/refresh` and `/auth/logout` body.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct RefreshRequest {
    /// The refresh token from the last login or refresh. Each is usable once.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 512)),
        schema(min_length = 1, max_length = 512)
    )]
    pub refresh_token: String,
}

/// Tokens issued by login and refresh.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct TokenResponse {
    /// Bearer token for `Authorization: Bearer …`, valid `expires_in` seconds.
    pub access_token: String,
    /// One-time token that obtains the next pair from `/auth/refresh`.
    pub refresh_token: String,
    /// Lifetime of the access token in seconds (900).
    pub expires_in: i64,
    /// Always `Bearer`.
    pub token_type: String,
}

/// The signed-in staff user (`GET /api/v1/me`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Me {
    /// User id.
    pub id: String,
    /// E-mail address (the login).
    pub email: String,
    /// Name shown to colleagues.
    pub display_name: String,
    /// The user's role.
    pub role: Role,
    /// Company id.
    pub company_id: String,
    /// Company name.
    pub company_name: String,
    /// Projects granted to the user (roles that see the whole company see all).
    pub project_ids: Vec<String>,
}
