//! What staff do with an open visit: record its outcome, or record why it is
//! skipped. A skip reason lives on the owner (a major complaint, in the
//! service flags) or on the handover record (renovating, not living there);
//! the jobs sweep skips the visit with that reason before its notice.

use api_types::{CompleteVisit, Occupancy, ServiceFlags, UpdateHandover, Visit, VisitSkipReason};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{delivery, delivery_plan, ApiError};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::toast::use_toast;
use crate::i18n::{use_lang, DeliveryStrings};

/// The outcome form as typed.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OutcomeDraft {
    /// What the owner said and what was found.
    pub outcome: String,
    /// `1`–`5`, or empty.
    pub satisfaction: String,
}

/// The request for an outcome, or what is wrong with it.
pub fn outcome_request(d: &OutcomeDraft, s: &DeliveryStrings) -> Result<CompleteVisit, FormErrors> {
    let outcome = d.outcome.trim();
    let mut errors = FormErrors::default();
    if outcome.chars().count() < 2 {
        errors.add("outcome", s.need_outcome);
        return Err(errors);
    }
    Ok(CompleteVisit {
        outcome: outcome.to_string(),
        satisfaction: d.satisfaction.parse().ok().filter(|n| (1..=5).contains(n)),
    })
}

/// The occupancy that makes the sweep skip a visit for `reason` (`None`: the flag does).
pub fn occupancy_for(reason: VisitSkipReason) -> Option<Occupancy> {
    match reason {
        VisitSkipReason::MajorComplaint => None,
        VisitSkipReason::Renovating => Some(Occupancy::Renovating),
        VisitSkipReason::NotLiving => Some(Occupancy::NotLiving),
    }
}

/// Records the reason where the sweep reads it.
async fn record_skip(v: &Visit, reason: VisitSkipReason, note: String) -> Result<(), ApiError> {
    match occupancy_for(reason) {
        None => {
            let flags = delivery_plan::service_flags(&v.customer_id).await?;
            let body = ServiceFlags {
                major_complaint: true,
                note,
            };
            delivery_plan::put_service_flags(&v.customer_id, flags.version, &body).await?;
        }
        Some(occupancy) => {
            let h = delivery::handover(&v.unit_id).await?;
            let body = UpdateHandover {
                occupancy: Some(occupancy),
                keys_handed: None,
            };
            delivery_plan::update_handover(&v.unit_id, h.version, &body).await?;
        }
    }
    Ok(())
}

/// Which form is open.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Mode {
    Closed,
    Outcome,
    Skip,
}

/// Props of [`VisitActions`].
#[derive(Properties, PartialEq)]
pub struct VisitActionsProps {
    /// The visit.
    pub visit: Visit,
    /// May record the outcome.
    pub may_complete: bool,
    /// May record a skip reason (changes the owner's flags or the handover).
    pub may_skip: bool,
    /// Receives the visit after its outcome is recorded.
    pub onchanged: Callback<Visit>,
}

/// The buttons of an open visit and their forms.
#[component]
pub fn VisitActions(props: &VisitActionsProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let toast = use_toast();
    let mode = use_state(|| Mode::Closed);
    let outcome = use_draft(OutcomeDraft::default);
    let skip = use_draft(|| {
        (
            VisitSkipReason::MajorComplaint.as_str().to_string(),
            String::new(),
        )
    });
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let open = |m: Mode| {
        let (mode, errors) = (mode.clone(), errors.clone());
        Callback::from(move |_: MouseEvent| {
            errors.set(FormErrors::default());
            mode.set(if *mode == m { Mode::Closed } else { m });
        })
    };
    let complete = {
        let (outcome, errors, busy, mode, toast) = (
            outcome.clone(),
            errors.clone(),
            busy.clone(),
            mode.clone(),
            toast.clone(),
        );
        let (id, onchanged) = (props.visit.id.clone(), props.onchanged.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match outcome_request(&outcome.0, d) {
                Ok(b) => b,
                Err(e) => return errors.set(e),
            };
            let (errors, busy, mode, toast, id, onchanged) = (
                errors.clone(),
                busy.clone(),
                mode.clone(),
                toast.clone(),
                id.clone(),
                onchanged.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match delivery_plan::complete_visit(&id, &body).await {
                    Ok(v) => {
                        toast.success(d.visit_completed);
                        mode.set(Mode::Closed);
                        onchanged.emit(v);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
                busy.set(false);
            });
        })
    };
    let record = {
        let (skip, errors, busy, mode, toast) = (
            skip.clone(),
            errors.clone(),
            busy.clone(),
            mode.clone(),
            toast.clone(),
        );
        let visit = props.visit.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(reason) = VisitSkipReason::parse(&skip.0 .0) else {
                return;
            };
            let note = skip.0 .1.trim().to_string();
            let (errors, busy, mode, toast, visit) = (
                errors.clone(),
                busy.clone(),
                mode.clone(),
                toast.clone(),
                visit.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                match record_skip(&visit, reason, note).await {
                    Ok(()) => {
                        toast.success(d.skip_recorded);
                        mode.set(Mode::Closed);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
                busy.set(false);
            });
        })
    };
    let mut sat_options = vec![(AttrValue::from(""), AttrValue::from("—"))];
    sat_options.extend((1..=5).map(|n: i32| {
        (
            AttrValue::from(n.to_string()),
            AttrValue::from(n.to_string()),
        )
    }));
    let reasons: Vec<(AttrValue, AttrValue)> = VisitSkipReason::ALL
        .iter()
        .map(|r| (AttrValue::from(r.as_str()), AttrValue::from(lang.label(*r))))
        .collect();
    let e = &*errors;
    html! {
        <div class="visit-actions">
            if props.may_complete {
                <button class="btn btn-small" data-testid="visit-record" onclick={open(Mode::Outcome)}>{ d.record_outcome }</button>
            }
            if props.may_skip {
                <button class="btn btn-small" data-testid="visit-skip" onclick={open(Mode::Skip)}>{ d.skip }</button>
            }
            if *mode == Mode::Outcome {
                <form class="form-card" data-testid="visit-outcome-form" onsubmit={complete} novalidate=true>
                    <TextField label={d.outcome} value={outcome.0.outcome.clone()} required=true
                        oninput={bind(&outcome, |d, v| d.outcome = v)} testid="visit-outcome" error={e.get("outcome")} />
                    <SelectField label={d.satisfaction} value={outcome.0.satisfaction.clone()} options={sat_options}
                        onchange={bind(&outcome, |d, v| d.satisfaction = v)} testid="visit-satisfaction"
                        error={e.get("satisfaction")} />
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="visit-form-error" />
                    <button class="btn btn-primary" type="submit" disabled={*busy} data-testid="visit-complete">{ d.record_outcome }</button>
                </form>
            }
            if *mode == Mode::Skip {
                <form class="form-card" data-testid="visit-skip-form" onsubmit={record} novalidate=true>
                    <SelectField label={d.skip_reason} value={skip.0.0.clone()} options={reasons}
                        onchange={bind(&skip, |d, v| d.0 = v)} testid="visit-skip-reason" />
                    <TextField label={d.note} value={skip.0.1.clone()}
                        oninput={bind(&skip, |d, v| d.1 = v)} testid="visit-skip-note" error={e.get("note")} />
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="visit-form-error" />
                    <button class="btn btn-primary" type="submit" disabled={*busy} data-testid="visit-skip-save">{ d.skip }</button>
                </form>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn an_outcome_needs_two_characters_and_keeps_a_valid_satisfaction() {
        let s = Lang::ZhCn.delivery();
        let short = OutcomeDraft {
            outcome: " 好 ".into(),
            satisfaction: "5".into(),
        };
        let e = outcome_request(&short, s).expect_err("too short");
        assert_eq!(e.get("outcome").as_deref(), Some(s.need_outcome));
        let ok = OutcomeDraft {
            outcome: "业主满意，无新问题".into(),
            satisfaction: "4".into(),
        };
        assert_eq!(outcome_request(&ok, s).expect("ok").satisfaction, Some(4));
        let none = OutcomeDraft {
            satisfaction: String::new(),
            ..ok
        };
        assert_eq!(outcome_request(&none, s).expect("ok").satisfaction, None);
    }

    #[test]
    fn each_skip_reason_is_recorded_where_the_sweep_reads_it() {
        assert_eq!(occupancy_for(VisitSkipReason::MajorComplaint), None);
        assert_eq!(
            occupancy_for(VisitSkipReason::Renovating),
            Some(Occupancy::Renovating)
        );
        assert_eq!(
            occupancy_for(VisitSkipReason::NotLiving),
            Some(Occupancy::NotLiving)
        );
    }
}
