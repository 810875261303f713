//! The actions column of the lead page, shaped by role: claim from the pool,
//! follow up, grade by hand, mark lost (lead editors), assign (managers).

use api_types::{Lead, LeadStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::assign::AssignForm;
use super::decisions::{GradeForm, LoseForm};
use super::edit::EditFacts;
use super::follow_up::FollowUpForm;
use crate::api::lead_work;
use crate::components::toast::use_toast;
use crate::i18n::{error_message, use_lang};

/// Props of [`LeadActions`].
#[derive(Properties, PartialEq)]
pub struct LeadActionsProps {
    /// The lead.
    pub lead: Lead,
    /// The signed-in user's id.
    pub me: String,
    /// The role captures and changes leads.
    pub edits: bool,
    /// The role assigns leads.
    pub manages: bool,
    /// Only the claim is offered (a rep's pool lead: the API answers
    /// `claim_first` to anything else).
    #[prop_or_default]
    pub claim_first: bool,
    /// Called after any change (the page reloads).
    pub onchanged: Callback<()>,
}

/// What the user may do with this lead.
#[component]
pub fn LeadActions(props: &LeadActionsProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let l = &props.lead;
    if matches!(l.status, LeadStatus::Lost | LeadStatus::Subscribed) {
        return html! {
            <section class="panel" data-testid="lead-actions">
                <p class="muted" data-testid="lead-closed">{ lt.closed_lead }</p>
            </section>
        };
    }
    if !props.edits {
        return html! {};
    }
    let claim = {
        let (id, onchanged) = (l.id.clone(), props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, onchanged, toast) = (id.clone(), onchanged.clone(), toast.clone());
            spawn_local(async move {
                match lead_work::claim(&id).await {
                    Ok(_) => {
                        toast.success(lt.claimed);
                        onchanged.emit(());
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    html! {
        <div class="lead-actions" data-testid="lead-actions">
            if l.owner_id.is_none() {
                <section class="panel">
                    <p class="hint">{ lt.pool_hint }</p>
                    <button class="btn btn-primary" data-testid="lead-page-claim" onclick={claim}>{ lt.claim }</button>
                </section>
            }
            if !props.claim_first {
            <FollowUpForm lead_id={l.id.clone()} onsaved={props.onchanged.clone()} />
            // Keyed by version: after a save or a reload the form starts from the fresh lead.
            <EditFacts key={l.version.to_string()} lead={l.clone()} onchanged={props.onchanged.clone()} />
            <GradeForm lead_id={l.id.clone()} current={l.grade} onsaved={props.onchanged.clone()} />
            if props.manages {
                <AssignForm lead_id={l.id.clone()} project_id={l.project_id.clone()} me={props.me.clone()}
                    onsaved={props.onchanged.clone()} />
            }
            <LoseForm lead_id={l.id.clone()} onsaved={props.onchanged.clone()} />
            }
        </div>
    }
}
