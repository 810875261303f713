//! The project list (`/projects`): filters, pages, and the create form for managers.

use api_types::{CreateProject, Project};
use yew::prelude::*;

use crate::api::projects::{self, ProjectFilter};
use crate::app::Route;
use crate::auth::use_auth;
use crate::components::alert::ErrorBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_t;
use crate::pages::project::form::{ProjectDraft, ProjectForm};

/// 楼盘 list, filterable by name (`q`) and city, 20 per page.
#[component]
pub fn ProjectsPage() -> Html {
    let t = use_t();
    let auth = use_auth();
    let toast = use_toast();
    let manages = auth.me().is_some_and(|m| m.role.manages_projects());

    let filter_draft = use_draft(ProjectFilter::default);
    let filter = use_state(ProjectFilter::default);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { projects::list(&f, PAGE_SIZE, cursor).await })
    });
    let creating = use_state(|| false);
    let form_errors = use_state(FormErrors::default);
    let sending = use_keyed_send();

    let on_filter = {
        let (filter_draft, filter) = (filter_draft.clone(), filter.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(filter_draft.0.clone());
        })
    };
    let on_create = {
        let (form_errors, sending, creating, upsert) = (
            form_errors.clone(),
            sending.clone(),
            creating.clone(),
            list.upsert.clone(),
        );
        Callback::from(move |d: ProjectDraft| {
            let body = CreateProject {
                name: d.name,
                city: d.city,
                district: d.district,
                address: d.address,
            };
            let (form_errors, creating, upsert, toast) = (
                form_errors.clone(),
                creating.clone(),
                upsert.clone(),
                toast.clone(),
            );
            sending.run(
                move |key| async move { projects::create(&body, &key).await },
                move |result| match result {
                    Ok(p) => {
                        form_errors.set(FormErrors::default());
                        creating.set(false);
                        toast.success(t.project_created);
                        // Stay on the list (staff often enter several); the new row leads.
                        upsert.emit(p);
                    }
                    Err(e) => form_errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let toggle_create = {
        let (creating, form_errors) = (creating.clone(), form_errors.clone());
        Callback::from(move |_| {
            form_errors.set(FormErrors::default());
            creating.set(!*creating);
        })
    };

    let s = &*list.state;
    html! {
        <div class="page">
            <div class="page-head">
                <h1>{ t.nav_projects }</h1>
                if manages {
                    <button class="btn btn-primary" data-testid="project-new" onclick={toggle_create.reform(|_: MouseEvent| ())}>
                        { t.new_project }
                    </button>
                }
            </div>
            if manages && *creating {
                <section class="panel">
                    <h2>{ t.new_project }</h2>
                    <ProjectForm onsubmit={on_create} errors={(*form_errors).clone()} busy={sending.busy()}
                        submit_label={t.create} oncancel={toggle_create} />
                </section>
            }
            <form class="filters" data-testid="project-filters" onsubmit={on_filter}>
                <TextField label={t.search_name} value={filter_draft.0.q.clone()}
                    oninput={bind(&filter_draft, |f, v| f.q = v)} testid="project-filter-q" />
                <TextField label={t.city} value={filter_draft.0.city.clone()}
                    oninput={bind(&filter_draft, |f, v| f.city = v)} testid="project-filter-city" />
                <button class="btn" type="submit" data-testid="project-filter-submit">{ t.search }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable headers={vec![t.project_name.into(), t.city.into(), t.district.into(), t.address.into(), t.updated_at.into()]}
                empty={s.items.is_empty()} loading={s.loading} empty_text={t.no_projects}
                loading_text={t.loading} testid="project-table">
                { for s.items.iter().map(project_row) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

fn project_row(p: &Project) -> Html {
    html! {
        <tr data-testid="project-row" data-id={p.id.clone()}>
            <td>
                <NavLink to={Route::Project { id: p.id.clone() }} testid="project-link">{ p.name.clone() }</NavLink>
            </td>
            <td>{ p.city.clone() }</td>
            <td>{ p.district.clone() }</td>
            <td>{ p.address.clone() }</td>
            <td class="nowrap">{ format_time(&p.updated_at) }</td>
        </tr>
    }
}
