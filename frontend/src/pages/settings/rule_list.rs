//! The editable list of grading rules: id, description, points and the
//! condition as JSON (the API's `GradingCondition`, e.g.
//! `{"kind": "timeframe_in", "timeframes": ["within_3_months"]}`).

use api_types::{GradingCondition, GradingRule};
use yew::prelude::*;

use crate::components::form::{FormErrors, TextAreaField, TextField};
use crate::i18n::{use_lang, Strings};

/// One rule as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleDraft {
    /// Rule id.
    pub id: String,
    /// Description.
    pub description: String,
    /// Points as typed.
    pub points: String,
    /// Condition JSON as typed.
    pub condition: String,
}

impl From<&GradingRule> for RuleDraft {
    fn from(r: &GradingRule) -> Self {
        RuleDraft {
            id: r.id.clone(),
            description: r.description.clone(),
            points: r.points.to_string(),
            condition: serde_json::to_string(&r.condition).unwrap_or_default(),
        }
    }
}

impl RuleDraft {
    /// A new rule that always fires for 0 points (to be edited).
    pub fn blank() -> RuleDraft {
        RuleDraft {
            id: String::new(),
            description: String::new(),
            points: "0".to_string(),
            condition: r#"{"kind":"always"}"#.to_string(),
        }
    }

    /// The rule for the API, or the local errors at `rules[i].…`.
    pub fn parse(
        &self,
        t: &Strings,
        bad_json: &str,
        i: usize,
        errors: &mut FormErrors,
    ) -> Option<GradingRule> {
        let points = self.points.trim().parse::<i32>();
        if points.is_err() {
            errors.add(&format!("rules[{i}].points"), t.fe_number);
        }
        let condition = serde_json::from_str::<GradingCondition>(&self.condition);
        if let Err(e) = &condition {
            errors.add(
                &format!("rules[{i}].condition"),
                &format!("{bad_json}: {e}"),
            );
        }
        Some(GradingRule {
            id: self.id.trim().to_string(),
            description: self.description.trim().to_string(),
            condition: condition.ok()?,
            points: points.ok()?,
        })
    }
}

/// Props of [`RuleList`].
#[derive(Properties, PartialEq)]
pub struct RuleListProps {
    /// The rules.
    pub rules: Vec<RuleDraft>,
    /// Receives the edited list.
    pub onchange: Callback<Vec<RuleDraft>>,
    /// Errors by `rules[i].field`.
    pub errors: FormErrors,
    /// Read-only.
    pub disabled: bool,
}

/// One card per rule, with remove, and an add button.
#[component]
pub fn RuleList(props: &RuleListProps) -> Html {
    let lt = use_lang().lang.leads();
    let set = |i: usize, f: fn(&mut RuleDraft, String)| {
        let (rules, onchange) = (props.rules.clone(), props.onchange.clone());
        Callback::from(move |v: String| {
            let mut next = rules.clone();
            if let Some(r) = next.get_mut(i) {
                f(r, v);
            }
            onchange.emit(next);
        })
    };
    let add = {
        let (rules, onchange) = (props.rules.clone(), props.onchange.clone());
        Callback::from(move |_: MouseEvent| {
            let mut next = rules.clone();
            next.push(RuleDraft::blank());
            onchange.emit(next);
        })
    };
    let e = &props.errors;
    html! {
        <div class="rule-list">
            { for props.rules.iter().enumerate().map(|(i, r)| {
                let remove = {
                    let (rules, onchange) = (props.rules.clone(), props.onchange.clone());
                    Callback::from(move |_: MouseEvent| {
                        let mut next = rules.clone();
                        next.remove(i);
                        onchange.emit(next);
                    })
                };
                html! {
                    <fieldset class="picker rule-card" data-testid="rule-card" data-rule={r.id.clone()}>
                        <div class="form-grid">
                            <TextField label={lt.rule_id} value={r.id.clone()} oninput={set(i, |r, v| r.id = v)}
                                disabled={props.disabled} testid="rule-id" error={e.get(&format!("rules[{i}].id"))} />
                            <TextField label={lt.description} value={r.description.clone()}
                                oninput={set(i, |r, v| r.description = v)} disabled={props.disabled}
                                testid="rule-description" error={e.get(&format!("rules[{i}].description"))} />
                            <TextField label={lt.points} value={r.points.clone()} input_type="number"
                                oninput={set(i, |r, v| r.points = v)} disabled={props.disabled}
                                testid="rule-points" error={e.get(&format!("rules[{i}].points"))} />
                        </div>
                        <TextAreaField label={lt.condition} value={r.condition.clone()} rows={2}
                            oninput={set(i, |r, v| r.condition = v)} disabled={props.disabled}
                            testid="rule-condition" error={e.get(&format!("rules[{i}].condition"))} />
                        if !props.disabled {
                            <button class="btn btn-small btn-danger" type="button" data-testid="rule-remove"
                                onclick={remove}>{ lt.remove_rule }</button>
                        }
                    </fieldset>
                }
            }) }
            if !props.disabled {
                <button class="btn" type="button" data-testid="rule-add" onclick={add}>{ lt.add_rule }</button>
            }
        </div>
    }
}
