//! Command-line actions besides `serve`: demo loading and user creation.

use api_types::Role;
use diesel::prelude::*;

use crate::audit::{self, AuditCtx};
use crate::auth::password;
use crate::config::Config;
use crate::personal_data::PersonalData;
use crate::schema::companies;
use crate::users::queries;
use crate::{connect_and_migrate, db, demo};

/// `estate-crm demo load` (refused in production).
pub fn demo_load(config: &Config) -> Result<(), String> {
    if config.environment == crate::config::Environment::Production {
        return Err("demo load is refused in production".into());
    }
    let pool = connect_and_migrate(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let pd = PersonalData::new(&config.secrets);
    if demo::load_with_leads(&mut conn, &pd)? {
        println!("demo company loaded: {}", demo::DEMO_COMPANY);
    } else {
        println!("demo company already present; nothing changed");
    }
    println!("demo logins (password {}):", demo::DEMO_PASSWORD);
    for role in Role::ALL {
        println!("  {:<32} {}", demo::demo_email(role), role.label_zh());
    }
    Ok(())
}

/// `estate-crm jobs run-once`.
pub fn jobs_run_once(config: &Config) -> Result<(), String> {
    let pool = connect_and_migrate(config)?;
    let state = crate::state::AppState::new(config.clone(), pool)?;
    let report = actix_web::rt::System::new()
        .block_on(crate::jobs::run_cycle_at(&state, db::now()))
        .map_err(|e| e.to_string())?;
    println!(
        "jobs: purged {} expired rows; sla {:?}; outbox {:?}; staged delivery files {:?}",
        report.purged, report.sla, report.outbox, report.staged_files
    );
    Ok(())
}

/// `estate-crm user create`.
pub fn create_user(
    config: &Config,
    email: &str,
    role: Role,
    name: Option<String>,
    company: Option<String>,
    password: Option<String>,
) -> Result<(), String> {
    let email = email.trim().to_lowercase();
    if !email.contains('@') {
        return Err("--email must be an e-mail address".into());
    }
    let (password, generated) = match password {
        Some(p) if p.len() >= 10 => (p, false),
        Some(_) => return Err("the password must have at least 10 characters".into()),
        None => (
            crate::auth::tokens::new_refresh_token()[..16].to_string(),
            true,
        ),
    };
    let pool = connect_and_migrate(config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let hash = password::hash(&password)?;
    let uid = db::new_id();
    db::write_tx(&mut conn, |conn| {
        let existing: Vec<(String, String)> = companies::table
            .select((companies::id, companies::name))
            .order(companies::id)
            .load(conn)?;
        let company_id = match (company.as_deref(), existing.as_slice()) {
            (Some(n), list) if list.iter().any(|(_, name)| name == n) => list
                .iter()
                .find(|(_, name)| name == n)
                .map(|(id, _)| id.clone())
                .unwrap_or_default(),
            (None, [(id, _)]) => id.clone(),
            (None, [_, _, ..]) => {
                return Err(diesel::result::Error::QueryBuilderError(
                    "several companies exist: name one with --company".into(),
                ))
            }
            (name, _) => {
                let id = db::new_id();
                diesel::insert_into(companies::table)
                    .values((
                        companies::id.eq(&id),
                        companies::name.eq(name.unwrap_or("EstateCRM")),
                        companies::created_at.eq(db::now()),
                    ))
                    .execute(conn)?;
                id
            }
        };
        let display = name.clone().unwrap_or_else(|| email.clone());
        queries::insert(conn, &uid, &company_id, &email, &hash, &display, role, None)?;
        audit::record(
            conn,
            &AuditCtx::system(&company_id),
            "user.create",
            "user",
            &uid,
            None,
            None,
        )
    })
    .map_err(|e| match e {
        e if db::is_unique_violation(&e) => format!("a user with e-mail {email} already exists"),
        e => e.to_string(),
    })?;
    println!("created {} user {email}", role.as_str());
    if generated {
        println!("generated password: {password}");
    }
    Ok(())
}
