//! Capturing a lead (issue 3 points 1–3): by staff or by an integration, with
//! consent, de-duplication by phone, then grading, assignment and the clock.

use api_types::{CaptureLead, LeadStatus};
use diesel::prelude::*;
use serde_json::json;

use super::model::{LeadRow, LAYOUT_SEP};
use super::{events, pipeline};
use crate::audit::{self, AuditCtx};
use crate::customers::queries as customers;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::{leads, projects};

/// Who captured the lead and through which door.
#[derive(Debug, Clone)]
pub struct Origin {
    /// Audit context (actor).
    pub ctx: AuditCtx,
    /// `staff`, `integration`, `import` or `referral`.
    pub via: &'static str,
    /// Projects the capturing staff user may use (`None`: any project of the company).
    pub allowed_projects: Option<Vec<String>>,
}

/// What a capture produced.
#[derive(Debug, Clone)]
pub struct CaptureOutcome {
    /// The new lead's id.
    pub lead_id: String,
    /// The phone already belonged to a customer.
    pub duplicate: bool,
}

/// Captures one lead in the caller's transaction.
pub fn capture(
    conn: &mut DbConn,
    pd: &PersonalData,
    origin: &Origin,
    input: &CaptureLead,
) -> Result<CaptureOutcome, ApiError> {
    let ctx = &origin.ctx;
    db::share_rows(conn, "projects", "id", &[&input.project_id])?;
    let project_ok = projects::table
        .filter(projects::company_id.eq(&ctx.company_id))
        .filter(projects::id.eq(&input.project_id))
        .select(projects::id)
        .first::<String>(conn)
        .optional()?
        .is_some_and(|id| {
            origin
                .allowed_projects
                .as_ref()
                .is_none_or(|ps| ps.contains(&id))
        });
    if !project_ok {
        return Err(unknown_project());
    }
    let name = input.name.trim();
    let (customer_id, duplicate) = find_or_create_customer(conn, pd, &ctx.company_id, name, input)?;
    customers::add_opt_outs(conn, &customer_id, input.opt_outs)?;
    customers::record_consent(
        conn,
        &ctx.company_id,
        &customer_id,
        input.consent.purpose.trim(),
        input.consent.notice_version.trim(),
        origin.via,
    )?;
    let row = new_row(origin, input, db::new_id(), customer_id, db::now());
    let lead_id = row.id.clone();
    diesel::insert_into(leads::table)
        .values(&row)
        .execute(conn)?;
    events::record(conn, ctx, &lead_id, "captured", input.source.as_str(), None)?;
    if duplicate {
        let (reason, detail) = duplicate_event(&row.customer_id);
        events::record(conn, ctx, &lead_id, "duplicate", reason, Some(detail))?;
    }
    audit::record(
        conn,
        ctx,
        "lead.create",
        "lead",
        &lead_id,
        None,
        Some(create_audit(input, duplicate)),
    )?;
    pipeline::after_change(conn, ctx, &lead_id, pipeline::Cause::Captured)?;
    Ok(CaptureOutcome { lead_id, duplicate })
}

/// The 422 of a project that is not the company's or not the caller's.
pub fn unknown_project() -> ApiError {
    ApiError::invalid_field(
        "project_id",
        "unknown_project",
        "no such project, or not one of yours",
    )
}

/// A new lead's row as captured (status `new`, version 1, not graded yet).
pub fn new_row(
    origin: &Origin,
    input: &CaptureLead,
    id: String,
    customer_id: String,
    now: chrono::NaiveDateTime,
) -> LeadRow {
    let layouts: Vec<String> = input
        .preferred_layouts
        .iter()
        .map(|l| l.trim().replace(LAYOUT_SEP, "/"))
        .filter(|l| !l.is_empty())
        .collect();
    LeadRow {
        id,
        company_id: origin.ctx.company_id.clone(),
        customer_id,
        project_id: input.project_id.clone(),
        source: input.source.as_str().into(),
        referrer_customer_id: None,
        budget_fen: input.budget_fen,
        purchase_timeframe: input.purchase_timeframe.map(|v| v.as_str().into()),
        ability_to_pay: input.ability_to_pay.map(|v| v.as_str().into()),
        family_structure: input.family_structure.trim().into(),
        occupation: input.occupation.trim().into(),
        preferred_layouts: layouts.join(&LAYOUT_SEP.to_string()),
        notes: input.notes.trim().into(),
        visits: input.visits,
        grade: None,
        grade_source: None,
        status: LeadStatus::New.as_str().into(),
        lost_reason: None,
        owner_id: None,
        assigned_at: None,
        created_via: origin.via.into(),
        created_by: origin.ctx.actor_id.clone(),
        version: 1,
        created_at: now,
        updated_at: now,
        next_due_at: None,
        sla_state: None,
    }
}

/// The `duplicate` event of a lead attached to a known customer: (reason, detail).
pub fn duplicate_event(customer_id: &str) -> (&'static str, serde_json::Value) {
    (
        "the phone belongs to an existing customer; the lead was attached to them",
        json!({"customer_id": customer_id}),
    )
}

/// What the audit trail keeps of a capture (no personal data).
pub fn create_audit(input: &CaptureLead, duplicate: bool) -> serde_json::Value {
    json!({"project_id": input.project_id, "source": input.source.as_str(), "duplicate": duplicate})
}

/// The customer with the phone, or a new one. Two captures of a new phone at
/// once cannot make two people: the unique blind index makes the loser attach.
fn find_or_create_customer(
    conn: &mut DbConn,
    pd: &PersonalData,
    company_id: &str,
    name: &str,
    input: &CaptureLead,
) -> Result<(String, bool), ApiError> {
    let phone = api_types::normalize_cn_mobile(&input.phone);
    if let Some(id) = customers::by_phone(conn, pd, company_id, &phone)? {
        return Ok((id, true));
    }
    // A savepoint, so a lost race rolls back only the insert, not the capture.
    let inserted = conn.transaction(|conn| {
        customers::insert(
            conn,
            pd,
            company_id,
            name,
            &phone,
            input.family_structure.trim(),
            input.occupation.trim(),
            input.opt_outs,
        )
    });
    match inserted {
        Ok(id) => Ok((id, false)),
        Err(e) if db::is_unique_violation(&e) => {
            let id = customers::by_phone(conn, pd, company_id, &phone)?
                .ok_or_else(|| ApiError::internal("customer vanished after a unique violation"))?;
            Ok((id, true))
        }
        Err(e) => Err(e.into()),
    }
}
