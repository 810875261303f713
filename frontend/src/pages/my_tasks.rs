//! 今日任务 (`/leads/today`, "my tasks today"): the signed-in user's open
//! leads whose next follow-up is due today (local day) or overdue, soonest
//! first. The server does the filtering (`owner_id`, `due_before`,
//! `sort=next_due`); closed leads have no running clock and never appear.

use api_types::{Lead, SlaState};
use chrono::{DateTime, Local, Utc};
use yew::prelude::*;

use crate::api::leads::{self, LeadFilter, OwnerFilter};
use crate::app::Route;
use crate::auth::use_auth;
use crate::components::alert::ErrorBanner;
use crate::components::lead_badges::{GradeBadge, LeadStatusBadge, SlaBadge};
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::project_names::{project_name, use_projects};
use crate::components::table::DataTable;
use crate::i18n::use_lang;

/// The end of the local day of `now` (the next local midnight), in UTC.
pub fn end_of_local_day(now: DateTime<Local>) -> DateTime<Utc> {
    now.date_naive()
        .succ_opt()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .and_then(|t| t.and_local_timezone(Local).earliest())
        .map_or_else(|| now.with_timezone(&Utc), |t| t.with_timezone(&Utc))
}

/// The page.
#[component]
pub fn MyTasksPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let me = use_auth().me().map(|m| m.id.clone()).unwrap_or_default();
    let projects = use_projects();
    // Fixed when the page opens: "today" does not move under the user's feet.
    let due_before = use_state(|| {
        end_of_local_day(Local::now())
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string()
    });
    let filter = LeadFilter {
        owner: OwnerFilter::Mine,
        by_due: true,
        due_before: (*due_before).clone(),
        ..LeadFilter::default()
    };
    let list = use_paged((filter, me), |(f, me), cursor| {
        Box::pin(async move { leads::list(&f, &me, PAGE_SIZE, cursor).await })
    });
    let s = &*list.state;
    let headers: Vec<AttrValue> = vec![
        lt.customer.into(),
        lt.phone.into(),
        t.project.into(),
        lt.grade.into(),
        t.status.into(),
        lt.sla.into(),
    ];
    html! {
        <div class="page" data-testid="my-tasks-page">
            <div class="page-head"><h1>{ lt.nav_my_tasks }</h1></div>
            <p class="hint">{ lt.my_tasks_today_hint }</p>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={lt.no_tasks_today}
                loading_text={t.loading} testid="my-tasks-table">
                { for s.items.iter().map(|l| task_row(l, &projects)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

fn task_row(l: &Lead, projects: &[api_types::Project]) -> Html {
    let overdue = l.sla_state == Some(SlaState::Breached);
    html! {
        <tr class={classes!(overdue.then_some("row-overdue"))} data-testid="task-row" data-id={l.id.clone()}>
            <td><NavLink to={Route::Lead { id: l.id.clone() }} testid="task-link">{ l.customer_name.clone() }</NavLink></td>
            <td class="nowrap mono">{ l.phone_masked.clone() }</td>
            <td>{ project_name(projects, &l.project_id) }</td>
            <td><GradeBadge grade={l.grade} testid="task-grade" /></td>
            <td><LeadStatusBadge status={l.status} /></td>
            <td><SlaBadge state={l.sla_state} due={l.next_due_at} testid="task-sla" /></td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_day_ends_at_the_next_local_midnight() {
        let now = Local
            .with_ymd_and_hms(2026, 3, 5, 15, 30, 0)
            .earliest()
            .expect("a local time");
        let end = end_of_local_day(now).with_timezone(&Local);
        assert_eq!(
            end.date_naive(),
            now.date_naive().succ_opt().expect("next day")
        );
        assert_eq!(end.format("%H:%M:%S").to_string(), "00:00:00");
        assert!(end > now);
    }
}
