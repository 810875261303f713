//! Edit the lead's facts (budget, timeframe, ability to pay, family,
//! occupation, layouts, notes): `PATCH` with `If-Match`; the server re-grades.
//! A 412 (someone changed the lead meanwhile) offers a reload.

use api_types::{AbilityToPay, Lead, PurchaseTimeframe, UpdateLead};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::leads;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextAreaField, TextField};
use crate::components::project_names::enum_options;
use crate::components::toast::use_toast;
use crate::format::{fen_to_yuan, parse_yuan};
use crate::i18n::use_lang;
use crate::pages::capture::split_layouts;

#[derive(Debug, Clone, PartialEq)]
struct FactsDraft {
    budget_yuan: String,
    timeframe: String,
    ability: String,
    family: String,
    occupation: String,
    layouts: String,
    notes: String,
}

impl From<&Lead> for FactsDraft {
    fn from(l: &Lead) -> Self {
        FactsDraft {
            budget_yuan: l.budget_fen.map(fen_to_yuan).unwrap_or_default(),
            timeframe: l
                .purchase_timeframe
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            ability: l
                .ability_to_pay
                .map(|v| v.as_str().to_string())
                .unwrap_or_default(),
            family: l.family_structure.clone(),
            occupation: l.occupation.clone(),
            layouts: l.preferred_layouts.join("、"),
            notes: l.notes.clone(),
        }
    }
}

/// Props of [`EditFacts`].
#[derive(Properties, PartialEq)]
pub struct EditFactsProps {
    /// The lead as loaded (its version goes into `If-Match`).
    pub lead: Lead,
    /// Called after a save, and by "reload" after a conflict.
    pub onchanged: Callback<()>,
}

/// The facts form, folded until opened.
#[component]
pub fn EditFacts(props: &EditFactsProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let open = use_state(|| false);
    let initial = FactsDraft::from(&props.lead);
    let draft = use_draft(move || initial);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let onsubmit = {
        let (draft, errors, busy, lead, onchanged, open) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.lead.clone(),
            props.onchanged.clone(),
            open.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let budget_fen = match d.budget_yuan.trim() {
                "" => None,
                text => match parse_yuan(text) {
                    Some(f) => Some(f),
                    None => {
                        let mut local = FormErrors::default();
                        local.add("budget_fen", t.fe_money);
                        local.general = Some(t.err_validation.to_string());
                        return errors.set(local);
                    }
                },
            };
            let body = UpdateLead {
                budget_fen,
                purchase_timeframe: PurchaseTimeframe::parse(&d.timeframe),
                ability_to_pay: AbilityToPay::parse(&d.ability),
                family_structure: Some(d.family.trim().to_string()),
                occupation: Some(d.occupation.trim().to_string()),
                preferred_layouts: Some(split_layouts(&d.layouts)),
                notes: Some(d.notes.trim().to_string()),
            };
            let (errors, busy, lead, onchanged, open, toast) = (
                errors.clone(),
                busy.clone(),
                lead.clone(),
                onchanged.clone(),
                open.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = leads::update(&lead.id, lead.version, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        open.set(false);
                        toast.success(t.saved);
                        onchanged.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let toggle = {
        let open = open.clone();
        Callback::from(move |_: MouseEvent| open.set(!*open))
    };
    let reload = props.onchanged.reform(|_: MouseEvent| ());
    let e = &*errors;
    let not_given = |mut opts: Vec<(AttrValue, AttrValue)>| {
        opts.insert(0, ("".into(), lt.not_given.into()));
        opts
    };
    html! {
        <section class="panel">
            <div class="panel-head">
                <h2>{ lt.edit_facts }</h2>
                <button class="btn btn-small" data-testid="edit-facts-toggle" onclick={toggle}>
                    { if *open { t.cancel } else { t.edit } }
                </button>
            </div>
            if *open {
                <form class="form-card" data-testid="edit-facts-form" {onsubmit} novalidate=true>
                    <TextField label={lt.budget_yuan} value={draft.0.budget_yuan.clone()}
                        oninput={bind(&draft, |d, v| d.budget_yuan = v)} testid="edit-budget" error={e.get("budget_fen")} />
                    <SelectField label={lt.timeframe} value={draft.0.timeframe.clone()}
                        options={not_given(enum_options(PurchaseTimeframe::ALL, PurchaseTimeframe::as_str, move |v| lang.label(v), None))}
                        onchange={bind(&draft, |d, v| d.timeframe = v)} testid="edit-timeframe" error={e.get("purchase_timeframe")} />
                    <SelectField label={lt.ability} value={draft.0.ability.clone()}
                        options={not_given(enum_options(AbilityToPay::ALL, AbilityToPay::as_str, move |v| lang.label(v), None))}
                        onchange={bind(&draft, |d, v| d.ability = v)} testid="edit-ability" error={e.get("ability_to_pay")} />
                    <TextField label={lt.family} value={draft.0.family.clone()}
                        oninput={bind(&draft, |d, v| d.family = v)} testid="edit-family" error={e.get("family_structure")} />
                    <TextField label={lt.occupation} value={draft.0.occupation.clone()}
                        oninput={bind(&draft, |d, v| d.occupation = v)} testid="edit-occupation" error={e.get("occupation")} />
                    <TextField label={lt.layouts} value={draft.0.layouts.clone()}
                        oninput={bind(&draft, |d, v| d.layouts = v)} testid="edit-layouts" error={e.get("preferred_layouts")} />
                    <TextAreaField label={lt.notes} value={draft.0.notes.clone()}
                        oninput={bind(&draft, |d, v| d.notes = v)} testid="edit-notes" error={e.get("notes")} />
                    if e.is_stale() {
                        <div class="alert alert-error" role="alert" data-testid="edit-facts-stale">
                            <span>{ t.err_stale }</span>
                            <button class="btn btn-small" type="button" data-testid="edit-facts-reload" onclick={reload}>{ t.reload }</button>
                        </div>
                    } else {
                        <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="edit-facts-error" />
                    }
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="edit-facts-submit" disabled={*busy}>
                            { if *busy { t.saving } else { t.save } }
                        </button>
                    </div>
                </form>
            }
        </section>
    }
}
