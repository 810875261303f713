//! Capture a lead (`/leads/new`): the staff form, then the result, saying
//! whether the phone was already a customer (the lead was attached to them).

mod form;

use api_types::{AbilityToPay, CaptureLead, Captured, ConsentInput, LeadSource, PurchaseTimeframe};
use yew::prelude::*;

use crate::api::leads;
use crate::app::Route;
use crate::components::alert::MessageBanner;
use crate::components::form::{use_draft, FormErrors};
use crate::components::keyed_send::use_keyed_send;
use crate::components::lead_badges::GradeBadge;
use crate::components::nav_link::NavLink;
use crate::components::project_names::use_projects;
use crate::format::parse_yuan;
use crate::i18n::{use_lang, LeadStrings, Strings};
pub use form::split_layouts;
use form::{CaptureDraft, CaptureFields};

/// Turns the draft into the API body, or reports the fields typed wrong.
fn to_body(t: &Strings, d: &CaptureDraft) -> Result<CaptureLead, FormErrors> {
    let mut errors = FormErrors::default();
    let budget_fen = match d.budget_yuan.trim() {
        "" => None,
        text => match parse_yuan(text) {
            Some(fen) => Some(fen),
            None => {
                errors.add("budget_fen", t.fe_money);
                None
            }
        },
    };
    let visits = match d.visits.trim() {
        "" => 0,
        text => text.parse::<i32>().unwrap_or_else(|_| {
            errors.add("visits", t.fe_number);
            0
        }),
    };
    if !errors.is_empty() {
        errors.general = Some(t.err_validation.to_string());
        return Err(errors);
    }
    Ok(CaptureLead {
        name: d.name.trim().to_string(),
        phone: d.phone.trim().to_string(),
        project_id: d.project_id.clone(),
        source: LeadSource::parse(&d.source).unwrap_or(LeadSource::WalkIn),
        budget_fen,
        purchase_timeframe: PurchaseTimeframe::parse(&d.timeframe),
        ability_to_pay: AbilityToPay::parse(&d.ability),
        family_structure: d.family.trim().to_string(),
        occupation: d.occupation.trim().to_string(),
        preferred_layouts: split_layouts(&d.layouts),
        notes: d.notes.trim().to_string(),
        visits,
        consent: ConsentInput {
            purpose: d.purpose.trim().to_string(),
            notice_version: d.notice_version.trim().to_string(),
        },
        opt_outs: d.opt_outs,
    })
}

/// The staff capture form and its result.
#[component]
pub fn CapturePage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let projects = use_projects();
    let draft = use_draft(CaptureDraft::default);
    let errors = use_state(FormErrors::default);
    // A double click, or a retry after a lost answer, captures once.
    let sending = use_keyed_send();
    let result = use_state(|| None::<Captured>);

    let onsubmit = {
        let (draft, errors, sending, result) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            result.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match to_body(t, &draft.0) {
                Ok(b) => b,
                Err(local) => return errors.set(local),
            };
            let (errors, result) = (errors.clone(), result.clone());
            sending.run(
                move |key| async move { leads::capture(&body, &key).await },
                move |outcome| match outcome {
                    Ok(c) => {
                        errors.set(FormErrors::default());
                        result.set(Some(c));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let busy = sending.busy();
    let again = {
        let (draft, result) = (draft.clone(), result.clone());
        Callback::from(move |_: MouseEvent| {
            crate::components::form::edit(&draft, |d: &mut CaptureDraft| {
                *d = CaptureDraft::default()
            });
            result.set(None);
        })
    };

    if let Some(c) = &*result {
        return html! {
            <div class="page">
                <div class="page-head"><h1>{ lt.capture_title }</h1></div>
                { captured_panel(lt, c, again) }
            </div>
        };
    }
    html! {
        <div class="page">
            <div class="page-head"><h1>{ lt.capture_title }</h1></div>
            <section class="panel">
                <form class="form-card" data-testid="capture-form" {onsubmit} novalidate=true>
                    <CaptureFields draft={draft.clone()} errors={(*errors).clone()} projects={(*projects).clone()} />
                    <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="capture-form-error" />
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="capture-submit" disabled={busy}>
                            { if busy { t.saving } else { lt.capture_submit } }
                        </button>
                    </div>
                </form>
            </section>
        </div>
    }
}

fn captured_panel(lt: &LeadStrings, c: &Captured, again: Callback<MouseEvent>) -> Html {
    html! {
        <section class="panel" data-testid="capture-result" data-duplicate={c.duplicate.to_string()}>
            <h2>{ lt.captured_new }</h2>
            if c.duplicate {
                <div class="alert alert-warn" data-testid="capture-duplicate">{ lt.captured_duplicate }</div>
            } else {
                <p class="muted" data-testid="capture-new-customer">{ lt.captured_new_customer }</p>
            }
            <dl class="details">
                <dt>{ lt.customer }</dt><dd>{ c.lead.customer_name.clone() }</dd>
                <dt>{ lt.phone }</dt><dd class="mono">{ c.lead.phone_masked.clone() }</dd>
                if !c.withheld {
                    <dt>{ lt.grade }</dt><dd><GradeBadge grade={c.lead.grade} testid="capture-grade" /></dd>
                }
            </dl>
            if c.withheld {
                <p class="muted" data-testid="capture-withheld">{ lt.captured_withheld }</p>
            }
            <div class="form-actions">
                if !c.withheld {
                    <NavLink to={Route::Lead { id: c.lead.id.clone() }} class="btn btn-primary" testid="capture-open-lead">
                        { lt.open_lead }
                    </NavLink>
                }
                <button class="btn" data-testid="capture-another" onclick={again}>{ lt.capture_another }</button>
            </div>
        </section>
    }
}
