//! The friend's lead of a valid referral registration (老带新报备): an open
//! lead of the friend in the project is attached (the referrer recorded on
//! it), otherwise a lead is captured through the normal capture path with
//! source `owner_referral` (老客户转介绍), which finds or creates the customer
//! by phone, grades, assigns and starts the clock.

use api_types::{CaptureLead, ConsentInput, LeadSource, OptOuts};
use diesel::prelude::*;
use serde_json::json;

use super::capture::{self, Origin};
use super::events;
use crate::audit::AuditCtx;
use crate::customers::queries as customers;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::personal_data::PersonalData;
use crate::schema::leads;

/// The friend of a registration.
#[derive(Debug, Clone)]
pub struct FriendLead<'a> {
    /// Name as registered.
    pub name: &'a str,
    /// Normalised phone.
    pub phone: &'a str,
    /// Project of interest.
    pub project_id: &'a str,
    /// The friend's consent to be contacted.
    pub consent: &'a ConsentInput,
    /// The referring customer.
    pub referrer_customer_id: &'a str,
    /// The registration.
    pub referral_id: &'a str,
}

/// Attaches or captures the friend's lead; returns `(customer id, lead id)`.
pub fn attach_or_capture(
    conn: &mut DbConn,
    pd: &PersonalData,
    ctx: &AuditCtx,
    f: &FriendLead<'_>,
) -> Result<(String, String), ApiError> {
    let known = customers::by_phone(conn, pd, &ctx.company_id, f.phone)?;
    let open: Option<String> = match &known {
        Some(c) => leads::table
            .filter(leads::customer_id.eq(c))
            .filter(leads::project_id.eq(f.project_id))
            .filter(leads::status.eq_any(["new", "contacted", "visited"]))
            .order(leads::id.desc())
            .select(leads::id)
            .first(conn)
            .optional()?,
        None => None,
    };
    let (customer_id, lead_id) = match (known, open) {
        (Some(c), Some(lead)) => {
            customers::record_consent(
                conn,
                &ctx.company_id,
                &c,
                f.consent.purpose.trim(),
                f.consent.notice_version.trim(),
                "referral",
            )?;
            (c, lead)
        }
        _ => {
            let input = CaptureLead {
                name: f.name.trim().to_string(),
                phone: f.phone.to_string(),
                project_id: f.project_id.to_string(),
                source: LeadSource::OwnerReferral,
                budget_fen: None,
                purchase_timeframe: None,
                ability_to_pay: None,
                family_structure: String::new(),
                occupation: String::new(),
                preferred_layouts: Vec::new(),
                notes: "老带新报备 owner referral".into(),
                visits: 0,
                consent: f.consent.clone(),
                opt_outs: OptOuts::default(),
            };
            let origin = Origin {
                ctx: ctx.clone(),
                via: "referral",
                allowed_projects: None,
            };
            let out = capture::capture(conn, pd, &origin, &input)?;
            let c: String = leads::table
                .find(&out.lead_id)
                .select(leads::customer_id)
                .first(conn)?;
            (c, out.lead_id)
        }
    };
    diesel::update(leads::table.find(&lead_id))
        .set((
            leads::referrer_customer_id.eq(f.referrer_customer_id),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(db::now()),
        ))
        .execute(conn)?;
    events::record(
        conn,
        ctx,
        &lead_id,
        "referral_registered",
        "老带新报备: the referrer is recorded on the lead",
        Some(json!({"referral_id": f.referral_id, "referrer_customer_id": f.referrer_customer_id})),
    )?;
    Ok((customer_id, lead_id))
}
