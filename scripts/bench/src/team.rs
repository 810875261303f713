//! The demo company's sales team for the benchmarks: the demo's one user per
//! role plus more managers, reps and customer specialists, and who of them
//! takes which grade in which project.

use std::collections::HashMap;

use diesel::prelude::*;
use estate_crm::db::DbConn;
use estate_crm::schema::{companies, projects, user_projects, users};

use crate::data;

/// Sales staff added to the demo company's one user per role.
const MANAGERS: usize = 4;
const REPS: usize = 24;
const SPECIALISTS: usize = 6;

/// The company, its projects and who takes which grade where.
pub struct Team {
    /// Demo company id.
    pub company_id: String,
    /// Project ids (the bigger first).
    pub projects: Vec<String>,
    /// (grade, project) → eligible owners.
    pub owners: HashMap<(char, usize), Vec<String>>,
}

/// The demo company with its sales team: adds managers, reps and customer
/// specialists (the demo password hash), each granted one project (the
/// specialists both), unless they are there.
pub fn team(conn: &mut DbConn) -> Result<Team, String> {
    let e = |e: diesel::result::Error| e.to_string();
    let company_id: String = companies::table
        .filter(companies::name.eq(estate_crm::demo::DEMO_COMPANY))
        .select(companies::id)
        .first(conn)
        .map_err(e)?;
    let projects: Vec<String> = projects::table
        .filter(projects::company_id.eq(&company_id))
        .order(projects::name.desc())
        .select(projects::id)
        .load(conn)
        .map_err(e)?;
    let (hash, now): (String, chrono::NaiveDateTime) = users::table
        .filter(users::company_id.eq(&company_id))
        .select((users::password_hash, users::created_at))
        .first(conn)
        .map_err(e)?;
    let staff = [
        ("sales_manager", MANAGERS),
        ("sales_rep", REPS),
        ("customer_specialist", SPECIALISTS),
    ];
    for (role, count) in staff {
        for k in 0..count {
            let email = format!("{role}{k}@bench.example");
            let exists: bool = diesel::select(diesel::dsl::exists(
                users::table.filter(users::email.eq(&email)),
            ))
            .get_result(conn)
            .map_err(e)?;
            if exists {
                continue;
            }
            let id = estate_crm::db::new_id();
            diesel::insert_into(users::table)
                .values((
                    users::id.eq(&id),
                    users::company_id.eq(&company_id),
                    users::email.eq(&email),
                    users::password_hash.eq(&hash),
                    users::display_name.eq(data::name(k as u64 + 7)),
                    users::role.eq(role),
                    users::disabled.eq(false),
                    users::version.eq(1),
                    users::created_at.eq(now),
                    users::updated_at.eq(now),
                ))
                .execute(conn)
                .map_err(e)?;
            let granted: Vec<&String> = if role == "customer_specialist" {
                projects.iter().collect()
            } else {
                vec![&projects[k % projects.len()]]
            };
            for p in granted {
                diesel::insert_into(user_projects::table)
                    .values((
                        user_projects::user_id.eq(&id),
                        user_projects::project_id.eq(p),
                    ))
                    .execute(conn)
                    .map_err(e)?;
            }
        }
    }
    let grants: Vec<(String, String, String)> = users::table
        .inner_join(user_projects::table)
        .filter(users::company_id.eq(&company_id))
        .filter(users::disabled.eq(false))
        .order(users::id)
        .select((users::id, users::role, user_projects::project_id))
        .load(conn)
        .map_err(e)?;
    let mut owners: HashMap<(char, usize), Vec<String>> = HashMap::new();
    for (uid, role, pid) in grants {
        let grade = match role.as_str() {
            "sales_manager" => 'A',
            "sales_rep" => 'B',
            "customer_specialist" => 'C',
            _ => continue,
        };
        if let Some(p) = projects.iter().position(|x| *x == pid) {
            owners.entry((grade, p)).or_default().push(uid);
        }
    }
    Ok(Team {
        company_id,
        projects,
        owners,
    })
}
