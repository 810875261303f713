//! `estate-crm`: serve | migrate | openapi | demo load | user create | import leads.

mod cli_import;

/// mimalloc instead of glibc malloc: the server allocates and frees many small
/// strings per request (rows, JSON); see scripts/bench/RESULTS.md.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::process::ExitCode;

use api_types::Role;
use clap::{Parser, Subcommand};
use estate_crm::config::Config;
use estate_crm::{cli, Application};

#[derive(Parser)]
#[command(
    name = "estate-crm",
    version,
    about = "EstateCRM: a CRM for real-estate developers"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Migrate the database and serve the API and the SPA.
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Print the OpenAPI document.
    Openapi,
    /// Demo data.
    Demo {
        #[command(subcommand)]
        action: DemoAction,
    },
    /// Scheduled sweeps.
    Jobs {
        #[command(subcommand)]
        action: JobsAction,
    },
    /// Staff users.
    User {
        #[command(subcommand)]
        action: UserAction,
    },
    /// Import data from files.
    Import {
        #[command(subcommand)]
        action: ImportAction,
    },
}

#[derive(Subcommand)]
enum ImportAction {
    /// Import leads from a CSV or XLSX file (columns: see the README, "Importing leads").
    /// Exits non-zero if any row was not imported.
    Leads {
        /// The file (.csv or .xlsx).
        file: std::path::PathBuf,
        /// Company name (optional when there is only one).
        #[arg(long)]
        company: Option<String>,
        /// Consent purpose for rows without a consent_purpose/同意用途 cell.
        #[arg(long)]
        consent_purpose: Option<String>,
        /// Privacy-notice version for rows without a notice_version/隐私声明版本 cell.
        #[arg(long)]
        notice_version: Option<String>,
        /// E-mail of the importing user (default: the company's first head of CRM).
        #[arg(long = "as", value_name = "EMAIL")]
        as_email: Option<String>,
    },
}

#[derive(Subcommand)]
enum JobsAction {
    /// Run every sweep once and exit (for cron or a one-off).
    RunOnce,
}

#[derive(Subcommand)]
enum DemoAction {
    /// Load the demo company (idempotent; refused in production).
    Load,
}

#[derive(Subcommand)]
enum UserAction {
    /// Create a staff user (e.g. the first admin).
    Create {
        /// E-mail address (the login).
        #[arg(long)]
        email: String,
        /// Role: admin, crm_head, sales_manager, sales_rep, customer_specialist,
        /// service, engineering, property, data_analyst, privacy_officer.
        #[arg(long)]
        role: String,
        /// Display name (defaults to the e-mail).
        #[arg(long)]
        name: Option<String>,
        /// Company name; created if no company exists yet.
        #[arg(long)]
        company: Option<String>,
        /// Password (else read from ESTATE_CRM_NEW_USER_PASSWORD, else generated and printed).
        #[arg(long, env = "ESTATE_CRM_NEW_USER_PASSWORD", hide_env_values = true)]
        password: Option<String>,
    },
}

fn main() -> ExitCode {
    env_logger::Builder::from_env(env_logger::Env::default().default_filter_or("info")).init();
    let cli = Cli::parse();
    if let Command::Openapi = cli.command {
        print!("{}", estate_crm::openapi_json());
        return ExitCode::SUCCESS;
    }
    let config = match Config::from_env() {
        Ok(c) => c,
        Err(e) => {
            eprintln!("configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    let result = match cli.command {
        Command::Openapi => Ok(()),
        Command::Serve => serve(config),
        Command::Migrate => {
            estate_crm::connect_and_migrate(&config).map(|_| println!("database is up to date"))
        }
        Command::Demo {
            action: DemoAction::Load,
        } => cli::demo_load(&config),
        Command::Jobs {
            action: JobsAction::RunOnce,
        } => cli::jobs_run_once(&config),
        Command::User {
            action:
                UserAction::Create {
                    email,
                    role,
                    name,
                    company,
                    password,
                },
        } => match Role::parse(&role) {
            None => Err(format!("unknown role {role:?}")),
            Some(role) => cli::create_user(&config, &email, role, name, company, password),
        },
        Command::Import {
            action:
                ImportAction::Leads {
                    file,
                    company,
                    consent_purpose,
                    notice_version,
                    as_email,
                },
        } => cli_import::import_leads(
            &config,
            cli_import::ImportLeadsArgs {
                file,
                company,
                defaults: estate_crm::leads::import::ImportDefaults {
                    consent_purpose,
                    notice_version,
                },
                as_email,
            },
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn serve(config: Config) -> Result<(), String> {
    let bind = config.bind.clone();
    actix_web::rt::System::new().block_on(async move {
        let app = Application::build(config)?;
        log::info!("EstateCRM listening on http://{bind}");
        app.run_until_stopped().await.map_err(|e| e.to_string())
    })
}
