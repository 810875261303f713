//! Scheduled sweeps, run in-process every minute by `serve` and on demand by
//! `estate-crm jobs run-once`. Every sweep is set-based and idempotent, so
//! several server processes on one database may run them side by side: the
//! retention purge, the SLA clock ([`crate::sla::sweep`], which acts on
//! each transition exactly once) and points expiry
//! ([`crate::membership::expiry::sweep`]).

pub mod purge;

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::{self, Pool};
use crate::error::ApiError;
use crate::sla::{self, SweepReport};

/// How often the in-process scheduler runs the sweeps.
pub const INTERVAL: Duration = Duration::from_secs(60);

/// What one run of the sweeps did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Report {
    /// Rows removed by the retention purge.
    pub purged: usize,
    /// What the SLA sweep did.
    pub sla: SweepReport,
    /// Points lots that expired (membership).
    pub points_expired: usize,
}

/// The entity types whose SLA clocks the sweep moves, with what each does.
pub fn sla_subjects() -> sla::Subjects {
    sla::Subjects::default()
        .with(crate::leads::sla::LeadSubject)
        .with(crate::deals::task_subject::DealTaskSubject)
}

/// Runs every sweep once, now.
pub async fn run_once(pool: &Pool) -> Result<Report, ApiError> {
    run_once_at(pool, db::now()).await
}

/// Runs every sweep once as if it were `now` (tests move the clock this way).
pub async fn run_once_at(pool: &Pool, now: NaiveDateTime) -> Result<Report, ApiError> {
    let purged = db::run(pool, move |conn| Ok(purge::run(conn, now)?)).await?;
    let sla = db::run(pool, move |conn| {
        Ok(sla::sweep(conn, now, &sla_subjects())?)
    })
    .await?;
    let points_expired = db::run(pool, move |conn| {
        Ok(crate::membership::expiry::sweep(conn, now)?)
    })
    .await?;
    Ok(Report {
        purged,
        sla,
        points_expired,
    })
}

/// Starts the in-process scheduler on the current actix system.
pub fn spawn(pool: Pool) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            match run_once(&pool).await {
                Ok(r) => {
                    if r.purged > 0 {
                        log::info!("jobs: purged {} expired rows", r.purged);
                    }
                    if r.points_expired > 0 {
                        log::info!("jobs: expired {} points lots", r.points_expired);
                    }
                    if !r.sla.is_empty() {
                        log::info!("jobs: sla {:?}", r.sla);
                    }
                }
                Err(e) => log::warn!("jobs: sweep failed: {e}"),
            }
        }
    });
}
