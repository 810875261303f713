//! Assign or reassign a lead (admin, CRM head, sales managers).
//!
//! The API lists staff users to admins only, so a manager who cannot list
//! them enters the new owner's user id (or takes the lead themself).

use api_types::{AssignLead, Role, User};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{lead_work, users};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, edit, use_draft, FormErrors, SelectField, TextField};
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

/// Owner picker (or id), reason, submit.
#[component]
pub fn AssignForm(props: &AssignFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let draft = use_draft(AssignDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    // `None` until known; `Some(empty)` when the role may not list users.
    let staff = use_state(|| None::<Vec<User>>);
    {
        let (staff, project) = (staff.clone(), props.project_id.clone());
        use_effect_with(props.project_id.clone(), move |_| {
            spawn_local(async move {
                let filter = users::UserFilter::default();
                let found = match users::list(&filter, 200, None).await {
                    Ok(page) => page
                        .data
                        .into_iter()
                        .filter(|u| !u.disabled && u.project_ids.contains(&project))
                        .filter(|u| {
                            matches!(
                                u.role,
                                Role::SalesManager | Role::SalesRep | Role::CustomerSpecialist
                            )
                        })
                        .collect(),
                    Err(_) => Vec::new(),
                };
                staff.set(Some(found));
            });
        });
    }
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
    let picker = match &*staff {
        Some(list) if !list.is_empty() => {
            let mut options: Vec<(AttrValue, AttrValue)> = vec![("".into(), "—".into())];
            options.extend(list.iter().map(|u| {
                let label = format!("{} ({})", u.display_name, lang.role_label(u.role));
                (AttrValue::from(u.id.clone()), AttrValue::from(label))
            }));
            html! {
                <SelectField label={lt.assign_owner} value={draft.0.owner_id.clone()} {options}
                    onchange={bind(&draft, |d, v| d.owner_id = v)} testid="assign-owner" error={e.get("owner_id")} />
            }
        }
        _ => html! {
            <TextField label={lt.assign_owner_id} value={draft.0.owner_id.clone()} required=true
                oninput={bind(&draft, |d, v| d.owner_id = v)} testid="assign-owner" error={e.get("owner_id")} />
        },
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
