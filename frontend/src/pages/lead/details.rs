//! The lead's profile (客户画像), SLA deadline, and the logged contact reveal.

use std::rc::Rc;

use api_types::{Lead, LeadContact, LeadStaff};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::lead_work;
use crate::components::project_names::{project_name, use_projects};
use crate::components::toast::use_toast;
use crate::format::{format_time, money};
use crate::i18n::{error_message, use_lang};
use crate::pages::leads::owner_label;

/// Props of [`LeadDetails`].
#[derive(Properties, PartialEq)]
pub struct LeadDetailsProps {
    /// The lead.
    pub lead: Lead,
    /// The signed-in user's id.
    pub me: String,
    /// The staff directory (names of owners; empty for roles without it).
    pub staff: Rc<Vec<LeadStaff>>,
    /// The full phone waits until the lead is claimed (a rep's pool lead).
    #[prop_or_default]
    pub claim_first: bool,
}

/// Facts of the lead as a definition list.
#[component]
pub fn LeadDetails(props: &LeadDetailsProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let projects = use_projects();
    let contact = use_state(|| None::<LeadContact>);
    let l = &props.lead;

    let reveal = {
        let (contact, id) = (contact.clone(), l.id.clone());
        Callback::from(move |_: MouseEvent| {
            let (contact, id, toast) = (contact.clone(), id.clone(), toast.clone());
            spawn_local(async move {
                match lead_work::contact(&id).await {
                    Ok(c) => contact.set(Some(c)),
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let dash = || "—".to_string();
    let budget = l.budget_fen.map(money).unwrap_or_else(dash);
    let layouts = if l.preferred_layouts.is_empty() {
        dash()
    } else {
        l.preferred_layouts.join("、")
    };
    let or_dash = |s: &str| if s.is_empty() { dash() } else { s.to_string() };
    html! {
        <section class="panel" data-testid="lead-details">
            <h2>{ lt.details }</h2>
            <dl class="details">
                <dt>{ lt.phone }</dt>
                <dd>
                    if let Some(c) = &*contact {
                        <span class="mono" data-testid="lead-phone-full">{ c.phone.clone() }</span>
                    } else {
                        <span class="mono" data-testid="lead-phone">{ l.phone_masked.clone() }</span>
                        if !props.claim_first {
                            { " " }
                            <button class="btn-link small" data-testid="lead-reveal" title={lt.reveal_logged}
                                onclick={reveal}>{ lt.reveal }</button>
                        }
                    }
                </dd>
                <dt>{ t.project }</dt><dd data-testid="lead-project">{ project_name(&projects, &l.project_id) }</dd>
                <dt>{ lt.source }</dt><dd>{ format!("{} · {}", lang.label(l.source_group), lang.label(l.source)) }</dd>
                <dt>{ lt.budget }</dt><dd>{ budget }</dd>
                <dt>{ lt.timeframe }</dt><dd>{ l.purchase_timeframe.map(|v| lang.label(v).to_string()).unwrap_or_else(dash) }</dd>
                <dt>{ lt.ability }</dt><dd>{ l.ability_to_pay.map(|v| lang.label(v).to_string()).unwrap_or_else(dash) }</dd>
                <dt>{ lt.family }</dt><dd>{ or_dash(&l.family_structure) }</dd>
                <dt>{ lt.occupation }</dt><dd>{ or_dash(&l.occupation) }</dd>
                <dt>{ lt.layouts }</dt><dd>{ layouts }</dd>
                <dt>{ lt.visits }</dt><dd>{ l.visits }</dd>
                <dt>{ lt.notes }</dt><dd class="pre">{ or_dash(&l.notes) }</dd>
                <dt>{ lt.owner }</dt><dd data-testid="lead-owner" data-owner={l.owner_id.clone().unwrap_or_default()}>
                    { owner_label(lt, &props.me, &props.staff, l.owner_id.as_deref()) }
                </dd>
                <dt>{ lt.deadline }</dt><dd data-testid="lead-deadline">
                    { l.next_due_at.as_ref().map(format_time).unwrap_or_else(|| lt.no_clock.to_string()) }
                </dd>
                if let Some(r) = l.lost_reason {
                    <dt>{ lt.lost_reason }</dt><dd>{ lang.label(r) }</dd>
                }
                <dt>{ lt.created_via }</dt><dd>{ l.created_via.clone() }</dd>
                <dt>{ lt.captured_at }</dt><dd>{ format_time(&l.created_at) }</dd>
            </dl>
        </section>
    }
}
