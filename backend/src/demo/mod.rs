//! The demo company (`estate-crm demo load`): realistic Chinese data and one
//! user per role, `<role>@demo.example` / `demo123456`. Loading twice changes nothing.

use api_types::{Role, UnitStatus};
use diesel::prelude::*;

use crate::audit::{self, AuditCtx};
use crate::auth::password;
use crate::db::{self, DbConn};
use crate::personal_data::PersonalData;
use crate::schema::{buildings, companies, projects, units, users};
use crate::users::queries as user_queries;

pub mod deals;
pub mod delivery;
mod delivery_defects;
pub mod leads;
pub mod referrals;

/// The demo password of every demo user.
pub const DEMO_PASSWORD: &str = "demo123456";
/// The demo company's name.
pub const DEMO_COMPANY: &str = "江南置业集团（演示）";

/// The demo login of a role.
pub fn demo_email(role: Role) -> String {
    format!("{}@demo.example", role.as_str())
}

/// One position per floor: suffix, area, layout, price on floor 1.
type Position = (&'static str, f64, &'static str, i64);
/// Name, floors, positions.
type DemoBuilding = (&'static str, i32, &'static [Position]);

struct DemoProject {
    name: &'static str,
    city: &'static str,
    district: &'static str,
    address: &'static str,
    buildings: &'static [DemoBuilding],
}

/// Yuan to fen.
const fn yuan(y: i64) -> i64 {
    y * 100
}

const TOWER: &[Position] = &[
    ("01", 128.5, "4室2厅2卫", yuan(5_480_000)),
    ("02", 98.0, "3室2厅1卫", yuan(4_160_000)),
    ("03", 98.0, "3室2厅1卫", yuan(4_120_000)),
    ("04", 143.2, "4室2厅3卫", yuan(6_050_000)),
];
const VILLA: &[Position] = &[
    ("01", 168.0, "4室2厅3卫", yuan(9_800_000)),
    ("02", 186.5, "5室2厅3卫", yuan(10_900_000)),
];

const PROJECTS: &[DemoProject] = &[
    DemoProject {
        name: "滨江壹号院",
        city: "杭州",
        district: "滨江区",
        address: "江南大道 1888 号",
        buildings: &[("1", 18, TOWER), ("2", 18, TOWER)],
    },
    DemoProject {
        name: "西溪云庐",
        city: "杭州",
        district: "西湖区",
        address: "文二西路 666 号",
        buildings: &[("A座", 11, VILLA)],
    },
];

/// A varied but repeatable status for the demo grid.
fn demo_status(floor: i32, pos: usize) -> UnitStatus {
    match (floor as usize * 7 + pos * 3) % 11 {
        0 | 1 => UnitStatus::Signed,
        2 => UnitStatus::Subscribed,
        3 => UnitStatus::Reserved,
        4 if floor < 6 => UnitStatus::HandedOver,
        _ => UnitStatus::Available,
    }
}

/// Loads the demo company unless it is there already. Returns `false` when it was.
pub fn load(conn: &mut DbConn, pd: &PersonalData) -> Result<bool, String> {
    let exists: bool = diesel::select(diesel::dsl::exists(
        users::table.filter(users::email.eq(demo_email(Role::Admin))),
    ))
    .get_result(conn)
    .map_err(|e| e.to_string())?;
    if exists {
        return Ok(false);
    }
    let hash = password::hash(DEMO_PASSWORD)?;
    db::write_tx(conn, |conn| insert_all(conn, pd, &hash)).map_err(|e| e.to_string())?;
    Ok(true)
}

/// Loads the demo company with its sample leads and deals (what `estate-crm demo load`
/// does) unless it is there already. Returns `false` when it was.
pub fn load_with_leads(conn: &mut DbConn, pd: &PersonalData) -> Result<bool, String> {
    if !load(conn, pd)? {
        return Ok(false);
    }
    let company_id: String = companies::table
        .filter(companies::name.eq(DEMO_COMPANY))
        .select(companies::id)
        .first(conn)
        .map_err(|e| e.to_string())?;
    db::write_tx(conn, |conn| {
        leads::load(conn, pd, &company_id)?;
        deals::load(conn, pd, &company_id)?;
        referrals::load(conn, pd, &company_id)?;
        delivery::load(conn, pd, &company_id)
    })
    .map_err(|e| e.to_string())?;
    Ok(true)
}

fn insert_all(conn: &mut DbConn, pd: &PersonalData, hash: &str) -> QueryResult<()> {
    let now = db::now();
    let company_id = db::new_id();
    diesel::insert_into(companies::table)
        .values((
            companies::id.eq(&company_id),
            companies::name.eq(DEMO_COMPANY),
            companies::created_at.eq(now),
        ))
        .execute(conn)?;
    let ctx = AuditCtx::system(&company_id);
    let mut project_ids = Vec::new();
    for p in PROJECTS {
        let pid = db::new_id();
        diesel::insert_into(projects::table)
            .values((
                projects::id.eq(&pid),
                projects::company_id.eq(&company_id),
                projects::name.eq(p.name),
                projects::city.eq(p.city),
                projects::district.eq(p.district),
                projects::address.eq(p.address),
                projects::version.eq(1),
                projects::created_at.eq(now),
                projects::updated_at.eq(now),
            ))
            .execute(conn)?;
        for (bname, floors, positions) in p.buildings {
            let bid = db::new_id();
            diesel::insert_into(buildings::table)
                .values((
                    buildings::id.eq(&bid),
                    buildings::company_id.eq(&company_id),
                    buildings::project_id.eq(&pid),
                    buildings::name.eq(*bname),
                    buildings::floors.eq(*floors),
                    buildings::version.eq(1),
                    buildings::created_at.eq(now),
                    buildings::updated_at.eq(now),
                ))
                .execute(conn)?;
            let mut rows = Vec::new();
            for floor in 1..=*floors {
                for (i, (suffix, area, layout, base)) in positions.iter().enumerate() {
                    rows.push((
                        units::id.eq(db::new_id()),
                        units::company_id.eq(company_id.clone()),
                        units::project_id.eq(pid.clone()),
                        units::building_id.eq(bid.clone()),
                        units::floor.eq(floor),
                        units::number.eq(format!("{floor}{suffix}")),
                        units::area_m2.eq(*area),
                        units::layout.eq(*layout),
                        units::list_price_fen.eq(base + i64::from(floor - 1) * yuan(30_000)),
                        units::status.eq(demo_status(floor, i).as_str()),
                        units::version.eq(1),
                        units::created_at.eq(now),
                        units::updated_at.eq(now),
                    ));
                }
            }
            crate::batch_insert!(&mut *conn, units::table, rows)?;
        }
        project_ids.push(pid);
    }
    for (i, role) in Role::ALL.into_iter().enumerate() {
        let uid = db::new_id();
        let phone = format!("1380000{:04}", i + 1);
        user_queries::insert(
            conn,
            &uid,
            &company_id,
            &demo_email(role),
            hash,
            &format!("演示{}", role.label_zh()),
            role,
            Some((pd.encrypt(&phone), pd.blind_index("phone", &phone))),
        )?;
        // Sales reps start with the first project only, to show data scope.
        let grants = if role == Role::SalesRep {
            &project_ids[..1]
        } else {
            &project_ids[..]
        };
        if !role.sees_all_projects() {
            user_queries::set_grants(conn, &uid, grants)?;
        }
    }
    audit::record(conn, &ctx, "demo.load", "company", &company_id, None, None)
}
