//! The capture form's fields: who, where from, facts, consent and opt-outs.

use api_types::{AbilityToPay, LeadSource, OptOuts, Project, PurchaseTimeframe};
use yew::prelude::*;

use crate::components::form::{
    bind, edit, CheckField, Draft, FormErrors, SelectField, TextAreaField, TextField,
};
use crate::components::project_names::{enum_options, project_options};
use crate::i18n::{use_lang, Lang};

/// What the capture form edits (text as typed; converted on submit).
#[derive(Debug, Clone, PartialEq)]
pub struct CaptureDraft {
    /// Customer name.
    pub name: String,
    /// Mobile.
    pub phone: String,
    /// Project id.
    pub project_id: String,
    /// Source API name.
    pub source: String,
    /// Budget in yuan as typed.
    pub budget_yuan: String,
    /// Timeframe API name, or empty.
    pub timeframe: String,
    /// Ability API name, or empty.
    pub ability: String,
    /// Family structure.
    pub family: String,
    /// Occupation.
    pub occupation: String,
    /// Layouts, separated by `、` or commas.
    pub layouts: String,
    /// Visits as typed.
    pub visits: String,
    /// Notes.
    pub notes: String,
    /// Consent purpose.
    pub purpose: String,
    /// Privacy notice version.
    pub notice_version: String,
    /// Opt-outs.
    pub opt_outs: OptOuts,
}

impl Default for CaptureDraft {
    fn default() -> Self {
        CaptureDraft {
            name: String::new(),
            phone: String::new(),
            project_id: String::new(),
            source: LeadSource::WalkIn.as_str().to_string(),
            budget_yuan: String::new(),
            timeframe: String::new(),
            ability: String::new(),
            family: String::new(),
            occupation: String::new(),
            layouts: String::new(),
            visits: "0".to_string(),
            notes: String::new(),
            purpose: "sales_contact".to_string(),
            notice_version: "2026-01".to_string(),
            opt_outs: OptOuts::default(),
        }
    }
}

/// Splits typed layouts on `、`, `,`, `，`, `;` and drops empty parts.
pub fn split_layouts(text: &str) -> Vec<String> {
    text.split(['、', ',', '，', ';', '；'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

/// Props of [`CaptureFields`].
#[derive(Properties, PartialEq)]
pub struct CaptureFieldsProps {
    /// The draft.
    pub draft: UseReducerHandle<Draft<CaptureDraft>>,
    /// Errors of the last attempt.
    pub errors: FormErrors,
    /// Projects to capture into.
    pub projects: Vec<Project>,
}

/// All inputs of the capture form, each with its error beside it.
#[component]
pub fn CaptureFields(props: &CaptureFieldsProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let draft = &props.draft;
    let d = &draft.0;
    let e = &props.errors;
    let not_given = |mut opts: Vec<(AttrValue, AttrValue)>| {
        opts.insert(0, ("".into(), lt.not_given.into()));
        opts
    };
    let project_opts = project_options(&props.projects, "—");
    let opt = |field: fn(&mut OptOuts) -> &mut bool| {
        let draft = draft.clone();
        Callback::from(move |v: bool| {
            edit(&draft, move |d: &mut CaptureDraft| {
                *field(&mut d.opt_outs) = v
            })
        })
    };
    html! {
        <>
            <div class="form-grid">
                <TextField label={lt.customer_name} value={d.name.clone()} required=true
                    oninput={bind(draft, |d, v| d.name = v)} testid="capture-name" error={e.get("name")} />
                <TextField label={lt.phone} value={d.phone.clone()} required=true input_type="tel"
                    oninput={bind(draft, |d, v| d.phone = v)} testid="capture-phone" error={e.get("phone")} />
                <SelectField label={t.project} value={d.project_id.clone()} options={project_opts} required=true
                    onchange={bind(draft, |d, v| d.project_id = v)} testid="capture-project" error={e.get("project_id")} />
                <SelectField label={lt.source} value={d.source.clone()}
                    options={enum_options(LeadSource::ALL, LeadSource::as_str, move |s: LeadSource| source_label(lang, s), None)}
                    onchange={bind(draft, |d, v| d.source = v)} testid="capture-source" error={e.get("source")} />
                <TextField label={lt.budget_yuan} value={d.budget_yuan.clone()} placeholder="4500000"
                    oninput={bind(draft, |d, v| d.budget_yuan = v)} testid="capture-budget" error={e.get("budget_fen")} />
                <SelectField label={lt.timeframe} value={d.timeframe.clone()}
                    options={not_given(enum_options(PurchaseTimeframe::ALL, PurchaseTimeframe::as_str, move |v| lang.label(v), None))}
                    onchange={bind(draft, |d, v| d.timeframe = v)} testid="capture-timeframe" error={e.get("purchase_timeframe")} />
                <SelectField label={lt.ability} value={d.ability.clone()}
                    options={not_given(enum_options(AbilityToPay::ALL, AbilityToPay::as_str, move |v| lang.label(v), None))}
                    onchange={bind(draft, |d, v| d.ability = v)} testid="capture-ability" error={e.get("ability_to_pay")} />
                <TextField label={lt.family} value={d.family.clone()} placeholder={lt.family_example}
                    oninput={bind(draft, |d, v| d.family = v)} testid="capture-family" error={e.get("family_structure")} />
                <TextField label={lt.occupation} value={d.occupation.clone()}
                    oninput={bind(draft, |d, v| d.occupation = v)} testid="capture-occupation" error={e.get("occupation")} />
                <TextField label={lt.layouts} value={d.layouts.clone()} placeholder={lt.layouts_hint}
                    oninput={bind(draft, |d, v| d.layouts = v)} testid="capture-layouts" error={e.get("preferred_layouts")} />
                <TextField label={lt.visits} value={d.visits.clone()} input_type="number"
                    oninput={bind(draft, |d, v| d.visits = v)} testid="capture-visits" error={e.get("visits")} />
            </div>
            <TextAreaField label={lt.notes} value={d.notes.clone()}
                oninput={bind(draft, |d, v| d.notes = v)} testid="capture-notes" error={e.get("notes")} />
            <fieldset class="picker">
                <legend>{ lt.consent }</legend>
                <div class="form-grid">
                    <TextField label={lt.consent_purpose} value={d.purpose.clone()} required=true
                        oninput={bind(draft, |d, v| d.purpose = v)} testid="capture-consent-purpose"
                        error={e.get("consent.purpose")} />
                    <TextField label={lt.notice_version} value={d.notice_version.clone()} required=true
                        oninput={bind(draft, |d, v| d.notice_version = v)} testid="capture-notice-version"
                        error={e.get("consent.notice_version")} />
                </div>
            </fieldset>
            <fieldset class="picker">
                <legend>{ lt.opt_outs }</legend>
                <div class="picker-list">
                    <CheckField label={lt.opt_marketing} checked={d.opt_outs.direct_marketing}
                        onchange={opt(|o| &mut o.direct_marketing)} testid="capture-opt-marketing" />
                    <CheckField label={lt.opt_third_party} checked={d.opt_outs.third_party_disclosure}
                        onchange={opt(|o| &mut o.third_party_disclosure)} testid="capture-opt-third-party" />
                    <CheckField label={lt.opt_automated} checked={d.opt_outs.automated_decisions}
                        onchange={opt(|o| &mut o.automated_decisions)} testid="capture-opt-automated" />
                    <CheckField label={lt.opt_sensitive} checked={d.opt_outs.sensitive_data}
                        onchange={opt(|o| &mut o.sensitive_data)} testid="capture-opt-sensitive" />
                </div>
            </fieldset>
        </>
    }
}

/// A source with its group, e.g. `线下 · 展厅接待`.
fn source_label(lang: Lang, s: LeadSource) -> String {
    format!("{} · {}", lang.label(s.group()), lang.label(s))
}

#[cfg(test)]
mod tests {
    use super::split_layouts;

    #[test]
    fn layouts_split_on_chinese_and_latin_separators() {
        assert_eq!(
            split_layouts("3室2厅、4室2厅, 5室"),
            vec!["3室2厅", "4室2厅", "5室"]
        );
        assert!(split_layouts(" 、 ,").is_empty());
    }
}
