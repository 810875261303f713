//! 成交回访任务 (`/deal-tasks`): the signed-in user's follow-up tasks of deals
//! (customer specialists' contacts and revisits), or every task they may see.

use api_types::DealTaskStatus;
use yew::prelude::*;

use crate::api::deals;
use crate::components::alert::ErrorBanner;
use crate::components::form::CheckField;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::i18n::use_lang;
use crate::pages::deal::tasks::TaskList;

/// The task list.
#[component]
pub fn DealTasksPage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let mine = use_state(|| true);
    let open_only = use_state(|| true);
    let list = use_paged((*mine, *open_only), |(mine, open), cursor| {
        let status = open.then_some(DealTaskStatus::Open);
        Box::pin(async move { deals::tasks(mine, status, PAGE_SIZE, cursor).await })
    });
    let s = &*list.state;
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |v: bool| state.set(v))
    };
    html! {
        <div class="page" data-testid="deal-tasks-page">
            <div class="page-head"><h1>{ dt.my_tasks_title }</h1></div>
            <div class="filters">
                <CheckField label={dt.all_tasks} checked={!*mine} onchange={toggle(&mine).reform(|v: bool| !v)} testid="deal-tasks-all" />
                <CheckField label={dt.open_only} checked={*open_only} onchange={toggle(&open_only)} testid="deal-tasks-open" />
            </div>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <TaskList tasks={s.items.clone()} onchanged={list.reload.clone()} with_deal=true />
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
