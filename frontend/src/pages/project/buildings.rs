//! The buildings (栋) of a project: list, create, delete.

use api_types::{Building, CreateBuilding};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::use_auth;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, edit, use_draft, FormErrors, TextField};
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore, Paged, PAGE_SIZE};
use crate::components::table::DataTable;
use crate::components::toast::{use_toast, Toaster};
use crate::format::{format_time, parse_int};
use crate::i18n::{error_message, use_t, Strings};
use crate::pages::confirm;

/// Props of [`BuildingsSection`].
#[derive(Properties, PartialEq)]
pub struct BuildingsSectionProps {
    /// The project.
    pub project_id: String,
    /// May create and delete (admin, CRM head).
    pub manages: bool,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct BuildingDraft {
    name: String,
    floors: String,
}

/// The building list with a create form (name, floors) and delete buttons.
#[component]
pub fn BuildingsSection(props: &BuildingsSectionProps) -> Html {
    let t = use_t();
    let toast = use_toast();
    let list = use_paged(props.project_id.clone(), |id, cursor| {
        Box::pin(async move { api::buildings::list(&id, PAGE_SIZE, cursor).await })
    });
    let draft = use_draft(BuildingDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let onsubmit = {
        let (draft, errors, busy, upsert, toast) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            list.upsert.clone(),
            toast.clone(),
        );
        let project_id = props.project_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(floors) = parse_int(&draft.0.floors) else {
                let mut local = FormErrors::default();
                local.add("floors", t.fe_number);
                errors.set(local);
                return;
            };
            let body = CreateBuilding {
                name: draft.0.name.trim().to_string(),
                floors,
            };
            let (draft, errors, busy, upsert, toast, project_id) = (
                draft.clone(),
                errors.clone(),
                busy.clone(),
                upsert.clone(),
                toast.clone(),
                project_id.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::buildings::create(&project_id, &body).await;
                busy.set(false);
                match result {
                    Ok(b) => {
                        errors.set(FormErrors::default());
                        edit(&draft, |d| *d = BuildingDraft::default());
                        upsert.emit(b);
                        toast.success(t.building_created);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };

    let sales = use_auth().me().is_some_and(|m| m.role.reads_unit_prices());
    let s = &*list.state;
    let mut headers = vec![t.building_name.into(), t.floors.into(), t.updated_at.into()];
    if props.manages {
        headers.push(t.actions.into());
    }
    html! {
        <section class="panel">
            <h2>{ t.buildings }</h2>
            if props.manages {
                <form class="inline-form" data-testid="building-form" {onsubmit} novalidate=true>
                    <TextField label={t.building_name} value={draft.0.name.clone()} required=true
                        oninput={bind(&draft, |d, v| d.name = v)} testid="building-name" error={errors.get("name")} />
                    <TextField label={t.floors} value={draft.0.floors.clone()} required=true input_type="number"
                        oninput={bind(&draft, |d, v| d.floors = v)} testid="building-floors"
                        error={errors.get("floors")} />
                    <button class="btn btn-primary" type="submit" data-testid="building-submit" disabled={*busy}>
                        { t.new_building }
                    </button>
                </form>
                <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="building-form-error" />
            }
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={t.no_buildings}
                loading_text={t.loading} testid="building-table">
                { for s.items.iter().map(|b| building_row(t, b, props.manages, sales, &list, &toast)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </section>
    }
}

fn building_row(
    t: &'static Strings,
    b: &Building,
    manages: bool,
    sales: bool,
    list: &Paged<Building>,
    toast: &Toaster,
) -> Html {
    let on_delete = {
        let (b, remove, toast) = (b.clone(), list.remove.clone(), toast.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm(&format!("{} {}", t.confirm_delete, b.name)) {
                return;
            }
            let (b, remove, toast) = (b.clone(), remove.clone(), toast.clone());
            spawn_local(async move {
                match api::buildings::remove(&b.id, b.version).await {
                    Ok(()) => {
                        remove.emit(b.id);
                        toast.success(t.deleted);
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    html! {
        <tr data-testid="building-row" data-id={b.id.clone()}>
            <td>
                // The building page is its sales-control grid: for the roles that read prices.
                if sales {
                    <NavLink to={Route::Building { id: b.id.clone() }} testid="building-link">{ b.name.clone() }</NavLink>
                } else {
                    { b.name.clone() }
                }
            </td>
            <td>{ b.floors }</td>
            <td class="nowrap">{ format_time(&b.updated_at) }</td>
            if manages {
                <td>
                    <button class="btn btn-small btn-danger" data-testid="building-delete" onclick={on_delete}>
                        { t.delete }
                    </button>
                </td>
            }
        </tr>
    }
}
