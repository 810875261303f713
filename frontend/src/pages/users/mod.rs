//! User management (`/users`, admin): list, create, enable/disable, role and project grants.

mod create;
mod edit;
mod project_picker;

use api_types::{Project, Role, UpdateUser, User};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::api::users::{self, UserFilter};
use crate::components::alert::ErrorBanner;
use crate::components::form::{bind, use_draft, SelectField, TextField};
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::status_badge::{ActiveBadge, RoleBadge};
use crate::components::table::DataTable;
use crate::components::toast::{use_toast, Toaster};
use crate::i18n::{error_message, use_lang, Lang, Strings};
use create::CreateUserForm;
use edit::UserEditor;

/// `(value, label)` pairs of every role, optionally led by an "all" entry.
pub fn role_options(lang: Lang, all: Option<&'static str>) -> Vec<(AttrValue, AttrValue)> {
    let mut out: Vec<(AttrValue, AttrValue)> =
        all.map(|a| ("".into(), a.into())).into_iter().collect();
    out.extend(
        Role::ALL
            .iter()
            .map(|r| (r.as_str().into(), lang.role_label(*r).into())),
    );
    out
}

#[derive(Debug, Clone, PartialEq, Default)]
struct FilterDraft {
    role: String,
    q: String,
}

/// Staff users with a role filter; admins create users and change them here.
#[component]
pub fn UsersPage() -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let toast = use_toast();
    let draft = use_draft(FilterDraft::default);
    let filter = use_state(UserFilter::default);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { users::list(&f, PAGE_SIZE, cursor).await })
    });
    let projects = use_state(Vec::<Project>::new);
    let creating = use_state(|| false);
    let selected = use_state(|| None::<User>);

    {
        let projects = projects.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                // Without the list the pickers are merely empty; the page still works.
                if let Ok(all) = api::projects::list_all().await {
                    projects.set(all);
                }
            });
        });
    }
    let on_filter = {
        let (draft, filter) = (draft.clone(), filter.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(UserFilter {
                role: Role::parse(&draft.0.role),
                q: draft.0.q.clone(),
            });
        })
    };
    let on_created = {
        let (upsert, creating) = (list.upsert.clone(), creating.clone());
        Callback::from(move |u: User| {
            upsert.emit(u);
            creating.set(false);
        })
    };
    let on_updated = {
        let (upsert, selected) = (list.upsert.clone(), selected.clone());
        Callback::from(move |u: User| {
            if selected.is_some() {
                selected.set(Some(u.clone()));
            }
            upsert.emit(u);
        })
    };
    let on_reload = {
        let (reload, selected) = (list.reload.clone(), selected.clone());
        Callback::from(move |()| {
            selected.set(None);
            reload.emit(());
        })
    };
    let toggle_create = {
        let creating = creating.clone();
        Callback::from(move |_: MouseEvent| creating.set(!*creating))
    };

    let s = &*list.state;
    let headers = vec![
        t.email.into(),
        t.display_name.into(),
        t.role.into(),
        t.state.into(),
        t.phone.into(),
        t.granted_projects.into(),
        t.actions.into(),
    ];
    let row_ctx = RowCtx {
        t,
        toast: toast.clone(),
        upsert: list.upsert.clone(),
        selected: selected.clone(),
    };
    html! {
        <div class="page">
            <div class="page-head">
                <h1>{ t.nav_users }</h1>
                <button class="btn btn-primary" data-testid="user-new" onclick={toggle_create}>{ t.new_user }</button>
            </div>
            if *creating {
                <section class="panel">
                    <h2>{ t.new_user }</h2>
                    <CreateUserForm projects={(*projects).clone()} oncreated={on_created} />
                </section>
            }
            <form class="filters" data-testid="user-filters" onsubmit={on_filter}>
                <SelectField label={t.role} value={draft.0.role.clone()} options={role_options(lang, Some(t.all))}
                    onchange={bind(&draft, |d, v| d.role = v)} testid="user-filter-role" />
                <TextField label={t.search_user} value={draft.0.q.clone()}
                    oninput={bind(&draft, |d, v| d.q = v)} testid="user-filter-q" />
                <button class="btn" type="submit" data-testid="user-filter-submit">{ t.search }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={t.no_users}
                loading_text={t.loading} testid="user-table">
                { for s.items.iter().map(|u| user_row(&row_ctx, u)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
            if let Some(u) = &*selected {
                <UserEditor key={u.id.clone()} user={u.clone()} projects={(*projects).clone()}
                    onclose={Callback::from({ let s = selected.clone(); move |()| s.set(None) })}
                    onupdated={on_updated} onreload={on_reload} />
            }
        </div>
    }
}

/// What each row's buttons need.
struct RowCtx {
    t: &'static Strings,
    toast: Toaster,
    upsert: Callback<User>,
    selected: UseStateHandle<Option<User>>,
}

fn user_row(ctx: &RowCtx, u: &User) -> Html {
    let t = ctx.t;
    let toggle = {
        let (u, upsert, toast) = (u.clone(), ctx.upsert.clone(), ctx.toast.clone());
        Callback::from(move |_: MouseEvent| {
            let body = UpdateUser {
                disabled: Some(!u.disabled),
                ..UpdateUser::default()
            };
            let (id, version, upsert, toast) =
                (u.id.clone(), u.version, upsert.clone(), toast.clone());
            spawn_local(async move {
                match users::update(&id, version, &body).await {
                    Ok(updated) => {
                        toast.success(if updated.disabled {
                            t.user_disabled
                        } else {
                            t.user_enabled
                        });
                        upsert.emit(updated);
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let open = {
        let (u, selected) = (u.clone(), ctx.selected.clone());
        Callback::from(move |_: MouseEvent| selected.set(Some(u.clone())))
    };
    html! {
        <tr data-testid="user-row" data-id={u.id.clone()} data-email={u.email.clone()}>
            <td>{ u.email.clone() }</td>
            <td>{ u.display_name.clone() }</td>
            <td><RoleBadge role={u.role} /></td>
            <td><ActiveBadge disabled={u.disabled} active_label={t.active} disabled_label={t.disabled} /></td>
            <td>{ u.phone_masked.clone().unwrap_or_default() }</td>
            <td>{ u.project_ids.len() }</td>
            <td>
                <div class="actions nowrap">
                    <button class="btn btn-small" data-testid="user-edit" onclick={open}>{ t.edit }</button>
                    <button class={classes!("btn", "btn-small", (!u.disabled).then_some("btn-danger"))}
                        data-testid="user-toggle" onclick={toggle}>
                        { if u.disabled { t.enable } else { t.disable } }
                    </button>
                </div>
            </td>
        </tr>
    }
}
