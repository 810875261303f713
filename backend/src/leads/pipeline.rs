//! What follows every relevant change of a lead: grading by the company's
//! rules (explained and stored with the rule-set version), automatic
//! assignment, and the SLA clock. One place, so capture, edits, follow-ups
//! and imports all behave alike.

use api_types::{Grade, GradingRules, LeadSource};
use diesel::prelude::*;
use serde_json::json;

use super::assignment;
use super::grading::{self, LeadFacts};
use super::model::LeadRow;
use super::{events, queries, sla};
use crate::audit::AuditCtx;
use crate::customers::queries as customers;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{gradings, lead_events, leads, units};
use crate::settings;

/// Why the pipeline runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// A new lead.
    Captured,
    /// Facts that grading looks at changed (timeframe, budget, visits …).
    FactsChanged,
    /// A follow-up was recorded.
    FollowedUp,
    /// A person graded the lead.
    GradedManually,
    /// The owner changed (assignment, claim, return to the pool).
    OwnerChanged,
    /// The lead was converted or lost.
    Closed,
}

/// Runs grading, assignment and the clock for a lead after `cause`, then
/// refreshes the customer's value tier (it depends on the lead grade).
pub fn after_change(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    lead_id: &str,
    cause: Cause,
) -> Result<(), ApiError> {
    lead_steps(conn, ctx, lead_id, cause)?;
    let row = queries::reload(conn, lead_id)?;
    crate::customers::value::refresh(conn, &row.company_id, &row.customer_id)?;
    Ok(())
}

fn lead_steps(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    lead_id: &str,
    cause: Cause,
) -> Result<(), ApiError> {
    let row = queries::reload(conn, lead_id)?;
    if !row.is_open() {
        sla::close(conn, lead_id)?;
        return Ok(());
    }
    let grade_before = row.grade.clone();
    if matches!(
        cause,
        Cause::Captured | Cause::FactsChanged | Cause::FollowedUp
    ) {
        auto_grade(conn, ctx, &row, cause)?;
    }
    let row = queries::reload(conn, lead_id)?;
    if row.owner_id.is_none() && matches!(cause, Cause::Captured | Cause::GradedManually) {
        auto_assign(conn, ctx, &row)?;
    }
    let row = queries::reload(conn, lead_id)?;
    // The clock restarts on capture, on every follow-up and when the grade
    // (and so the cadence) changes; an edit of the notes does not buy time.
    let contacted = row.status != "new";
    // A new owner of an overdue lead (claimed from the pool, reassigned) gets a fresh deadline.
    let overdue = cause == Cause::OwnerChanged
        && crate::sla::open_clock(conn, queries::ENTITY, lead_id)?
            .is_none_or(|c| matches!(c.state.as_str(), "breached" | "expired"));
    let restart = match cause {
        Cause::Captured | Cause::FollowedUp => true,
        Cause::OwnerChanged if overdue => true,
        _ => row.grade != grade_before,
    };
    if restart {
        let lead_sla = settings::get::<api_types::LeadSla>(conn, &row.company_id)?;
        sla::restart(conn, &lead_sla.value, &row, db::now(), contacted)?;
    } else if cause == Cause::OwnerChanged {
        crate::sla::reassign(conn, queries::ENTITY, lead_id, row.owner_id.as_deref())?;
    }
    Ok(())
}

/// The facts grading looks at, with the project's median available list price.
pub fn facts_of(conn: &mut DbConn, row: &LeadRow) -> QueryResult<LeadFacts> {
    Ok(facts(row, project_median_price(conn, &row.project_id)?))
}

/// The median list price of a project's available units (a grading fact).
pub fn project_median_price(conn: &mut DbConn, project_id: &str) -> QueryResult<Option<i64>> {
    let prices: Vec<i64> = units::table
        .filter(units::project_id.eq(project_id))
        .filter(units::status.eq("available"))
        .select(units::list_price_fen)
        .load(conn)?;
    Ok(grading::median_price(prices))
}

/// The facts of a lead row, given its project's median price.
pub fn facts(row: &LeadRow, project_median_price_fen: Option<i64>) -> LeadFacts {
    LeadFacts {
        timeframe: row
            .purchase_timeframe
            .as_deref()
            .and_then(api_types::PurchaseTimeframe::parse),
        ability: row
            .ability_to_pay
            .as_deref()
            .and_then(api_types::AbilityToPay::parse),
        visits: row.visits,
        budget_fen: row.budget_fen,
        source: LeadSource::parse(&row.source),
        project_median_price_fen,
    }
}

/// Timeline reason of a lead left ungraded for a person (captured only).
pub const AWAITING_MANUAL_GRADING: &str =
    "the customer opted out of automated decision-making; a person must grade this lead";
/// Timeline reason of a graded lead nobody could take.
pub const POOLED: &str = "no eligible staff for the grade's role in this project";

/// The `graded` event of a rules grading: (reason, detail).
pub fn graded_event(
    rule_set_version: i32,
    ev: &grading::Evaluation,
) -> (String, serde_json::Value) {
    (
        format!("rule set v{rule_set_version}: {}", ev.decided_by),
        json!({
            "grade": ev.grade.as_str(), "score": ev.score,
            "rule_set_version": rule_set_version, "decided_by": ev.decided_by,
        }),
    )
}

/// The stored explanation of a grading.
pub fn explanation(outcomes: &[api_types::RuleOutcome], decided_by: &str) -> String {
    json!({"rules": outcomes, "decided_by": decided_by}).to_string()
}

fn auto_grade(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    row: &LeadRow,
    cause: Cause,
) -> Result<(), ApiError> {
    if row.grade_source.as_deref() == Some("manual") {
        return Ok(());
    }
    if customers::opted_out_of_automation(conn, &row.customer_id)? {
        if cause == Cause::Captured {
            events::record(
                conn,
                ctx,
                &row.id,
                "awaiting_manual_grading",
                AWAITING_MANUAL_GRADING,
                None,
            )?;
        }
        return Ok(());
    }
    let rules = settings::get::<GradingRules>(conn, &row.company_id)?;
    let facts = facts_of(conn, row)?;
    let ev = grading::evaluate(&rules.value, &facts);
    let previous: Option<(String, i32)> = gradings::table
        .filter(gradings::lead_id.eq(&row.id))
        .order(gradings::id.desc())
        .select((gradings::grade, gradings::score))
        .first(conn)
        .optional()?;
    if previous
        .as_ref()
        .is_some_and(|(g, s)| g == ev.grade.as_str() && *s == ev.score)
    {
        return Ok(());
    }
    store_grading(
        conn,
        ctx,
        &row.id,
        ev.grade,
        ev.score,
        rules.version,
        &ev.outcomes,
        &ev.decided_by,
        false,
        "",
    )?;
    diesel::update(leads::table.find(&row.id))
        .set((
            leads::grade.eq(ev.grade.as_str()),
            leads::grade_source.eq("rules"),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    let (reason, detail) = graded_event(rules.version, &ev);
    events::record(conn, ctx, &row.id, "graded", &reason, Some(detail))?;
    Ok(())
}

/// Stores one grading with its explanation.
#[allow(clippy::too_many_arguments)]
pub fn store_grading(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    lead_id: &str,
    grade: Grade,
    score: i32,
    rule_set_version: i32,
    outcomes: &[api_types::RuleOutcome],
    decided_by: &str,
    manual: bool,
    reason: &str,
) -> QueryResult<()> {
    diesel::insert_into(gradings::table)
        .values((
            gradings::id.eq(db::new_id()),
            gradings::company_id.eq(&ctx.company_id),
            gradings::lead_id.eq(lead_id),
            gradings::grade.eq(grade.as_str()),
            gradings::score.eq(score),
            gradings::rule_set_version.eq(rule_set_version),
            gradings::explanation_json.eq(explanation(outcomes, decided_by)),
            gradings::manual.eq(manual),
            gradings::actor_id.eq(if manual { ctx.actor_id.clone() } else { None }),
            gradings::reason.eq(reason),
            gradings::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

fn auto_assign(conn: &mut DbConn, ctx: &AuditCtx, row: &LeadRow) -> Result<(), ApiError> {
    // A lead the clock returned to the pool waits there to be claimed.
    let returned: bool = diesel::select(diesel::dsl::exists(
        lead_events::table
            .filter(lead_events::lead_id.eq(&row.id))
            .filter(lead_events::kind.eq("returned_to_pool")),
    ))
    .get_result(conn)?;
    if returned {
        return Ok(());
    }
    let roles = settings::get::<api_types::LeadAssignment>(conn, &row.company_id)?;
    let rule = format!("lead_assignment v{}", roles.version);
    let chosen = assignment::choose(conn, row, &roles.value.for_project(&row.project_id), &rule)?;
    match chosen {
        Some(a) => {
            assignment::set_owner(conn, &row.id, Some(&a.user_id))?;
            events::record(
                conn,
                ctx,
                &row.id,
                "assigned",
                &a.reason,
                Some(a.facts.clone()),
            )?;
        }
        None if row.grade.is_some() => {
            events::record(conn, ctx, &row.id, "pooled", POOLED, None)?;
        }
        None => {}
    }
    Ok(())
}

impl settings::Setting for api_types::LeadAssignment {
    const KEY: &'static str = "lead_assignment";

    fn defaults() -> Self {
        api_types::LeadAssignment::default()
    }

    /// Only roles that work leads can take a grade.
    fn check(&self) -> Result<(), Vec<api_types::FieldError>> {
        use api_types::Role;
        let mut errors = Vec::new();
        let takes_leads = |r: Role| {
            matches!(
                r,
                Role::SalesManager | Role::SalesRep | Role::CustomerSpecialist
            )
        };
        let mut check = |prefix: String, roles: &api_types::GradeRoles| {
            for (field, role) in [("a", roles.a), ("b", roles.b), ("c", roles.c)] {
                if !takes_leads(role) {
                    errors.push(api_types::FieldError {
                        field: format!("{prefix}.{field}"),
                        code: "role".into(),
                        message: "must be sales_manager, sales_rep or customer_specialist".into(),
                    });
                }
            }
        };
        check("default".into(), &self.default);
        for (project, roles) in &self.projects {
            check(format!("projects.{project}"), roles);
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}
