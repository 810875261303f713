//! Projects (楼盘) → buildings (栋) → units (房号).

use serde::{Deserialize, Serialize};

/// A project (楼盘).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Project {
    /// Project id.
    pub id: String,
    /// Name, e.g. 滨江壹号院.
    pub name: String,
    /// City, e.g. 杭州.
    pub city: String,
    /// District, e.g. 滨江区.
    pub district: String,
    /// Street address.
    pub address: String,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/projects` body.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateProject {
    /// Name, unique in the company.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: String,
    /// City.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 50)),
        schema(min_length = 1, max_length = 50)
    )]
    pub city: String,
    /// District.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 50)),
        schema(max_length = 50)
    )]
    pub district: String,
    /// Street address.
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 200)),
        schema(max_length = 200)
    )]
    pub address: String,
}

/// `PATCH /api/v1/projects/{id}` body (requires `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateProject {
    /// New name.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 100)),
        schema(min_length = 1, max_length = 100)
    )]
    pub name: Option<String>,
    /// New city.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 50)),
        schema(min_length = 1, max_length = 50)
    )]
    pub city: Option<String>,
    /// New district.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 50)),
        schema(max_length = 50)
    )]
    pub district: Option<String>,
    /// New address.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 200)),
        schema(max_length = 200)
    )]
    pub address: Option<String>,
}

/// A building (栋) of a project.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Building {
    /// Building id.
    pub id: String,
    /// Project id.
    pub project_id: String,
    /// Name, e.g. `3` (3栋) or `A座`.
    pub name: String,
    /// Number of above-ground floors.
    pub floors: i32,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/projects/{id}/buildings` body.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateBuilding {
    /// Name, unique in the project.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 50)),
        schema(min_length = 1, max_length = 50)
    )]
    pub name: String,
    /// Above-ground floors (1–200).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floors: i32,
}

/// `PATCH /api/v1/buildings/{id}` body (requires `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateBuilding {
    /// New name.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 50)),
        schema(min_length = 1, max_length = 50)
    )]
    pub name: Option<String>,
    /// New floor count (1–200); may not drop below an existing unit's floor.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floors: Option<i32>,
}
