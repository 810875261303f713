//! Rows of projects, buildings and units, and their API views.

use api_types::{Building, Project, Role, Unit, UnitStatus};
use diesel::prelude::*;

use crate::db;
use crate::schema::{buildings, projects, units};

/// A project row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = projects)]
pub struct ProjectRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Name.
    pub name: String,
    /// City.
    pub city: String,
    /// District.
    pub district: String,
    /// Address.
    pub address: String,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl From<ProjectRow> for Project {
    fn from(r: ProjectRow) -> Project {
        Project {
            id: r.id,
            name: r.name,
            city: r.city,
            district: r.district,
            address: r.address,
            version: r.version,
            created_at: db::utc(r.created_at),
            updated_at: db::utc(r.updated_at),
        }
    }
}

/// A building row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = buildings)]
pub struct BuildingRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Name.
    pub name: String,
    /// Floors.
    pub floors: i32,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl From<BuildingRow> for Building {
    fn from(r: BuildingRow) -> Building {
        Building {
            id: r.id,
            project_id: r.project_id,
            name: r.name,
            floors: r.floors,
            version: r.version,
            created_at: db::utc(r.created_at),
            updated_at: db::utc(r.updated_at),
        }
    }
}

/// A unit row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = units)]
pub struct UnitRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Building.
    pub building_id: String,
    /// Floor.
    pub floor: i32,
    /// Number.
    pub number: String,
    /// Area (m²).
    pub area_m2: f64,
    /// Layout.
    pub layout: String,
    /// List price (fen).
    pub list_price_fen: i64,
    /// Status name.
    pub status: String,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl From<UnitRow> for Unit {
    fn from(r: UnitRow) -> Unit {
        Unit {
            id: r.id,
            building_id: r.building_id,
            project_id: r.project_id,
            floor: r.floor,
            number: r.number,
            area_m2: r.area_m2,
            layout: r.layout,
            list_price_fen: Some(r.list_price_fen),
            status: UnitStatus::parse(&r.status).unwrap_or(UnitStatus::Available),
            version: r.version,
            created_at: db::utc(r.created_at),
            updated_at: db::utc(r.updated_at),
        }
    }
}

/// A unit as `role` reads it: without its price for the roles that see no
/// prices ([`Role::reads_unit_prices`]).
pub fn unit_seen_by(row: UnitRow, role: Role) -> Unit {
    let mut unit = Unit::from(row);
    if !role.reads_unit_prices() {
        unit.list_price_fen = None;
    }
    unit
}
