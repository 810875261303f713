//! Scheduled sweeps, run in-process every minute by `serve` and on demand by
//! `estate-crm jobs run-once`. Every sweep is set-based and idempotent, so
//! several server processes on one database may run them side by side.

pub mod purge;

use std::time::Duration;

use crate::db::{self, Pool};
use crate::error::ApiError;

/// How often the in-process scheduler runs the sweeps.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// What one run of the sweeps did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Rows removed by the retention purge.
    pub purged: usize,
}

/// Runs every sweep once.
pub async fn run_once(pool: &Pool) -> Result<Report, ApiError> {
    let purged = db::run(pool, |conn| Ok(purge::run(conn, db::now())?)).await?;
    Ok(Report { purged })
}

/// Starts the in-process scheduler on the current actix system.
pub fn spawn(pool: Pool) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            match run_once(&pool).await {
                Ok(r) if r.purged > 0 => log::info!("jobs: purged {} expired rows", r.purged),
                Ok(_) => {}
                Err(e) => log::warn!("jobs: sweep failed: {e}"),
            }
        }
    });
}
