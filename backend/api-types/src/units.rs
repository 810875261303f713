//! Units (房号), bulk creation and the sales-control grid (销控表).

use serde::{Deserialize, Serialize};

use crate::Building;

/// Sales status of a unit.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum UnitStatus {
    /// 可售
    Available,
    /// 预留
    Reserved,
    /// 已认购
    Subscribed,
    /// 已签约
    Signed,
    /// 已交付
    HandedOver,
}

impl UnitStatus {
    /// Every status, in sales order.
    pub const ALL: [UnitStatus; 5] = [
        UnitStatus::Available,
        UnitStatus::Reserved,
        UnitStatus::Subscribed,
        UnitStatus::Signed,
        UnitStatus::HandedOver,
    ];

    /// API and database name.
    pub fn as_str(self) -> &'static str {
        match self {
            UnitStatus::Available => "available",
            UnitStatus::Reserved => "reserved",
            UnitStatus::Subscribed => "subscribed",
            UnitStatus::Signed => "signed",
            UnitStatus::HandedOver => "handed_over",
        }
    }

    /// Parses the API name.
    pub fn parse(s: &str) -> Option<UnitStatus> {
        UnitStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// The word on the sales-control grid.
    pub fn label_zh(self) -> &'static str {
        match self {
            UnitStatus::Available => "可售",
            UnitStatus::Reserved => "预留",
            UnitStatus::Subscribed => "已认购",
            UnitStatus::Signed => "已签约",
            UnitStatus::HandedOver => "已交付",
        }
    }
}

/// A unit (房号).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct Unit {
    /// Unit id.
    pub id: String,
    /// Building id.
    pub building_id: String,
    /// Project id.
    pub project_id: String,
    /// Floor (1 = ground floor).
    pub floor: i32,
    /// Unit number, unique in the building, e.g. `1201`.
    pub number: String,
    /// Gross floor area in m².
    pub area_m2: f64,
    /// Layout (户型), e.g. `3室2厅2卫`.
    pub layout: String,
    /// List price in fen (分); `null` for the roles that see no prices
    /// (engineering, property: DOMAIN §1).
    pub list_price_fen: Option<i64>,
    /// Sales status.
    pub status: UnitStatus,
    /// Version for `If-Match`.
    pub version: i32,
    /// Created at (UTC).
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// Last changed at (UTC).
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

/// `POST /api/v1/buildings/{id}/units` body.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct CreateUnit {
    /// Floor, 1 to the building's floor count.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floor: i32,
    /// Unit number, unique in the building.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 20)),
        schema(min_length = 1, max_length = 20)
    )]
    pub number: String,
    /// Area in m² (1–10,000).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1.0, max = 10000.0)),
        schema(minimum = 1.0, maximum = 10000.0)
    )]
    pub area_m2: f64,
    /// Layout (户型).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 50)),
        schema(max_length = 50)
    )]
    pub layout: String,
    /// List price in fen (0 to ¥10 bn).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000_000_000i64)),
        schema(minimum = 0, maximum = 1_000_000_000_000i64)
    )]
    pub list_price_fen: i64,
    /// Initial status; `available` if absent.
    #[serde(default)]
    pub status: Option<UnitStatus>,
}

/// `PATCH /api/v1/units/{id}` body (requires `If-Match`).
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UpdateUnit {
    /// New floor.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floor: Option<i32>,
    /// New number.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 20)),
        schema(min_length = 1, max_length = 20)
    )]
    pub number: Option<String>,
    /// New area in m².
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1.0, max = 10000.0)),
        schema(minimum = 1.0, maximum = 10000.0)
    )]
    pub area_m2: Option<f64>,
    /// New layout.
    #[cfg_attr(
        feature = "server",
        validate(length(max = 50)),
        schema(max_length = 50)
    )]
    pub layout: Option<String>,
    /// New list price in fen.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000_000_000i64)),
        schema(minimum = 0, maximum = 1_000_000_000_000i64)
    )]
    pub list_price_fen: Option<i64>,
    /// New status.
    pub status: Option<UnitStatus>,
}

/// One position on every floor, used by bulk creation.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct UnitTemplate {
    /// Suffix appended to the floor number: floor 12 + `02` → `1202`.
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 6)),
        schema(min_length = 1, max_length = 6)
    )]
    pub suffix: String,
    /// Area in m².
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1.0, max = 10000.0)),
        schema(minimum = 1.0, maximum = 10000.0)
    )]
    pub area_m2: f64,
    /// Layout (户型).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(length(max = 50)),
        schema(max_length = 50)
    )]
    pub layout: String,
    /// List price on the lowest floor, in fen.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 1_000_000_000_000i64)),
        schema(minimum = 0, maximum = 1_000_000_000_000i64)
    )]
    pub base_price_fen: i64,
}

/// `POST /api/v1/buildings/{id}/units/bulk` body: floors × positions in one transaction.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct BulkCreateUnits {
    /// First floor to fill.
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floor_from: i32,
    /// Last floor to fill (inclusive).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 200)),
        schema(minimum = 1, maximum = 200)
    )]
    pub floor_to: i32,
    /// The positions on each floor (1–20).
    #[cfg_attr(
        feature = "server",
        validate(length(min = 1, max = 20)),
        schema(min_items = 1, max_items = 20)
    )]
    pub positions: Vec<UnitTemplate>,
    /// Price added per floor above `floor_from`, in fen (may be 0).
    #[serde(default)]
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 100_000_000_000i64)),
        schema(minimum = 0, maximum = 100_000_000_000i64)
    )]
    pub price_step_per_floor_fen: i64,
}

/// Result of a bulk creation.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BulkCreated {
    /// Number of units created.
    pub created: usize,
}

/// The sales-control grid (销控表) of a building: floors × units.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SalesControl {
    /// The building.
    pub building: Building,
    /// Name of the building's project.
    pub project_name: String,
    /// Floors from the top down, each with its units by number.
    pub floors: Vec<SalesControlFloor>,
    /// Units per status.
    pub counts: Vec<StatusCount>,
}

/// One floor of the grid.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SalesControlFloor {
    /// Floor number.
    pub floor: i32,
    /// Units on the floor, by number.
    pub units: Vec<Unit>,
}

/// Number of units in one status.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct StatusCount {
    /// Status.
    pub status: UnitStatus,
    /// Units in it.
    pub count: i64,
}
