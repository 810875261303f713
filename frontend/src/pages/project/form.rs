//! The project form (create and edit share it).

use api_types::Project;
use yew::prelude::*;

use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::i18n::use_t;

/// What the project form edits.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProjectDraft {
    /// 楼盘名称.
    pub name: String,
    /// 城市.
    pub city: String,
    /// 区县.
    pub district: String,
    /// 地址.
    pub address: String,
}

impl From<&Project> for ProjectDraft {
    fn from(p: &Project) -> Self {
        ProjectDraft {
            name: p.name.clone(),
            city: p.city.clone(),
            district: p.district.clone(),
            address: p.address.clone(),
        }
    }
}

/// Props of [`ProjectForm`].
#[derive(Properties, PartialEq)]
pub struct ProjectFormProps {
    /// Starting values.
    #[prop_or_default]
    pub initial: ProjectDraft,
    /// Receives the values on submit; the parent calls the API.
    pub onsubmit: Callback<ProjectDraft>,
    /// Errors of the last attempt (422 field errors appear next to their fields).
    pub errors: FormErrors,
    /// True while saving.
    pub busy: bool,
    /// Submit button text.
    pub submit_label: AttrValue,
    /// Shows a cancel button when given.
    #[prop_or_default]
    pub oncancel: Option<Callback<()>>,
    /// `data-testid` of the `<form>`.
    #[prop_or(AttrValue::Static("project-form"))]
    pub testid: AttrValue,
}

/// Name, city, district, address; name and city are required.
#[component]
pub fn ProjectForm(props: &ProjectFormProps) -> Html {
    let t = use_t();
    let initial = props.initial.clone();
    let draft = use_draft(move || initial);
    let onsubmit = {
        let (draft, cb) = (draft.clone(), props.onsubmit.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(draft.0.clone());
        })
    };
    let e = &props.errors;
    html! {
        <form class="form-card" data-testid={props.testid.clone()} {onsubmit} novalidate=true>
            <div class="form-grid">
                <TextField label={t.project_name} value={draft.0.name.clone()} required=true
                    oninput={bind(&draft, |d, v| d.name = v)} testid="project-name" error={e.get("name")} />
                <TextField label={t.city} value={draft.0.city.clone()} required=true
                    oninput={bind(&draft, |d, v| d.city = v)} testid="project-city" error={e.get("city")} />
                <TextField label={t.district} value={draft.0.district.clone()}
                    oninput={bind(&draft, |d, v| d.district = v)} testid="project-district"
                    error={e.get("district")} />
                <TextField label={t.address} value={draft.0.address.clone()}
                    oninput={bind(&draft, |d, v| d.address = v)} testid="project-address"
                    error={e.get("address")} />
            </div>
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="project-form-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="project-submit" disabled={props.busy}>
                    { if props.busy { t.saving } else { props.submit_label.as_str() } }
                </button>
                if let Some(cancel) = &props.oncancel {
                    <button class="btn" type="button" onclick={cancel.reform(|_: MouseEvent| ())}>{ t.cancel }</button>
                }
            </div>
        </form>
    }
}
