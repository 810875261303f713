//! The lead SLA setting: deadlines, cadences, warning point and grace period.

use api_types::{LeadSla, LeadSlaSetting};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{use_can_edit_settings, SaveBar, SettingsFrame};
use crate::api::{settings, ApiError};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Field name, label and accessor of every number.
type SlaField = (&'static str, fn(&mut LeadSla) -> &mut i32);

const FIELDS: [SlaField; 8] = [
    ("a_first_contact_hours", |s| &mut s.a_first_contact_hours),
    ("b_first_contact_hours", |s| &mut s.b_first_contact_hours),
    ("a_follow_up_hours", |s| &mut s.a_follow_up_hours),
    ("b_follow_up_hours", |s| &mut s.b_follow_up_hours),
    ("b_follow_up_period_days", |s| {
        &mut s.b_follow_up_period_days
    }),
    ("c_follow_up_hours", |s| &mut s.c_follow_up_hours),
    ("warn_before_percent", |s| &mut s.warn_before_percent),
    ("grace_hours", |s| &mut s.grace_hours),
];

/// The SLA form.
#[component]
pub fn LeadSlaPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let editable = use_can_edit_settings();
    let setting = use_state(|| None::<LeadSlaSetting>);
    // The numbers as typed, in FIELDS order.
    let texts = use_state(|| vec![String::new(); FIELDS.len()]);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let reload = {
        let (setting, texts, load_error, errors) = (
            setting.clone(),
            texts.clone(),
            load_error.clone(),
            errors.clone(),
        );
        Callback::from(move |()| {
            let (setting, texts, load_error, errors) = (
                setting.clone(),
                texts.clone(),
                load_error.clone(),
                errors.clone(),
            );
            spawn_local(async move {
                match settings::lead_sla().await {
                    Ok(s) => {
                        let mut sla = s.sla;
                        texts.set(
                            FIELDS
                                .iter()
                                .map(|(_, f)| f(&mut sla).to_string())
                                .collect(),
                        );
                        errors.set(FormErrors::default());
                        load_error.set(None);
                        setting.set(Some(s));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let onsubmit = {
        let (setting, texts, errors, busy) =
            (setting.clone(), texts.clone(), errors.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(current) = (*setting).clone() else {
                return;
            };
            let mut sla = current.sla;
            let mut local = FormErrors::default();
            for ((name, field), text) in FIELDS.iter().zip(texts.iter()) {
                match text.trim().parse::<i32>() {
                    Ok(v) => *field(&mut sla) = v,
                    Err(_) => local.add(name, t.fe_number),
                }
            }
            if !local.is_empty() {
                local.general = Some(t.err_validation.to_string());
                return errors.set(local);
            }
            let (setting, errors, busy, toast) =
                (setting.clone(), errors.clone(), busy.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = settings::put_lead_sla(current.version, &sla).await;
                busy.set(false);
                match result {
                    Ok(s) => {
                        errors.set(FormErrors::default());
                        toast.success(t.saved);
                        setting.set(Some(s));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let labels = [
        lt.a_first_contact_hours,
        lt.b_first_contact_hours,
        lt.a_follow_up_hours,
        lt.b_follow_up_hours,
        lt.b_follow_up_period_days,
        lt.c_follow_up_hours,
        lt.warn_before_percent,
        lt.grace_hours,
    ];
    let s = (*setting).clone();
    html! {
        <SettingsFrame active={Route::LeadSla} version={s.as_ref().map(|s| s.version)}
            updated_at={s.as_ref().and_then(|s| s.updated_at)}>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if s.is_some() {
                <section class="panel">
                    <form class="form-card" data-testid="sla-form" {onsubmit} novalidate=true>
                        <div class="form-grid">
                            { for FIELDS.iter().enumerate().map(|(i, (name, _))| {
                                let oninput = {
                                    let texts = texts.clone();
                                    Callback::from(move |v: String| {
                                        let mut next = (*texts).clone();
                                        next[i] = v;
                                        texts.set(next);
                                    })
                                };
                                html! {
                                    <TextField label={labels[i]} value={texts[i].clone()} input_type="number"
                                        {oninput} disabled={!editable} testid={format!("sla-{}", name.replace('_', "-"))}
                                        error={errors.get(name)} />
                                }
                            }) }
                        </div>
                        <SaveBar errors={(*errors).clone()} busy={*busy} onreload={reload.clone()} />
                    </form>
                </section>
            }
        </SettingsFrame>
    }
}
