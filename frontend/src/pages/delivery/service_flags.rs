//! The handed-over owner's service flags on the unit's delivery page: the
//! major-complaint flag with its note (a flagged owner's visits are skipped).

use api_types::{ServiceFlags, ServiceFlagsView};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::use_loaded;
use crate::api::{delivery, delivery_plan, ApiError};
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{CheckField, FormErrors, TextAreaField};
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Reads the sign-off of the unit, then its owner's flags.
async fn load(unit_id: String) -> Result<ServiceFlagsView, ApiError> {
    let h = delivery::handover(&unit_id).await?;
    delivery_plan::service_flags(&h.customer_id).await
}

/// Props of [`ServiceFlagsPanel`].
#[derive(Properties, PartialEq)]
pub struct ServiceFlagsPanelProps {
    /// The handed-over unit.
    pub unit_id: String,
    /// May change the flags (crm_head, service).
    pub may_edit: bool,
}

/// Shows the flags; staff who may edit them tick the box and save.
#[component]
pub fn ServiceFlagsPanel(props: &ServiceFlagsPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let toast = use_toast();
    let (flags, error, reload) = use_loaded(props.unit_id.clone(), |id| Box::pin(load(id)));
    let draft = use_state(|| None::<ServiceFlags>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    {
        let draft = draft.clone();
        use_effect_with((*flags).clone(), move |f| {
            draft.set(f.as_ref().map(|f| ServiceFlags {
                major_complaint: f.major_complaint,
                note: f.note.clone(),
            }));
        });
    }
    let Some(view) = (*flags).clone() else {
        return html! {
            <section class="panel" data-testid="service-flags">
                <h2>{ d.service_flags }</h2>
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </section>
        };
    };
    let current = (*draft).clone().unwrap_or(ServiceFlags {
        major_complaint: view.major_complaint,
        note: view.note.clone(),
    });
    let on_flag = {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |v: bool| {
            draft.set(Some(ServiceFlags {
                major_complaint: v,
                ..current.clone()
            }))
        })
    };
    let on_note = {
        let (draft, current) = (draft.clone(), current.clone());
        Callback::from(move |v: String| {
            draft.set(Some(ServiceFlags {
                note: v,
                ..current.clone()
            }))
        })
    };
    let onsubmit = {
        let (errors, busy, flags, reload, toast) = (
            errors.clone(),
            busy.clone(),
            flags.clone(),
            reload.clone(),
            toast.clone(),
        );
        let (body, view) = (current.clone(), view.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (errors, busy, flags, reload, toast, body, view) = (
                errors.clone(),
                busy.clone(),
                flags.clone(),
                reload.clone(),
                toast.clone(),
                body.clone(),
                view.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match delivery_plan::put_service_flags(&view.customer_id, view.version, &body).await
                {
                    Ok(saved) => {
                        errors.set(FormErrors::default());
                        toast.success(d.flags_saved);
                        flags.set(Some(ServiceFlagsView {
                            major_complaint: saved.major_complaint,
                            note: saved.note,
                            version: view.version + 1,
                            ..view
                        }));
                        reload.emit(());
                    }
                    Err(e) => {
                        let fe = FormErrors::from_api(t, &e);
                        if fe.is_stale() {
                            reload.emit(());
                        }
                        errors.set(fe);
                    }
                }
                busy.set(false);
            });
        })
    };
    let e = &*errors;
    let who = match (&view.updated_by, &view.updated_at) {
        (Some(_), Some(at)) => format!("{} {}", d.updated_by, format_time(at)),
        _ => d.flags_never_set.to_string(),
    };
    html! {
        <section class="panel" data-testid="service-flags" data-major={view.major_complaint.to_string()}
            data-version={view.version.to_string()}>
            <h2>{ d.service_flags }</h2>
            <ErrorBanner error={(*error).clone()} />
            <form class="form-card" {onsubmit} novalidate=true>
                <CheckField label={d.major_complaint} checked={current.major_complaint} onchange={on_flag}
                    disabled={!props.may_edit} testid="flag-major-complaint" />
                <TextAreaField label={d.note} value={current.note.clone()} oninput={on_note} rows={2}
                    disabled={!props.may_edit} testid="flag-note" error={e.get("note")} />
                <p class="small muted">{ who }</p>
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="flags-error" />
                if props.may_edit {
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" disabled={*busy} data-testid="flags-save">{ d.save }</button>
                    </div>
                }
            </form>
        </section>
    }
}
