//! Lead settings (`/settings/...`): grading rules, lead SLA and assignment.
//! Admins and sales managers read them; only the CRM head changes them
//! (`PUT` with `If-Match`; a 412 says someone else saved first).

mod assignment;
mod grading_rules;
mod rule_list;
mod sla;

pub use assignment::LeadAssignmentPage;
pub use grading_rules::GradingRulesPage;
pub use sla::LeadSlaPage;

use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::app::Route;
use crate::auth::{edits_lead_settings, use_auth};
use crate::components::alert::MessageBanner;
use crate::components::form::FormErrors;
use crate::components::nav_link::NavLink;
use crate::format::format_time;
use crate::i18n::use_lang;

/// True when the signed-in user may change the settings.
#[hook]
pub fn use_can_edit_settings() -> bool {
    use_auth().me().is_some_and(|m| edits_lead_settings(m.role))
}

/// Props of [`SettingsFrame`].
#[derive(Properties, PartialEq)]
pub struct SettingsFrameProps {
    /// The active tab.
    pub active: Route,
    /// Version of the setting (0: defaults).
    pub version: Option<i32>,
    /// When it last changed.
    #[prop_or_default]
    pub updated_at: Option<DateTime<Utc>>,
    /// The tab's content.
    pub children: Html,
}

/// Heading, tabs, version line and the read-only notice.
#[component]
pub fn SettingsFrame(props: &SettingsFrameProps) -> Html {
    let lt = use_lang().lang.leads();
    let editable = use_can_edit_settings();
    let tab = |route: Route, label: &'static str, testid: &'static str| {
        let active = route == props.active;
        html! {
            <NavLink to={route} class={classes!("tab", active.then_some("tab-active"))} testid={testid}>{ label }</NavLink>
        }
    };
    html! {
        <div class="page" data-testid="settings-page">
            <div class="page-head"><h1>{ lt.settings_title }</h1></div>
            <nav class="tabs">
                { tab(Route::GradingRules, lt.tab_grading, "settings-tab-grading") }
                { tab(Route::LeadSla, lt.tab_sla, "settings-tab-sla") }
                { tab(Route::LeadAssignment, lt.tab_assignment, "settings-tab-assignment") }
            </nav>
            <p class="hint" data-testid="settings-version" data-version={props.version.map(|v| v.to_string())}>
                { props.version.map(|v| format!("{} {v}", lt.version)).unwrap_or_default() }
                { if props.version == Some(0) { format!(" · {}", lt.defaults_in_force) } else { String::new() } }
                { props.updated_at.as_ref().map(|at| format!(" · {}", format_time(at))).unwrap_or_default() }
            </p>
            if !editable { <p class="hint" data-testid="settings-read-only">{ lt.read_only }</p> }
            { props.children.clone() }
        </div>
    }
}

/// Props of [`SaveBar`].
#[derive(Properties, PartialEq)]
pub struct SaveBarProps {
    /// Errors of the last save.
    pub errors: FormErrors,
    /// True while saving.
    pub busy: bool,
    /// Reloads the setting (after a 412).
    pub onreload: Callback<()>,
}

/// The general error (a 412 with a reload button) and the save button.
#[component]
pub fn SaveBar(props: &SaveBarProps) -> Html {
    let t = use_lang().lang.strings();
    let editable = use_can_edit_settings();
    if !editable {
        return html! {};
    }
    let reload = props.onreload.reform(|_: MouseEvent| ());
    html! {
        <>
            if props.errors.is_stale() {
                <div class="alert alert-error" role="alert" data-testid="settings-stale">
                    <span>{ t.err_stale }</span>
                    <button class="btn btn-small" type="button" data-testid="settings-reload" onclick={reload}>{ t.reload }</button>
                </div>
            } else {
                <MessageBanner message={props.errors.general.clone().map(AttrValue::from)} testid="settings-error" />
            }
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="settings-save" disabled={props.busy}>
                    { if props.busy { t.saving } else { t.save } }
                </button>
            </div>
        </>
    }
}
