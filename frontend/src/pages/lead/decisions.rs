//! Two decisions about a lead, each with a reason: a manual grade (override)
//! and marking it lost.

use api_types::{Grade, GradeLead, LoseLead, LostReason};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::lead_work;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::project_names::enum_options;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Props of both forms.
#[derive(Properties, PartialEq)]
pub struct DecisionProps {
    /// Lead id.
    pub lead_id: String,
    /// Current grade (preselected in the grade form).
    #[prop_or_default]
    pub current: Option<Grade>,
    /// Called after the change.
    pub onsaved: Callback<()>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Choice {
    value: String,
    reason: String,
}

/// A manual grade with the reason (who is recorded by the server).
#[component]
pub fn GradeForm(props: &DecisionProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let current = props.current.unwrap_or(Grade::B).as_str().to_string();
    let draft = use_draft(move || Choice {
        value: current,
        reason: String::new(),
    });
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, id, onsaved) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.lead_id.clone(),
            props.onsaved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = GradeLead {
                grade: Grade::parse(&draft.0.value).unwrap_or(Grade::B),
                reason: draft.0.reason.trim().to_string(),
            };
            let (errors, busy, id, onsaved, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = lead_work::grade(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        toast.success(lt.override_saved);
                        onsaved.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    html! {
        <section class="panel">
            <h2>{ lt.override_title }</h2>
            <form class="form-card" data-testid="grade-form" {onsubmit} novalidate=true>
                <SelectField label={lt.grade} value={draft.0.value.clone()}
                    options={enum_options(Grade::ALL, Grade::as_str, move |g| lang.label(g), None)}
                    onchange={bind(&draft, |d, v| d.value = v)} testid="grade-value" error={e.get("grade")} />
                <TextField label={lt.reason} value={draft.0.reason.clone()} required=true
                    oninput={bind(&draft, |d, v| d.reason = v)} testid="grade-reason" error={e.get("reason")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="grade-error" />
                <div class="form-actions">
                    <button class="btn" type="submit" data-testid="grade-submit" disabled={*busy}>
                        { if *busy { t.saving } else { t.save } }
                    </button>
                </div>
            </form>
        </section>
    }
}

/// Marks the lead lost with a reason from the taxonomy and a note.
#[component]
pub fn LoseForm(props: &DecisionProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let draft = use_draft(|| Choice {
        value: LostReason::PriceObjection.as_str().to_string(),
        reason: String::new(),
    });
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, id, onsaved) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.lead_id.clone(),
            props.onsaved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !crate::pages::confirm(lt.lose_title) {
                return;
            }
            let body = LoseLead {
                reason: LostReason::parse(&draft.0.value).unwrap_or(LostReason::Other),
                note: draft.0.reason.trim().to_string(),
            };
            let (errors, busy, id, onsaved, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = lead_work::lose(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        toast.success(lt.lost_saved);
                        onsaved.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    html! {
        <section class="panel">
            <h2>{ lt.lose_title }</h2>
            <form class="form-card" data-testid="lose-form" {onsubmit} novalidate=true>
                <SelectField label={lt.lost_reason} value={draft.0.value.clone()}
                    options={enum_options(LostReason::ALL, LostReason::as_str, move |r| lang.label(r), None)}
                    onchange={bind(&draft, |d, v| d.value = v)} testid="lose-reason" error={e.get("reason")} />
                <TextField label={lt.lose_note} value={draft.0.reason.clone()}
                    oninput={bind(&draft, |d, v| d.reason = v)} testid="lose-note" error={e.get("note")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="lose-error" />
                <div class="form-actions">
                    <button class="btn btn-danger" type="submit" data-testid="lose-submit" disabled={*busy}>
                        { if *busy { t.saving } else { lt.lose_title } }
                    </button>
                </div>
            </form>
        </section>
    }
}
