//! Lead reports (DOMAIN §11): channel conversion, lost reasons, SLA breaches
//! and the KPI summary, per company, project and period.
//!
//! Every report echoes the period and project it covers and says in
//! `definition` exactly what was counted, so an integrator can reproduce it.
//! Rates are fractions (0–1) rounded to 4 decimal places, `null` when their
//! denominator is 0.

use serde::{Deserialize, Serialize};

use crate::wire_enum;
use crate::{Grade, LeadSource, LostReason, SourceGroup};

wire_enum!(
    /// Which projects a report covers.
    ReportScope {
        /// Every project of the company (admin, crm_head, data_analyst without `project_id`).
        Company = "company" / "全公司",
        /// The projects granted to the caller (sales_manager without `project_id`).
        GrantedProjects = "granted_projects" / "我负责的项目",
        /// The one project named by `project_id`.
        Project = "project" / "单个项目",
    }
);

wire_enum!(
    /// How a KPI is compared with its target.
    TargetComparison {
        /// The rate meets the target when it is at least the target.
        AtLeast = "at_least" / "不低于",
        /// The rate meets the target when it is at most the target.
        AtMost = "at_most" / "不高于",
    }
);

/// The half-open period `[from, to)` a report covers (UTC).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ReportPeriod {
    /// Start, inclusive.
    pub from: chrono::DateTime<chrono::Utc>,
    /// End, exclusive.
    pub to: chrono::DateTime<chrono::Utc>,
}

/// One source's conversion.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SourceConversion {
    /// Source channel.
    pub source: LeadSource,
    /// Its group (online, offline, internal).
    pub source_group: SourceGroup,
    /// Leads captured in the period.
    pub leads: i64,
    /// Of those, leads now `subscribed`.
    pub subscribed: i64,
    /// `subscribed / leads`; `null` when there were no leads.
    pub conversion_rate: Option<f64>,
}

/// One source group's conversion (the sum of its sources).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct GroupConversion {
    /// Source group.
    pub source_group: SourceGroup,
    /// Leads captured in the period.
    pub leads: i64,
    /// Of those, leads now `subscribed`.
    pub subscribed: i64,
    /// `subscribed / leads`; `null` when there were no leads.
    pub conversion_rate: Option<f64>,
}

/// `GET /api/v1/reports/leads/channel-conversion`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct ChannelConversionReport {
    /// The period covered.
    pub period: ReportPeriod,
    /// The project asked for; `null` for every project in `scope`.
    pub project_id: Option<String>,
    /// Which projects were counted.
    pub scope: ReportScope,
    /// What was counted.
    pub definition: String,
    /// Every source, in the order of DOMAIN §2, with zeros where there were no leads.
    pub sources: Vec<SourceConversion>,
    /// Online, offline, internal.
    pub groups: Vec<GroupConversion>,
    /// All leads captured in the period.
    pub leads: i64,
    /// Of those, leads now `subscribed`.
    pub subscribed: i64,
    /// `subscribed / leads`; `null` when there were no leads.
    pub conversion_rate: Option<f64>,
}

/// One lost reason's count.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LostReasonCount {
    /// 1 for the most frequent reason; equal counts share a rank (1, 2, 2, 4).
    pub rank: i64,
    /// The reason.
    pub reason: LostReason,
    /// Lost leads with this reason.
    pub lost: i64,
    /// `lost / all lost leads of the report`.
    pub share: f64,
}

/// `GET /api/v1/reports/leads/lost-reasons`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LostReasonsReport {
    /// The period covered.
    pub period: ReportPeriod,
    /// The project asked for; `null` for every project in `scope`.
    pub project_id: Option<String>,
    /// Which projects were counted.
    pub scope: ReportScope,
    /// What was counted.
    pub definition: String,
    /// All lost leads counted.
    pub lost: i64,
    /// Reasons with at least one lost lead, most first (ties by reason name).
    pub reasons: Vec<LostReasonCount>,
}

/// Breaches of one grade.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BreachesByGrade {
    /// The lead's grade; `null` for leads waiting for a manual grade.
    pub grade: Option<Grade>,
    /// Breaches.
    pub breaches: i64,
}

/// Breaches of one owner.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct BreachesByOwner {
    /// The staff user who owned the lead when it breached; `null`: the lead was in the pool (公海).
    pub owner_id: Option<String>,
    /// Their display name (staff, not customer data).
    pub owner_name: Option<String>,
    /// Breaches.
    pub breaches: i64,
}

/// `GET /api/v1/reports/leads/sla-breaches`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct SlaBreachesReport {
    /// The period covered.
    pub period: ReportPeriod,
    /// The project asked for; `null` for every project in `scope`.
    pub project_id: Option<String>,
    /// Which projects were counted.
    pub scope: ReportScope,
    /// What was counted.
    pub definition: String,
    /// All breaches counted.
    pub breaches: i64,
    /// Per grade, most first (ties: A, B, C, then ungraded).
    pub by_grade: Vec<BreachesByGrade>,
    /// Per owner, most first (ties by owner id, the pool last).
    pub by_owner: Vec<BreachesByOwner>,
}

/// A KPI rate with its target (DOMAIN §11).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct KpiRate {
    /// What was counted.
    pub definition: String,
    /// Counted leads.
    pub numerator: i64,
    /// Out of.
    pub denominator: i64,
    /// `numerator / denominator`; `null` when the denominator is 0.
    pub rate: Option<f64>,
    /// The target (DOMAIN §11 default).
    pub target: f64,
    /// Whether the rate must be at least or at most the target.
    pub target_comparison: TargetComparison,
    /// Whether the rate meets the target; `null` when there is no rate.
    pub meets_target: Option<bool>,
}

/// `GET /api/v1/reports/leads/summary`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadSummaryReport {
    /// The period covered.
    pub period: ReportPeriod,
    /// The project asked for; `null` for every project in `scope`.
    pub project_id: Option<String>,
    /// Which projects were counted.
    pub scope: ReportScope,
    /// What was counted.
    pub definition: String,
    /// Leads captured in the period.
    pub leads: i64,
    /// Of those, grade A now.
    pub a_leads: i64,
    /// Of those, now `subscribed`.
    pub subscribed: i64,
    /// Of those, now `lost`.
    pub lost: i64,
    /// Leads whose capture found an existing customer (a `duplicate` event).
    pub duplicates: i64,
    /// SLA breaches in the period (event time, as in the SLA breaches report).
    pub sla_breaches: i64,
    /// A-lead conversion: target ≥ 60 %.
    pub a_lead_conversion: KpiRate,
    /// Duplicate rate: target ≤ 5 %.
    pub duplicate_rate: KpiRate,
}
