//! The grading rule set: rules with points, and the thresholds for A and B.

use api_types::{GradeThresholds, GradingRules, GradingRulesSetting};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::rule_list::{RuleDraft, RuleList};
use super::{use_can_edit_settings, SaveBar, SettingsFrame};
use crate::api::{settings, ApiError};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{FieldErrorText, FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq, Default)]
struct RulesDraft {
    rules: Vec<RuleDraft>,
    a: String,
    b: String,
}

impl From<&GradingRulesSetting> for RulesDraft {
    fn from(s: &GradingRulesSetting) -> Self {
        RulesDraft {
            rules: s.rules.iter().map(RuleDraft::from).collect(),
            a: s.thresholds.a.to_string(),
            b: s.thresholds.b.to_string(),
        }
    }
}

/// The grading rules form.
#[component]
pub fn GradingRulesPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let editable = use_can_edit_settings();
    let setting = use_state(|| None::<GradingRulesSetting>);
    let draft = use_state(RulesDraft::default);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let reload = {
        let (setting, draft, load_error, errors) = (
            setting.clone(),
            draft.clone(),
            load_error.clone(),
            errors.clone(),
        );
        Callback::from(move |()| {
            let (setting, draft, load_error, errors) = (
                setting.clone(),
                draft.clone(),
                load_error.clone(),
                errors.clone(),
            );
            spawn_local(async move {
                match settings::grading_rules().await {
                    Ok(s) => {
                        draft.set(RulesDraft::from(&s));
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
        let (setting, draft, errors, busy) =
            (setting.clone(), draft.clone(), errors.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(version) = setting.as_ref().map(|s| s.version) else {
                return;
            };
            let mut local = FormErrors::default();
            let rules: Vec<_> = draft
                .rules
                .iter()
                .enumerate()
                .filter_map(|(i, r)| r.parse(t, lt.bad_json, i, &mut local))
                .collect();
            let a = draft.a.trim().parse::<i32>();
            let b = draft.b.trim().parse::<i32>();
            if a.is_err() {
                local.add("thresholds.a", t.fe_number);
            }
            if b.is_err() {
                local.add("thresholds.b", t.fe_number);
            }
            let (Ok(a), Ok(b)) = (a, b) else {
                local.general = Some(t.err_validation.to_string());
                return errors.set(local);
            };
            if !local.is_empty() {
                local.general = Some(t.err_validation.to_string());
                return errors.set(local);
            }
            let body = GradingRules {
                rules,
                thresholds: GradeThresholds { a, b },
            };
            let (setting, draft, errors, busy, toast) = (
                setting.clone(),
                draft.clone(),
                errors.clone(),
                busy.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = settings::put_grading_rules(version, &body).await;
                busy.set(false);
                match result {
                    Ok(s) => {
                        errors.set(FormErrors::default());
                        draft.set(RulesDraft::from(&s));
                        toast.success(t.saved);
                        setting.set(Some(s));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let set_threshold = |f: fn(&mut RulesDraft, String)| {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            let mut next = (*draft).clone();
            f(&mut next, v);
            draft.set(next);
        })
    };
    let on_rules = {
        let draft = draft.clone();
        Callback::from(move |rules: Vec<RuleDraft>| {
            let mut next = (*draft).clone();
            next.rules = rules;
            draft.set(next);
        })
    };
    let s = (*setting).clone();
    html! {
        <SettingsFrame active={Route::GradingRules} version={s.as_ref().map(|s| s.version)}
            updated_at={s.as_ref().and_then(|s| s.updated_at)}>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if s.is_some() {
                <section class="panel">
                    <form class="form-card" data-testid="grading-rules-form" {onsubmit} novalidate=true>
                        <h2>{ lt.thresholds }</h2>
                        <div class="form-grid">
                            <TextField label={lt.threshold_a} value={draft.a.clone()} input_type="number"
                                oninput={set_threshold(|d, v| d.a = v)} disabled={!editable}
                                testid="threshold-a" error={errors.get("thresholds.a").or_else(|| errors.get("thresholds"))} />
                            <TextField label={lt.threshold_b} value={draft.b.clone()} input_type="number"
                                oninput={set_threshold(|d, v| d.b = v)} disabled={!editable}
                                testid="threshold-b" error={errors.get("thresholds.b")} />
                        </div>
                        <h2>{ lt.tab_grading }</h2>
                        <FieldErrorText error={errors.get("rules")} testid="rules" />
                        <RuleList rules={draft.rules.clone()} onchange={on_rules} errors={(*errors).clone()}
                            disabled={!editable} />
                        <SaveBar errors={(*errors).clone()} busy={*busy} onreload={reload.clone()} />
                    </form>
                </section>
            }
        </SettingsFrame>
    }
}
