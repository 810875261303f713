//! One project (`/projects/:id`): details, the edit form, and its buildings.

mod buildings;
pub mod form;

use api_types::{Project, UpdateProject};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::auth::use_auth;
use crate::components::alert::ErrorBanner;
use crate::components::form::FormErrors;
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::{error_message, use_t};
use crate::pages::confirm;
use buildings::BuildingsSection;
use form::{ProjectDraft, ProjectForm};

/// Props of [`ProjectPage`].
#[derive(Properties, PartialEq)]
pub struct ProjectPageProps {
    /// Project id from the URL.
    pub id: String,
}

/// Details and edit form (PATCH with `If-Match`), then the building list.
#[component]
pub fn ProjectPage(props: &ProjectPageProps) -> Html {
    let t = use_t();
    let toast = use_toast();
    let navigator = use_navigator();
    let manages = use_auth().me().is_some_and(|m| m.role.manages_projects());
    let project = use_state(|| None::<Project>);
    let load_error = use_state(|| None::<ApiError>);
    let editing = use_state(|| false);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let load = {
        let (project, load_error, id) = (project.clone(), load_error.clone(), props.id.clone());
        Callback::from(move |()| {
            let (project, load_error, id) = (project.clone(), load_error.clone(), id.clone());
            spawn_local(async move {
                match api::projects::fetch(&id).await {
                    Ok(p) => {
                        load_error.set(None);
                        project.set(Some(p));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        })
    };
    {
        let load = load.clone();
        use_effect_with(props.id.clone(), move |_| load.emit(()));
    }

    let Some(p) = (*project).clone() else {
        return html! {
            <div class="page">
                <ErrorBanner error={(*load_error).clone()} onretry={load.clone()} />
                if load_error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };

    let on_save = {
        let (project, errors, busy, editing, toast, p) = (
            project.clone(),
            errors.clone(),
            busy.clone(),
            editing.clone(),
            toast.clone(),
            p.clone(),
        );
        Callback::from(move |d: ProjectDraft| {
            let changed = |new: String, old: &str| (new != old).then_some(new);
            let body = UpdateProject {
                name: changed(d.name, &p.name),
                city: changed(d.city, &p.city),
                district: changed(d.district, &p.district),
                address: changed(d.address, &p.address),
            };
            let (project, errors, busy, editing, toast, id, version) = (
                project.clone(),
                errors.clone(),
                busy.clone(),
                editing.clone(),
                toast.clone(),
                p.id.clone(),
                p.version,
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::projects::update(&id, version, &body).await;
                busy.set(false);
                match result {
                    Ok(updated) => {
                        errors.set(FormErrors::default());
                        editing.set(false);
                        project.set(Some(updated));
                        toast.success(t.saved);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let on_delete = {
        let (p, toast) = (p.clone(), toast.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm(&format!("{} {}", t.confirm_delete, p.name)) {
                return;
            }
            let (toast, navigator, id, version) =
                (toast.clone(), navigator.clone(), p.id.clone(), p.version);
            spawn_local(async move {
                match api::projects::remove(&id, version).await {
                    Ok(()) => {
                        toast.success(t.deleted);
                        if let Some(nav) = navigator {
                            nav.push(&Route::Projects);
                        }
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let toggle_edit = {
        let (editing, errors) = (editing.clone(), errors.clone());
        Callback::from(move |()| {
            errors.set(FormErrors::default());
            editing.set(!*editing);
        })
    };
    let reload = {
        let (load, errors) = (load.clone(), errors.clone());
        Callback::from(move |_: MouseEvent| {
            errors.set(FormErrors::default());
            load.emit(());
        })
    };

    html! {
        <div class="page" data-testid="project-page" data-id={p.id.clone()}>
            <nav class="breadcrumb">
                <NavLink to={Route::Projects}>{ t.nav_projects }</NavLink>
                <span>{ "/" }</span>
                <span>{ p.name.clone() }</span>
            </nav>
            <div class="page-head">
                <h1 data-testid="project-title">{ p.name.clone() }</h1>
                if manages && !*editing {
                    <div class="actions">
                        <button class="btn" data-testid="project-edit" onclick={toggle_edit.reform(|_: MouseEvent| ())}>{ t.edit }</button>
                        <button class="btn btn-danger" data-testid="project-delete" onclick={on_delete}>{ t.delete }</button>
                    </div>
                }
            </div>
            if *editing {
                <section class="panel">
                    // Keyed by version: after a reload the form starts from the fresh values.
                    <ProjectForm key={p.version.to_string()} initial={ProjectDraft::from(&p)} onsubmit={on_save} errors={(*errors).clone()}
                        busy={*busy} submit_label={t.save} oncancel={toggle_edit} testid="project-edit-form" />
                    if errors.is_stale() {
                        <button class="btn" data-testid="project-reload" onclick={reload}>{ t.reload }</button>
                    }
                </section>
            } else {
                <section class="panel">
                    <dl class="details">
                        <dt>{ t.city }</dt><dd data-testid="project-city-value">{ p.city.clone() }</dd>
                        <dt>{ t.district }</dt><dd>{ p.district.clone() }</dd>
                        <dt>{ t.address }</dt><dd>{ p.address.clone() }</dd>
                        <dt>{ t.updated_at }</dt><dd>{ format_time(&p.updated_at) }</dd>
                    </dl>
                </section>
            }
            <BuildingsSection project_id={p.id.clone()} {manages} />
        </div>
    }
}
