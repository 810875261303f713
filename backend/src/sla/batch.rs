//! One chunk of a sweep, set-based: the entities are locked together
//! (skipping busy ones), the clocks move with one conditional `UPDATE …
//! WHERE id IN (…) AND state IN (<from>) RETURNING id`, and the subject
//! acts on exactly the clocks that statement moved, with its `…_all` hooks.
//!
//! The guarantee is the per-clock path's ([`super::sweep`]): a clock that
//! another process moved first is not returned by the UPDATE, so nothing acts
//! on it twice. The difference is failure: an error here rolls back the whole
//! chunk (the caller runs it in a savepoint) and the sweep redoes it clock by
//! clock, so one bad clock still costs only itself.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::sweep::Transition;
use super::{Clock, SubjectRegistry, SweepReport, BREACHED, DUE_SOON, EXPIRED};
use crate::db::DbConn;
use crate::notifications::{self, NewNotification};
use crate::schema::sla_clocks;

/// Applies `t` to `clocks` (candidates of one chunk) as a set.
pub(super) fn apply_all(
    conn: &mut DbConn,
    t: Transition,
    now: NaiveDateTime,
    clocks: &[Clock],
    subjects: &dyn SubjectRegistry,
) -> QueryResult<SweepReport> {
    let mut report = SweepReport::default();
    let mut types: Vec<&str> = clocks.iter().map(|c| c.entity_type.as_str()).collect();
    types.sort_unstable();
    types.dedup();
    for entity_type in types {
        let group: Vec<&Clock> = clocks
            .iter()
            .filter(|c| c.entity_type == entity_type)
            .collect();
        let Some(subject) = subjects.subject(entity_type) else {
            report.skipped += group.len();
            continue;
        };
        let entity_ids: Vec<String> = group.iter().map(|c| c.entity_id.clone()).collect();
        let locked = subject.try_lock_all(conn, &entity_ids)?;
        let ids: Vec<String> = group
            .iter()
            .filter(|c| locked.contains(&c.entity_id))
            .map(|c| c.id.clone())
            .collect();
        let moved_ids: HashSet<String> = move_all(conn, t, now, &ids)?.into_iter().collect();
        let moved: Vec<Clock> = group
            .iter()
            .filter(|c| moved_ids.contains(&c.id))
            .map(|c| moved_clock(c, t, now))
            .collect();
        report.skipped += group.len() - moved.len();
        match t {
            Transition::DueSoon => {
                subject.on_due_soon_all(conn, &moved)?;
                report.due_soon += moved.len();
            }
            Transition::Expire => {
                subject.on_expire_all(conn, &moved)?;
                report.expired += moved.len();
            }
            Transition::Breach => {
                let escalations = subject.on_breach_all(conn, &moved)?;
                let mut notes = Vec::new();
                let mut escalated = Vec::new();
                for (clock, esc) in moved.iter().zip(escalations) {
                    if esc.to.is_empty() {
                        continue;
                    }
                    escalated.push(clock.id.clone());
                    for user in esc.to {
                        notes.push(NewNotification {
                            company_id: clock.company_id.clone(),
                            user_id: user,
                            kind: "sla_escalated",
                            message: esc.message.clone(),
                            entity: Some((clock.entity_type.clone(), clock.entity_id.clone())),
                        });
                    }
                }
                notifications::notify_all(conn, notes)?;
                diesel::update(sla_clocks::table.filter(sla_clocks::id.eq_any(&escalated)))
                    .set(sla_clocks::escalated_at.eq(now))
                    .execute(conn)?;
                report.breached += moved.len();
                report.escalated += escalated.len();
            }
        }
    }
    Ok(report)
}

/// The clock as the transition left it.
fn moved_clock(c: &Clock, t: Transition, now: NaiveDateTime) -> Clock {
    let mut m = c.clone();
    match t {
        Transition::DueSoon => m.state = DUE_SOON.into(),
        Transition::Breach => {
            m.state = BREACHED.into();
            m.breached_at = Some(now);
        }
        Transition::Expire => {
            m.state = EXPIRED.into();
            m.expired_at = Some(now);
        }
    }
    m
}

/// Moves the clocks still in a state `t` moves from; the ids it moved.
fn move_all(
    conn: &mut DbConn,
    t: Transition,
    now: NaiveDateTime,
    ids: &[String],
) -> QueryResult<Vec<String>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let target = sla_clocks::table
        .filter(sla_clocks::id.eq_any(ids))
        .filter(sla_clocks::state.eq_any(t.from()));
    match t {
        Transition::DueSoon => diesel::update(target)
            .set((
                sla_clocks::state.eq(DUE_SOON),
                sla_clocks::updated_at.eq(now),
            ))
            .returning(sla_clocks::id)
            .get_results(conn),
        Transition::Breach => diesel::update(target)
            .set((
                sla_clocks::state.eq(BREACHED),
                sla_clocks::breached_at.eq(now),
                sla_clocks::updated_at.eq(now),
            ))
            .returning(sla_clocks::id)
            .get_results(conn),
        Transition::Expire => diesel::update(target)
            .set((
                sla_clocks::state.eq(EXPIRED),
                sla_clocks::expired_at.eq(now),
                sla_clocks::updated_at.eq(now),
            ))
            .returning(sla_clocks::id)
            .get_results(conn),
    }
}
