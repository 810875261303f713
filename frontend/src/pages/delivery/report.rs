//! 交付报表 (`/delivery-report`): defects by project, building, category and
//! contractor; on-time rectification; overdue open defects; handover rate per
//! batch; visit completion; and a contractor's defect list as XLSX.

use api_types::{DefectCategory, DefectGroup, DeliveryReport};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{delivery_plan, ApiError};
use crate::auth::{reads_delivery, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::project_names::{project_options, use_projects};
use crate::format::percent;
use crate::i18n::{use_lang, Lang};

/// Bytes as a `data:` URL of the XLSX type.
fn xlsx_url(bytes: &[u8]) -> Option<String> {
    let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
    let b64 = web_sys::window()?.btoa(&binary).ok()?;
    Some(format!(
        "data:application/vnd.openxmlformats-officedocument.spreadsheetml.sheet;base64,{b64}"
    ))
}

/// Offers the bytes to the browser as a download named `name`.
fn save_as(bytes: &[u8], name: &str) -> Option<()> {
    let url = xlsx_url(bytes)?;
    let doc = web_sys::window()?.document()?;
    let a = doc.create_element("a").ok()?;
    a.set_attribute("href", &url).ok()?;
    a.set_attribute("download", name).ok()?;
    let click = js_sys::Reflect::get(&a, &"click".into()).ok()?;
    let click: js_sys::Function = wasm_bindgen::JsCast::dyn_into(click).ok()?;
    click.call0(&a).ok()?;
    Some(())
}

/// The file name of a contractor's list.
pub fn export_name(contractor: &str) -> String {
    if contractor.is_empty() {
        "缺陷清单.xlsx".to_string()
    } else {
        format!("缺陷清单-{contractor}.xlsx")
    }
}

/// The report screen.
#[component]
pub fn DeliveryReportPage() -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    // The XLSX export is for delivery roles, not data analysts.
    let may_export = use_auth().me().is_some_and(|m| reads_delivery(m.role));
    let projects = use_projects();
    let project = use_state(String::new);
    let report = use_state(|| None::<DeliveryReport>);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    {
        let (report, error) = (report.clone(), error.clone());
        use_effect_with(((*project).clone(), *tick), move |(p, _)| {
            let p = p.clone();
            spawn_local(async move {
                match delivery_plan::report(p).await {
                    Ok(r) => {
                        error.set(None);
                        report.set(Some(r));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let reload = {
        let tick = tick.clone();
        Callback::from(move |()| tick.set(tick.wrapping_add(1)))
    };
    let on_project = {
        let project = project.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            project.set(select.value());
        })
    };
    let export = {
        let (error, project) = (error.clone(), project.clone());
        move |contractor: String| {
            let (error, project) = (error.clone(), project.clone());
            Callback::from(move |_: MouseEvent| {
                let (error, contractor, p) =
                    (error.clone(), contractor.clone(), (*project).clone());
                spawn_local(async move {
                    match delivery_plan::export_defects(&contractor, &p).await {
                        Ok(bytes) => {
                            save_as(&bytes, &export_name(&contractor));
                        }
                        Err(e) => error.set(Some(e)),
                    }
                });
            })
        }
    };
    let export_all = export(String::new());
    let by_contractor: Callback<String, Callback<MouseEvent>> = Callback::from(export);
    html! {
        <div class="page" data-testid="delivery-report-page">
            <div class="page-head">
                <h1>{ d.report_title }</h1>
                if may_export {
                    <button class="btn" data-testid="report-export" onclick={export_all}>{ d.export_xlsx }</button>
                }
            </div>
            <div class="filters">
                <label class="field">
                    <span class="field-label">{ d.project }</span>
                    <select class="input" data-testid="delivery-report-project" onchange={on_project}>
                        { for project_options(&projects, d.all_projects).into_iter().map(|(v, l)| html! {
                            <option value={v.clone()} selected={v.as_str() == project.as_str()}>{ l }</option>
                        }) }
                    </select>
                </label>
            </div>
            <ErrorBanner error={(*error).clone()} onretry={reload} />
            if let Some(r) = &*report {
                <div class="stats">
                    <Stat label={d.fixed} value={r.fixed.to_string()} testid="report-fixed" />
                    <Stat label={d.on_time_rate} value={percent(r.on_time_rate)} testid="report-on-time" />
                    <Stat label={d.overdue_open} value={r.overdue_open.to_string()} testid="report-overdue-open" />
                    <Stat label={d.visits_due} value={r.visits_due.to_string()} testid="report-visits-due" />
                    <Stat label={d.visits_completed} value={r.visits_completed.to_string()} testid="report-visits-completed" />
                    <Stat label={d.visits_skipped} value={r.visits_skipped.to_string()} testid="report-visits-skipped" />
                    <Stat label={d.visit_completion} value={percent(r.visit_completion_rate)} testid="report-visit-completion" />
                </div>
                <section class="panel">
                    <h2>{ d.handover_rate }</h2>
                    <div class="table-wrap"><table class="table" data-testid="report-batches">
                        <thead><tr><th>{ d.batch_name }</th><th class="num">{ d.units }</th><th class="num">{ d.handed_over }</th><th class="num">{ d.handover_rate }</th></tr></thead>
                        <tbody>
                            if r.batches.is_empty() { <tr><td colspan="4" class="empty-row">{ d.no_batches }</td></tr> }
                            { for r.batches.iter().map(|b| html! {
                                <tr data-testid="report-batch" data-id={b.batch_id.clone()}>
                                    <td>{ b.name.clone() }</td><td class="num">{ b.units }</td>
                                    <td class="num">{ b.handed_over }</td><td class="num">{ percent(Some(b.rate)) }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table></div>
                </section>
                <div class="two-col">
                    <GroupTable title={d.by_project} head={d.project} rows={r.by_project.clone()} testid="report-by-project" />
                    <GroupTable title={d.by_building} head={d.building} rows={r.by_building.clone()} testid="report-by-building" />
                    <GroupTable title={d.by_category} head={d.category} rows={r.by_category.clone()} testid="report-by-category"
                        word={Grouping::Category} />
                    <GroupTable title={d.by_contractor} head={d.contractor} rows={r.by_contractor.clone()} testid="report-by-contractor"
                        word={Grouping::Contractor} export={may_export.then_some(by_contractor)} />
                </div>
            } else if error.is_none() {
                <p class="muted">{ t.loading }</p>
            }
        </div>
    }
}

/// Props of [`Stat`].
#[derive(Properties, PartialEq)]
struct StatProps {
    label: AttrValue,
    value: String,
    testid: AttrValue,
}

/// One number with its label.
#[component]
fn Stat(props: &StatProps) -> Html {
    html! {
        <div class="stat">
            <span class="stat-label">{ props.label.clone() }</span>
            <span class="stat-value" data-testid={props.testid.clone()}>{ props.value.clone() }</span>
        </div>
    }
}

/// How a grouping's rows are named: by the server's label (projects,
/// buildings), or in the reader's language from the key.
#[derive(Clone, Copy, PartialEq, Default)]
enum Grouping {
    #[default]
    Named,
    /// The key is a defect category.
    Category,
    /// The key is a contractor; empty for defects not yet given to one.
    Contractor,
}

impl Grouping {
    fn label(self, lang: Lang, g: &DefectGroup) -> String {
        match self {
            Grouping::Category => DefectCategory::parse(&g.key)
                .map_or_else(|| g.label.clone(), |c| lang.label(c).to_string()),
            Grouping::Contractor if g.key.is_empty() => lang.delivery().no_contractor.to_string(),
            _ => g.label.clone(),
        }
    }
}

/// Props of [`GroupTable`].
#[derive(Properties, PartialEq)]
struct GroupTableProps {
    title: AttrValue,
    /// Heading of the first column (what a row is).
    head: AttrValue,
    rows: Vec<DefectGroup>,
    #[prop_or_default]
    word: Grouping,
    testid: AttrValue,
    /// Makes a contractor's export button (`key` → its click handler).
    #[prop_or_default]
    export: Option<Callback<String, Callback<MouseEvent>>>,
}

/// Defects of one grouping.
#[component]
fn GroupTable(props: &GroupTableProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    html! {
        <section class="panel">
            <h2>{ props.title.clone() }</h2>
            <div class="table-wrap"><table class="table" data-testid={props.testid.clone()}>
                <thead><tr>
                    <th>{ props.head.clone() }</th><th class="num">{ d.total }</th><th class="num">{ d.unfixed }</th><th class="num">{ d.overdue }</th>
                    if props.export.is_some() { <th></th> }
                </tr></thead>
                <tbody>
                    if props.rows.is_empty() { <tr><td colspan="5" class="empty-row">{ d.no_defects }</td></tr> }
                    { for props.rows.iter().map(|g| html! {
                        <tr data-testid="report-group" data-key={g.key.clone()}>
                            <td>{ props.word.label(lang, g) }</td>
                            <td class="num" data-testid="group-total">{ g.total }</td>
                            <td class="num">{ g.open }</td>
                            <td class="num"><span class={classes!((g.overdue > 0).then_some("badge badge-danger"))}>{ g.overdue }</span></td>
                            if let Some(export) = &props.export {
                                <td>
                                    if !g.key.is_empty() {
                                        <button class="btn btn-small" data-testid="contractor-export"
                                            onclick={export.emit(g.key.clone())}>{ "XLSX" }</button>
                                    }
                                </td>
                            }
                        </tr>
                    }) }
                </tbody>
            </table></div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contractor_export_is_named_for_the_contractor() {
        assert_eq!(export_name(""), "缺陷清单.xlsx");
        assert_eq!(export_name("华建装饰"), "缺陷清单-华建装饰.xlsx");
    }
}
