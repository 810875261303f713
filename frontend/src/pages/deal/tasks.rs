//! Follow-up tasks of deals: a table with SLA badges, each open task with its
//! completion form (outcome).

use api_types::{CompleteDealTask, DealTask, DealTaskStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::deals;
use crate::app::Route;
use crate::components::form::FieldErrorText;
use crate::components::lead_badges::SlaBadge;
use crate::components::nav_link::NavLink;
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::{error_message, field_message, use_lang};
use crate::pages::customer::short;

/// Props of [`TaskList`].
#[derive(Properties, PartialEq)]
pub struct TaskListProps {
    /// The tasks.
    pub tasks: Vec<DealTask>,
    /// Called after a task was completed.
    pub onchanged: Callback<()>,
    /// Show each task's customer and deal, linked.
    #[prop_or_default]
    pub with_deal: bool,
}

/// The tasks as a table.
#[component]
pub fn TaskList(props: &TaskListProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let mut headers: Vec<AttrValue> = vec![
        dt.kind_col.into(),
        t.status.into(),
        dt.due.into(),
        dt.outcome.into(),
    ];
    if props.with_deal {
        headers.insert(0, dt.customer.into());
        headers.insert(1, dt.deal_title.into());
    }
    html! {
        <DataTable {headers} empty={props.tasks.is_empty()} empty_text={dt.no_tasks} loading_text={t.loading} testid="task-table">
            { for props.tasks.iter().map(|task| html! {
                <TaskRow key={task.id.clone()} task={task.clone()} onchanged={props.onchanged.clone()} with_deal={props.with_deal} />
            }) }
        </DataTable>
    }
}

/// Props of [`TaskRow`].
#[derive(Properties, PartialEq)]
pub struct TaskRowProps {
    /// The task.
    pub task: DealTask,
    /// Called after completion.
    pub onchanged: Callback<()>,
    /// Show the deal link.
    pub with_deal: bool,
}

/// One task; an open one has an outcome input and "complete".
#[component]
pub fn TaskRow(props: &TaskRowProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let outcome = use_state(String::new);
    let error = use_state(|| None::<String>);
    let busy = use_state(|| false);
    let task = &props.task;
    let onsubmit = {
        let (outcome, error, busy, id, onchanged) = (
            outcome.clone(),
            error.clone(),
            busy.clone(),
            task.id.clone(),
            props.onchanged.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = CompleteDealTask {
                outcome: outcome.trim().to_string(),
            };
            let (error, busy, id, onchanged, toast) = (
                error.clone(),
                busy.clone(),
                id.clone(),
                onchanged.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = deals::complete_task(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        error.set(None);
                        toast.success(dt.completed);
                        onchanged.emit(());
                    }
                    Err(e) => error.set(Some(
                        e.fields
                            .first()
                            .map(|f| field_message(t, f))
                            .unwrap_or_else(|| error_message(t, &e)),
                    )),
                }
            });
        })
    };
    let oninput = {
        let outcome = outcome.clone();
        Callback::from(move |e: InputEvent| {
            outcome.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            )
        })
    };
    let open = task.status == DealTaskStatus::Open;
    html! {
        <tr data-testid="task-row" data-id={task.id.clone()} data-kind={task.kind.as_str()} data-status={task.status.as_str()}>
            if props.with_deal {
                <td><NavLink to={Route::Customer { id: task.customer_id.clone() }} testid="task-customer-link">{ task.customer_name.clone() }</NavLink></td>
                <td><NavLink to={Route::Deal { id: task.deal_id.clone() }} testid="task-deal-link">{ format!("#{}", short(&task.deal_id)) }</NavLink></td>
            }
            <td>{ lang.label(task.kind) }<div class="small muted mono">{ task.rule.clone() }</div></td>
            <td>
                { lang.label(task.status) }
                if open { { " " }<SlaBadge state={task.sla_state} due={Some(task.due_at)} testid="task-sla" /> }
            </td>
            <td class="nowrap">{ format_time(&task.due_at) }</td>
            <td>
                if open {
                    <form class="form-inline" data-testid="task-complete-form" {onsubmit} novalidate=true>
                        <input class="input" value={(*outcome).clone()} {oninput} placeholder={dt.outcome}
                            data-testid="task-outcome" aria-label={dt.outcome} />
                        <button class="btn btn-small btn-primary" type="submit" data-testid="task-complete" disabled={*busy}>{ dt.complete }</button>
                        <FieldErrorText error={(*error).clone().map(AttrValue::from)} testid="task-outcome" />
                    </form>
                } else {
                    { task.outcome.clone() }
                }
            </td>
        </tr>
    }
}
