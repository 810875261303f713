//! Typed configuration from the environment. Every variable is listed in
//! `.env.example` with its default.

mod owners;

use std::path::{Path, PathBuf};

use base64::Engine;
use rand::RngCore;
use serde::{Deserialize, Serialize};

pub use owners::{OutboxConfig, OwnerLoginConfig, SmsGatewayConfig};

/// Deployment environment: development generates missing secrets, production refuses to start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    /// Local use: secrets are generated into the data directory.
    Development,
    /// Real use: secrets must be given.
    Production,
}

/// The server's secrets.
#[derive(Clone)]
pub struct Secrets {
    /// HMAC key that signs access tokens (HS256).
    pub token_key: Vec<u8>,
    /// Current AES-256 key for personal data, and its id.
    pub pii_key: (String, [u8; 32]),
    /// Older keys still accepted for decryption (rotation).
    pub pii_old_keys: Vec<(String, [u8; 32])>,
    /// HMAC key of the blind indexes (stable across PII key rotation).
    pub blind_index_key: Vec<u8>,
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(<redacted>)")
    }
}

/// Login throttling limits.
#[derive(Debug, Clone)]
pub struct ThrottleConfig {
    /// Failed logins per account within the window before a lockout.
    pub account_failures: i32,
    /// Failed logins per client IP within the window before a lockout.
    pub ip_failures: i32,
    /// Window and lockout length, in seconds.
    pub window_secs: i64,
}

/// Everything the server needs to run.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://PATH`, a plain path, or `postgres://…`.
    pub database_url: String,
    /// Address to listen on.
    pub bind: String,
    /// Where the SQLite file, generated secrets and uploads live.
    pub data_dir: PathBuf,
    /// Development or production.
    pub environment: Environment,
    /// Built SPA to serve at `/`.
    pub spa_dir: PathBuf,
    /// HTTP worker threads (default: one per core).
    pub workers: usize,
    /// Database pool size (default: 2 × cores + 1 on PostgreSQL, 4 on SQLite).
    pub db_pool_size: u32,
    /// Largest accepted JSON body, in bytes.
    pub json_limit: usize,
    /// Rows of a lead import per write transaction
    /// (`ESTATE_CRM_IMPORT_CHUNK_ROWS`, 100–20,000; unset: the backend's
    /// default, see `leads::import::chunk_rows`).
    pub import_chunk_rows: Option<usize>,
    /// Login throttling.
    pub throttle: ThrottleConfig,
    /// Run the scheduled sweeps in this process (`ESTATE_CRM_JOBS`, default on).
    pub run_jobs: bool,
    /// Proxies whose `X-Forwarded-For` names the real client (`ESTATE_CRM_TRUSTED_PROXIES`).
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Outbox delivery (SMS gateway).
    pub outbox: OutboxConfig,
    /// Owners' one-time-code limits.
    pub owner_login: OwnerLoginConfig,
    /// Secrets.
    pub secrets: Secrets,
}

/// A configuration problem that stops the server from starting.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Reads one variable; empty values count as unset.
type Lookup<'a> = &'a dyn Fn(&str) -> Option<String>;

fn parse_var<T: std::str::FromStr>(var: Lookup, name: &str, default: T) -> Result<T, ConfigError> {
    match var(name) {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse()
            .map_err(|_| ConfigError(format!("{name}: cannot parse {v:?}"))),
    }
}

impl Config {
    /// Reads the configuration from the environment.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::from_lookup(&|name| std::env::var(name).ok())
    }

    /// Reads the configuration through `lookup` (the environment, or a map in tests).
    pub fn from_lookup(lookup: Lookup) -> Result<Config, ConfigError> {
        let var = &|name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let environment = match var("ESTATE_CRM_ENV").as_deref() {
            None | Some("development") => Environment::Development,
            Some("production") => Environment::Production,
            Some(other) => {
                return Err(ConfigError(format!(
                    "ESTATE_CRM_ENV must be development or production, not {other:?}"
                )))
            }
        };
        let data_dir = PathBuf::from(var("ESTATE_CRM_DATA_DIR").unwrap_or_else(|| "./data".into()));
        let database_url = var("DATABASE_URL")
            .unwrap_or_else(|| format!("sqlite://{}", data_dir.join("estate-crm.db").display()));
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let is_pg = crate::db::is_postgres_url(&database_url);
        let default_pool = if is_pg { cores as u32 * 2 + 1 } else { 4 };
        let secrets = load_secrets(var, environment, &data_dir)?;
        Ok(Config {
            database_url,
            bind: var("ESTATE_CRM_BIND").unwrap_or_else(|| "127.0.0.1:8080".into()),
            spa_dir: PathBuf::from(
                var("ESTATE_CRM_SPA_DIR").unwrap_or_else(|| "frontend/dist".into()),
            ),
            data_dir,
            environment,
            workers: parse_var(var, "ESTATE_CRM_WORKERS", cores)?,
            db_pool_size: parse_var(var, "ESTATE_CRM_DB_POOL_SIZE", default_pool)?,
            json_limit: parse_var(var, "ESTATE_CRM_JSON_LIMIT", 1024 * 1024)?,
            import_chunk_rows: match var("ESTATE_CRM_IMPORT_CHUNK_ROWS") {
                None => None,
                Some(v) => match v.trim().parse::<usize>() {
                    Ok(n) if (100..=20_000).contains(&n) => Some(n),
                    _ => {
                        return Err(ConfigError(format!(
                            "ESTATE_CRM_IMPORT_CHUNK_ROWS: {v:?} is not a number from 100 to 20000"
                        )))
                    }
                },
            },
            throttle: ThrottleConfig {
                account_failures: parse_var(var, "ESTATE_CRM_LOGIN_MAX_FAILURES_ACCOUNT", 5)?,
                ip_failures: parse_var(var, "ESTATE_CRM_LOGIN_MAX_FAILURES_IP", 20)?,
                window_secs: parse_var(var, "ESTATE_CRM_LOGIN_LOCKOUT_SECS", 900)?,
            },
            run_jobs: parse_var(var, "ESTATE_CRM_JOBS", true)?,
            trusted_proxies: match var("ESTATE_CRM_TRUSTED_PROXIES") {
                None => Vec::new(),
                Some(list) => list
                    .split(',')
                    .map(|ip| {
                        ip.trim().parse().map_err(|_| {
                            ConfigError(format!(
                                "ESTATE_CRM_TRUSTED_PROXIES: {ip:?} is not an IP address"
                            ))
                        })
                    })
                    .collect::<Result<_, _>>()?,
            },
            outbox: owners::outbox(var)?,
            owner_login: owners::owner_login(var)?,
            secrets,
        })
    }
}

/// Secrets generated in development and kept in `DATA_DIR/secrets.json`.
#[derive(Serialize, Deserialize)]
struct GeneratedSecrets {
    token_key: String,
    pii_key_id: String,
    pii_key: String,
    blind_index_key: String,
}

fn b64() -> base64::engine::GeneralPurpose {
    base64::engine::general_purpose::STANDARD
}

fn random_b64(len: usize) -> String {
    let mut buf = vec![0u8; len];
    rand::thread_rng().fill_bytes(&mut buf);
    b64().encode(buf)
}

fn decode_key(name: &str, value: &str) -> Result<[u8; 32], ConfigError> {
    let bytes = b64()
        .decode(value.trim())
        .map_err(|_| ConfigError(format!("{name}: not valid base64")))?;
    bytes
        .try_into()
        .map_err(|_| ConfigError(format!("{name}: must be 32 bytes (base64)")))
}

fn load_secrets(var: Lookup, env: Environment, data_dir: &Path) -> Result<Secrets, ConfigError> {
    let given = (
        var("ESTATE_CRM_TOKEN_SECRET"),
        var("ESTATE_CRM_PII_KEY"),
        var("ESTATE_CRM_BLIND_INDEX_KEY"),
    );
    let (token, pii, bidx, pii_id) = match given {
        (Some(t), Some(p), Some(b)) => (
            t,
            p,
            b,
            var("ESTATE_CRM_PII_KEY_ID").unwrap_or_else(|| "k1".into()),
        ),
        _ if env == Environment::Production => {
            return Err(ConfigError(
                "production requires ESTATE_CRM_TOKEN_SECRET, ESTATE_CRM_PII_KEY and \
                 ESTATE_CRM_BLIND_INDEX_KEY"
                    .into(),
            ))
        }
        _ => {
            let g = generated_secrets(data_dir)?;
            (g.token_key, g.pii_key, g.blind_index_key, g.pii_key_id)
        }
    };
    if token.len() < 32 {
        return Err(ConfigError(
            "ESTATE_CRM_TOKEN_SECRET must be at least 32 characters".into(),
        ));
    }
    let mut old = Vec::new();
    if let Some(list) = var("ESTATE_CRM_PII_OLD_KEYS") {
        for item in list.split(',') {
            let (id, key) = item.split_once(':').ok_or_else(|| {
                ConfigError("ESTATE_CRM_PII_OLD_KEYS: entries are id:base64key".into())
            })?;
            old.push((
                id.trim().to_string(),
                decode_key("ESTATE_CRM_PII_OLD_KEYS", key)?,
            ));
        }
    }
    Ok(Secrets {
        token_key: token.into_bytes(),
        pii_key: (pii_id, decode_key("ESTATE_CRM_PII_KEY", &pii)?),
        pii_old_keys: old,
        blind_index_key: {
            let key = b64()
                .decode(bidx.trim())
                .map_err(|_| ConfigError("ESTATE_CRM_BLIND_INDEX_KEY: not valid base64".into()))?;
            if key.len() < 32 {
                return Err(ConfigError(
                    "ESTATE_CRM_BLIND_INDEX_KEY must be at least 32 bytes (base64)".into(),
                ));
            }
            key
        },
    })
}

fn generated_secrets(data_dir: &Path) -> Result<GeneratedSecrets, ConfigError> {
    let path = data_dir.join("secrets.json");
    if let Ok(text) = std::fs::read_to_string(&path) {
        return serde_json::from_str(&text)
            .map_err(|e| ConfigError(format!("{}: {e}", path.display())));
    }
    std::fs::create_dir_all(data_dir)
        .map_err(|e| ConfigError(format!("cannot create {}: {e}", data_dir.display())))?;
    let g = GeneratedSecrets {
        token_key: random_b64(48),
        pii_key_id: "k1".into(),
        pii_key: random_b64(32),
        blind_index_key: random_b64(32),
    };
    let text = serde_json::to_string_pretty(&g).map_err(|e| ConfigError(e.to_string()))?;
    write_private(&path, &text)
        .map_err(|e| ConfigError(format!("cannot write {}: {e}", path.display())))?;
    log::warn!(
        "development secrets were generated into {}; set them in the environment for production",
        path.display()
    );
    Ok(g)
}

#[cfg(unix)]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)?;
    f.write_all(text.as_bytes())
}

#[cfg(not(unix))]
fn write_private(path: &Path, text: &str) -> std::io::Result<()> {
    std::fs::write(path, text)
}

#[cfg(test)]
mod tests;
