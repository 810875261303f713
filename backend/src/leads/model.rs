//! Lead rows and their API view.

use api_types::{
    AbilityToPay, Grade, Lead, LeadSource, LeadStatus, LostReason, PurchaseTimeframe, SlaState,
};
use diesel::prelude::*;

use crate::db;
use crate::personal_data::PersonalData;
use crate::schema::leads;

/// A lead row.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = leads, treat_none_as_default_value = false)]
pub struct LeadRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Customer.
    pub customer_id: String,
    /// Project.
    pub project_id: String,
    /// Source name.
    pub source: String,
    /// Referring customer (owner referrals).
    pub referrer_customer_id: Option<String>,
    /// Budget (fen).
    pub budget_fen: Option<i64>,
    /// Timeframe name.
    pub purchase_timeframe: Option<String>,
    /// Ability name.
    pub ability_to_pay: Option<String>,
    /// Family structure.
    pub family_structure: String,
    /// Occupation.
    pub occupation: String,
    /// Preferred layouts, `|`-separated.
    pub preferred_layouts: String,
    /// Notes.
    pub notes: String,
    /// Visits.
    pub visits: i32,
    /// Grade.
    pub grade: Option<String>,
    /// `rules` or `manual`.
    pub grade_source: Option<String>,
    /// Status name.
    pub status: String,
    /// Lost reason name.
    pub lost_reason: Option<String>,
    /// Owner.
    pub owner_id: Option<String>,
    /// Assigned at.
    pub assigned_at: Option<chrono::NaiveDateTime>,
    /// How it was created.
    pub created_via: String,
    /// Creator (user or key id).
    pub created_by: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
    /// Deadline of the open SLA clock (`None`: no clock). Written only by
    /// [`super::sla`], which keeps it equal to the clock's `due_at`.
    pub next_due_at: Option<chrono::NaiveDateTime>,
    /// State of the open SLA clock (`None`: no clock); kept like `next_due_at`.
    pub sla_state: Option<String>,
}

/// What a lead view needs besides the row: its customer. (The open clock's
/// state and deadline are mirrored on the row, `leads/sla.rs`.)
#[derive(Debug, Clone)]
pub struct LeadExtras {
    /// Customer name.
    pub customer_name: String,
    /// Encrypted phone.
    pub phone_enc: String,
}

/// Separator of the stored layout list.
pub const LAYOUT_SEP: char = '|';

impl LeadRow {
    /// Is the lead still being worked (not converted, not lost)?
    pub fn is_open(&self) -> bool {
        !matches!(self.status.as_str(), "subscribed" | "lost")
    }

    /// The parsed grade.
    pub fn grade(&self) -> Option<Grade> {
        self.grade.as_deref().and_then(Grade::parse)
    }

    /// The API view; the phone is always masked here.
    pub fn view(self, extras: LeadExtras, pd: &PersonalData) -> Lead {
        let phone_masked = pd.masked_phone(&extras.phone_enc);
        let source = LeadSource::parse(&self.source).unwrap_or(LeadSource::WalkIn);
        Lead {
            id: self.id,
            customer_id: self.customer_id,
            customer_name: extras.customer_name,
            phone_masked,
            project_id: self.project_id,
            source,
            source_group: source.group(),
            budget_fen: self.budget_fen,
            purchase_timeframe: self
                .purchase_timeframe
                .as_deref()
                .and_then(PurchaseTimeframe::parse),
            ability_to_pay: self.ability_to_pay.as_deref().and_then(AbilityToPay::parse),
            family_structure: self.family_structure,
            occupation: self.occupation,
            preferred_layouts: self
                .preferred_layouts
                .split(LAYOUT_SEP)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
            notes: self.notes,
            visits: self.visits,
            grade: self.grade.as_deref().and_then(Grade::parse),
            grade_source: self.grade_source,
            status: LeadStatus::parse(&self.status).unwrap_or(LeadStatus::New),
            lost_reason: self.lost_reason.as_deref().and_then(LostReason::parse),
            owner_id: self.owner_id,
            sla_state: self.sla_state.as_deref().and_then(|s| match s {
                "on_time" => Some(SlaState::OnTime),
                "due_soon" => Some(SlaState::DueSoon),
                "breached" | "expired" => Some(SlaState::Breached),
                _ => None,
            }),
            next_due_at: self.next_due_at.map(db::utc),
            created_via: self.created_via,
            version: self.version,
            created_at: db::utc(self.created_at),
            updated_at: db::utc(self.updated_at),
        }
    }
}
