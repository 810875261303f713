//! The user dialog: change name and role (PATCH with `If-Match`) and the granted projects (PUT).

use api_types::{Project, Role, UpdateUser, User};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::project_picker::ProjectPicker;
use super::role_options;
use crate::api;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::modal::Modal;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq)]
struct ProfileDraft {
    display_name: String,
    role: Role,
}

/// Props of [`UserEditor`].
#[derive(Properties, PartialEq)]
pub struct UserEditorProps {
    /// The user as last read.
    pub user: User,
    /// Projects to grant from.
    pub projects: Vec<Project>,
    /// Closes the dialog.
    pub onclose: Callback<()>,
    /// The user was saved (the list shows the new version).
    pub onupdated: Callback<User>,
    /// Reloads the list (after a 412).
    pub onreload: Callback<()>,
}

/// Name + role, and the project grants, each with its own save button.
#[component]
pub fn UserEditor(props: &UserEditorProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let toast = use_toast();
    let user = props.user.clone();
    let draft = {
        let u = user.clone();
        use_draft(move || ProfileDraft {
            display_name: u.display_name,
            role: u.role,
        })
    };
    let grants = use_state(|| user.project_ids.clone());
    let errors = use_state(FormErrors::default);
    let grant_errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let save_profile = {
        let (draft, errors, busy, toast, onupdated, u) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.onupdated.clone(),
            user.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let name = d.display_name.trim().to_string();
            let body = UpdateUser {
                display_name: (name != u.display_name).then_some(name),
                role: (d.role != u.role).then_some(d.role),
                ..UpdateUser::default()
            };
            let (errors, busy, toast, onupdated, id, version) = (
                errors.clone(),
                busy.clone(),
                toast.clone(),
                onupdated.clone(),
                u.id.clone(),
                u.version,
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::users::update(&id, version, &body).await;
                busy.set(false);
                match result {
                    Ok(updated) => {
                        errors.set(FormErrors::default());
                        toast.success(t.saved);
                        onupdated.emit(updated);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let save_grants = {
        let (grants, errors, busy, toast, onupdated, id) = (
            grants.clone(),
            grant_errors.clone(),
            busy.clone(),
            toast.clone(),
            props.onupdated.clone(),
            user.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let (ids, errors, busy, toast, onupdated, id) = (
                (*grants).clone(),
                errors.clone(),
                busy.clone(),
                toast.clone(),
                onupdated.clone(),
                id.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::users::grant_projects(&id, ids).await;
                busy.set(false);
                match result {
                    Ok(updated) => {
                        errors.set(FormErrors::default());
                        toast.success(t.saved);
                        onupdated.emit(updated);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let on_role = bind(&draft, |d, v| {
        if let Some(r) = Role::parse(&v) {
            d.role = r;
        }
    });
    let on_grants = {
        let grants = grants.clone();
        Callback::from(move |ids: Vec<String>| grants.set(ids))
    };
    let title = format!("{} · {}", t.edit_user, user.email);
    html! {
        <Modal {title} onclose={props.onclose.clone()} testid="user-dialog" close_label={t.close}>
            <form class="form-card" data-testid="user-edit-form" onsubmit={save_profile} novalidate=true>
                <div class="form-grid">
                    <TextField label={t.display_name} value={draft.0.display_name.clone()} required=true
                        oninput={bind(&draft, |d, v| d.display_name = v)} testid="user-edit-display-name"
                        error={errors.get("display_name")} />
                    <SelectField label={t.role} value={draft.0.role.as_str()} options={role_options(lang, None)}
                        onchange={on_role} testid="user-edit-role" error={errors.get("role")} />
                </div>
                <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="user-edit-error" />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="user-edit-submit" disabled={*busy}>{ t.save }</button>
                    if errors.is_stale() {
                        <button type="button" class="btn" data-testid="user-reload"
                            onclick={props.onreload.reform(|_: MouseEvent| ())}>{ t.reload }</button>
                    }
                </div>
            </form>
            <div class="form-card">
                <ProjectPicker projects={props.projects.clone()} selected={(*grants).clone()} onchange={on_grants}
                    label={t.granted_projects} empty_text={t.no_projects} testid="user-edit-projects" />
                <MessageBanner message={grant_errors.general.clone().map(AttrValue::from)} testid="user-grant-error" />
                <div class="form-actions">
                    <button class="btn btn-primary" data-testid="user-grant-submit" disabled={*busy} onclick={save_grants}>
                        { t.save_grants }
                    </button>
                </div>
            </div>
        </Modal>
    }
}
