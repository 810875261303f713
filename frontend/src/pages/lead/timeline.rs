//! One timeline of a lead: its events (capture, gradings, assignment, SLA,
//! status changes …, each with its reason) and its follow-ups, newest first.

use std::collections::BTreeMap;
use std::rc::Rc;

use api_types::{FollowUp, LeadEvent, LeadStaff};
use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::components::staff_names::{named_in_text, person_label_in};
use crate::format::format_time;
use crate::i18n::{use_lang, Lang};

/// One entry of the timeline.
#[derive(Debug, Clone, PartialEq)]
enum Entry<'a> {
    Event(&'a LeadEvent),
    FollowUp(&'a FollowUp),
}

impl Entry<'_> {
    fn at(&self) -> DateTime<Utc> {
        match self {
            Entry::Event(e) => e.created_at,
            Entry::FollowUp(f) => f.occurred_at,
        }
    }
}

/// Events and follow-ups merged, newest first. A `followed_up` event is shown
/// through its follow-up (which has the channel, outcome and next step).
fn merge<'a>(events: &'a [LeadEvent], follow_ups: &'a [FollowUp]) -> Vec<Entry<'a>> {
    let shown_by_follow_up = |e: &LeadEvent| {
        e.kind == "followed_up"
            && e.detail
                .as_ref()
                .and_then(|d| d.get("follow_up_id"))
                .and_then(|v| v.as_str())
                .is_some_and(|id| follow_ups.iter().any(|f| f.id == id))
    };
    let mut out: Vec<Entry> = events
        .iter()
        .filter(|e| !shown_by_follow_up(e))
        .map(Entry::Event)
        .chain(follow_ups.iter().map(Entry::FollowUp))
        .collect();
    out.sort_by_key(|e| std::cmp::Reverse(e.at()));
    out
}

/// Props of [`Timeline`].
#[derive(Properties, PartialEq)]
pub struct TimelineProps {
    /// The lead's events.
    pub events: Vec<LeadEvent>,
    /// The lead's follow-ups.
    pub follow_ups: Vec<FollowUp>,
    /// The signed-in user's id.
    pub me: String,
    /// The staff directory (names of actors; empty for roles without it).
    pub staff: Rc<Vec<LeadStaff>>,
}

/// The lead's history.
#[component]
pub fn Timeline(props: &TimelineProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let entries = merge(&props.events, &props.follow_ups);
    html! {
        <section class="panel" data-testid="timeline">
            <h2>{ lt.timeline }</h2>
            if entries.is_empty() {
                <p class="muted">{ lt.no_timeline }</p>
            }
            <ol class="timeline">
                { for entries.iter().map(|e| entry(lang, e, &props.me, &props.staff)) }
            </ol>
        </section>
    }
}

/// Who acted: "me", a name (sent with the record or from the directory), or the system.
fn actor(
    lang: Lang,
    me: &str,
    sent: &BTreeMap<String, String>,
    staff: &[LeadStaff],
    id: Option<&str>,
    kind: &str,
) -> String {
    let lt = lang.leads();
    match id {
        Some(id) if id == me => lt.owner_me.to_string(),
        Some(id) => person_label_in(sent, staff, id),
        None if kind == "system" => match lang {
            Lang::ZhCn => "系统".to_string(),
            Lang::En => "System".to_string(),
        },
        None => String::new(),
    }
}

fn entry(lang: Lang, e: &Entry, me: &str, staff: &[LeadStaff]) -> Html {
    let lt = lang.leads();
    match e {
        Entry::Event(ev) => html! {
            <li class={classes!("tl-item", format!("tl-{}", ev.kind))} data-testid="timeline-item"
                data-kind={ev.kind.clone()}>
                <div class="tl-head">
                    <strong>{ lang.event_label(&ev.kind) }</strong>
                    <span class="small muted">{ format_time(&ev.created_at) }</span>
                    <span class="small muted" data-testid="timeline-actor">{ actor(lang, me, &ev.names, staff, ev.actor_id.as_deref(), &ev.actor_kind) }</span>
                </div>
                if !ev.reason.is_empty() {
                    <div class="small" data-testid="timeline-reason">{ lang.event_reason(ev, &|id| named_in_text(lang, me, &ev.names, staff, id)) }</div>
                }
            </li>
        },
        Entry::FollowUp(f) => html! {
            <li class="tl-item tl-follow-up" data-testid="timeline-item" data-kind="follow_up">
                <div class="tl-head">
                    <strong>{ format!("{} · {}", lt.follow_up, lang.label(f.channel)) }</strong>
                    <span class="small muted">{ format_time(&f.occurred_at) }</span>
                    <span class="small muted" data-testid="timeline-actor">{ actor(lang, me, &follow_up_names(f), staff, Some(&f.actor_id), "staff") }</span>
                </div>
                if !f.outcome.is_empty() {
                    <div data-testid="timeline-outcome">{ format!("{}{}{}", lt.outcome, lt.colon, f.outcome) }</div>
                }
                if !f.next_step.is_empty() {
                    <div class="small">{ format!("{}{}{}", lt.next_step, lt.colon, f.next_step) }</div>
                }
            </li>
        },
    }
}

/// The follow-up's actor name as the API sent it, keyed like an event's names.
fn follow_up_names(f: &FollowUp) -> BTreeMap<String, String> {
    f.actor_name
        .iter()
        .map(|n| (f.actor_id.clone(), n.clone()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().expect("test timestamp")
    }

    fn event(id: &str, kind: &str, time: &str, follow_up: Option<&str>) -> LeadEvent {
        LeadEvent {
            id: id.into(),
            kind: kind.into(),
            actor_id: None,
            actor_kind: "system".into(),
            reason: String::new(),
            detail: follow_up.map(|f| serde_json::json!({ "follow_up_id": f })),
            names: Default::default(),
            created_at: at(time),
        }
    }

    #[test]
    fn follow_up_events_fold_into_their_follow_up_and_newest_comes_first() {
        let events = vec![
            event("e1", "captured", "2026-11-01T08:00:00Z", None),
            event("e2", "followed_up", "2026-11-02T08:00:00Z", Some("f1")),
            event("e3", "followed_up", "2026-11-03T08:00:00Z", Some("unknown")),
        ];
        let follow_ups = vec![FollowUp {
            id: "f1".into(),
            lead_id: "l".into(),
            actor_id: "u".into(),
            actor_name: None,
            channel: api_types::FollowUpChannel::Call,
            outcome: "ok".into(),
            next_step: String::new(),
            occurred_at: at("2026-11-02T08:00:00Z"),
        }];
        let merged = merge(&events, &follow_ups);
        let kinds: Vec<String> = merged
            .iter()
            .map(|e| match e {
                Entry::Event(ev) => ev.id.clone(),
                Entry::FollowUp(f) => f.id.clone(),
            })
            .collect();
        assert_eq!(kinds, vec!["e3", "f1", "e1"]);
    }

    #[test]
    fn an_actor_reads_by_the_name_sent_with_the_record_then_the_directory() {
        let sent = BTreeMap::from([("u1".to_string(), "王经理".to_string())]);
        assert_eq!(
            actor(Lang::ZhCn, "me", &sent, &[], Some("u1"), "staff"),
            "王经理"
        );
        let unknown = actor(Lang::En, "me", &sent, &[], Some("abcdef123456"), "staff");
        assert_eq!(unknown, "…123456");
        let mine = actor(Lang::En, "u1", &sent, &[], Some("u1"), "staff");
        assert_eq!(mine, Lang::En.leads().owner_me);
    }
}
