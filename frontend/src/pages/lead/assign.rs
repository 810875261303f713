//! Assign or reassign a lead (admin, CRM head, sales managers).
//!
//! The owner is picked by name from the staff directory (`/lead-staff`):
//! the people granted the lead's project whose role takes leads, with their
//! open-lead counts.

use api_types::AssignLead;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::lead_work;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, edit, use_draft, FormErrors, SelectField, TextField};
use crate::components::staff_names::use_lead_staff;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq, Default)]
struct AssignDraft {
    owner_id: String,
    reason: String,
}

/// Props of [`AssignForm`].
#[derive(Properties, PartialEq)]
pub struct AssignFormProps {
    /// Lead id.
    pub lead_id: String,
    /// The lead's project (only staff granted it are offered).
    pub project_id: String,
    /// The signed-in user's id ("assign to me").
    pub me: String,
    /// Called after the change.
    pub onsaved: Callback<()>,
}

/// Owner picker, reason, submit.
#[component]
pub fn AssignForm(props: &AssignFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let draft = use_draft(AssignDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    // Everyone the API would accept as owner for this project (the staff directory).
    let staff = use_lead_staff(Some(props.project_id.clone()));
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
            let body = AssignLead {
                owner_id: draft.0.owner_id.trim().to_string(),
                reason: draft.0.reason.trim().to_string(),
            };
            let (draft, errors, busy, id, onsaved, toast) = (
                draft.clone(),
                errors.clone(),
                busy.clone(),
                id.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = lead_work::assign(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        edit(&draft, |d: &mut AssignDraft| *d = AssignDraft::default());
                        toast.success(lt.assigned_saved);
                        onsaved.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let to_me = {
        let (draft, me) = (draft.clone(), props.me.clone());
        Callback::from(move |_: MouseEvent| {
            let me = me.clone();
            edit(&draft, move |d: &mut AssignDraft| d.owner_id = me);
        })
    };
    let e = &*errors;
    let mut options: Vec<(AttrValue, AttrValue)> = vec![("".into(), "—".into())];
    options.extend(staff.iter().map(|p| {
        let label = format!(
            "{} · {} · {}: {}",
            p.display_name,
            lang.role_label(p.role),
            lt.open_leads,
            p.open_leads
        );
        (AttrValue::from(p.id.clone()), AttrValue::from(label))
    }));
    let picker = html! {
        <>
            <SelectField label={lt.assign_owner} value={draft.0.owner_id.clone()} {options}
                onchange={bind(&draft, |d, v| d.owner_id = v)} testid="assign-owner" error={e.get("owner_id")} />
            if staff.is_empty() {
                <p class="hint" data-testid="assign-no-staff">{ lt.assign_no_staff }</p>
            }
        </>
    };
    html! {
        <section class="panel">
            <h2>{ lt.assign_title }</h2>
            <form class="form-card" data-testid="assign-form" {onsubmit} novalidate=true>
                { picker }
                <TextField label={lt.reason} value={draft.0.reason.clone()}
                    oninput={bind(&draft, |d, v| d.reason = v)} testid="assign-reason" error={e.get("reason")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="assign-error" />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="assign-submit" disabled={*busy}>
                        { if *busy { t.saving } else { t.save } }
                    </button>
                    <button class="btn" type="button" data-testid="assign-to-me" onclick={to_me}>{ lt.assign_to_me }</button>
                </div>
            </form>
        </section>
    }
}
