//! One building (`/buildings/:id`): the sales-control grid, its units, and the
//! forms that add units one by one or a whole block at once.

mod building_form;
mod bulk;
mod grid;
pub mod subscribe;
mod unit_editor;
mod unit_form;
mod unit_list;

use api_types::{CreateUnit, SalesControl, Unit, UnitStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, ApiError};
use crate::app::Route;
use crate::auth::{use_auth, works_deals};
use crate::components::alert::ErrorBanner;
use crate::components::form::FormErrors;
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::i18n::use_t;
use building_form::BuildingForm;
use bulk::BulkForm;
use grid::SalesGrid;
use subscribe::{SubscribeDialog, UnitDealDialog};
use unit_editor::UnitEditor;
use unit_form::{UnitForm, UnitValues};
use unit_list::UnitList;

/// Props of [`BuildingPage`].
#[derive(Properties, PartialEq)]
pub struct BuildingPageProps {
    /// Building id from the URL.
    pub id: String,
}

/// Which add-units form is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum AddMode {
    None,
    One,
    Bulk,
}

/// 销控表 on top, then the unit list; clicking a unit opens its editor.
#[component]
pub fn BuildingPage(props: &BuildingPageProps) -> Html {
    let t = use_t();
    let toast = use_toast();
    let me = use_auth().me();
    let manages = me.as_ref().is_some_and(|m| m.role.manages_projects());
    let deals = me.as_ref().is_some_and(|m| works_deals(m.role));
    // A manager who deals chose "edit" in the subscription dialog.
    let edit_unit = use_state(|| false);
    let grid = use_state(|| None::<SalesControl>);
    let error = use_state(|| None::<ApiError>);
    // Bumped after every change: reloads the grid and the list.
    let tick = use_state(|| 0u32);
    let selected = use_state(|| None::<Unit>);
    let mode = use_state(|| AddMode::None);
    let editing = use_state(|| false);
    let create_errors = use_state(FormErrors::default);
    let create_busy = use_state(|| false);
    let create_reset = use_state(|| 0u32);

    {
        let (grid, error) = (grid.clone(), error.clone());
        use_effect_with((props.id.clone(), *tick), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match api::buildings::sales_control(&id).await {
                    Ok(g) => {
                        error.set(None);
                        grid.set(Some(g));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let refresh = {
        let (tick, selected) = (tick.clone(), selected.clone());
        Callback::from(move |()| {
            selected.set(None);
            tick.set(tick.wrapping_add(1));
        })
    };
    let select = {
        let selected = selected.clone();
        let edit_unit = edit_unit.clone();
        Callback::from(move |u: Unit| {
            edit_unit.set(false);
            selected.set(Some(u));
        })
    };
    let close = {
        let selected = selected.clone();
        Callback::from(move |()| selected.set(None))
    };
    let on_create = {
        let (errors, busy, reset, refresh, toast, id) = (
            create_errors.clone(),
            create_busy.clone(),
            create_reset.clone(),
            refresh.clone(),
            toast.clone(),
            props.id.clone(),
        );
        Callback::from(move |v: UnitValues| {
            let body = CreateUnit {
                floor: v.floor,
                number: v.number,
                area_m2: v.area_m2,
                layout: v.layout,
                list_price_fen: v.list_price_fen,
                status: Some(v.status),
            };
            let (errors, busy, reset, refresh, toast, id) = (
                errors.clone(),
                busy.clone(),
                reset.clone(),
                refresh.clone(),
                toast.clone(),
                id.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::units::create(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(u) => {
                        errors.set(FormErrors::default());
                        reset.set(*reset + 1);
                        toast.success(format!("{} {}", t.unit_created, u.number));
                        refresh.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let set_mode = |m: AddMode| {
        let mode = mode.clone();
        Callback::from(move |_: MouseEvent| mode.set(if *mode == m { AddMode::None } else { m }))
    };

    let on_bulk_created = {
        let (mode, refresh) = (mode.clone(), refresh.clone());
        Callback::from(move |()| {
            mode.set(AddMode::None);
            refresh.emit(());
        })
    };
    let toggle_edit = {
        let editing = editing.clone();
        Callback::from(move |()| editing.set(!*editing))
    };
    let on_building_saved = {
        let (editing, refresh) = (editing.clone(), refresh.clone());
        Callback::from(move |()| {
            editing.set(false);
            refresh.emit(());
        })
    };
    let head = match &*grid {
        Some(g) => html! {
            <>
                <nav class="breadcrumb">
                    <NavLink to={Route::Projects}>{ t.nav_projects }</NavLink>
                    <span>{ "/" }</span>
                    <NavLink to={Route::Project { id: g.building.project_id.clone() }} testid="building-project-link">
                        { g.project_name.clone() }
                    </NavLink>
                    <span>{ "/" }</span>
                    <span>{ g.building.name.clone() }</span>
                </nav>
                <div class="page-head">
                    <h1 data-testid="building-title">{ format!("{} · {}", g.building.name, t.sales_control) }</h1>
                    <span class="muted">{ format!("{} {}", g.building.floors, t.floors) }</span>
                    if manages && !*editing {
                        <button class="btn" data-testid="building-edit" onclick={toggle_edit.reform(|_: MouseEvent| ())}>
                            { t.edit }
                        </button>
                    }
                </div>
                if manages && *editing {
                    <BuildingForm key={g.building.version.to_string()} building={g.building.clone()}
                        onsaved={on_building_saved.clone()} oncancel={toggle_edit.clone()} />
                }
            </>
        },
        None => html! { <h1>{ t.sales_control }</h1> },
    };
    html! {
        <div class="page" data-testid="building-page" data-id={props.id.clone()}>
            { head }
            <ErrorBanner error={(*error).clone()} onretry={refresh.clone()} />
            <section class="panel">
                if let Some(g) = &*grid {
                    <SalesGrid grid={g.clone()} onselect={select.clone()} />
                } else if error.is_none() {
                    <p class="muted">{ t.loading }</p>
                }
            </section>
            <section class="panel">
                <div class="panel-head">
                    <h2>{ t.units }</h2>
                    if manages {
                        <div class="actions">
                            <button class="btn" data-testid="unit-new" onclick={set_mode(AddMode::One)}>{ t.new_unit }</button>
                            <button class="btn" data-testid="unit-bulk" onclick={set_mode(AddMode::Bulk)}>{ t.bulk_create }</button>
                        </div>
                    }
                </div>
                if manages && *mode == AddMode::One {
                    <UnitForm onsubmit={on_create} errors={(*create_errors).clone()}
                        onerrors={Callback::from({ let e = create_errors.clone(); move |x| e.set(x) })}
                        busy={*create_busy} submit_label={t.create} testid="unit-create-form" reset_token={*create_reset} />
                }
                if manages && *mode == AddMode::Bulk {
                    <BulkForm building_id={props.id.clone()} oncreated={on_bulk_created} />
                }
                <UnitList building_id={props.id.clone()} tick={*tick} onselect={select} />
            </section>
            if let Some(u) = &*selected {
                if deals && u.status == UnitStatus::Available && !*edit_unit {
                    <SubscribeDialog unit={u.clone()} onclose={close.clone()} ondone={refresh.clone()}
                        onedit={manages.then(|| Callback::from({ let e = edit_unit.clone(); move |()| e.set(true) }))} />
                } else if (deals || !manages) && u.status != UnitStatus::Available && !*edit_unit {
                    <UnitDealDialog unit={u.clone()} onclose={close.clone()}
                        onedit={manages.then(|| Callback::from({ let e = edit_unit.clone(); move |()| e.set(true) }))} />
                } else {
                    <UnitEditor unit={u.clone()} {manages} onclose={close.clone()} onchanged={refresh} />
                }
            }
        </div>
    }
}
