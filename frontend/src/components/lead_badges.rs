//! Badges of a lead: grade (A red-orange, B blue, C grey), lifecycle status
//! and the SLA clock (overdue stands out).

use api_types::{Grade, LeadStatus, SlaState};
use chrono::{DateTime, Utc};
use yew::prelude::*;

use crate::format::format_time;
use crate::i18n::{use_lang, use_lt};

/// Props of [`GradeBadge`].
#[derive(Properties, PartialEq)]
pub struct GradeBadgeProps {
    /// The grade; `None` while the lead waits for a person to grade it.
    pub grade: Option<Grade>,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A lead grade as a coloured pill.
#[component]
pub fn GradeBadge(props: &GradeBadgeProps) -> Html {
    let lang = use_lang().lang;
    let lt = use_lt();
    let (class, text, value) = match props.grade {
        Some(g) => (
            format!("badge grade grade-{}", g.as_str().to_lowercase()),
            lang.label(g),
            g.as_str(),
        ),
        None => ("badge grade grade-none".to_string(), lt.ungraded, ""),
    };
    html! { <span {class} data-grade={value} data-testid={props.testid.clone()}>{ text }</span> }
}

/// Props of [`LeadStatusBadge`].
#[derive(Properties, PartialEq)]
pub struct LeadStatusBadgeProps {
    /// The status.
    pub status: LeadStatus,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A lifecycle status as a pill (lost in red, subscribed in green).
#[component]
pub fn LeadStatusBadge(props: &LeadStatusBadgeProps) -> Html {
    let lang = use_lang().lang;
    let class = match props.status {
        LeadStatus::Subscribed => "badge badge-ok",
        LeadStatus::Lost => "badge badge-danger",
        _ => "badge",
    };
    html! {
        <span {class} data-status={props.status.as_str()} data-testid={props.testid.clone()}>
            { lang.label(props.status) }
        </span>
    }
}

/// Props of [`SlaBadge`].
#[derive(Properties, PartialEq)]
pub struct SlaBadgeProps {
    /// State of the open clock; `None` when there is none.
    pub state: Option<SlaState>,
    /// The deadline, shown after the state when given.
    #[prop_or_default]
    pub due: Option<DateTime<Utc>>,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// The SLA clock: on time (green), due soon (amber), overdue (solid red).
#[component]
pub fn SlaBadge(props: &SlaBadgeProps) -> Html {
    let lang = use_lang().lang;
    let lt = use_lt();
    let Some(state) = props.state else {
        return html! { <span class="muted small" data-testid={props.testid.clone()} data-sla="">{ lt.no_clock }</span> };
    };
    let class = format!("badge sla sla-{}", state.as_str().replace('_', "-"));
    html! {
        <span class="sla-cell">
            <span {class} data-sla={state.as_str()} data-testid={props.testid.clone()}>{ lang.label(state) }</span>
            if let Some(due) = &props.due {
                <span class="small muted nowrap">{ format_time(due) }</span>
            }
        </span>
    }
}
