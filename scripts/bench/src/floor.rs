//! `estate-bench floor --leads N --rows M --chunk K` (SQLite): the write floor
//! of an import, measured through the server's own pool (its SQLite library,
//! pragmas and migrations). The rows an imported lead writes are generated
//! ahead into TEMP staging tables and copied with one `INSERT … SELECT` per
//! table, one write transaction per chunk: only the database's own work is
//! timed. Variants A–E as in `floor/pg.sh` (PostgreSQL's side); figures in
//! `scripts/bench/RESULTS.md`, "The write floor".

use std::time::Instant;

use diesel::connection::SimpleConnection;
use diesel::prelude::*;
use estate_crm::db::DbConn;

use crate::{result, Args};

const CO: &str = "co000000-0000-7000-8000-000000000001";
const TS: &str = "2026-12-06 10:00:00.000000";

/// The tables an imported lead writes, in the order a chunk inserts them,
/// with the columns staged (the others take their defaults).
const TABLES: [(&str, &str); 7] = [
    ("customers", "id, company_id, name, phone_enc, phone_bidx, family_structure, occupation, created_at, updated_at"),
    ("consents", "id, company_id, customer_id, purpose, notice_version, channel, given_at"),
    ("leads", "id, company_id, customer_id, project_id, source, budget_fen, purchase_timeframe, ability_to_pay, \
               grade, grade_source, status, owner_id, assigned_at, created_via, version, created_at, updated_at, \
               next_due_at, sla_state"),
    ("gradings", "id, company_id, lead_id, grade, score, rule_set_version, explanation_json, manual, reason, created_at"),
    ("lead_events", "id, company_id, lead_id, kind, actor_kind, reason, detail_json, created_at"),
    ("audit_events", "id, company_id, actor_id, actor_kind, action, entity_type, entity_id, after_json, request_id, created_at"),
    ("sla_clocks", "id, company_id, entity_type, entity_id, kind, rule, owner_id, warn_at, due_at, grace_until, state, \
                    created_at, updated_at"),
];

/// The columns staged for `table`.
fn cols(table: &str) -> &'static str {
    TABLES
        .iter()
        .find(|(t, _)| *t == table)
        .map_or("", |(_, c)| c)
}

/// A 32-bit pseudo-random number of the SQL expression `i` and `k`
/// (multiplicative hashing: consecutive leads land far apart, as HMACs do).
fn h(i: &str, k: u64) -> String {
    format!("(({i} * 2654435761 + {}) % 4294967296)", k * 97_531)
}

/// A 36-character id of lead `i` for table `tag`, ordered on `i` like the
/// uuid v7 strings of `db::new_id()`.
fn id(i: &str, tag: u64) -> String {
    let t = format!("printf('%012x', 1800000000000 + ({i}) * 4)");
    format!(
        "printf('%s-%s-7%03x-8%03x-%012x', substr({t}, 1, 8), substr({t}, 9, 4), {} % 4096, {} % 4096, {} * 65536 + {} % 65536)",
        h(i, tag * 10 + 1),
        h(i, tag * 10 + 2),
        h(i, tag * 10 + 3),
        h(i, tag * 10 + 4)
    )
}

/// SQL that fills the staging tables with leads `lo..hi` (new customers,
/// grades A/B/C in turn, 20 owners): the shapes and sizes of `capture_batch.rs`.
fn stage_sql(lo: u64, hi: u64) -> String {
    let n = format!(
        "WITH RECURSIVE n(i) AS (SELECT {lo} UNION ALL SELECT i + 1 FROM n WHERE i < {hi})"
    );
    let bidx = format!(
        "printf('{}', {})",
        "%08x".repeat(8),
        (11..19).map(|k| h("i", k)).collect::<Vec<_>>().join(", ")
    );
    let owner = "printf('us0000%02d', i % 20)";
    let explanation = format!(
        "{{\"decided_by\":\"a_timeframe\",\"fired\":[{}1]}}",
        "{\"rule\":\"r_x\",\"contribution\":10,\"fact\":\"within_3_months\",\"matched\":true},"
            .repeat(17)
    );
    let detail = r#"{"rule_set_version":1,"decided_by":"a_timeframe","role":"sales_manager","rule":"lead_assignment v1","open_leads":1234}"#;
    let audit = r#"{"project_id":"pr000001","source":"walk_in","budget_fen":300000000,"purchase_timeframe":"within_3_months","ability_to_pay":"can_pay","duplicate":false,"consent":{"purpose":"marketing","notice_version":"v1"}}"#;
    let mut sql = String::new();
    for (t, _) in TABLES {
        sql += &format!("DELETE FROM temp.s_{t};\n");
    }
    let (c, l) = (id("i", 1), id("i", 3));
    sql += &format!(
        "INSERT INTO temp.s_customers
         {n} SELECT {c}, '{CO}', '客户' || i, 'k1:' || substr(hex(randomblob(39)), 1, 52), {bidx}, '', '', '{TS}', '{TS}' FROM n;\n"
    );
    sql += &format!(
        "INSERT INTO temp.s_consents
         {n} SELECT {}, '{CO}', {c}, 'marketing', 'v1', 'import', '{TS}' FROM n;\n",
        id("i", 2)
    );
    sql += &format!(
        "INSERT INTO temp.s_leads
         {n} SELECT {l}, '{CO}', {c}, 'pr00000' || (i % 3),
           CASE i % 6 WHEN 0 THEN 'official_site' WHEN 1 THEN 'wechat' WHEN 2 THEN 'walk_in' WHEN 3 THEN 'exhibition' WHEN 4 THEN 'anjuke' ELSE 'beike' END,
           300000000 + i % 1000 * 10000, 'within_3_months', 'can_pay', substr('ABC', i % 3 + 1, 1), 'rules', 'new',
           {owner}, '{TS}', 'import', 3, '{TS}', '{TS}', printf('2026-12-07 %02d:00:00.000000', i % 24), 'on_time' FROM n;\n"
    );
    sql += &format!(
        "INSERT INTO temp.s_gradings
         {n} SELECT {}, '{CO}', {l}, substr('ABC', i % 3 + 1, 1), 70, 1, '{explanation}', 0, '', '{TS}' FROM n;\n",
        id("i", 4)
    );
    sql += &format!(
        "INSERT INTO temp.s_lead_events
         {n}, k(k) AS (VALUES (0), (1), (2))
         SELECT {}, '{CO}', {l}, CASE k WHEN 0 THEN 'captured' WHEN 1 THEN 'graded' ELSE 'assigned' END, 'user', 'walk_in',
           CASE k WHEN 0 THEN NULL ELSE '{detail}' END, '{TS}' FROM n, k;\n",
        id("i * 3 + k", 5)
    );
    sql += &format!(
        "INSERT INTO temp.s_audit_events
         {n} SELECT {}, '{CO}', 'us000000', 'user', 'lead.create', 'lead', {l}, '{audit}', 'req', '{TS}' FROM n;\n",
        id("i", 6)
    );
    sql += &format!(
        "INSERT INTO temp.s_sla_clocks
         {n} SELECT {}, '{CO}', 'lead', {l}, 'first_contact', 'lead_sla.a_first_contact_hours=24', {owner}, '{TS}', '{TS}', '{TS}', 'on_time', '{TS}', '{TS}' FROM n;\n",
        id("i", 7)
    );
    sql
}

/// One write transaction copying the staged rows of `tables`.
fn load_sql(tables: &[&str]) -> String {
    let mut sql = "BEGIN IMMEDIATE;\n".to_string();
    for t in tables {
        sql += &format!(
            "INSERT INTO main.{t} ({}) SELECT * FROM temp.s_{t};\n",
            cols(t)
        );
    }
    sql + "COMMIT;"
}

fn exec(conn: &mut SqliteConnection, sql: &str) -> Result<(), String> {
    conn.batch_execute(sql)
        .map_err(|e| format!("{e}: {sql:.200}"))
}

/// The base rows: a company, three projects, twenty owners.
fn base(conn: &mut SqliteConnection) -> Result<(), String> {
    let mut sql =
        format!("INSERT INTO companies (id, name, created_at) VALUES ('{CO}', 'floor', '{TS}');\n");
    for p in 0..3 {
        sql += &format!(
            "INSERT INTO projects (id, company_id, name, city, district, address, version, created_at, updated_at)
             VALUES ('pr00000{p}', '{CO}', 'p{p}', 'sh', '', '', 1, '{TS}', '{TS}');\n"
        );
    }
    for u in 0..20 {
        sql += &format!(
            "INSERT INTO users (id, company_id, email, password_hash, display_name, role, disabled, version, created_at, updated_at)
             VALUES ('us0000{u:02}', '{CO}', 'u{u}@floor', 'h', 'u', 'sales_rep', 0, 1, '{TS}', '{TS}');\n"
        );
    }
    for (t, c) in TABLES {
        sql += &format!("CREATE TEMP TABLE s_{t} AS SELECT {c} FROM main.{t} WHERE 0;\n");
    }
    exec(conn, &sql)
}

/// Drops the secondary indexes of `tables` (all but the phone's unique one).
fn drop_indexes(conn: &mut SqliteConnection, tables: &[&str]) -> Result<(), String> {
    #[derive(QueryableByName)]
    struct Name {
        #[diesel(sql_type = diesel::sql_types::Text)]
        name: String,
    }
    let list = tables
        .iter()
        .map(|t| format!("'{t}'"))
        .collect::<Vec<_>>()
        .join(", ");
    let names: Vec<Name> = diesel::sql_query(format!(
        "SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL \
         AND tbl_name IN ({list}) AND name <> 'customers_phone_uq'"
    ))
    .load(conn)
    .map_err(|e| e.to_string())?;
    for n in names {
        exec(conn, &format!("DROP INDEX {};", n.name))?;
    }
    Ok(())
}

/// `estate-bench floor` on a fresh SQLite database (`DATABASE_URL`).
pub fn run(args: &Args) -> Result<(), String> {
    let leads: u64 = args.num("leads", 50_000)?;
    let rows: u64 = args.num("rows", 10_000)?;
    let chunk: u64 = args.num("chunk", 1_000)?;
    let config = crate::config()?;
    let pool = estate_crm::connect_and_migrate(&config)?;
    let mut pooled = pool.get().map_err(|e| e.to_string())?;
    let DbConn::Sqlite(conn) = &mut *pooled else {
        return Err("floor runs on SQLite; PostgreSQL's is scripts/bench/floor/pg.sh".into());
    };
    base(conn)?;
    let all: Vec<&str> = TABLES.iter().map(|(t, _)| *t).collect();
    let mut lo = 1;
    while lo <= leads {
        let hi = (lo + 49_999).min(leads);
        exec(conn, &stage_sql(lo, hi))?;
        exec(conn, &load_sql(&all))?;
        lo = hi + 1;
    }
    // As the import's connection runs (leads/import/run.rs).
    exec(
        conn,
        "PRAGMA wal_checkpoint(TRUNCATE); ANALYZE; PRAGMA wal_autocheckpoint = 32768;",
    )?;
    let library: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "sqlite_version()",
    ))
    .get_result(conn)
    .map_err(|e| e.to_string())?;
    println!("# sqlite floor (SQLite {library}, the server's pool): {leads} leads in the database, {rows} copied by chunks of {chunk}");
    let mut next = leads + 1;
    let mut measure = |conn: &mut SqliteConnection, key: &str, label: &str, tables: &[&str]| {
        for run in 1..=3 {
            let mut spent = 0.0;
            let end = next + rows;
            while next < end {
                exec(conn, &stage_sql(next, next + chunk - 1))?;
                let started = Instant::now();
                exec(conn, &load_sql(tables))?;
                spent += started.elapsed().as_secs_f64();
                next += chunk;
            }
            println!("{label}, run {run}: {:.0} leads/s", rows as f64 / spent);
            result(
                &format!("floor.{key}.run{run}"),
                format!("{:.0}", rows as f64 / spent),
            );
        }
        Ok::<_, String>(())
    };
    measure(conn, "a", "A schema as it is", &all)?;
    exec(conn, "PRAGMA foreign_keys = OFF;")?;
    measure(conn, "b", "B no foreign-key checks", &all)?;
    drop_indexes(conn, &["leads"])?;
    measure(conn, "c", "C B, leads without secondary indexes", &all)?;
    drop_indexes(conn, &all)?;
    measure(conn, "d", "D C, no secondary index but the phone's", &all)?;
    measure(
        conn,
        "e",
        "E D, customer + lead + clock only",
        &["customers", "leads", "sla_clocks"],
    )?;
    Ok(())
}
