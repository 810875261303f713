//! The SLA clock: one reusable deadline mechanism (leads now; complaints and
//! defects later). It knows nothing about leads.
//!
//! A clock belongs to one entity (`entity_type`, `entity_id`); at most one is
//! open per entity (the partial unique index `sla_clocks_open_uq`). It runs
//! `on_time` → `due_soon` (at `warn_at`) → `breached` (at `due_at`) →
//! `expired` (at `grace_until`), and is `closed` when the entity's owner
//! restarts or stops it. An expired clock stays expired (and open, so views
//! show the entity as overdue) until the next [`start`] or [`close`].
//!
//! The mechanism decides *when* and guarantees *once*; a [`Subject`] per
//! entity type decides *what happens* (warn, escalate to whom, hand back).
//! See [`sweep`] for how several processes share the work.

mod batch;
mod sweep;

pub use sweep::{sweep, SweepReport, BATCH};

use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::schema::sla_clocks;

/// What starts a clock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClockSpec {
    /// Company of the entity.
    pub company_id: String,
    /// Entity type, e.g. `lead`.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: String,
    /// What is due, e.g. `first_contact`, `follow_up`.
    pub kind: String,
    /// The setting that decided, e.g. `lead_sla.a_first_contact_hours=24`.
    pub rule: String,
    /// Who must act (warned, then escalated from); `None` for nobody (a pool).
    pub owner_id: Option<String>,
    /// When it turns `due_soon` (equal to `due_at`: no warning).
    pub warn_at: chrono::NaiveDateTime,
    /// The deadline: `breached` from then on.
    pub due_at: chrono::NaiveDateTime,
    /// When the grace period after a breach ends: `expired`.
    pub grace_until: chrono::NaiveDateTime,
}

/// A stored clock.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = sla_clocks)]
pub struct Clock {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Entity type.
    pub entity_type: String,
    /// Entity id.
    pub entity_id: String,
    /// What is due.
    pub kind: String,
    /// The setting that decided.
    pub rule: String,
    /// Who must act.
    pub owner_id: Option<String>,
    /// Warning time.
    pub warn_at: chrono::NaiveDateTime,
    /// Deadline.
    pub due_at: chrono::NaiveDateTime,
    /// End of the grace period.
    pub grace_until: chrono::NaiveDateTime,
    /// `on_time`, `due_soon`, `breached`, `expired` or `closed`.
    pub state: String,
    /// When it breached.
    pub breached_at: Option<chrono::NaiveDateTime>,
    /// When the breach was escalated (someone was told).
    pub escalated_at: Option<chrono::NaiveDateTime>,
    /// When the grace period ran out.
    pub expired_at: Option<chrono::NaiveDateTime>,
    /// When it was closed.
    pub closed_at: Option<chrono::NaiveDateTime>,
    /// Started.
    pub created_at: chrono::NaiveDateTime,
    /// Last changed.
    pub updated_at: chrono::NaiveDateTime,
}

impl Clock {
    /// The facts of a notification about this clock: `due` (what is due,
    /// see [`api_types::NotificationParams::due`]), its deadline and rule.
    pub fn notice(&self, due: &str) -> api_types::NotificationParams {
        api_types::NotificationParams {
            due: due.to_string(),
            due_at: crate::db::utc(self.due_at),
            rule: self.rule.clone(),
            grace_hours: None,
            unassigned: false,
            subject: String::new(),
        }
    }

    /// [`Clock::notice`] once the grace period has passed.
    pub fn notice_after_grace(&self, due: &str) -> api_types::NotificationParams {
        api_types::NotificationParams {
            grace_hours: Some((self.grace_until - self.due_at).num_hours()),
            ..self.notice(due)
        }
    }
}

/// Closes the entity's open clock, if any, and starts a new one; returns its id.
///
/// Call it in the transaction that changed the entity, ideally under the
/// entity's row lock. Should a concurrent start win the race for the one open
/// clock (a unique violation), its clock is closed in turn and the insert
/// retried once: the last start wins.
pub fn start(conn: &mut DbConn, spec: &ClockSpec) -> QueryResult<String> {
    match db::write_tx(conn, |conn| replace(conn, spec)) {
        Err(e) if db::is_unique_violation(&e) => db::write_tx(conn, |conn| replace(conn, spec)),
        other => other,
    }
}

fn replace(conn: &mut DbConn, spec: &ClockSpec) -> QueryResult<String> {
    close(conn, &spec.entity_type, &spec.entity_id)?;
    let id = db::new_id();
    diesel::insert_into(sla_clocks::table)
        .values(new_clock(&id, spec, db::now()))
        .execute(conn)?;
    Ok(id)
}

/// Starts clocks for entities that have none open yet (new entities, e.g.
/// imported leads), in few statements. A clock already open for one of them
/// is a unique violation: the caller's transaction fails as a whole.
pub fn start_new(conn: &mut DbConn, specs: &[ClockSpec]) -> QueryResult<()> {
    let now = db::now();
    let ids: Vec<String> = specs.iter().map(|_| db::new_id()).collect();
    let rows: Vec<_> = specs
        .iter()
        .zip(&ids)
        .map(|(spec, id)| new_clock(id, spec, now))
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, sla_clocks::table, chunk)?;
    }
    Ok(())
}

/// The row of a new clock: warning no later and grace no earlier than the deadline.
#[derive(Insertable)]
#[diesel(table_name = sla_clocks, treat_none_as_default_value = false)]
struct NewClock<'a> {
    id: &'a str,
    company_id: &'a str,
    entity_type: &'a str,
    entity_id: &'a str,
    kind: &'a str,
    rule: &'a str,
    owner_id: Option<&'a str>,
    warn_at: chrono::NaiveDateTime,
    due_at: chrono::NaiveDateTime,
    grace_until: chrono::NaiveDateTime,
    state: &'static str,
    created_at: chrono::NaiveDateTime,
    updated_at: chrono::NaiveDateTime,
}

fn new_clock<'a>(id: &'a str, spec: &'a ClockSpec, now: chrono::NaiveDateTime) -> NewClock<'a> {
    NewClock {
        id,
        company_id: &spec.company_id,
        entity_type: &spec.entity_type,
        entity_id: &spec.entity_id,
        kind: &spec.kind,
        rule: &spec.rule,
        owner_id: spec.owner_id.as_deref(),
        warn_at: spec.warn_at.min(spec.due_at),
        due_at: spec.due_at,
        grace_until: spec.grace_until.max(spec.due_at),
        state: ON_TIME,
        created_at: now,
        updated_at: now,
    }
}

/// Closes the entity's open clock (state `closed`); returns how many closed (0 or 1).
pub fn close(conn: &mut DbConn, entity_type: &str, entity_id: &str) -> QueryResult<usize> {
    let now = db::now();
    diesel::update(
        sla_clocks::table
            .filter(sla_clocks::entity_type.eq(entity_type))
            .filter(sla_clocks::entity_id.eq(entity_id))
            .filter(sla_clocks::closed_at.is_null()),
    )
    .set((
        sla_clocks::state.eq(CLOSED),
        sla_clocks::closed_at.eq(now),
        sla_clocks::updated_at.eq(now),
    ))
    .execute(conn)
}

/// Changes who the entity's open clock waits on, keeping its times and state
/// (e.g. a lead handed to the pool: owner `None`).
pub fn reassign(
    conn: &mut DbConn,
    entity_type: &str,
    entity_id: &str,
    owner_id: Option<&str>,
) -> QueryResult<usize> {
    reassign_all(conn, entity_type, &[entity_id.to_string()], owner_id)
}

/// [`reassign`] for several entities of a type, in one statement.
pub fn reassign_all(
    conn: &mut DbConn,
    entity_type: &str,
    entity_ids: &[String],
    owner_id: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(
        sla_clocks::table
            .filter(sla_clocks::entity_type.eq(entity_type))
            .filter(sla_clocks::entity_id.eq_any(entity_ids))
            .filter(sla_clocks::closed_at.is_null()),
    )
    .set((
        sla_clocks::owner_id.eq(owner_id),
        sla_clocks::updated_at.eq(db::now()),
    ))
    .execute(conn)
}

/// The entity's open clock, if any.
pub fn open_clock(
    conn: &mut DbConn,
    entity_type: &str,
    entity_id: &str,
) -> QueryResult<Option<Clock>> {
    sla_clocks::table
        .filter(sla_clocks::entity_type.eq(entity_type))
        .filter(sla_clocks::entity_id.eq(entity_id))
        .filter(sla_clocks::closed_at.is_null())
        .select(Clock::as_select())
        .first(conn)
        .optional()
}

/// State: running, not yet near the deadline.
pub const ON_TIME: &str = "on_time";
/// State: past `warn_at`.
pub const DUE_SOON: &str = "due_soon";
/// State: past `due_at`.
pub const BREACHED: &str = "breached";
/// State: past `grace_until`; stays so until restarted.
pub const EXPIRED: &str = "expired";
/// State: stopped (restarted, or the entity no longer needs one).
pub const CLOSED: &str = "closed";

/// Whom a breach escalates to, and what they are told.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Escalation {
    /// User ids to notify (kind `sla_escalated`); empty: nobody.
    pub to: Vec<String>,
    /// What they are told (no personal data).
    pub message: crate::notifications::Message,
}

/// What an entity type does at each transition of its clocks.
///
/// Each hook runs inside the transaction (a savepoint) that made the
/// transition, exactly once per transition; an error undoes both, and the
/// clock is tried again on the next sweep.
pub trait Subject: Send + Sync {
    /// The entity type of the clocks this subject handles, e.g. `lead`.
    fn entity_type(&self) -> &'static str;

    /// Locks the entity without waiting; `false` when someone else holds it
    /// (the clock is then left for the next sweep). Taking this lock before
    /// the clock's keeps the order handlers use (entity, then clock) and
    /// so avoids deadlocks. See [`try_lock_row`].
    fn try_lock(&self, conn: &mut DbConn, entity_id: &str) -> QueryResult<bool>;

    /// The clock turned `due_soon`: warn the owner.
    fn on_due_soon(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()>;

    /// The clock breached: tell the owner, record it, and say whom to escalate to.
    fn on_breach(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<Escalation>;

    /// The grace period is over: hand the entity back (e.g. to the pool).
    fn on_expire(&self, conn: &mut DbConn, clock: &Clock) -> QueryResult<()>;

    /// [`Subject::try_lock`] for many entities: those it locked. The sweep's
    /// set-based path calls the `…_all` hooks with every clock of a chunk it
    /// moved; an error rolls the whole chunk back, and the sweep then redoes
    /// it clock by clock. The defaults go one by one.
    fn try_lock_all(
        &self,
        conn: &mut DbConn,
        entity_ids: &[String],
    ) -> QueryResult<std::collections::HashSet<String>> {
        let mut locked = std::collections::HashSet::new();
        for id in entity_ids {
            if self.try_lock(conn, id)? {
                locked.insert(id.clone());
            }
        }
        Ok(locked)
    }

    /// [`Subject::on_due_soon`] for many clocks.
    fn on_due_soon_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<()> {
        clocks.iter().try_for_each(|c| self.on_due_soon(conn, c))
    }

    /// [`Subject::on_breach`] for many clocks: one escalation per clock, in order.
    fn on_breach_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<Vec<Escalation>> {
        clocks.iter().map(|c| self.on_breach(conn, c)).collect()
    }

    /// [`Subject::on_expire`] for many clocks.
    fn on_expire_all(&self, conn: &mut DbConn, clocks: &[Clock]) -> QueryResult<()> {
        clocks.iter().try_for_each(|c| self.on_expire(conn, c))
    }
}

/// Maps entity types to their subjects; clocks of other types are left alone.
pub trait SubjectRegistry {
    /// The subject of an entity type.
    fn subject(&self, entity_type: &str) -> Option<&dyn Subject>;
    /// Every registered entity type.
    fn entity_types(&self) -> Vec<&'static str>;
}

/// A [`SubjectRegistry`] built from a list.
#[derive(Default)]
pub struct Subjects {
    list: Vec<Box<dyn Subject>>,
}

impl Subjects {
    /// Adds a subject (the first registered for a type wins).
    pub fn with(mut self, subject: impl Subject + 'static) -> Subjects {
        self.list.push(Box::new(subject));
        self
    }
}

impl SubjectRegistry for Subjects {
    fn subject(&self, entity_type: &str) -> Option<&dyn Subject> {
        self.list
            .iter()
            .find(|s| s.entity_type() == entity_type)
            .map(|s| s.as_ref())
    }

    fn entity_types(&self) -> Vec<&'static str> {
        self.list.iter().map(|s| s.entity_type()).collect()
    }
}

/// Locks a row for the rest of the transaction unless another transaction
/// holds it; `false` if it does (or the row is gone).
///
/// PostgreSQL: `SELECT … FOR UPDATE SKIP LOCKED`. SQLite: the write
/// transaction already holds the database's only write lock, so `true` when
/// the row exists.
pub fn try_lock_row(conn: &mut DbConn, table: &'static str, id: &str) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Found {
        #[diesel(sql_type = diesel::sql_types::Integer)]
        #[allow(dead_code)]
        one: i32,
    }
    let sql = match conn {
        DbConn::Pg(_) => {
            format!("SELECT 1 AS one FROM {table} WHERE id = $1 FOR UPDATE SKIP LOCKED")
        }
        DbConn::Sqlite(_) => format!("SELECT 1 AS one FROM {table} WHERE id = ?1"),
    };
    let found: Vec<Found> = diesel::sql_query(sql)
        .bind::<diesel::sql_types::Text, _>(id)
        .load(conn)?;
    Ok(!found.is_empty())
}
