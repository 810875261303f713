//! What the report screens share: the tabs between them, the project and
//! period filter (applied on submit; the server's defaults when empty) and
//! the loading of a report for the filter ([`use_report`]).

use std::future::Future;
use std::rc::Rc;

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::reports::ReportFilter;
use crate::api::ApiError;
use crate::app::Route;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::nav_link::NavLink;
use crate::components::project_names::{project_options, use_projects};
use crate::i18n::use_lang;

/// Props of [`ReportTabs`].
#[derive(Properties, PartialEq)]
pub struct ReportTabsProps {
    /// The open report.
    pub active: Route,
}

/// Tabs: lead reports, referral report.
#[component]
pub fn ReportTabs(props: &ReportTabsProps) -> Html {
    let lang = use_lang().lang;
    let tab = |route: Route, label: &'static str, testid: &'static str| {
        let active = route == props.active;
        html! {
            <NavLink to={route} class={classes!("tab", active.then_some("tab-active"))} testid={testid}>{ label }</NavLink>
        }
    };
    html! {
        <nav class="tabs">
            { tab(Route::Reports, lang.leads().reports_title, "reports-tab-leads") }
            { tab(Route::ReferralReport, lang.referrals().report_title, "reports-tab-referrals") }
        </nav>
    }
}

/// Props of [`ReportFilterForm`].
#[derive(Properties, PartialEq)]
pub struct ReportFilterFormProps {
    /// Receives the filter on submit.
    pub onapply: Callback<ReportFilter>,
    /// Errors of the last load (a 422 names `from`, `to` or `project_id`).
    pub errors: FormErrors,
    /// True while a report loads.
    pub loading: bool,
}

/// Project, from and to, and the apply button.
#[component]
pub fn ReportFilterForm(props: &ReportFilterFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let projects = use_projects();
    let draft = use_draft(ReportFilter::default);
    let onsubmit = {
        let (draft, onapply) = (draft.clone(), props.onapply.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            onapply.emit(draft.0.clone());
        })
    };
    let errors = &props.errors;
    html! {
        <form class="filters" data-testid="report-filters" {onsubmit}>
            <SelectField label={t.project} value={draft.0.project_id.clone()}
                options={project_options(&projects, lt.all_projects)}
                onchange={bind(&draft, |d, v| d.project_id = v)} testid="report-project"
                error={errors.get("project_id")} />
            <TextField label={lt.period_from} value={draft.0.from.clone()} input_type="date"
                oninput={bind(&draft, |d, v| d.from = v)} testid="report-from" error={errors.get("from")} />
            <TextField label={lt.period_to} value={draft.0.to.clone()} input_type="date"
                oninput={bind(&draft, |d, v| d.to = v)} testid="report-to" error={errors.get("to")} />
            <button class="btn" type="submit" data-testid="report-apply" disabled={props.loading}>{ lt.apply }</button>
        </form>
    }
}

/// A report page's state: the report for the filter in force, the failure,
/// whether a load runs, and the callbacks of the retry button and the filter form.
pub struct ReportState<T> {
    /// The loaded report.
    pub data: UseStateHandle<Option<T>>,
    /// The last failure (field errors go to the filter form).
    pub error: UseStateHandle<Option<ApiError>>,
    /// A load is running.
    pub loading: bool,
    /// Loads again with the filter in force.
    pub reload: Callback<()>,
    /// Applies a new filter (and loads).
    pub onapply: Callback<ReportFilter>,
    /// The failure's field errors, for the filter form.
    pub field_errors: FormErrors,
}

/// Loads a report with `load` whenever the filter changes (and on retry).
#[hook]
pub fn use_report<T, F, Fut>(load: F) -> ReportState<T>
where
    T: 'static,
    F: Fn(ReportFilter) -> Fut + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let t = use_lang().lang.strings();
    let filter = use_state(ReportFilter::default);
    let data = use_state(|| None::<T>);
    let error = use_state(|| None::<ApiError>);
    let loading = use_state(|| false);
    let load: Rc<F> = use_memo((), move |_| load);
    let reload = {
        let (filter, data, error, loading) =
            (filter.clone(), data.clone(), error.clone(), loading.clone());
        Callback::from(move |()| {
            let (request, data, error, loading) = (
                load((*filter).clone()),
                data.clone(),
                error.clone(),
                loading.clone(),
            );
            loading.set(true);
            spawn_local(async move {
                match request.await {
                    Ok(r) => {
                        error.set(None);
                        data.set(Some(r));
                    }
                    Err(e) => error.set(Some(e)),
                }
                loading.set(false);
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((*filter).clone(), move |_| reload.emit(()));
    }
    let onapply = {
        let filter = filter.clone();
        Callback::from(move |f: ReportFilter| filter.set(f))
    };
    let field_errors = error
        .as_ref()
        .map(|e| FormErrors::from_api(t, e))
        .unwrap_or_default();
    ReportState {
        data,
        error,
        loading: *loading,
        reload,
        onapply,
        field_errors,
    }
}
