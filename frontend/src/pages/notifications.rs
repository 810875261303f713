//! The user's notifications (`/notifications`): all or unread only, mark read,
//! open the lead a notification is about.

use api_types::Notification;
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::notifications;
use crate::components::alert::ErrorBanner;
use crate::components::form::CheckField;
use crate::components::notification_bell::{notification_item, notification_target};
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::i18n::use_lang;

/// The full notification list.
#[component]
pub fn NotificationsPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let navigator = use_navigator();
    let unread_only = use_state(|| false);
    let list = use_paged(*unread_only, |unread, cursor| {
        Box::pin(async move { notifications::list(unread, PAGE_SIZE, cursor).await })
    });
    let mark_read = {
        let upsert = list.upsert.clone();
        Callback::from(move |id: String| {
            let upsert = upsert.clone();
            spawn_local(async move {
                if let Ok(n) = notifications::read(&id).await {
                    upsert.emit(n);
                }
            });
        })
    };
    let follow = {
        let mark_read = mark_read.clone();
        Callback::from(move |n: Notification| {
            if n.read_at.is_none() {
                mark_read.emit(n.id.clone());
            }
            if let (Some(route), Some(nav)) = (notification_target(&n), &navigator) {
                nav.push(&route);
            }
        })
    };
    let read_all = {
        let reload = list.reload.clone();
        Callback::from(move |_: MouseEvent| {
            let reload = reload.clone();
            spawn_local(async move {
                let _ = notifications::read_all().await;
                reload.emit(());
            });
        })
    };
    let toggle = {
        let unread_only = unread_only.clone();
        Callback::from(move |v: bool| unread_only.set(v))
    };
    let s = &*list.state;
    html! {
        <div class="page" data-testid="notifications-page">
            <div class="page-head">
                <h1>{ lt.notifications_title }</h1>
                <CheckField label={lt.only_unread} checked={*unread_only} onchange={toggle} testid="notif-unread-only" />
                <button class="btn" data-testid="notif-page-read-all" onclick={read_all}>{ lt.mark_all_read }</button>
            </div>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <section class="panel notif-list">
                if s.items.is_empty() && !s.loading {
                    <p class="muted">{ lt.no_notifications }</p>
                }
                { for s.items.iter().map(|n| notification_item(n, lang, lt.mark_read, &follow, &mark_read)) }
            </section>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
