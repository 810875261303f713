//! One timeline of a customer (leads, follow-ups, deals …), newest first, keyset paged.

use yew::prelude::*;

use crate::api::customers;
use crate::auth::use_auth;
use crate::components::alert::ErrorBanner;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::staff_names::named_in_text;
use crate::format::format_time;
use crate::i18n::{use_lang, Lang};
use api_types::TimelineEntry;

/// Props of [`CustomerTimeline`].
#[derive(Properties, PartialEq)]
pub struct CustomerTimelineProps {
    /// The customer.
    pub customer_id: String,
    /// Bumped by the page after a change: the timeline starts over.
    pub tick: u32,
}

/// The merged timeline from `GET /customers/{id}/timeline`.
#[component]
pub fn CustomerTimeline(props: &CustomerTimelineProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let me = use_auth().me().map(|m| m.id.clone()).unwrap_or_default();
    let list = use_paged(
        (props.customer_id.clone(), props.tick),
        |(id, _), cursor| {
            Box::pin(async move { customers::timeline(&id, PAGE_SIZE, cursor).await })
        },
    );
    let s = &*list.state;
    html! {
        <section class="panel" data-testid="customer-timeline">
            <h2>{ dt.timeline }</h2>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            if s.items.is_empty() && !s.loading {
                <p class="muted">{ dt.no_timeline }</p>
            }
            <ol class="timeline">
                { for s.items.iter().map(|e| html! {
                    <li class={classes!("tl-item", format!("tl-{}", e.kind))} data-testid="customer-timeline-item"
                        data-source={e.source.clone()} data-kind={e.kind.clone()}>
                        <div class="tl-head">
                            <strong>{ lang.event_label(&e.kind) }</strong>
                            <span class="small muted">{ format_time(&e.at) }</span>
                            <span class="small muted">{ lang.timeline_source(&e.source) }</span>
                        </div>
                        { line(summary(lang, &me, e)) }
                    </li>
                }) }
            </ol>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </section>
    }
}

/// An entry's line: a lead event worded like the lead's own timeline (the
/// server's summary of one is `kind: reason`), anything else as the server
/// summarised it.
fn summary(lang: Lang, me: &str, e: &TimelineEntry) -> String {
    if e.source != "lead_event" {
        return e.summary.clone();
    }
    // Without a reason the server's summary is the kind alone.
    let prefix = format!("{}: ", e.kind);
    let reason = match e.summary.strip_prefix(&prefix) {
        Some(reason) => reason,
        None if e.summary == e.kind => "",
        None => &e.summary,
    };
    lang.reason_of(&e.kind, reason, e.detail.as_ref(), &|id| {
        named_in_text(lang, me, &e.names, &[], id)
    })
}

fn line(text: String) -> Html {
    if text.is_empty() {
        Html::default()
    } else {
        html! { <div class="small">{ text }</div> }
    }
}
