//! Scheduled sweeps, run in-process every minute by `serve` and on demand by
//! `estate-crm jobs run-once`. Every sweep is set-based and idempotent, so
//! several server processes on one database may run them side by side: the
//! retention purge, the SLA clock ([`crate::sla::sweep`], which acts on
//! each transition exactly once), points expiry
//! ([`crate::membership::expiry::sweep`]) and outbox delivery
//! ([`crate::outbox::deliver_due`], which sends each message once).
//!
//! [`run_once_at`] runs the database sweeps; [`run_cycle_at`] runs those and
//! then delivers the outbox, which needs the application's sender.

pub mod purge;

use std::time::Duration;

use chrono::NaiveDateTime;

use crate::db::{self, Pool};
use crate::error::ApiError;
use crate::outbox::DeliveryReport;
use crate::sla::{self, SweepReport};
use crate::state::AppState;

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
    /// Handover notices, appointment reminders and visit notices (delivery).
    pub delivery: crate::delivery::sweep::DeliverySweep,
    /// Referral registrations whose protection ended (the friend released).
    pub referrals_expired: usize,
    /// What outbox delivery did (only [`run_cycle_at`] delivers).
    pub outbox: DeliveryReport,
    /// Staged uploads left behind, recovered or removed (only [`run_cycle_at`],
    /// which knows the data directory).
    pub staged_files: crate::delivery::staged_sweep::StagedSweep,
}

/// The entity types whose SLA clocks the sweep moves, with what each does.
pub fn sla_subjects() -> sla::Subjects {
    sla::Subjects::default()
        .with(crate::leads::sla::LeadSubject)
        .with(crate::deals::task_subject::DealTaskSubject)
        .with(crate::delivery::defect_subject::DefectSubject)
        .with(crate::referrals::review::ReviewSubject)
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
    let delivery = db::run(pool, move |conn| {
        Ok(crate::delivery::sweep::run(conn, now)?)
    })
    .await?;
    let referrals_expired = db::run(pool, move |conn| {
        Ok(crate::referrals::expiry::sweep(conn, now)?)
    })
    .await?;
    Ok(Report {
        purged,
        sla,
        points_expired,
        delivery,
        referrals_expired,
        outbox: DeliveryReport::default(),
        staged_files: Default::default(),
    })
}

/// The whole cycle as if it were `now`: the database sweeps, then outbox
/// delivery through the state's sender, then staged delivery files.
pub async fn run_cycle_at(state: &AppState, now: NaiveDateTime) -> Result<Report, ApiError> {
    let mut report = run_once_at(&state.pool, now).await?;
    report.outbox = crate::outbox::deliver_due(
        &state.pool,
        &state.personal_data,
        state.sender.as_ref(),
        now,
    )
    .await?;
    // Last, and never in the way of the sweeps above: a file system problem
    // is logged, the next cycle tries again.
    let data_dir = state.config.data_dir.clone();
    match db::run(&state.pool, move |conn| {
        crate::delivery::staged_sweep::run(conn, &data_dir, now)
    })
    .await
    {
        Ok(swept) => report.staged_files = swept,
        Err(e) => log::warn!("jobs: staged delivery file sweep failed: {e}"),
    }
    Ok(report)
}

/// Starts the in-process scheduler on the current actix system.
pub fn spawn(state: AppState) {
    actix_web::rt::spawn(async move {
        let mut tick = actix_web::rt::time::interval(INTERVAL);
        loop {
            tick.tick().await;
            match run_cycle_at(&state, db::now()).await {
                Ok(r) => {
                    if r.purged > 0 {
                        log::info!("jobs: purged {} expired rows", r.purged);
                    }
                    if r.points_expired > 0 {
                        log::info!("jobs: expired {} points lots", r.points_expired);
                    }
                    if r.delivery != Default::default() {
                        log::info!("jobs: delivery {:?}", r.delivery);
                    }
                    if !r.sla.is_empty() {
                        log::info!("jobs: sla {:?}", r.sla);
                    }
                    if r.staged_files != Default::default() {
                        log::info!("jobs: staged delivery files {:?}", r.staged_files);
                    }
                    if !r.outbox.is_empty() {
                        log::info!("jobs: outbox {:?}", r.outbox);
                    }
                }
                Err(e) => log::warn!("jobs: sweep failed: {e}"),
            }
        }
    });
}
