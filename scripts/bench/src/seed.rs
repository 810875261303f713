//! The set-based seeder: the demo company, a realistic sales team, and N leads
//! with their customers (phones encrypted and blind-indexed with the server's
//! own [`PersonalData`]) and open SLA clocks, generated in Rust and written
//! with large multi-row INSERTs in big transactions.
//!
//! Distribution (by a hash of the row number, so runs repeat):
//! * projects: 60 % 滨江壹号院, 40 % 西溪云庐;
//! * grades: A 15 %, B 45 %, C 35 %, ungraded 5 % (opted out of automation);
//! * owners: A → a sales manager, B → a sales rep, C → a customer specialist
//!   granted the lead's project; 4 % of graded leads and all ungraded ones in
//!   the pool (公海);
//! * status: new 35 %, contacted 45 %, visited 20 % (all open);
//! * about 3 % of leads are a returning customer (an earlier lead's phone);
//! * created over the past year in id order (UUIDv7 of the creation time);
//! * clocks: see [`clock_times`]: 1 % of them are due for a transition.

use std::time::Instant;

use diesel::prelude::*;
use estate_crm::db::DbConn;
use estate_crm::personal_data::PersonalData;
use estate_crm::schema::{customers, leads, sla_clocks};

use crate::data::{self, pick};
use crate::team::{team, Team};
use crate::{result, Args};

#[derive(Insertable)]
#[diesel(table_name = customers, treat_none_as_default_value = false)]
struct NewCustomer {
    id: String,
    company_id: String,
    name: String,
    phone_enc: String,
    phone_bidx: String,
    opt_out_automated: bool,
    version: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

#[derive(Insertable)]
#[diesel(table_name = leads, treat_none_as_default_value = false)]
struct NewLead {
    id: String,
    company_id: String,
    customer_id: String,
    project_id: String,
    source: &'static str,
    budget_fen: Option<i64>,
    purchase_timeframe: Option<&'static str>,
    ability_to_pay: Option<&'static str>,
    visits: i32,
    grade: Option<&'static str>,
    grade_source: Option<&'static str>,
    status: &'static str,
    owner_id: Option<String>,
    assigned_at: Option<chrono::NaiveDateTime>,
    created_via: &'static str,
    version: i32,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
    next_due_at: Option<chrono::NaiveDateTime>,
    sla_state: Option<&'static str>,
}

#[derive(Insertable)]
#[diesel(table_name = sla_clocks, treat_none_as_default_value = false)]
struct NewClock {
    id: String,
    company_id: String,
    entity_type: &'static str,
    entity_id: String,
    kind: &'static str,
    rule: &'static str,
    owner_id: Option<String>,
    warn_at: chrono::NaiveDateTime,
    due_at: chrono::NaiveDateTime,
    grace_until: chrono::NaiveDateTime,
    state: &'static str,
    breached_at: Option<chrono::NaiveDateTime>,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

/// `estate-bench seed --leads N`.
pub fn run(args: &Args) -> Result<(), String> {
    let n: u64 = args.num("leads", 1_000_000)?;
    let config = crate::config()?;
    let pool = estate_crm::connect_and_migrate(&config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let pd = PersonalData::new(&config.secrets);
    estate_crm::demo::load_with_leads(&mut conn, &pd)?;
    let team = team(&mut conn)?;
    let have: i64 = leads::table
        .count()
        .get_result(&mut *conn)
        .map_err(|e| e.to_string())?;
    if have as u64 >= n {
        println!("already seeded: {have} leads");
        return Ok(());
    }
    fast_writes(&mut conn)?;
    let started = Instant::now();
    let now = estate_crm::db::now();
    let batch: u64 = match &*conn {
        DbConn::Pg(_) => 2_000,
        DbConn::Sqlite(_) => 1_000,
    };
    let mut i = 0;
    while i < n {
        let end = (i + 50_000).min(n);
        estate_crm::db::write_tx(&mut conn, |conn| {
            let mut j = i;
            while j < end {
                let to = (j + batch).min(end);
                insert_rows(conn, &pd, &team, now, n, j, to)?;
                j = to;
            }
            Ok::<_, diesel::result::Error>(())
        })
        .map_err(|e| e.to_string())?;
        i = end;
        eprint!("\rseeded {i}/{n} leads");
    }
    eprintln!();
    // What autovacuum does on a live PostgreSQL database (statistics and the
    // visibility map for index-only scans); SQLite: statistics for the planner.
    let analyze = match &*conn {
        DbConn::Pg(_) => "VACUUM ANALYZE",
        DbConn::Sqlite(_) => "ANALYZE",
    };
    diesel::sql_query(analyze)
        .execute(&mut *conn)
        .map_err(|e| e.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    result("seed.leads", n);
    result("seed.seconds", format!("{secs:.1}"));
    result("seed.rows_per_s", format!("{:.0}", n as f64 / secs));
    Ok(())
}

/// A seeding connection does not wait for the disk on every commit (the data
/// can be regenerated); the server's own connections keep their settings.
fn fast_writes(conn: &mut DbConn) -> Result<(), String> {
    let sql = match conn {
        DbConn::Pg(_) => "SET synchronous_commit = off",
        DbConn::Sqlite(_) => "PRAGMA synchronous = OFF",
    };
    diesel::sql_query(sql)
        .execute(conn)
        .map(|_| ())
        .map_err(|e| e.to_string())
}

/// Lead `i` of `n`: its customer number (a returning customer reuses an
/// earlier lead's), project, grade and owner.
fn shape(team: &Team, i: u64) -> (u64, usize, Option<char>, Option<String>) {
    let returning = |i: u64| i >= 1_000 && pick(i, 10, 100) < 3;
    let mut customer = i;
    while returning(customer) {
        customer -= 1_000;
    }
    let project = usize::from(pick(i, 11, 100) >= 60).min(team.projects.len() - 1);
    let grade = match pick(i, 12, 100) {
        0..=14 => Some('A'),
        15..=59 => Some('B'),
        60..=94 => Some('C'),
        _ => None,
    };
    let owner = match grade {
        Some(g) if pick(i, 13, 100) >= 4 => team
            .owners
            .get(&(g, project))
            .filter(|v| !v.is_empty())
            .map(|v| v[pick(i, 14, v.len() as u64) as usize].clone()),
        _ => None,
    };
    (customer, project, grade, owner)
}

/// The clock of lead `i` at seeding time `now`: 0.4 % warned soon (turn
/// `due_soon`), 0.4 % past their deadline (breach), 0.2 % breached and past
/// the grace period (expire); the other 99 % are due in 1–8 days.
pub fn clock_times(
    i: u64,
    now: chrono::NaiveDateTime,
) -> (
    &'static str,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
    chrono::NaiveDateTime,
) {
    let h = chrono::Duration::hours;
    match pick(i, 20, 1000) {
        0..=3 => ("on_time", now - h(1), now + h(3), now + h(51)),
        4..=7 => ("due_soon", now - h(6), now - h(2), now + h(46)),
        8..=9 => ("breached", now - h(60), now - h(56), now - h(8)),
        _ => {
            let due = now + h(24 + pick(i, 21, 168) as i64);
            ("on_time", due - h(4), due, due + h(48))
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn insert_rows(
    conn: &mut DbConn,
    pd: &PersonalData,
    team: &Team,
    now: chrono::NaiveDateTime,
    n: u64,
    from: u64,
    to: u64,
) -> QueryResult<()> {
    let year = chrono::Duration::days(365);
    let mut cs = Vec::new();
    let mut ls = Vec::new();
    let mut ks = Vec::new();
    for i in from..to {
        let created = now - year
            + chrono::Duration::milliseconds((i as i64) * year.num_milliseconds() / n as i64);
        let ts = uuid::Timestamp::from_unix(
            uuid::NoContext,
            created.and_utc().timestamp() as u64,
            created.and_utc().timestamp_subsec_nanos(),
        );
        let lead_id = uuid::Uuid::new_v7(ts).to_string();
        let (customer, project, grade, owner) = shape(team, i);
        let customer_id = customer_id(customer);
        if customer == i {
            let phone = data::phone("13", i);
            cs.push(NewCustomer {
                id: customer_id.clone(),
                company_id: team.company_id.clone(),
                name: data::name(i),
                phone_enc: pd.encrypt(&phone),
                phone_bidx: pd.blind_index("phone", &phone),
                opt_out_automated: grade.is_none(),
                version: 1,
                created_at: created,
                updated_at: created,
            });
        }
        let status = match pick(i, 15, 100) {
            0..=34 => "new",
            35..=79 => "contacted",
            _ => "visited",
        };
        let (state, warn, due, grace) = clock_times(i, now);
        ks.push(NewClock {
            id: estate_crm::db::new_id(),
            company_id: team.company_id.clone(),
            entity_type: "lead",
            entity_id: lead_id.clone(),
            kind: if status == "new" {
                "first_contact"
            } else {
                "follow_up"
            },
            rule: "lead_sla.b_follow_up_days=7",
            owner_id: owner.clone(),
            warn_at: warn,
            due_at: due,
            grace_until: grace,
            state,
            breached_at: (state == "breached").then_some(due),
            created_at: created,
            updated_at: created,
        });
        ls.push(NewLead {
            id: lead_id,
            company_id: team.company_id.clone(),
            customer_id,
            project_id: team.projects[project].clone(),
            source: data::source(i),
            budget_fen: Some(data::budget_fen(i)),
            purchase_timeframe: Some(data::TIMEFRAMES[pick(i, 16, 5) as usize].0),
            ability_to_pay: Some(data::ABILITIES[pick(i, 17, 3) as usize].0),
            visits: pick(i, 18, 4) as i32,
            grade: grade.map(|g| match g {
                'A' => "A",
                'B' => "B",
                _ => "C",
            }),
            grade_source: grade.map(|_| "rules"),
            status,
            assigned_at: owner.as_ref().map(|_| created),
            owner_id: owner,
            created_via: ["staff", "integration", "import"][pick(i, 19, 3) as usize],
            version: 3,
            created_at: created,
            updated_at: created,
            next_due_at: Some(due),
            sla_state: Some(state),
        });
    }
    estate_crm::batch_insert!(conn, customers::table, &cs)?;
    estate_crm::batch_insert!(conn, leads::table, &ls)?;
    estate_crm::batch_insert!(conn, sla_clocks::table, &ks)?;
    Ok(())
}

/// Customer ids are derived from the customer number so a returning
/// customer's lead can name the id without a lookup.
fn customer_id(customer: u64) -> String {
    format!("00000000-0000-7000-8000-{customer:012}")
}
