//! Record a follow-up (call, visit, WeChat, SMS, note) with its outcome and next step.

use api_types::{CreateFollowUp, FollowUpChannel};
use yew::prelude::*;

use crate::api::lead_work;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextAreaField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::project_names::enum_options;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq)]
struct FollowUpDraft {
    channel: String,
    outcome: String,
    next_step: String,
}

impl Default for FollowUpDraft {
    fn default() -> Self {
        FollowUpDraft {
            channel: FollowUpChannel::Call.as_str().to_string(),
            outcome: String::new(),
            next_step: String::new(),
        }
    }
}

/// Props of [`FollowUpForm`].
#[derive(Properties, PartialEq)]
pub struct FollowUpFormProps {
    /// Lead id.
    pub lead_id: String,
    /// Called after a follow-up was recorded.
    pub onsaved: Callback<()>,
}

/// The follow-up form; the server restarts the SLA clock and moves the status on.
#[component]
pub fn FollowUpForm(props: &FollowUpFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let draft = use_draft(FollowUpDraft::default);
    let errors = use_state(FormErrors::default);
    // A double click, or a retry after a lost answer, logs one follow-up.
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, sending, id, onsaved) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            props.lead_id.clone(),
            props.onsaved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let body = CreateFollowUp {
                channel: FollowUpChannel::parse(&d.channel).unwrap_or(FollowUpChannel::Call),
                outcome: d.outcome.trim().to_string(),
                next_step: d.next_step.trim().to_string(),
                occurred_at: None,
            };
            let (draft, errors, id, onsaved, toast) = (
                draft.clone(),
                errors.clone(),
                id.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            sending.run(
                move |key| async move { lead_work::follow_up(&id, &body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        crate::components::form::edit(&draft, |d: &mut FollowUpDraft| {
                            *d = FollowUpDraft::default()
                        });
                        toast.success(lt.follow_up_saved);
                        onsaved.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let busy = sending.busy();
    let e = &*errors;
    html! {
        <section class="panel">
            <h2>{ lt.follow_up_title }</h2>
            <form class="form-card" data-testid="follow-up-form" {onsubmit} novalidate=true>
                <SelectField label={lt.channel} value={draft.0.channel.clone()}
                    options={enum_options(FollowUpChannel::ALL, FollowUpChannel::as_str, move |c| lang.label(c), None)}
                    onchange={bind(&draft, |d, v| d.channel = v)} testid="follow-up-channel" error={e.get("channel")} />
                <TextAreaField label={lt.outcome} value={draft.0.outcome.clone()}
                    oninput={bind(&draft, |d, v| d.outcome = v)} testid="follow-up-outcome" error={e.get("outcome")} />
                <TextField label={lt.next_step} value={draft.0.next_step.clone()}
                    oninput={bind(&draft, |d, v| d.next_step = v)} testid="follow-up-next-step" error={e.get("next_step")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="follow-up-error" />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="follow-up-submit" disabled={busy}>
                        { if busy { t.saving } else { t.save } }
                    </button>
                </div>
            </form>
        </section>
    }
}
