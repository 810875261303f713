//! The SLA sweep over every clock of the seeded database (one open clock per
//! lead), at the current time. The seeder made 1 % of them due for a
//! transition (0.4 % turn `due_soon`, 0.4 % breach, 0.2 % expire; see
//! [`crate::seed::clock_times`]): a backlog of about the size a few hours
//! without a sweep would leave. Measured: one scheduled run of the sweep (as
//! the server runs it every minute), and the runs until nothing is due.

use std::time::Instant;

use diesel::prelude::*;
use estate_crm::schema::sla_clocks;

use crate::{result, Args};

/// `estate-bench sla [--max-runs 1000]`.
pub fn run(args: &Args) -> Result<(), String> {
    let max_runs: u32 = args.num("max-runs", 1000)?;
    let config = crate::config()?;
    let pool = estate_crm::connect_and_migrate(&config)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let e = |e: diesel::result::Error| e.to_string();
    let now = estate_crm::db::now();
    let open: i64 = sla_clocks::table
        .filter(sla_clocks::closed_at.is_null())
        .count()
        .get_result(&mut *conn)
        .map_err(e)?;
    let due: i64 = sla_clocks::table
        .filter(sla_clocks::closed_at.is_null())
        .filter(
            (sla_clocks::state
                .eq("on_time")
                .and(sla_clocks::warn_at.le(now)))
            .or(sla_clocks::state
                .eq("due_soon")
                .and(sla_clocks::due_at.le(now)))
            .or(sla_clocks::state
                .eq("breached")
                .and(sla_clocks::grace_until.le(now))),
        )
        .count()
        .get_result(&mut *conn)
        .map_err(e)?;
    result("sla.open_clocks", open);
    result("sla.due_clocks", due);
    let subjects = estate_crm::jobs::sla_subjects();
    let started = Instant::now();
    let mut runs = 0;
    let mut total = estate_crm::sla::SweepReport::default();
    loop {
        let t = Instant::now();
        let r = estate_crm::sla::sweep(&mut conn, now, &subjects).map_err(e)?;
        runs += 1;
        if runs == 1 {
            result(
                "sla.first_run_seconds",
                format!("{:.2}", t.elapsed().as_secs_f64()),
            );
            result(
                "sla.first_run_transitions",
                r.due_soon + r.breached + r.expired,
            );
        }
        total.due_soon += r.due_soon;
        total.breached += r.breached;
        total.escalated += r.escalated;
        total.expired += r.expired;
        total.failed += r.failed;
        if r.is_empty() || runs >= max_runs {
            break;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    result("sla.runs", runs);
    result("sla.due_soon", total.due_soon);
    result("sla.breached", total.breached);
    result("sla.escalated", total.escalated);
    result("sla.expired", total.expired);
    result("sla.failed", total.failed);
    result("sla.drain_seconds", format!("{secs:.2}"));
    result(
        "sla.transitions_per_s",
        format!(
            "{:.0}",
            (total.due_soon + total.breached + total.expired) as f64 / secs
        ),
    );
    Ok(())
}
