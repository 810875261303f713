//! Capturing many leads at once (the import's fast path): the same rules as
//! [`capture::capture`] followed by [`pipeline::after_change`], applied to a
//! chunk of rows with a fixed number of statements instead of some twenty per
//! row.
//!
//! * projects are checked against the company's (and the caller's) projects;
//! * phones are normalised and blind-indexed, looked up in one query, and
//!   de-duplicated within the whole import ([`Batch::known`]) and against
//!   the database: a phone seen before attaches the lead to that customer;
//! * new customers are encrypted and inserted together, then consents,
//!   leads, gradings, events, audit records and SLA clocks;
//! * grading is [`grading::evaluate`] on the same facts and settings, with the
//!   same explanation; assignment is [`assignment::Roster`], the policy of
//!   [`assignment::choose`] with the counts kept in memory; the clock is
//!   [`sla::spec`] of the graded, assigned lead.
//!
//! Each lead gets its own capture time (strictly increasing within the
//! import), so assignment order and timelines read as if captured one by one.
//!
//! A phone inserted concurrently by someone else makes the chunk fail with a
//! unique violation; the import then re-runs that chunk row by row
//! ([`crate::leads::import::run`]), where capture handles the race.

use std::collections::HashMap;

use api_types::{CaptureLead, GradingRules, LeadAssignment, LeadSla};
use diesel::prelude::*;

use super::assignment::Roster;
use super::capture::{self, CaptureOutcome, Origin};
use super::events::{self, NewEvent};
use super::model::LeadRow;
use super::{grading, pipeline, sla};
use crate::audit;
use crate::customers::queries::{self as customers, NewCustomer, PHONE};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::{gradings, leads, projects};
use crate::settings;

/// What an import carries from chunk to chunk.
#[derive(Debug, Default)]
pub struct Batch {
    /// Phone blind index → (customer id, opted out of automated decisions),
    /// for every phone this import has seen or looked up.
    known: HashMap<String, (String, bool)>,
    /// Open-lead counts of the eligible staff, kept up to date in memory.
    roster: Roster,
    /// The last capture time handed out.
    last: Option<chrono::NaiveDateTime>,
}

impl Batch {
    /// Forgets what the import learnt (after a chunk was rolled back).
    pub fn reset(&mut self) {
        *self = Batch::default();
    }

    /// Now, but strictly after the previous lead's time.
    fn tick(&mut self) -> chrono::NaiveDateTime {
        let now = db::now();
        let t = match self.last {
            Some(l) if now <= l => l + chrono::Duration::microseconds(1),
            _ => now,
        };
        self.last = Some(t);
        t
    }
}

/// The company's settings the pipeline reads, read once per chunk.
struct Settings {
    rules: settings::Versioned<GradingRules>,
    assignment: settings::Versioned<LeadAssignment>,
    lead_sla: LeadSla,
}

/// Everything one chunk writes, in insertion order.
#[derive(Default)]
struct Writes {
    customers: Vec<NewCustomer>,
    consents: Vec<(String, String, String)>,
    leads: Vec<LeadRow>,
    gradings: Vec<(String, grading::Evaluation, i32)>,
    events: Vec<NewEvent>,
    audits: Vec<audit::Write>,
    clocks: Vec<crate::sla::ClockSpec>,
}

/// Captures `rows` in the caller's transaction: per row the outcome, or the
/// client error [`capture::capture`] would have given (nothing written for it).
pub fn capture_all(
    conn: &mut DbConn,
    batch: &mut Batch,
    pd: &PersonalData,
    origin: &Origin,
    rows: &[&CaptureLead],
) -> Result<Vec<Result<CaptureOutcome, ApiError>>, ApiError> {
    let ctx = &origin.ctx;
    db::share_rows(conn, "projects", "company_id", &[&ctx.company_id])?;
    let company_projects: Vec<String> = projects::table
        .filter(projects::company_id.eq(&ctx.company_id))
        .select(projects::id)
        .load(conn)?;
    let project_ok = |id: &String| {
        company_projects.contains(id)
            && origin
                .allowed_projects
                .as_ref()
                .is_none_or(|ps| ps.contains(id))
    };
    let s = Settings {
        rules: settings::get::<GradingRules>(conn, &ctx.company_id)?,
        assignment: settings::get::<LeadAssignment>(conn, &ctx.company_id)?,
        lead_sla: settings::get::<LeadSla>(conn, &ctx.company_id)?.value,
    };
    let mut medians = HashMap::new();
    let bidxs: Vec<String> = rows
        .iter()
        .map(|r| pd.blind_index(PHONE, &api_types::normalize_cn_mobile(&r.phone)))
        .collect();
    let unseen: Vec<String> = bidxs
        .iter()
        .filter(|b| !batch.known.contains_key(*b))
        .cloned()
        .collect();
    let found = customers::by_phone_indexes(conn, &ctx.company_id, &unseen)?;
    batch.known.extend(found);
    let mut w = Writes::default();
    let mut out = Vec::with_capacity(rows.len());
    for (input, bidx) in rows.iter().zip(bidxs) {
        if !project_ok(&input.project_id) {
            out.push(Err(capture::unknown_project()));
            continue;
        }
        if !medians.contains_key(&input.project_id) {
            let m = pipeline::project_median_price(conn, &input.project_id)?;
            medians.insert(input.project_id.clone(), m);
        }
        let now = batch.tick();
        let (customer_id, opted_out, duplicate) = match batch.known.get_mut(&bidx) {
            Some((id, opted)) => {
                if input.opt_outs != api_types::OptOuts::default() {
                    customers::add_opt_outs(conn, id, input.opt_outs)?;
                    *opted |= input.opt_outs.automated_decisions;
                }
                (id.clone(), *opted, true)
            }
            None => {
                let phone = api_types::normalize_cn_mobile(&input.phone);
                let c = NewCustomer::new(
                    pd,
                    &ctx.company_id,
                    input.name.trim(),
                    &phone,
                    input.family_structure.trim(),
                    input.occupation.trim(),
                    input.opt_outs,
                );
                let entry = (c.id.clone(), c.opt_out_automated);
                batch.known.insert(bidx, entry.clone());
                w.customers.push(c);
                (entry.0, entry.1, false)
            }
        };
        w.consents.push((
            customer_id.clone(),
            input.consent.purpose.trim().to_string(),
            input.consent.notice_version.trim().to_string(),
        ));
        let row = capture::new_row(origin, input, db::new_id(), customer_id, now);
        let median = medians.get(&input.project_id).copied().flatten();
        let outcome = CaptureOutcome {
            lead_id: row.id.clone(),
            duplicate,
        };
        pipeline_of(
            conn, batch, &s, row, median, opted_out, input, duplicate, &mut w,
        )?;
        out.push(Ok(outcome));
    }
    write(conn, origin, w)?;
    Ok(out)
}

/// [`pipeline::after_change`] of a captured lead, in memory: grade, owner,
/// clock, and the events in the order the one-by-one path records them.
#[allow(clippy::too_many_arguments)]
fn pipeline_of(
    conn: &mut DbConn,
    batch: &mut Batch,
    s: &Settings,
    mut row: LeadRow,
    median: Option<i64>,
    opted_out: bool,
    input: &CaptureLead,
    duplicate: bool,
    w: &mut Writes,
) -> Result<(), ApiError> {
    let id = row.id.clone();
    let event = |kind, reason: &str, detail| NewEvent {
        lead_id: id.clone(),
        kind,
        reason: reason.to_string(),
        detail,
    };
    w.events
        .push(event("captured", input.source.as_str(), None));
    if duplicate {
        let (reason, detail) = capture::duplicate_event(&row.customer_id);
        w.events.push(event("duplicate", reason, Some(detail)));
    }
    w.audits.push((
        id.clone(),
        None,
        Some(capture::create_audit(input, duplicate)),
    ));
    if opted_out {
        w.events.push(event(
            "awaiting_manual_grading",
            pipeline::AWAITING_MANUAL_GRADING,
            None,
        ));
    } else {
        let ev = grading::evaluate(&s.rules.value, &pipeline::facts(&row, median));
        let (reason, detail) = pipeline::graded_event(s.rules.version, &ev);
        row.grade = Some(ev.grade.as_str().into());
        row.grade_source = Some("rules".into());
        row.version += 1;
        w.gradings.push((id.clone(), ev, s.rules.version));
        w.events.push(event("graded", &reason, Some(detail)));
    }
    if let Some(grade) = row.grade() {
        let rule = format!("lead_assignment v{}", s.assignment.version);
        let roles = s.assignment.value.for_project(&row.project_id);
        let chosen = batch.roster.assign(
            conn,
            &row.company_id,
            &row.project_id,
            grade,
            &roles,
            &rule,
            row.created_at,
        )?;
        match chosen {
            Some(a) => {
                w.events
                    .push(event("assigned", &a.reason, Some(a.facts.clone())));
                row.owner_id = Some(a.user_id);
                row.assigned_at = Some(row.created_at);
                row.version += 1;
            }
            None => w.events.push(event("pooled", pipeline::POOLED, None)),
        }
    }
    let created = row.created_at;
    if let Some(spec) = sla::plan_new(&s.lead_sla, &mut row, created) {
        w.clocks.push(spec);
    }
    w.leads.push(row);
    Ok(())
}

/// Writes a chunk: customers before the leads that name them, then what names the leads.
fn write(conn: &mut DbConn, origin: &Origin, w: Writes) -> Result<(), ApiError> {
    let ctx = &origin.ctx;
    customers::insert_all(conn, &w.customers)?;
    let given: Vec<(&str, &str, &str)> = w
        .consents
        .iter()
        .map(|(c, p, n)| (c.as_str(), p.as_str(), n.as_str()))
        .collect();
    customers::record_consents(conn, &ctx.company_id, origin.via, &given)?;
    for chunk in w.leads.chunks(500) {
        crate::batch_insert!(&mut *conn, leads::table, chunk)?;
    }
    let now = db::now();
    let rows: Vec<_> = w
        .gradings
        .iter()
        .map(|(lead_id, ev, version)| {
            (
                gradings::id.eq(db::new_id()),
                gradings::company_id.eq(ctx.company_id.clone()),
                gradings::lead_id.eq(lead_id.clone()),
                gradings::grade.eq(ev.grade.as_str()),
                gradings::score.eq(ev.score),
                gradings::rule_set_version.eq(*version),
                gradings::explanation_json.eq(pipeline::explanation(&ev.outcomes, &ev.decided_by)),
                gradings::manual.eq(false),
                gradings::actor_id.eq(None::<String>),
                gradings::reason.eq(""),
                gradings::created_at.eq(now),
            )
        })
        .collect();
    for chunk in rows.chunks(500) {
        crate::batch_insert!(&mut *conn, gradings::table, chunk.to_vec())?;
    }
    events::record_all(conn, ctx, w.events)?;
    audit::record_all(conn, ctx, "lead.create", "lead", w.audits)?;
    sla::start_new(conn, &w.clocks)?;
    Ok(())
}
