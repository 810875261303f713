//! Import throughput: a generated CSV through the real import code
//! ([`estate_crm::leads::import`]: parse, validate, de-duplicate, grade,
//! encrypt, assign, clock), as the demo company's admin, into the seeded
//! database.
//!
//! The file (`--rows`, default 100,000) mixes, by row number: 1 % bad rows
//! (a bad phone, or no name), 4 % phones seen earlier in the same file, 4 %
//! phones of customers already in the database, and new people for the rest.

use std::time::Instant;

use diesel::prelude::*;
use estate_crm::audit::AuditCtx;
use estate_crm::leads::capture::Origin;
use estate_crm::leads::import::{self, FileKind, ImportDefaults};
use estate_crm::personal_data::PersonalData;
use estate_crm::schema::{customers, users};

use crate::data::{self, pick};
use crate::{result, Args};

/// The CSV text of `rows` leads; new phones start at `fresh`, existing
/// customers' phones are below `existing` in the seeder's `13…` range.
pub fn csv(rows: u64, fresh: u64, existing: u64, projects: &[String]) -> String {
    let mut out = String::from("姓名,手机,项目,渠道,预算（万元）,购房时间,支付能力,到访次数\n");
    for i in 0..rows {
        let kind = pick(i, 30, 100);
        let name = if kind == 0 {
            String::new()
        } else {
            data::name(i + 17)
        };
        let phone = match kind {
            1 => "12345".to_string(),
            2..=5 if i >= 100 => data::phone("15", fresh + i - 1 - pick(i, 31, 99)),
            6..=9 if existing > 0 => data::phone("13", pick(i, 32, existing)),
            _ => data::phone("15", fresh + i),
        };
        let project = &projects[usize::from(pick(i, 33, 100) >= 60).min(projects.len() - 1)];
        out.push_str(&format!(
            "{name},{phone},{project},{},{},{},{},{}\n",
            data::source(i),
            data::budget_fen(i) / 100 / 10_000,
            data::TIMEFRAMES[pick(i, 34, 5) as usize].1,
            data::ABILITIES[pick(i, 35, 3) as usize].1,
            pick(i, 36, 4),
        ));
    }
    out
}

/// `estate-bench import --rows 100000`.
pub fn run(args: &Args) -> Result<(), String> {
    let rows: u64 = args.num("rows", 100_000)?;
    let config = crate::config()?;
    let pool = estate_crm::connect_and_migrate(&config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let pd = PersonalData::new(&config.secrets);
    let team = crate::team::team(&mut conn)?;
    let e = |e: diesel::result::Error| e.to_string();
    let existing: i64 = customers::table.count().get_result(&mut *conn).map_err(e)?;
    let admin: String = users::table
        .filter(users::email.eq("admin@demo.example"))
        .select(users::id)
        .first(&mut *conn)
        .map_err(e)?;
    let project_names: Vec<String> = estate_crm::schema::projects::table
        .filter(estate_crm::schema::projects::id.eq_any(&team.projects))
        .select(estate_crm::schema::projects::name)
        .load(&mut *conn)
        .map_err(e)?;
    // Fresh phones after every number an earlier run may have used.
    let fresh = existing as u64 * 7 % 400_000_000;
    let text = csv(
        rows,
        fresh,
        (existing as u64).min(1_000_000),
        &project_names,
    );
    let started = Instant::now();
    let table =
        import::read_table(FileKind::Csv, text.as_bytes()).map_err(|e| e.code.to_string())?;
    let parsed = started.elapsed().as_secs_f64();
    let origin = Origin {
        ctx: AuditCtx {
            company_id: team.company_id.clone(),
            actor_id: Some(admin),
            actor_kind: "staff",
            request_id: None,
        },
        via: "import",
        allowed_projects: None,
    };
    let defaults = ImportDefaults {
        consent_purpose: Some("sales_contact".into()),
        notice_version: Some("2026-01".into()),
    };
    let report = import::import(
        &mut conn,
        &pd,
        &origin,
        &table,
        &defaults,
        config.import_chunk_rows,
        &mut |_| {},
    )
    .map_err(|e| e.code.to_string())?;
    let secs = started.elapsed().as_secs_f64();
    result("import.rows", report.total_rows);
    result("import.imported", report.imported);
    result("import.duplicates", report.duplicates);
    result("import.failed_rows", report.failed_rows);
    result("import.aborted", report.aborted.is_some());
    result("import.parse_seconds", format!("{parsed:.2}"));
    result("import.seconds", format!("{secs:.2}"));
    result("import.rows_per_s", format!("{:.0}", rows as f64 / secs));
    Ok(())
}
