//! One lead (`/leads/:id`): profile, SLA clock, grading explanation, one
//! timeline of events and follow-ups, and the actions the role may take.

mod actions;
mod assign;
mod decisions;
mod details;
mod edit;
mod follow_up;
mod grading;
mod timeline;

use api_types::{FollowUp, Grading, Lead, LeadEvent};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{lead_work, leads, ApiError};
use crate::app::Route;
use crate::auth::{edits_leads, manages_leads, must_claim_first, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::lead_badges::{GradeBadge, LeadStatusBadge, SlaBadge};
use crate::components::nav_link::NavLink;
use crate::components::staff_names::use_lead_staff;
use crate::i18n::use_lang;

/// Everything the page shows about the lead.
#[derive(Debug, Clone, PartialEq)]
struct Loaded {
    lead: Lead,
    /// `None`: not graded yet (it waits for a person).
    grading: Option<Grading>,
    events: Vec<LeadEvent>,
    follow_ups: Vec<FollowUp>,
}

async fn load_all(id: &str) -> Result<Loaded, ApiError> {
    let lead = leads::fetch(id).await?;
    let grading = match lead_work::grading(id).await {
        Ok(g) => Some(g),
        Err(e) if e.status == 404 => None,
        Err(e) => return Err(e),
    };
    let events = lead_work::events(id).await?;
    let follow_ups = lead_work::follow_ups(id).await?;
    Ok(Loaded {
        lead,
        grading,
        events,
        follow_ups,
    })
}

/// Props of [`LeadPage`].
#[derive(Properties, PartialEq)]
pub struct LeadPageProps {
    /// Lead id from the URL.
    pub id: String,
}

/// The lead page.
#[component]
pub fn LeadPage(props: &LeadPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let me = use_auth().me();
    let staff = use_lead_staff(None);
    let data = use_state(|| None::<Loaded>);
    let error = use_state(|| None::<ApiError>);

    let reload = {
        let (data, error, id) = (data.clone(), error.clone(), props.id.clone());
        Callback::from(move |()| {
            let (data, error, id) = (data.clone(), error.clone(), id.clone());
            spawn_local(async move {
                match load_all(&id).await {
                    Ok(d) => {
                        error.set(None);
                        data.set(Some(d));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    {
        let (reload, data) = (reload.clone(), data.clone());
        use_effect_with(props.id.clone(), move |_| {
            data.set(None);
            reload.emit(());
        });
    }

    let back = html! {
        <div class="breadcrumb">
            <NavLink to={Route::Leads} testid="lead-back">{ lt.back_to_leads }</NavLink>
        </div>
    };
    let Some(d) = (*data).clone() else {
        return html! {
            <div class="page" data-testid="lead-page-loading">
                { back }
                <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let role = me.as_ref().map(|m| m.role);
    let me_id = me.as_ref().map(|m| m.id.clone()).unwrap_or_default();
    let l = &d.lead;
    let claim_first = role.is_some_and(|r| must_claim_first(r, l.owner_id.as_deref()));
    html! {
        <div class="page" data-testid="lead-page" data-id={l.id.clone()}>
            { back }
            <div class="page-head">
                <h1 data-testid="lead-name">{ l.customer_name.clone() }</h1>
                <GradeBadge grade={l.grade} testid="lead-page-grade" />
                <LeadStatusBadge status={l.status} testid="lead-page-status" />
                <SlaBadge state={l.sla_state} due={l.next_due_at} testid="lead-page-sla" />
            </div>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            <div class="lead-layout">
                <div class="lead-main">
                    <details::LeadDetails lead={l.clone()} me={me_id.clone()} staff={staff.clone()}
                        claim_first={claim_first} />
                    <grading::GradingPanel grading={d.grading.clone()} />
                    <timeline::Timeline events={d.events.clone()} follow_ups={d.follow_ups.clone()} me={me_id.clone()}
                        staff={staff.clone()} />
                </div>
                <div class="lead-side">
                    <actions::LeadActions lead={l.clone()} me={me_id}
                        edits={role.is_some_and(edits_leads)} manages={role.is_some_and(manages_leads)}
                        claim_first={claim_first} onchanged={reload.clone()} />
                </div>
            </div>
        </div>
    }
}
