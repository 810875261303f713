//! `estate-crm import leads FILE`: the API's lead import from the command
//! line, with a progress bar, as a staff user of the company (by default its
//! first head of CRM), so the audit trail names who imported.

use api_types::{ImportReport, Role};
use diesel::prelude::*;
use estate_crm::audit::AuditCtx;
use estate_crm::auth::principal::RolePolicy;
use estate_crm::config::Config;
use estate_crm::leads::capture::Origin;
use estate_crm::leads::import::{self, FileKind, ImportDefaults};
use estate_crm::leads::visibility::LeadEditors;
use estate_crm::personal_data::PersonalData;
use estate_crm::schema::{companies, user_projects, users};
use indicatif::{ProgressBar, ProgressStyle};

/// Options of `estate-crm import leads`.
#[derive(Debug, Clone)]
pub struct ImportLeadsArgs {
    /// The CSV or XLSX file.
    pub file: std::path::PathBuf,
    /// Company name (optional when there is one company).
    pub company: Option<String>,
    /// Consent defaults for rows without their own.
    pub defaults: ImportDefaults,
    /// E-mail of the importing user (default: the company's first head of CRM).
    pub as_email: Option<String>,
}

/// Runs the import and prints the report; `Err` when the file could not be
/// imported or any row was refused, so the process exits non-zero.
pub fn import_leads(config: &Config, args: ImportLeadsArgs) -> Result<(), String> {
    let name = args.file.to_string_lossy().to_string();
    let kind = FileKind::from_file_name(&name)
        .ok_or_else(|| format!("{name}: use a .csv or .xlsx file"))?;
    let bytes = std::fs::read(&args.file).map_err(|e| format!("{name}: {e}"))?;
    let table = import::read_table(kind, &bytes).map_err(problem)?;
    let pool = estate_crm::connect_and_migrate(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let company_id = company(&mut conn, args.company.as_deref())?;
    let (user_id, role, email) = actor(&mut conn, &company_id, args.as_email.as_deref())?;
    let allowed_projects = if role.sees_all_projects() {
        None
    } else {
        Some(
            user_projects::table
                .filter(user_projects::user_id.eq(&user_id))
                .select(user_projects::project_id)
                .load::<String>(&mut conn)
                .map_err(|e| e.to_string())?,
        )
    };
    let origin = Origin {
        ctx: AuditCtx {
            company_id,
            actor_id: Some(user_id),
            actor_kind: "staff",
            request_id: None,
        },
        via: "import",
        allowed_projects,
    };
    println!("importing {} rows from {name} as {email}", table.rows.len());
    let bar = ProgressBar::new(table.rows.len() as u64);
    bar.set_style(
        ProgressStyle::with_template("{bar:40} {pos}/{len} rows  {elapsed_precise} (eta {eta})")
            .map_err(|e| e.to_string())?,
    );
    let pd = PersonalData::new(&config.secrets);
    let report = import::import(
        &mut conn,
        &pd,
        &origin,
        &table,
        &args.defaults,
        config.import_chunk_rows,
        &mut |n| bar.inc(n),
    )
    .map_err(problem);
    bar.finish_and_clear();
    let report = report?;
    print_report(&report);
    if let Some(a) = &report.aborted {
        return Err(format!("import stopped at line {}: {}", a.line, a.message));
    }
    if report.failed_rows > 0 {
        return Err(format!("{} row(s) were not imported", report.failed_rows));
    }
    Ok(())
}

fn print_report(r: &ImportReport) {
    println!(
        "rows: {}  imported: {} (of which duplicates of existing customers: {})  failed: {}",
        r.total_rows, r.imported, r.duplicates, r.failed_rows
    );
    for e in &r.failed {
        println!("line {}, field {}: {}", e.line, e.field, e.message);
    }
}

/// An API error (a bad file or header) as lines of text.
fn problem(e: estate_crm::error::ApiError) -> String {
    let mut text = e.detail.clone().unwrap_or_else(|| e.code.to_string());
    for fe in &e.errors {
        text.push_str(&format!("\n  {}: {}", fe.field, fe.message));
    }
    text
}

fn company(conn: &mut estate_crm::db::DbConn, name: Option<&str>) -> Result<String, String> {
    let all: Vec<(String, String)> = companies::table
        .select((companies::id, companies::name))
        .order(companies::id)
        .load(conn)
        .map_err(|e| e.to_string())?;
    match (name, all.as_slice()) {
        (Some(n), list) => list
            .iter()
            .find(|(_, c)| c == n)
            .map(|(id, _)| id.clone())
            .ok_or_else(|| format!("no company named {n:?}")),
        (None, [(id, _)]) => Ok(id.clone()),
        (None, []) => Err("no company exists yet".into()),
        (None, _) => Err("several companies exist: name one with --company".into()),
    }
}

/// The importing user: `--as`, else the company's first enabled head of CRM.
/// Must be a role that captures leads (not the admin: DOMAIN §1).
fn actor(
    conn: &mut estate_crm::db::DbConn,
    company_id: &str,
    email: Option<&str>,
) -> Result<(String, Role, String), String> {
    let mut q = users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::disabled.eq(false))
        .select((users::id, users::role, users::email))
        .order((users::created_at, users::id))
        .into_boxed();
    q = match email {
        Some(e) => q.filter(users::email.eq(e.trim().to_lowercase())),
        None => q.filter(users::role.eq(Role::CrmHead.as_str())),
    };
    let (id, role, email): (String, String, String) = q
        .first(conn)
        .optional()
        .map_err(|e| e.to_string())?
        .ok_or_else(|| match email {
            Some(e) => format!("no enabled user {e} in the company"),
            None => "the company has no enabled head of CRM; name a user with --as".into(),
        })?;
    let role = Role::parse(&role).ok_or_else(|| format!("{email} has an unknown role"))?;
    if !LeadEditors::allows(role) {
        return Err(format!(
            "{email} is {}, a role that may not capture leads",
            role.as_str()
        ));
    }
    Ok((id, role, email))
}
