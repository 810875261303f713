//! 老带新报表 (`/reports/referrals`): referral share of signed deals against
//! its target (DOMAIN §11: at least 20 %), registration → signing conversion
//! and reward cost, in total and per project, for a project and period. The
//! target and the counting rule (`definition`) come from the API.

use api_types::{ReferralKpis, ReferralReport};
use yew::prelude::*;

use super::filters::{use_report, ReportFilterForm, ReportState, ReportTabs};
use crate::api::reports::{self, ReportFilter};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::bar_chart::{Bar, BarChart};
use crate::components::table::DataTable;
use crate::format::{format_time, money, percent};
use crate::i18n::{use_lang, Lang};

/// One bar per project with signed deals: its referral share.
pub fn share_bars(report: &ReferralReport) -> Vec<Bar> {
    report
        .projects
        .iter()
        .filter(|p| p.kpis.signed_deals > 0)
        .map(|p| Bar {
            label: p.project_name.clone(),
            value: p.kpis.referral_share.unwrap_or(0.0),
            text: format!(
                "{} ({}/{})",
                percent(p.kpis.referral_share),
                p.kpis.referral_deals,
                p.kpis.signed_deals
            ),
        })
        .collect()
}

/// The full length of the share chart: room for the largest share and the
/// target line with a margin, never beyond 100 %.
pub fn share_chart_max(bars: &[Bar], target: f64) -> f64 {
    let top = bars.iter().map(|b| b.value).fold(target, f64::max);
    (top * 1.25).clamp(0.05, 1.0)
}

/// The badge class and word of "meets the target" (`None`: no deals to judge).
pub fn meets_badge(lang: Lang, meets: Option<bool>) -> (&'static str, &'static str) {
    let lt = lang.leads();
    match meets {
        Some(true) => ("badge badge-ok", lt.yes),
        Some(false) => ("badge badge-danger", lt.no),
        None => ("badge", "—"),
    }
}

/// The referral report page.
#[component]
pub fn ReferralReportPage() -> Html {
    let lang = use_lang().lang;
    let (t, rt, lt) = (lang.strings(), lang.referrals(), lang.leads());
    let ReportState {
        data,
        error,
        loading,
        reload,
        onapply,
        field_errors,
    } = use_report(|f: ReportFilter| async move { reports::referrals(&f).await });
    html! {
        <div class="page" data-testid="referral-report-page">
            <div class="page-head"><h1>{ rt.report_title }</h1></div>
            <ReportTabs active={Route::ReferralReport} />
            <ReportFilterForm {onapply} errors={field_errors} loading={loading} />
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            if let Some(r) = &*data {
                <p class="hint" data-testid="report-period">
                    { format!("{}{}{} — {}", lt.period, lt.colon, format_time(&r.period.from), format_time(&r.period.to)) }
                </p>
                { summary(lang, r) }
                { chart(lang, r) }
                { project_table(lang, r) }
            } else if error.is_none() {
                <p class="muted">{ t.loading }</p>
            }
        </div>
    }
}

fn stat(label: &str, value: String, testid: &'static str) -> Html {
    html! {
        <div class="stat">
            <div class="stat-value" data-testid={testid}>{ value }</div>
            <div class="stat-label">{ label.to_string() }</div>
        </div>
    }
}

/// Totals, and the share against its target with the counting rule.
fn summary(lang: Lang, r: &ReferralReport) -> Html {
    let (rt, lt) = (lang.referrals(), lang.leads());
    let k = &r.totals;
    let (class, meets) = meets_badge(lang, r.meets_target);
    html! {
        <section class="panel" data-testid="referral-report-summary">
            <h2>{ lt.summary }</h2>
            <div class="stats">
                { stat(rt.referral_share, percent(k.referral_share), "rr-share") }
                { stat(rt.signed_deals, k.signed_deals.to_string(), "rr-signed-deals") }
                { stat(rt.referral_deals, k.referral_deals.to_string(), "rr-referral-deals") }
                { stat(rt.registrations, k.registrations.to_string(), "rr-registrations") }
                { stat(rt.valid_registrations, k.valid_registrations.to_string(), "rr-valid") }
                { stat(rt.conversion, percent(k.conversion_rate), "rr-conversion") }
                { stat(rt.reward_cost, money(k.reward_cost_fen), "rr-reward-cost") }
                { stat(rt.paid, money(k.paid_fen), "rr-paid") }
                { stat(rt.clawback, money(k.clawback_fen), "rr-clawback") }
            </div>
            <DataTable headers={vec![lt.kpi.into(), lt.rate.into(), lt.target.into(), lt.meets.into()]}
                empty={false} empty_text={lt.no_data} testid="referral-report-kpis">
                <tr data-testid="rr-kpi-share" title={r.definition.clone()}>
                    <td>{ rt.referral_share }</td>
                    <td class="num">{ format!("{} ({}/{})", percent(k.referral_share), k.referral_deals, k.signed_deals) }</td>
                    <td class="num" data-testid="rr-target">{ format!("≥ {}", percent(Some(r.share_target))) }</td>
                    <td><span class={class} data-testid="rr-meets">{ meets }</span></td>
                </tr>
                <tr data-testid="rr-kpi-conversion">
                    <td>{ rt.conversion }</td>
                    <td class="num">{ format!("{} ({}/{})", percent(k.conversion_rate), k.signed_registrations, k.valid_registrations) }</td>
                    <td class="num">{ "—" }</td>
                    <td>{ "—" }</td>
                </tr>
            </DataTable>
            <details class="hint" data-testid="rr-definition">
                <summary>{ rt.definition }</summary>
                <p>{ r.definition.clone() }</p>
            </details>
        </section>
    }
}

/// Share per project, with the target line.
fn chart(lang: Lang, r: &ReferralReport) -> Html {
    let (rt, lt) = (lang.referrals(), lang.leads());
    let bars = share_bars(r);
    let max = share_chart_max(&bars, r.share_target);
    let target_text = format!("{} {}", rt.target_line, percent(Some(r.share_target)));
    html! {
        <section class="panel charts">
            <BarChart title={rt.share_by_project} {bars} max={Some(max)} target={Some(r.share_target)}
                target_text={target_text} empty_text={lt.no_data} testid="chart-referral-share" />
        </section>
    }
}

fn kpi_cells(k: &ReferralKpis) -> Html {
    html! {
        <>
            <td class="num">{ k.signed_deals }</td>
            <td class="num">{ k.referral_deals }</td>
            <td class="num" data-testid="rr-row-share">{ percent(k.referral_share) }</td>
            <td class="num">{ k.registrations }</td>
            <td class="num">{ k.valid_registrations }</td>
            <td class="num">{ k.signed_registrations }</td>
            <td class="num">{ percent(k.conversion_rate) }</td>
            <td class="num nowrap">{ money(k.reward_cost_fen) }</td>
            <td class="num nowrap">{ money(k.paid_fen) }</td>
            <td class="num nowrap">{ money(k.clawback_fen) }</td>
        </>
    }
}

/// One row per project, then the totals.
fn project_table(lang: Lang, r: &ReferralReport) -> Html {
    let (t, rt, lt) = (lang.strings(), lang.referrals(), lang.leads());
    let headers: Vec<AttrValue> = vec![
        t.project.into(),
        rt.signed_deals.into(),
        rt.referral_deals.into(),
        rt.referral_share.into(),
        rt.registrations.into(),
        rt.valid_registrations.into(),
        rt.signed_registrations.into(),
        rt.conversion.into(),
        rt.reward_cost.into(),
        rt.paid.into(),
        rt.clawback.into(),
    ];
    html! {
        <section class="panel">
            <h2>{ rt.by_project }</h2>
            <DataTable {headers} empty={r.projects.is_empty()} empty_text={lt.no_data} testid="referral-report-projects">
                { for r.projects.iter().map(|p| html! {
                    <tr data-testid="rr-project-row" data-id={p.project_id.clone()}>
                        <td>{ p.project_name.clone() }</td>
                        { kpi_cells(&p.kpis) }
                    </tr>
                }) }
                if !r.projects.is_empty() {
                    <tr class="row-total" data-testid="rr-total-row">
                        <td>{ rt.total }</td>
                        { kpi_cells(&r.totals) }
                    </tr>
                }
            </DataTable>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kpis(signed: i64, referral: i64) -> serde_json::Value {
        serde_json::json!({
            "signed_deals": signed, "referral_deals": referral,
            "referral_share": if signed > 0 { Some(referral as f64 / signed as f64) } else { None },
            "registrations": 3, "valid_registrations": 2, "signed_registrations": 1,
            "conversion_rate": 0.5, "reward_cost_fen": 500_000, "paid_fen": 0, "clawback_fen": 0
        })
    }

    fn project(id: &str, name: &str, signed: i64, referral: i64) -> serde_json::Value {
        let mut v = kpis(signed, referral);
        v["project_id"] = id.into();
        v["project_name"] = name.into();
        v
    }

    /// A report as the API sends it (project rows have their KPIs flattened).
    fn report() -> ReferralReport {
        serde_json::from_value(serde_json::json!({
            "period": {"from": "2026-11-01T00:00:00Z", "to": "2026-12-01T00:00:00Z"},
            "project_id": null, "scope": "company", "definition": "referral_deals / signed_deals",
            "totals": kpis(5, 1), "share_target": 0.2, "meets_target": true,
            "projects": [project("p1", "滨江壹号院", 4, 1), project("p2", "江南府", 0, 0), project("p3", "云栖", 1, 0)]
        }))
        .expect("the wire shape parses")
    }

    #[test]
    fn projects_without_signed_deals_get_no_bar() {
        let bars = share_bars(&report());
        assert_eq!(bars.len(), 2);
        assert_eq!(bars[0].label, "滨江壹号院");
        assert_eq!(bars[0].value, 0.25);
        assert_eq!(bars[0].text, "25.0% (1/4)");
        assert_eq!(bars[1].value, 0.0);
        assert_eq!(bars[1].text, "0.0% (0/1)");
    }

    #[test]
    fn the_share_chart_leaves_room_for_the_target_and_stops_at_100_percent() {
        let bar = |value| Bar {
            label: String::new(),
            value,
            text: String::new(),
        };
        assert_eq!(share_chart_max(&[], 0.2), 0.25);
        assert_eq!(share_chart_max(&[bar(0.1)], 0.2), 0.25);
        assert_eq!(share_chart_max(&[bar(0.4)], 0.2), 0.5);
        assert_eq!(share_chart_max(&[bar(0.9)], 0.2), 1.0);
    }

    #[test]
    fn the_target_badge_says_yes_no_or_nothing_to_judge() {
        assert_eq!(
            meets_badge(Lang::ZhCn, Some(true)),
            ("badge badge-ok", "是")
        );
        assert_eq!(
            meets_badge(Lang::En, Some(false)),
            ("badge badge-danger", "No")
        );
        assert_eq!(meets_badge(Lang::En, None), ("badge", "—"));
    }
}
