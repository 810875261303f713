//! The sweep: moves due clocks on, exactly once each, however many
//! processes run it at the same time.
//!
//! Per transition (`due_soon`, then `breached`, then `expired`) it takes up
//! to [`BATCH`] candidate clocks in chunks, one transaction per chunk:
//!
//! * candidates are selected with `FOR UPDATE SKIP LOCKED` on PostgreSQL, so
//!   a second process skips what the first is working on and takes the next
//!   clocks instead of waiting (SQLite: a plain select inside the write
//!   transaction, which already serialises writers);
//! * each clock then runs in its own savepoint: the subject locks the entity
//!   without waiting (busy: left for the next sweep), the clock moves by a
//!   conditional `UPDATE … WHERE id = ? AND state IN (<from>)`, and the
//!   subject acts (warns, escalates, hands back) **only when that UPDATE
//!   changed exactly one row**. Even without the row locks, a second process
//!   finds the state already moved and does nothing: this is what makes
//!   escalation happen once.
//!
//! A chunk is first moved set-based ([`super::batch`]: one lock query, one
//! conditional UPDATE, the subject's `…_all` hooks); only if that fails is it
//! redone clock by clock as below, where a failing clock rolls back its own
//! savepoint only, is logged and counted, and is retried on the next run.

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::{Clock, Subject, SubjectRegistry, BREACHED, DUE_SOON, EXPIRED, ON_TIME};
use crate::db::{self, DbConn};
use crate::notifications;
use crate::schema::sla_clocks;

/// Most clocks one run takes per transition (the rest wait for the next run).
pub const BATCH: i64 = 500;
/// Clocks per transaction: short transactions keep row locks brief.
const CHUNK: i64 = 50;

/// What one sweep did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SweepReport {
    /// Clocks that turned `due_soon` (owner warned).
    pub due_soon: usize,
    /// Clocks that breached.
    pub breached: usize,
    /// Breaches escalated to at least one person.
    pub escalated: usize,
    /// Clocks whose grace period ran out (entity handed back).
    pub expired: usize,
    /// Candidates left alone: entity busy, or another process moved them first.
    pub skipped: usize,
    /// Candidates whose transition failed (logged; retried next run).
    pub failed: usize,
}

impl SweepReport {
    /// Whether the sweep changed anything.
    pub fn is_empty(&self) -> bool {
        self.due_soon + self.breached + self.expired + self.failed == 0
    }

    fn add(&mut self, o: &SweepReport) {
        self.due_soon += o.due_soon;
        self.breached += o.breached;
        self.escalated += o.escalated;
        self.expired += o.expired;
        self.skipped += o.skipped;
        self.failed += o.failed;
    }
}

/// A move of clocks from one state to the next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Transition {
    DueSoon,
    Breach,
    Expire,
}

impl Transition {
    /// States a clock may move from.
    pub(super) fn from(self) -> Vec<&'static str> {
        match self {
            Transition::DueSoon => vec![ON_TIME],
            Transition::Breach => vec![ON_TIME, DUE_SOON],
            Transition::Expire => vec![BREACHED],
        }
    }

    /// The time that triggers the transition (also the candidates' order).
    fn at(self, c: &Clock) -> NaiveDateTime {
        match self {
            Transition::DueSoon => c.warn_at,
            Transition::Breach => c.due_at,
            Transition::Expire => c.grace_until,
        }
    }
}

/// Runs every due transition at `now` for the registered entity types.
pub fn sweep(
    conn: &mut DbConn,
    now: NaiveDateTime,
    subjects: &dyn SubjectRegistry,
) -> QueryResult<SweepReport> {
    let types = subjects.entity_types();
    let mut report = SweepReport::default();
    if types.is_empty() {
        return Ok(report);
    }
    for t in [Transition::DueSoon, Transition::Breach, Transition::Expire] {
        // Keyset over (trigger time, id): skipped clocks are passed, not re-read.
        let mut after = (NaiveDateTime::default(), String::new());
        let mut budget = BATCH;
        while budget > 0 {
            let take = budget.min(CHUNK);
            let (chunk, last, fetched) = db::write_tx(conn, |conn| {
                let clocks = candidates(conn, t, now, &types, &after, take)?;
                let set_based = conn
                    .transaction(|conn| super::batch::apply_all(conn, t, now, &clocks, subjects));
                let chunk = match set_based {
                    Ok(chunk) => chunk,
                    Err(e) => {
                        log::info!(
                            "sla: {t:?} chunk of {} clocks clock by clock ({e})",
                            clocks.len()
                        );
                        let mut chunk = SweepReport::default();
                        for clock in &clocks {
                            apply(conn, t, now, clock, subjects, &mut chunk);
                        }
                        chunk
                    }
                };
                let last = clocks.last().map(|c| (t.at(c), c.id.clone()));
                Ok::<_, diesel::result::Error>((chunk, last, clocks.len() as i64))
            })?;
            report.add(&chunk);
            budget -= fetched;
            match last {
                Some(l) if fetched == take => after = l,
                _ => break,
            }
        }
    }
    Ok(report)
}

/// The next clocks due for `t`, oldest trigger first; locked (skipping
/// locked ones) on PostgreSQL.
fn candidates(
    conn: &mut DbConn,
    t: Transition,
    now: NaiveDateTime,
    types: &[&'static str],
    after: &(NaiveDateTime, String),
    limit: i64,
) -> QueryResult<Vec<Clock>> {
    macro_rules! load {
        ($col:expr, $extra:expr) => {{
            // Built per arm: `as_select` is typed by the backend it loads on.
            macro_rules! q {
                () => {
                    sla_clocks::table
                        .filter(sla_clocks::state.eq_any(t.from()))
                        .filter(sla_clocks::entity_type.eq_any(types.to_vec()))
                        .filter($col.le(now))
                        .filter($extra)
                        .filter(
                            $col.gt(after.0)
                                .or($col.eq(after.0).and(sla_clocks::id.gt(after.1.clone()))),
                        )
                        .order(($col.asc(), sla_clocks::id.asc()))
                        .limit(limit)
                        .select(Clock::as_select())
                };
            }
            match conn {
                DbConn::Pg(c) => q!().for_update().skip_locked().load(c),
                DbConn::Sqlite(c) => q!().load(c),
            }
        }};
    }
    match t {
        // A clock already past its deadline breaches without a warning first.
        Transition::DueSoon => load!(sla_clocks::warn_at, sla_clocks::due_at.gt(now)),
        Transition::Breach => load!(sla_clocks::due_at, sla_clocks::closed_at.is_null()),
        Transition::Expire => load!(sla_clocks::grace_until, sla_clocks::closed_at.is_null()),
    }
}

enum Step {
    Skipped,
    Done { escalated: bool },
}

/// One clock's transition in its own savepoint; counts the outcome.
fn apply(
    conn: &mut DbConn,
    t: Transition,
    now: NaiveDateTime,
    clock: &Clock,
    subjects: &dyn SubjectRegistry,
    report: &mut SweepReport,
) {
    let Some(subject) = subjects.subject(&clock.entity_type) else {
        report.skipped += 1;
        return;
    };
    match conn.transaction(|conn| step(conn, t, now, clock, subject)) {
        Ok(Step::Skipped) => report.skipped += 1,
        Ok(Step::Done { escalated }) => {
            match t {
                Transition::DueSoon => report.due_soon += 1,
                Transition::Breach => report.breached += 1,
                Transition::Expire => report.expired += 1,
            }
            report.escalated += usize::from(escalated);
        }
        Err(e) => {
            log::warn!(
                "sla: {t:?} of clock {} ({} {}) failed: {e}",
                clock.id,
                clock.entity_type,
                clock.entity_id
            );
            report.failed += 1;
        }
    }
}

fn step(
    conn: &mut DbConn,
    t: Transition,
    now: NaiveDateTime,
    clock: &Clock,
    subject: &dyn Subject,
) -> QueryResult<Step> {
    if !subject.try_lock(conn, &clock.entity_id)? {
        return Ok(Step::Skipped);
    }
    let target = sla_clocks::table
        .filter(sla_clocks::id.eq(&clock.id))
        .filter(sla_clocks::state.eq_any(t.from()));
    let mut moved = clock.clone();
    let changed = match t {
        Transition::DueSoon => {
            moved.state = DUE_SOON.into();
            diesel::update(target)
                .set((
                    sla_clocks::state.eq(DUE_SOON),
                    sla_clocks::updated_at.eq(now),
                ))
                .execute(conn)?
        }
        Transition::Breach => {
            moved.state = BREACHED.into();
            moved.breached_at = Some(now);
            diesel::update(target)
                .set((
                    sla_clocks::state.eq(BREACHED),
                    sla_clocks::breached_at.eq(now),
                    sla_clocks::updated_at.eq(now),
                ))
                .execute(conn)?
        }
        Transition::Expire => {
            moved.state = EXPIRED.into();
            moved.expired_at = Some(now);
            diesel::update(target)
                .set((
                    sla_clocks::state.eq(EXPIRED),
                    sla_clocks::expired_at.eq(now),
                    sla_clocks::updated_at.eq(now),
                ))
                .execute(conn)?
        }
    };
    // Acting only on the one row this process moved is the exactly-once guarantee.
    if changed != 1 {
        return Ok(Step::Skipped);
    }
    match t {
        Transition::DueSoon => subject.on_due_soon(conn, &moved)?,
        Transition::Breach => return escalate(conn, now, &moved, subject),
        Transition::Expire => subject.on_expire(conn, &moved)?,
    }
    Ok(Step::Done { escalated: false })
}

/// The breach: the subject's own reactions, then the escalation it asked for.
fn escalate(
    conn: &mut DbConn,
    now: NaiveDateTime,
    clock: &Clock,
    subject: &dyn Subject,
) -> QueryResult<Step> {
    let esc = subject.on_breach(conn, clock)?;
    let entity = Some((clock.entity_type.as_str(), clock.entity_id.as_str()));
    for user in &esc.to {
        notifications::notify(
            conn,
            &clock.company_id,
            user,
            "sla_escalated",
            &esc.message,
            entity,
        )?;
    }
    if esc.to.is_empty() {
        return Ok(Step::Done { escalated: false });
    }
    diesel::update(sla_clocks::table.filter(sla_clocks::id.eq(&clock.id)))
        .set(sla_clocks::escalated_at.eq(now))
        .execute(conn)?;
    Ok(Step::Done { escalated: true })
}
