//! The lead reports and the referral KPIs (DOMAIN §11).

use api_types::{
    ChannelConversionReport, LeadSummaryReport, LostReasonsReport, ReferralReport,
    SlaBreachesReport,
};

use super::{get, ApiResult};

/// Project and period of a report; empty values use the server's defaults
/// (every project in scope, the last 30 days).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ReportFilter {
    /// Project id.
    pub project_id: String,
    /// Start date, `YYYY-MM-DD`, inclusive.
    pub from: String,
    /// End date, `YYYY-MM-DD`, exclusive.
    pub to: String,
}

impl ReportFilter {
    fn query(&self) -> [(&'static str, String); 3] {
        [
            ("project_id", self.project_id.clone()),
            ("from", self.from.trim().to_string()),
            ("to", self.to.trim().to_string()),
        ]
    }
}

/// `GET /api/v1/reports/leads/summary`.
pub async fn summary(f: &ReportFilter) -> ApiResult<LeadSummaryReport> {
    get("/api/v1/reports/leads/summary", &f.query()).await
}

/// `GET /api/v1/reports/leads/channel-conversion`.
pub async fn channel_conversion(f: &ReportFilter) -> ApiResult<ChannelConversionReport> {
    get("/api/v1/reports/leads/channel-conversion", &f.query()).await
}

/// `GET /api/v1/reports/leads/lost-reasons`.
pub async fn lost_reasons(f: &ReportFilter) -> ApiResult<LostReasonsReport> {
    get("/api/v1/reports/leads/lost-reasons", &f.query()).await
}

/// `GET /api/v1/reports/leads/sla-breaches`.
pub async fn sla_breaches(f: &ReportFilter) -> ApiResult<SlaBreachesReport> {
    get("/api/v1/reports/leads/sla-breaches", &f.query()).await
}

/// `GET /api/v1/reports/referrals`: referral share, conversion and reward cost.
pub async fn referrals(f: &ReportFilter) -> ApiResult<ReferralReport> {
    get("/api/v1/reports/referrals", &f.query()).await
}
