//! The bell in the header: unread count, the latest notifications, mark read,
//! and a link to the lead each one is about.

use api_types::Notification;
use gloo_timers::callback::Interval;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::format::format_time;
use crate::i18n::{use_lang, use_lt, Lang};

/// How often the unread count is refreshed, in milliseconds.
const POLL_MS: u32 = 30_000;
/// Above this the badge shows `99+`.
const COUNT_LIMIT: i64 = 99;
/// Notifications shown in the drop-down.
const PANEL_SIZE: u32 = 10;

/// Where a notification links to, if anywhere: the record it is about.
pub fn notification_target(n: &Notification) -> Option<Route> {
    entity_route(n.entity_type.as_deref()?, n.entity_id.clone()?)
}

/// The page of a record the API names by entity type and id (notifications,
/// the audit log), if the SPA has one: a deal task opens the task list,
/// which links its deal.
pub fn entity_route(entity_type: &str, id: String) -> Option<Route> {
    match entity_type {
        "lead" => Some(Route::Lead { id }),
        "customer" => Some(Route::Customer { id }),
        "project" => Some(Route::Project { id }),
        "building" => Some(Route::Building { id }),
        "defect" => Some(Route::Defect { id }),
        // A referral review's escalation names its clock's entity type.
        "referral" | "referral_review" => Some(Route::Referral { id }),
        "deal" => Some(Route::Deal { id }),
        "deal_task" => Some(Route::DealTasks),
        "delivery_batch" => Some(Route::DeliveryBatch { id }),
        "inspection" => Some(Route::Inspection { id }),
        _ => None,
    }
}

/// The bell with its unread count and drop-down list.
#[component]
pub fn NotificationBell() -> Html {
    let lt = use_lt();
    let lang = use_lang().lang;
    let navigator = use_navigator();
    let unread = use_state(|| 0i64);
    let open = use_state(|| false);
    let items = use_state(Vec::<Notification>::new);
    let route = use_route::<Route>();
    {
        // Following a link (or any navigation) closes the drop-down.
        let open = open.clone();
        use_effect_with(route, move |_| open.set(false));
    }

    let refresh = {
        let (unread, items, open) = (unread.clone(), items.clone(), open.clone());
        Callback::from(move |()| {
            let (unread, items, open) = (unread.clone(), items.clone(), *open);
            spawn_local(async move {
                if let Ok(c) = api::notifications::unread_count().await {
                    unread.set(c.count);
                }
                if open {
                    if let Ok(page) = api::notifications::list(false, PANEL_SIZE, None).await {
                        items.set(page.data);
                    }
                }
            });
        })
    };
    {
        let refresh = refresh.clone();
        use_effect_with(*open, move |_| {
            refresh.emit(());
            let timer = Interval::new(POLL_MS, move || refresh.emit(()));
            move || drop(timer)
        });
    }

    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let mark_read = {
        let refresh = refresh.clone();
        Callback::from(move |id: String| {
            let refresh = refresh.clone();
            spawn_local(async move {
                let _ = api::notifications::read(&id).await;
                refresh.emit(());
            });
        })
    };
    let read_all = {
        let refresh = refresh.clone();
        Callback::from(move |_: MouseEvent| {
            let refresh = refresh.clone();
            spawn_local(async move {
                let _ = api::notifications::read_all().await;
                refresh.emit(());
            });
        })
    };
    let follow = {
        let (open, mark_read) = (open.clone(), mark_read.clone());
        Callback::from(move |n: Notification| {
            if n.read_at.is_none() {
                mark_read.emit(n.id.clone());
            }
            if let (Some(route), Some(nav)) = (notification_target(&n), &navigator) {
                open.set(false);
                nav.push(&route);
            }
        })
    };
    let view_all = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(false))
    };

    let count = *unread;
    let count_text = if count > COUNT_LIMIT {
        format!("{COUNT_LIMIT}+")
    } else {
        count.to_string()
    };
    html! {
        <div class="bell-wrap">
            <button class="btn btn-ghost bell" data-testid="notif-bell" aria-label={lt.notifications_title}
                aria-expanded={open.to_string()} onclick={toggle}>
                <span aria-hidden="true">{ "🔔" }</span>
                if count > 0 {
                    <span class="bell-count" data-testid="notif-count">{ count_text }</span>
                }
            </button>
            if *open {
                <div class="bell-panel" data-testid="notif-panel">
                    <div class="bell-head">
                        <strong>{ lt.notifications_title }</strong>
                        <button class="btn-link small" data-testid="notif-read-all" onclick={read_all}>{ lt.mark_all_read }</button>
                    </div>
                    if items.is_empty() {
                        <p class="muted small">{ lt.no_notifications }</p>
                    }
                    { for items.iter().map(|n| notification_item(n, lang, lt.mark_read, &follow, &mark_read)) }
                    <div class="bell-foot" onclick={view_all}>
                        <crate::components::nav_link::NavLink to={Route::Notifications} testid="notif-view-all">
                            { lt.view_all }
                        </crate::components::nav_link::NavLink>
                    </div>
                </div>
            }
        </div>
    }
}

/// One notification: title, body, time; click follows its link; a button marks it read.
pub fn notification_item(
    n: &Notification,
    lang: Lang,
    mark_label: &'static str,
    follow: &Callback<Notification>,
    mark_read: &Callback<String>,
) -> Html {
    let unread = n.read_at.is_none();
    let (title, body) = lang.notification_text(n);
    let onclick = {
        let (follow, n) = (follow.clone(), n.clone());
        Callback::from(move |_: MouseEvent| follow.emit(n.clone()))
    };
    let on_mark = {
        let (mark_read, id) = (mark_read.clone(), n.id.clone());
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            mark_read.emit(id.clone());
        })
    };
    html! {
        <div class={classes!("notif-item", unread.then_some("unread"))} data-testid="notif-item"
            data-kind={n.kind.clone()} data-unread={unread.to_string()} {onclick}>
            <div class="notif-title">{ title }</div>
            <div class="small">{ body }</div>
            <div class="notif-meta small muted">
                <span>{ format_time(&n.created_at) }</span>
                if unread {
                    <button class="btn-link small" data-testid="notif-read" onclick={on_mark}>{ mark_label }</button>
                }
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn about(entity_type: Option<&str>, entity_id: Option<&str>) -> Notification {
        Notification {
            id: "n1".into(),
            kind: "sla_breached".into(),
            title: String::new(),
            body: String::new(),
            entity_type: entity_type.map(str::to_string),
            entity_id: entity_id.map(str::to_string),
            read_at: None,
            created_at: chrono::Utc::now(),
            params: None,
        }
    }

    #[test]
    fn a_notification_opens_the_record_it_is_about() {
        let target = |t, id| notification_target(&about(t, id));
        assert_eq!(
            target(Some("lead"), Some("l1")),
            Some(Route::Lead { id: "l1".into() })
        );
        assert_eq!(
            target(Some("defect"), Some("d1")),
            Some(Route::Defect { id: "d1".into() })
        );
        assert_eq!(
            target(Some("referral"), Some("r1")),
            Some(Route::Referral { id: "r1".into() })
        );
        assert_eq!(
            target(Some("referral_review"), Some("r1")),
            Some(Route::Referral { id: "r1".into() })
        );
        assert_eq!(
            target(Some("deal_task"), Some("t1")),
            Some(Route::DealTasks)
        );
        assert_eq!(target(Some("lead"), None), None);
        assert_eq!(target(None, None), None);
        assert_eq!(target(Some("something_new"), Some("x")), None);
    }
}
