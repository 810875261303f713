//! The reports as bar charts, above the tables: channel conversion per
//! source, lost reasons ranked, SLA breaches by grade and by owner.

use api_types::{ChannelConversionReport, LostReasonsReport, SlaBreachesReport};
use yew::prelude::*;

use super::tables::percent;
use crate::components::bar_chart::{Bar, BarChart};
use crate::i18n::use_lang;

/// Props of [`ReportCharts`].
#[derive(Properties, PartialEq)]
pub struct ChartsProps {
    /// Channel conversion.
    pub channels: ChannelConversionReport,
    /// Lost reasons.
    pub lost: LostReasonsReport,
    /// SLA breaches.
    pub breaches: SlaBreachesReport,
}

/// Four bar charts.
#[component]
pub fn ReportCharts(props: &ChartsProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let conversion: Vec<Bar> = props
        .channels
        .sources
        .iter()
        .filter(|s| s.leads > 0)
        .map(|s| Bar {
            label: lang.label(s.source).to_string(),
            value: s.conversion_rate.unwrap_or(0.0),
            text: format!(
                "{} ({}/{})",
                percent(s.conversion_rate),
                s.subscribed,
                s.leads
            ),
        })
        .collect();
    let lost: Vec<Bar> = props
        .lost
        .reasons
        .iter()
        .map(|x| Bar {
            label: format!("{}. {}", x.rank, lang.label(x.reason)),
            value: x.lost as f64,
            text: format!("{} ({})", x.lost, percent(Some(x.share))),
        })
        .collect();
    let by_grade: Vec<Bar> = props
        .breaches
        .by_grade
        .iter()
        .map(|g| Bar {
            label: g.grade.map_or(lt.ungraded, |x| lang.label(x)).to_string(),
            value: g.breaches as f64,
            text: g.breaches.to_string(),
        })
        .collect();
    let by_owner: Vec<Bar> = props
        .breaches
        .by_owner
        .iter()
        .map(|o| Bar {
            label: o
                .owner_name
                .clone()
                .unwrap_or_else(|| lt.owner_pool.to_string()),
            value: o.breaches as f64,
            text: o.breaches.to_string(),
        })
        .collect();
    html! {
        <section class="panel charts" data-testid="report-charts">
            <div class="two-col">
                <BarChart title={lt.channel_conversion} bars={conversion} max={Some(1.0)}
                    empty_text={lt.no_data} testid="chart-conversion" />
                <BarChart title={lt.lost_reasons} bars={lost} empty_text={lt.no_data} testid="chart-lost" />
                <BarChart title={lt.sla_by_grade} bars={by_grade} empty_text={lt.no_data} testid="chart-breach-grade" />
                <BarChart title={lt.sla_by_owner} bars={by_owner} empty_text={lt.no_data} testid="chart-breach-owner" />
            </div>
        </section>
    }
}
