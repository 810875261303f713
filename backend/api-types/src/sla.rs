//! SLA settings (DOMAIN §2): the lead clock's deadlines, cadences, warning
//! point and grace period. Every number is a company setting; the clock's
//! `rule` names the one that decided, e.g. `lead_sla.a_first_contact_hours=24`.

use serde::{Deserialize, Serialize};

/// The lead SLA; the body of `PUT /api/v1/settings/lead-sla` (with `If-Match`).
///
/// A clock is due `…_hours` after the event that started it (capture,
/// grading, assignment, follow-up). It turns `due_soon` once
/// `100 − warn_before_percent` % of that interval has passed (80 % by
/// default; 0 disables the warning), `breached` at the deadline, and
/// `grace_hours` later the lead returns to the pool.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema, validator::Validate))]
#[serde(deny_unknown_fields)]
pub struct LeadSla {
    /// First contact of a grade-A lead, hours (1–720; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 720)),
        schema(minimum = 1, maximum = 720)
    )]
    pub a_first_contact_hours: i32,
    /// First contact of a grade-B lead, hours (1–720; default 72).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 720)),
        schema(minimum = 1, maximum = 720)
    )]
    pub b_first_contact_hours: i32,
    /// Follow-up cadence of grade A, hours (1–8760; default 24: daily).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 8760)),
        schema(minimum = 1, maximum = 8760)
    )]
    pub a_follow_up_hours: i32,
    /// Follow-up cadence of grade B, hours (1–8760; default 168: weekly).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 8760)),
        schema(minimum = 1, maximum = 8760)
    )]
    pub b_follow_up_hours: i32,
    /// Days after capture for which a B lead keeps the B cadence; after
    /// that it follows the C cadence (1–365; default 30).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 365)),
        schema(minimum = 1, maximum = 365)
    )]
    pub b_follow_up_period_days: i32,
    /// Follow-up cadence of grade C, hours (1–8760; default 720: monthly).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 1, max = 8760)),
        schema(minimum = 1, maximum = 8760)
    )]
    pub c_follow_up_hours: i32,
    /// Warn the owner when this share of the interval remains (0–90 %; default 20).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 90)),
        schema(minimum = 0, maximum = 90)
    )]
    pub warn_before_percent: i32,
    /// Hours after a breach before the lead returns to the pool (0–720; default 24).
    #[cfg_attr(
        feature = "server",
        validate(range(min = 0, max = 720)),
        schema(minimum = 0, maximum = 720)
    )]
    pub grace_hours: i32,
}

impl Default for LeadSla {
    /// DOMAIN §2: A 24 h / daily, B 3 days / weekly for a month, C monthly;
    /// warn at 80 % of the interval; 24 h grace.
    fn default() -> LeadSla {
        LeadSla {
            a_first_contact_hours: 24,
            b_first_contact_hours: 72,
            a_follow_up_hours: 24,
            b_follow_up_hours: 168,
            b_follow_up_period_days: 30,
            c_follow_up_hours: 720,
            warn_before_percent: 20,
            grace_hours: 24,
        }
    }
}

/// `GET /api/v1/settings/lead-sla`: the SLA in force and its version (also
/// the `ETag`). Version 0 means the company still uses the defaults.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[cfg_attr(feature = "server", derive(utoipa::ToSchema))]
pub struct LeadSlaSetting {
    /// Version for `If-Match`; 0 until the company first changes the SLA.
    pub version: i32,
    /// The values in force.
    pub sla: LeadSla,
    /// Who last changed them (`null` for the defaults).
    pub updated_by: Option<String>,
    /// When they were last changed (`null` for the defaults).
    pub updated_at: Option<chrono::DateTime<chrono::Utc>>,
}
