//! What staff do with a deal, shaped by its stage: sign (签约), record payment
//! (回款), withdraw (退房, reason), change unit (换房) and add a discount.

use api_types::{Deal, DealStage, DealTransition, NewDiscount, UnitStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::change_unit::ChangeUnitForm;
use crate::api::deals::{self, Step};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::format::parse_yuan;
use crate::i18n::use_lang;

/// Props of [`DealActions`].
#[derive(Properties, PartialEq)]
pub struct DealActionsProps {
    /// The deal.
    pub deal: Deal,
    /// The deal as the server returned it after an action.
    pub onupdated: Callback<Deal>,
}

/// The actions the deal's stage allows.
#[component]
pub fn DealActions(props: &DealActionsProps) -> Html {
    let dt = use_lang().lang.deals();
    let d = &props.deal;
    let live = d.stage != DealStage::Withdrawn;
    let handed_over = d.unit_status == UnitStatus::HandedOver;
    html! {
        <section class="panel" data-testid="deal-actions">
            <h2>{ dt.actions }</h2>
            <div class="form-row">
                if d.stage == DealStage::Subscribed {
                    <StepForm deal_id={d.id.clone()} step={Step::Sign} onupdated={props.onupdated.clone()} />
                }
                if d.stage == DealStage::Signed {
                    <StepForm deal_id={d.id.clone()} step={Step::Pay} onupdated={props.onupdated.clone()} />
                }
                if live && !handed_over {
                    <StepForm deal_id={d.id.clone()} step={Step::Withdraw} onupdated={props.onupdated.clone()} />
                }
            </div>
            if live && handed_over {
                <p class="hint" data-testid="deal-handed-over">{ dt.handed_over_no_withdraw }</p>
            }
            if d.stage == DealStage::Subscribed {
                <div class="form-row">
                    <ChangeUnitForm deal={d.clone()} onupdated={props.onupdated.clone()} />
                    <DiscountForm deal_id={d.id.clone()} onupdated={props.onupdated.clone()} />
                </div>
            }
        </section>
    }
}

/// Props of [`StepForm`].
#[derive(Properties, PartialEq)]
pub struct StepFormProps {
    /// The deal.
    pub deal_id: String,
    /// Which stage change.
    pub step: Step,
    /// The updated deal.
    pub onupdated: Callback<Deal>,
}

/// A reference or reason and the button of one stage change.
#[component]
pub fn StepForm(props: &StepFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let (label, name, danger) = match props.step {
        Step::Sign => (dt.sign, "sign", false),
        Step::Pay => (dt.pay, "pay", false),
        Step::Withdraw => (dt.withdraw, "withdraw", true),
    };
    let draft = use_draft(String::new);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        let (id, step, onupdated) = (props.deal_id.clone(), props.step, props.onupdated.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy || (step == Step::Withdraw && !crate::pages::confirm(dt.confirm_withdraw)) {
                return;
            }
            let body = DealTransition {
                occurred_at: None,
                reason: draft.0.trim().to_string(),
            };
            let (errors, busy, id, onupdated, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onupdated.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = deals::step(&id, step, &body).await;
                busy.set(false);
                match result {
                    Ok(d) => {
                        errors.set(FormErrors::default());
                        toast.success(label);
                        onupdated.emit(d);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    let reason_label = if danger { dt.reason } else { dt.reference };
    html! {
        <form class="form-card" data-testid={format!("deal-{name}-form")} {onsubmit} novalidate=true>
            <h3>{ label }</h3>
            <TextField label={reason_label} value={draft.0.clone()} required={danger}
                oninput={bind(&draft, |d, v| *d = v)} testid={format!("deal-{name}-reason")} error={e.get("reason")} />
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid={format!("deal-{name}-error")} />
            <div class="form-actions">
                <button class={classes!("btn", if danger { "btn-danger" } else { "btn-primary" })} type="submit"
                    data-testid={format!("deal-{name}-submit")} disabled={*busy}>{ label }</button>
            </div>
        </form>
    }
}

/// Props of [`DiscountForm`].
#[derive(Properties, PartialEq)]
pub struct DiscountFormProps {
    /// The deal.
    pub deal_id: String,
    /// The updated deal.
    pub onupdated: Callback<Deal>,
}

/// The values of an "other" discount as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DiscountDraft {
    /// Name of the discount.
    pub label: String,
    /// Why.
    pub reason: String,
    /// Percent of the list price (e.g. `1.5`).
    pub percent: String,
    /// Fixed amount in yuan.
    pub amount: String,
}

impl DiscountDraft {
    /// The API body, or the field whose number does not parse.
    pub fn to_body(&self) -> Result<NewDiscount, &'static str> {
        let basis_points = match self.percent.trim() {
            "" => None,
            p => Some(
                p.parse::<f64>()
                    .map(|v| (v * 100.0).round() as i64)
                    .map_err(|_| "basis_points")?,
            ),
        };
        let amount_fen = match self.amount.trim() {
            "" => None,
            a => Some(parse_yuan(a).ok_or("amount_fen")?),
        };
        Ok(NewDiscount {
            label: self.label.trim().to_string(),
            reason: self.reason.trim().to_string(),
            basis_points,
            amount_fen,
        })
    }
}

/// Adds an "other" discount (percentage or amount) with a reason.
#[component]
pub fn DiscountForm(props: &DiscountFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let draft = use_draft(DiscountDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy) = (draft.clone(), errors.clone(), busy.clone());
        let (id, onupdated) = (props.deal_id.clone(), props.onupdated.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match draft.0.to_body() {
                Ok(b) => b,
                Err(field) => {
                    let mut local = FormErrors::default();
                    local.add(field, t.fe_number);
                    return errors.set(local);
                }
            };
            let (errors, busy, id, onupdated, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onupdated.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = deals::add_discount(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(d) => {
                        errors.set(FormErrors::default());
                        toast.success(dt.saved);
                        onupdated.emit(d);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    html! {
        <form class="form-card" data-testid="deal-discount-form" {onsubmit} novalidate=true>
            <h3>{ dt.other_discount }</h3>
            <DiscountFields draft={draft.0.clone()} onchange={Callback::from({ let d = draft.clone(); move |v: DiscountDraft| crate::components::form::edit(&d, move |x| *x = v) })}
                errors={e.clone()} prefix="deal-discount" />
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="deal-discount-error" />
            <div class="form-actions">
                <button class="btn" type="submit" data-testid="deal-discount-submit" disabled={*busy}>{ dt.add_discount }</button>
            </div>
        </form>
    }
}

/// Props of [`DiscountFields`].
#[derive(Properties, PartialEq)]
pub struct DiscountFieldsProps {
    /// Current values.
    pub draft: DiscountDraft,
    /// The changed values.
    pub onchange: Callback<DiscountDraft>,
    /// Errors; field names as the API's (`label`, `reason`, `basis_points`, `amount_fen`),
    /// optionally under `discounts[0].`.
    pub errors: FormErrors,
    /// Test id prefix.
    pub prefix: AttrValue,
    /// Prefix of the API field names (e.g. `discounts[0].`).
    #[prop_or_default]
    pub field_prefix: AttrValue,
}

/// The four inputs of a staff discount.
#[component]
pub fn DiscountFields(props: &DiscountFieldsProps) -> Html {
    let dt = use_lang().lang.deals();
    let set = |f: fn(&mut DiscountDraft, String)| {
        let (d, cb) = (props.draft.clone(), props.onchange.clone());
        Callback::from(move |v: String| {
            let mut next = d.clone();
            f(&mut next, v);
            cb.emit(next);
        })
    };
    let err = |name: &str| props.errors.get(&format!("{}{name}", props.field_prefix));
    let p = &props.prefix;
    html! {
        <>
            <TextField label={dt.discount_label} value={props.draft.label.clone()} oninput={set(|d, v| d.label = v)}
                testid={format!("{p}-label")} error={err("label")} />
            <TextField label={dt.discount_percent} value={props.draft.percent.clone()} oninput={set(|d, v| d.percent = v)}
                testid={format!("{p}-percent")} error={err("basis_points")} />
            <TextField label={dt.discount_amount} value={props.draft.amount.clone()} oninput={set(|d, v| d.amount = v)}
                testid={format!("{p}-amount")} error={err("amount_fen")} />
            <TextField label={dt.discount_reason} value={props.draft.reason.clone()} oninput={set(|d, v| d.reason = v)}
                testid={format!("{p}-reason")} error={err("reason")} />
        </>
    }
}

#[cfg(test)]
mod tests {
    use super::DiscountDraft;

    #[test]
    fn a_percent_becomes_basis_points_and_yuan_become_fen() {
        let d = DiscountDraft {
            label: " 开盘优惠 ".into(),
            reason: "开盘活动".into(),
            percent: "1.5".into(),
            amount: "2,000".into(),
        };
        let body = d.to_body().expect("valid draft");
        assert_eq!(body.label, "开盘优惠");
        assert_eq!(body.basis_points, Some(150));
        assert_eq!(body.amount_fen, Some(200_000));
    }

    #[test]
    fn empty_numbers_are_left_out_and_garbage_names_its_field() {
        let empty = DiscountDraft::default().to_body().expect("empty draft");
        assert_eq!((empty.basis_points, empty.amount_fen), (None, None));
        let bad = DiscountDraft {
            percent: "abc".into(),
            ..DiscountDraft::default()
        };
        assert_eq!(bad.to_body().err(), Some("basis_points"));
        let bad_amount = DiscountDraft {
            amount: "x".into(),
            ..DiscountDraft::default()
        };
        assert_eq!(bad_amount.to_body().err(), Some("amount_fen"));
    }
}
