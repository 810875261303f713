//! Lead reports (`/reports`): summary KPIs with targets, bar charts, channel conversion,
//! lost reasons, SLA breaches by grade and owner; per project and period.
//! Beside them (a tab), the referral KPIs (`/reports/referrals`).

mod charts;
mod filters;
mod referrals;
mod tables;

pub use referrals::ReferralReportPage;

use api_types::{ChannelConversionReport, LeadSummaryReport, LostReasonsReport, SlaBreachesReport};
use yew::prelude::*;

use crate::api::reports::{self, ReportFilter};
use crate::api::ApiError;
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::format::format_time;
use crate::i18n::use_lang;
use filters::{use_report, ReportFilterForm, ReportState, ReportTabs};

/// The four reports for one filter.
#[derive(Debug, Clone, PartialEq)]
struct Reports {
    summary: LeadSummaryReport,
    channels: ChannelConversionReport,
    lost: LostReasonsReport,
    breaches: SlaBreachesReport,
}

async fn load(f: &ReportFilter) -> Result<Reports, ApiError> {
    Ok(Reports {
        summary: reports::summary(f).await?,
        channels: reports::channel_conversion(f).await?,
        lost: reports::lost_reasons(f).await?,
        breaches: reports::sla_breaches(f).await?,
    })
}

/// The reports page.
#[component]
pub fn ReportsPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let ReportState {
        data,
        error,
        loading,
        reload,
        onapply,
        field_errors,
    } = use_report(|f: ReportFilter| async move { load(&f).await });
    html! {
        <div class="page" data-testid="reports-page">
            <div class="page-head"><h1>{ lt.reports_title }</h1></div>
            <ReportTabs active={Route::Reports} />
            <ReportFilterForm {onapply} errors={field_errors} loading={loading} />
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            if let Some(r) = &*data {
                <p class="hint" data-testid="report-period">
                    { format!("{}{}{} — {}", lt.period, lt.colon, format_time(&r.summary.period.from), format_time(&r.summary.period.to)) }
                </p>
                <tables::SummaryTable report={r.summary.clone()} />
                <charts::ReportCharts channels={r.channels.clone()} lost={r.lost.clone()} breaches={r.breaches.clone()} />
                <tables::ChannelTable report={r.channels.clone()} />
                <div class="two-col">
                    <tables::LostTable report={r.lost.clone()} />
                    <tables::BreachTables report={r.breaches.clone()} />
                </div>
            } else if error.is_none() {
                <p class="muted">{ t.loading }</p>
            }
        </div>
    }
}
