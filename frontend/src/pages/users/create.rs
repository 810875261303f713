//! The create-user form.

use api_types::{CreateUser, Project, Role, User};
use yew::prelude::*;

use super::project_picker::ProjectPicker;
use super::role_options;
use crate::api;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, edit, use_draft, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq)]
struct UserDraft {
    email: String,
    password: String,
    display_name: String,
    role: Role,
    phone: String,
    project_ids: Vec<String>,
}

impl Default for UserDraft {
    fn default() -> Self {
        UserDraft {
            email: String::new(),
            password: String::new(),
            display_name: String::new(),
            role: Role::SalesRep,
            phone: String::new(),
            project_ids: Vec::new(),
        }
    }
}

/// Props of [`CreateUserForm`].
#[derive(Properties, PartialEq)]
pub struct CreateUserFormProps {
    /// Projects to grant from.
    pub projects: Vec<Project>,
    /// The user was created.
    pub oncreated: Callback<User>,
}

/// E-mail, password, display name, role, phone, projects → `POST /users`.
#[component]
pub fn CreateUserForm(props: &CreateUserFormProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let toast = use_toast();
    let draft = use_draft(UserDraft::default);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();

    let onsubmit = {
        let (draft, errors, sending, oncreated) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            props.oncreated.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let phone = d.phone.trim().to_string();
            let body = CreateUser {
                email: d.email.trim().to_string(),
                password: d.password,
                display_name: d.display_name.trim().to_string(),
                role: d.role,
                phone: (!phone.is_empty()).then_some(phone),
                project_ids: d.project_ids,
            };
            let (draft, errors, oncreated, toast) = (
                draft.clone(),
                errors.clone(),
                oncreated.clone(),
                toast.clone(),
            );
            sending.run(
                // The hook's in-flight guard only: no key goes with a password.
                move |_key| async move { api::users::create(&body).await },
                move |result| match result {
                    Ok(user) => {
                        errors.set(FormErrors::default());
                        edit(&draft, |d| *d = UserDraft::default());
                        toast.success(format!("{} {}", t.user_created, user.email));
                        oncreated.emit(user);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let busy = sending.busy();
    let on_role = bind(&draft, |d, v| {
        if let Some(r) = Role::parse(&v) {
            d.role = r;
        }
    });
    let on_projects = {
        let draft = draft.clone();
        Callback::from(move |ids: Vec<String>| edit(&draft, move |d| d.project_ids = ids))
    };
    let e = &*errors;
    html! {
        <form class="form-card" data-testid="user-form" {onsubmit} novalidate=true>
            <div class="form-grid">
                <TextField label={t.email} value={draft.0.email.clone()} input_type="email" required=true
                    oninput={bind(&draft, |d, v| d.email = v)} testid="user-email" error={e.get("email")} />
                <TextField label={t.password} value={draft.0.password.clone()} input_type="password" required=true
                    autocomplete="new-password" placeholder={t.password_hint}
                    oninput={bind(&draft, |d, v| d.password = v)} testid="user-password" error={e.get("password")} />
                <TextField label={t.display_name} value={draft.0.display_name.clone()} required=true
                    oninput={bind(&draft, |d, v| d.display_name = v)} testid="user-display-name"
                    error={e.get("display_name")} />
                <SelectField label={t.role} value={draft.0.role.as_str()} options={role_options(lang, None)}
                    onchange={on_role} testid="user-role" error={e.get("role")} />
                <TextField label={t.phone} value={draft.0.phone.clone()} input_type="tel"
                    oninput={bind(&draft, |d, v| d.phone = v)} testid="user-phone" error={e.get("phone")} />
            </div>
            <ProjectPicker projects={props.projects.clone()} selected={draft.0.project_ids.clone()}
                onchange={on_projects} label={t.granted_projects} empty_text={t.no_projects} testid="user-projects" />
            <MessageBanner message={e.get("project_ids")} testid="user-projects-error" />
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="user-form-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="user-submit" disabled={busy}>
                    { if busy { t.saving } else { t.create } }
                </button>
            </div>
        </form>
    }
}
