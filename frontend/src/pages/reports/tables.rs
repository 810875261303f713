//! The report tables. Rates are fractions from the API, shown as percentages.

use api_types::{
    ChannelConversionReport, KpiRate, LeadSummaryReport, LostReasonsReport, SlaBreachesReport,
    TargetComparison,
};
use yew::prelude::*;

use crate::components::table::DataTable;
use crate::i18n::{use_lang, LeadStrings};

/// `0.1234` → `12.3%`; `None` → `—`.
pub fn percent(rate: Option<f64>) -> String {
    rate.map_or_else(|| "—".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// Props of [`SummaryTable`].
#[derive(Properties, PartialEq)]
pub struct SummaryProps {
    /// The report.
    pub report: LeadSummaryReport,
}

/// Totals, and the two KPIs against their targets.
#[component]
pub fn SummaryTable(props: &SummaryProps) -> Html {
    let lt = use_lang().lang.leads();
    let r = &props.report;
    let stat = |label: &str, v: i64, testid: &'static str| {
        html! {
            <div class="stat">
                <div class="stat-value" data-testid={testid}>{ v }</div>
                <div class="stat-label">{ label.to_string() }</div>
            </div>
        }
    };
    html! {
        <section class="panel" data-testid="report-summary">
            <h2>{ lt.summary }</h2>
            <div class="stats">
                { stat(lt.leads_count, r.leads, "report-leads") }
                { stat(lt.a_leads, r.a_leads, "report-a-leads") }
                { stat(lt.subscribed, r.subscribed, "report-subscribed") }
                { stat(lt.lost, r.lost, "report-lost") }
                { stat(lt.duplicates, r.duplicates, "report-duplicates") }
                { stat(lt.breaches, r.sla_breaches, "report-breaches") }
            </div>
            <DataTable headers={vec![lt.kpi.into(), lt.rate.into(), lt.target.into(), lt.meets.into()]}
                empty={false} empty_text={lt.no_data} testid="report-kpis">
                { kpi_row(lt, lt.a_conversion, &r.a_lead_conversion, "kpi-a-conversion") }
                { kpi_row(lt, lt.duplicate_rate, &r.duplicate_rate, "kpi-duplicate-rate") }
            </DataTable>
        </section>
    }
}

fn kpi_row(lt: &LeadStrings, label: &str, k: &KpiRate, testid: &'static str) -> Html {
    let sign = match k.target_comparison {
        TargetComparison::AtLeast => "≥",
        TargetComparison::AtMost => "≤",
    };
    let (class, meets) = match k.meets_target {
        Some(true) => ("badge badge-ok", lt.yes),
        Some(false) => ("badge badge-danger", lt.no),
        None => ("badge", "—"),
    };
    html! {
        <tr data-testid={testid} title={k.definition.clone()}>
            <td>{ label.to_string() }</td>
            <td class="num">{ format!("{} ({}/{})", percent(k.rate), k.numerator, k.denominator) }</td>
            <td class="num">{ format!("{sign} {}", percent(Some(k.target))) }</td>
            <td><span class={class}>{ meets }</span></td>
        </tr>
    }
}

/// Props of [`ChannelTable`].
#[derive(Properties, PartialEq)]
pub struct ChannelProps {
    /// The report.
    pub report: ChannelConversionReport,
}

/// Leads → subscribed per source, then per group.
#[component]
pub fn ChannelTable(props: &ChannelProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let r = &props.report;
    let headers = vec![
        lt.source.into(),
        lt.group.into(),
        lt.leads_count.into(),
        lt.subscribed.into(),
        lt.conversion.into(),
    ];
    html! {
        <section class="panel" data-testid="report-channels">
            <h2>{ lt.channel_conversion }</h2>
            <details class="hint small" data-testid="report-channel-definition">
                <summary>{ lt.how_counted }</summary>
                <p>{ r.definition.clone() }</p>
            </details>
            <DataTable {headers} empty={r.sources.is_empty()} empty_text={lt.no_data} testid="report-channel-table">
                { for r.sources.iter().map(|s| html! {
                    <tr data-testid="report-channel-row" data-source={s.source.as_str()}>
                        <td>{ lang.label(s.source) }</td>
                        <td>{ lang.label(s.source_group) }</td>
                        <td class="num">{ s.leads }</td>
                        <td class="num">{ s.subscribed }</td>
                        <td class="num">{ percent(s.conversion_rate) }</td>
                    </tr>
                }) }
                { for r.groups.iter().map(|g| html! {
                    <tr class="row-total">
                        <td>{ lang.label(g.source_group) }</td>
                        <td>{ lang.strings().total }</td>
                        <td class="num">{ g.leads }</td>
                        <td class="num">{ g.subscribed }</td>
                        <td class="num">{ percent(g.conversion_rate) }</td>
                    </tr>
                }) }
                <tr class="row-total">
                    <td colspan="2">{ lang.strings().total }</td>
                    <td class="num">{ r.leads }</td>
                    <td class="num">{ r.subscribed }</td>
                    <td class="num">{ percent(r.conversion_rate) }</td>
                </tr>
            </DataTable>
        </section>
    }
}

/// Props of [`LostTable`].
#[derive(Properties, PartialEq)]
pub struct LostProps {
    /// The report.
    pub report: LostReasonsReport,
}

/// Lost reasons, most frequent first.
#[component]
pub fn LostTable(props: &LostProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let r = &props.report;
    let headers = vec![
        lt.rank.into(),
        lt.lost_reason.into(),
        lt.lost.into(),
        lt.share.into(),
    ];
    html! {
        <section class="panel" data-testid="report-lost">
            <h2>{ lt.lost_reasons }</h2>
            <DataTable {headers} empty={r.reasons.is_empty()} empty_text={lt.no_data} testid="report-lost-table">
                { for r.reasons.iter().map(|x| html! {
                    <tr data-testid="report-lost-row" data-reason={x.reason.as_str()}>
                        <td class="num">{ x.rank }</td>
                        <td>{ lang.label(x.reason) }</td>
                        <td class="num">{ x.lost }</td>
                        <td class="num">{ percent(Some(x.share)) }</td>
                    </tr>
                }) }
            </DataTable>
        </section>
    }
}

/// Props of [`BreachTables`].
#[derive(Properties, PartialEq)]
pub struct BreachProps {
    /// The report.
    pub report: SlaBreachesReport,
}

/// SLA breaches by grade and by owner.
#[component]
pub fn BreachTables(props: &BreachProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let r = &props.report;
    html! {
        <section class="panel" data-testid="report-breaches-panel">
            <h2>{ lt.sla_by_grade }</h2>
            <DataTable headers={vec![lt.grade.into(), lt.breaches.into()]} empty={r.by_grade.is_empty()}
                empty_text={lt.no_data} testid="report-breach-grade">
                { for r.by_grade.iter().map(|g| html! {
                    <tr data-testid="report-breach-grade-row">
                        <td>{ g.grade.map_or(lt.ungraded, |x| lang.label(x)) }</td>
                        <td class="num">{ g.breaches }</td>
                    </tr>
                }) }
            </DataTable>
            <h2 class="mt">{ lt.sla_by_owner }</h2>
            <DataTable headers={vec![lt.owner.into(), lt.breaches.into()]} empty={r.by_owner.is_empty()}
                empty_text={lt.no_data} testid="report-breach-owner">
                { for r.by_owner.iter().map(|o| html! {
                    <tr data-testid="report-breach-owner-row">
                        <td>{ o.owner_name.clone().unwrap_or_else(|| lt.owner_pool.to_string()) }</td>
                        <td class="num">{ o.breaches }</td>
                    </tr>
                }) }
            </DataTable>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::percent;

    #[test]
    fn rates_show_as_percentages_and_missing_rates_as_a_dash() {
        assert_eq!(percent(Some(0.1234)), "12.3%");
        assert_eq!(percent(Some(1.0)), "100.0%");
        assert_eq!(percent(None), "—");
    }
}
