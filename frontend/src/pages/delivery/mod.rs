//! 交付验房 (DOMAIN §6): delivery batches with their timeline, a unit's
//! inspections and sign-off, the tablet inspection screen and the defect board.

mod appointments;
pub mod batch_edit;
mod capture;
pub mod defect;
pub mod defects;
pub mod inspection;
pub mod new_batch;
mod photo;
pub mod report;
pub mod service_flags;
mod signature;
pub mod slots;
pub mod unit;
mod visit_actions;
pub mod visits;

use api_types::{DeliveryBatch, DeliveryTask, DeliveryTaskStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{delivery, ApiError};
use crate::app::Route;
use crate::auth::{reads_owner_delivery, signs_off_units, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore};
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Loads something by id, again whenever `tick` changes: `(value, error, reload)`.
#[hook]
pub fn use_loaded<T: 'static>(
    id: String,
    fetch: fn(String) -> crate::api::ApiFuture<T>,
) -> (
    UseStateHandle<Option<T>>,
    UseStateHandle<Option<ApiError>>,
    Callback<()>,
) {
    let value = use_state(|| None::<T>);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    {
        let (value, error) = (value.clone(), error.clone());
        use_effect_with((id, *tick), move |(id, _)| {
            let fut = fetch(id.clone());
            spawn_local(async move {
                match fut.await {
                    Ok(v) => {
                        error.set(None);
                        value.set(Some(v));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let reload = Callback::from(move |()| tick.set(tick.wrapping_add(1)));
    (value, error, reload)
}

/// The batch list.
#[component]
pub fn BatchesPage() -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let may_plan = use_auth().me().is_some_and(|m| signs_off_units(m.role));
    let list = use_paged((), |(), cursor| {
        Box::pin(async move { delivery::batches(cursor).await })
    });
    let st = &*list.state;
    let rows = st.items.clone();
    html! {
        <div class="page" data-testid="delivery-batches-page">
            <div class="page-head">
                <h1>{ d.batches_title }</h1>
                if may_plan {
                    <NavLink to={Route::NewDeliveryBatch} class="btn btn-primary" testid="new-batch">{ d.new_batch }</NavLink>
                }
            </div>
            <ErrorBanner error={st.error.clone()} onretry={list.reload.clone()} />
            <div class="table-wrap"><table class="table">
                <thead><tr>
                    <th>{ d.batch_name }</th><th>{ d.handover_at }</th>
                    <th class="num">{ d.units }</th><th class="num">{ d.handed_over }</th><th>{ d.timeline }</th>
                </tr></thead>
                <tbody>
                    if !st.loading && st.error.is_none() && rows.is_empty() {
                        <tr><td colspan="5" class="empty-row">{ d.no_batches }</td></tr>
                    }
                    { for rows.iter().map(|b| html! {
                        <tr data-testid="batch-row" data-id={b.id.clone()}>
                            <td><NavLink to={Route::DeliveryBatch { id: b.id.clone() }} testid="batch-link">{ b.name.clone() }</NavLink></td>
                            <td class="nowrap">{ format_time(&b.handover_at) }</td>
                            <td class="num">{ b.unit_count }</td>
                            <td class="num">{ b.handed_over }</td>
                            <td>{ next_step(lang, b) }</td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            <LoadMore has_more={st.next_cursor.is_some()} loading={st.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

/// The next open step of a batch's timeline, as words.
fn next_step(lang: crate::i18n::Lang, b: &DeliveryBatch) -> Html {
    match b
        .tasks
        .iter()
        .find(|t| t.status == DeliveryTaskStatus::Open)
    {
        Some(t) => html! {
            <span class={classes!(t.overdue.then_some("badge badge-danger"))}>
                { format!("{} · {}", lang.label(t.kind), format_time(&t.due_at)) }
            </span>
        },
        None => {
            html! { <span class="badge badge-ok">{ lang.label(DeliveryTaskStatus::Done) }</span> }
        }
    }
}

/// Props of [`BatchPage`].
#[derive(Properties, PartialEq)]
pub struct BatchPageProps {
    /// Batch id from the URL.
    pub id: String,
}

/// One batch: its timeline (complete a task with its outcome) and its units.
#[component]
pub fn BatchPage(props: &BatchPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let role = use_auth().me().map(|m| m.role);
    let may_complete = role.is_some_and(signs_off_units);
    let sees_appointments = role.is_some_and(reads_owner_delivery);
    let (batch, error, reload) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { delivery::batch(&id).await })
    });
    let Some(b) = (*batch).clone() else {
        return html! {
            <div class="page" data-testid="delivery-batch-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let updated = {
        let batch = batch.clone();
        Callback::from(move |b: DeliveryBatch| batch.set(Some(b)))
    };
    html! {
        <div class="page" data-testid="delivery-batch-page" data-id={b.id.clone()}>
            <nav class="breadcrumb">
                <NavLink to={Route::DeliveryBatches}>{ d.batches_title }</NavLink>
                <span>{ "/" }</span><span>{ b.name.clone() }</span>
            </nav>
            <div class="page-head">
                <h1 data-testid="batch-title">{ b.name.clone() }</h1>
                if may_complete {
                    <batch_edit::BatchEdit batch={b.clone()} onsaved={updated.clone()} onstale={reload.clone()} />
                }
            </div>
            <div class="stats">
                <div class="stat"><span class="stat-label">{ d.handover_at }</span><span class="stat-value" data-testid="batch-handover-at">{ format_time(&b.handover_at) }</span></div>
                <div class="stat"><span class="stat-label">{ d.units }</span><span class="stat-value">{ b.unit_count }</span></div>
                <div class="stat"><span class="stat-label">{ d.handed_over }</span><span class="stat-value" data-testid="batch-handed-over">{ b.handed_over }</span></div>
            </div>
            <ErrorBanner error={(*error).clone()} onretry={reload} />
            <section class="panel">
                <h2>{ d.timeline }</h2>
                <ol class="timeline">
                    { for b.tasks.iter().map(|task| html! {
                        <TaskItem task={task.clone()} {may_complete} onchanged={updated.clone()} />
                    }) }
                </ol>
            </section>
            <section class="panel">
                <h2>{ d.units }</h2>
                <div class="table-wrap"><table class="table">
                    <thead><tr><th>{ d.building }</th><th>{ d.unit }</th><th>{ d.status }</th><th class="num">{ d.open_defects }</th></tr></thead>
                    <tbody>
                        { for b.units.iter().map(|u| html! {
                            <tr data-testid="batch-unit" data-id={u.unit_id.clone()} data-status={u.status.as_str()}>
                                <td>{ u.building_name.clone() }</td>
                                <td><NavLink to={Route::DeliveryUnit { id: u.unit_id.clone() }} testid="batch-unit-link">{ u.number.clone() }</NavLink></td>
                                <td>{ lang.status_label(u.status) }</td>
                                <td class="num">
                                    <span class={classes!((u.open_defects > 0).then_some("badge badge-danger"))}>{ u.open_defects }</span>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
            </section>
            if sees_appointments {
                <slots::SlotsPanel batch={b.clone()} may_manage={may_complete} />
            }
        </div>
    }
}

/// Props of [`TaskItem`].
#[derive(Properties, PartialEq)]
struct TaskItemProps {
    task: DeliveryTask,
    may_complete: bool,
    onchanged: Callback<DeliveryBatch>,
}

/// One timeline step; an open one can be completed with its outcome.
#[component]
fn TaskItem(props: &TaskItemProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    let toast = use_toast();
    let outcome = use_state(String::new);
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let task = &props.task;
    let open = task.status == DeliveryTaskStatus::Open;
    let complete = {
        let (outcome, error, busy, id) = (
            outcome.clone(),
            error.clone(),
            busy.clone(),
            task.id.clone(),
        );
        let onchanged = props.onchanged.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (outcome, error, busy, id) =
                (outcome.clone(), error.clone(), busy.clone(), id.clone());
            let (onchanged, toast) = (onchanged.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                match delivery::complete_task(&id, (*outcome).clone()).await {
                    Ok(b) => {
                        toast.success(d.task_done);
                        onchanged.emit(b);
                    }
                    Err(e) => error.set(Some(e)),
                }
                busy.set(false);
            });
        })
    };
    let on_input = {
        let outcome = outcome.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            outcome.set(input.value());
        })
    };
    html! {
        <li class="tl-item" data-testid="delivery-task" data-kind={task.kind.as_str()} data-status={task.status.as_str()}>
            <div class="tl-head">
                <strong>{ lang.label(task.kind) }</strong>
                <span class={classes!("badge", if open { "" } else { "badge-ok" })}>{ lang.label(task.status) }</span>
                if task.overdue { <span class="badge badge-danger">{ d.overdue }</span> }
            </div>
            <div class="small muted">{ format!("{} {} · {} {}", d.due, format_time(&task.due_at), d.rule, task.rule) }</div>
            if !open { <div>{ format!("{}: {}", d.outcome, task.outcome) }</div> }
            if open && props.may_complete {
                <form class="form-inline" onsubmit={complete}>
                    <input class="input" data-testid="task-outcome" placeholder={d.outcome} value={(*outcome).clone()} oninput={on_input} />
                    <button class="btn btn-primary" type="submit" disabled={*busy} data-testid="task-complete">{ d.complete_task }</button>
                </form>
                <ErrorBanner error={(*error).clone()} />
            }
        </li>
    }
}
