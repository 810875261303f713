//! Renaming a batch or moving its planned handover day (`PATCH` with
//! `If-Match`); the server re-dates the open timeline tasks.

use api_types::{DeliveryBatch, UpdateDeliveryBatch};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::delivery_plan;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::format::{date_input, parse_local_date};
use crate::i18n::{use_lang, DeliveryStrings};

/// What the edit form holds.
#[derive(Debug, Clone, PartialEq)]
pub struct EditDraft {
    /// Name.
    pub name: String,
    /// Planned handover day (`YYYY-MM-DD`).
    pub day: String,
}

impl From<&DeliveryBatch> for EditDraft {
    fn from(b: &DeliveryBatch) -> Self {
        EditDraft {
            name: b.name.clone(),
            day: date_input(&b.handover_at),
        }
    }
}

/// Only what changed; `Err` names a bad field, or says nothing changed (`""`).
pub fn diff(
    b: &DeliveryBatch,
    d: &EditDraft,
    s: &DeliveryStrings,
) -> Result<UpdateDeliveryBatch, FormErrors> {
    let mut errors = FormErrors::default();
    let name = d.name.trim();
    if name.is_empty() {
        errors.add("name", s.need_name);
    }
    let day = parse_local_date(&d.day);
    if day.is_none() {
        errors.add("handover_at", s.need_date);
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let update = UpdateDeliveryBatch {
        name: (name != b.name).then(|| name.to_string()),
        handover_at: day.filter(|_| d.day != date_input(&b.handover_at)),
    };
    if update == UpdateDeliveryBatch::default() {
        errors.general = Some(s.nothing_changed.to_string());
        return Err(errors);
    }
    Ok(update)
}

/// Props of [`BatchEdit`].
#[derive(Properties, PartialEq)]
pub struct BatchEditProps {
    /// The batch as last read.
    pub batch: DeliveryBatch,
    /// Receives the batch after the change.
    pub onsaved: Callback<DeliveryBatch>,
    /// Asks the page to read the batch again (someone else changed it).
    pub onstale: Callback<()>,
}

/// The edit button and, once opened, the form.
#[component]
pub fn BatchEdit(props: &BatchEditProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let open = use_state(|| false);
    let init = EditDraft::from(&props.batch);
    let draft = use_draft(move || init);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let toast = use_toast();
    let toggle = {
        let (open, draft, batch) = (open.clone(), draft.clone(), props.batch.clone());
        let errors = errors.clone();
        Callback::from(move |_: MouseEvent| {
            let from = EditDraft::from(&batch);
            crate::components::form::edit(&draft, move |d| *d = from);
            errors.set(FormErrors::default());
            open.set(!*open);
        })
    };
    let onsubmit = {
        let (draft, errors, busy, open) =
            (draft.clone(), errors.clone(), busy.clone(), open.clone());
        let (batch, onsaved, onstale) = (
            props.batch.clone(),
            props.onsaved.clone(),
            props.onstale.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match diff(&batch, &draft.0, d) {
                Ok(b) => b,
                Err(e) => return errors.set(e),
            };
            let (errors, busy, open, onsaved, onstale, toast) = (
                errors.clone(),
                busy.clone(),
                open.clone(),
                onsaved.clone(),
                onstale.clone(),
                toast.clone(),
            );
            let (id, version) = (batch.id.clone(), batch.version);
            busy.set(true);
            spawn_local(async move {
                match delivery_plan::update_batch(&id, version, &body).await {
                    Ok(b) => {
                        toast.success(d.batch_saved);
                        open.set(false);
                        onsaved.emit(b);
                    }
                    Err(e) => {
                        let mut fe = FormErrors::from_api(t, &e);
                        if fe.is_stale() {
                            fe.general = Some(d.stale_batch.to_string());
                            onstale.emit(());
                        }
                        errors.set(fe);
                    }
                }
                busy.set(false);
            });
        })
    };
    let e = &*errors;
    html! {
        <div class="batch-edit">
            <button class="btn" type="button" data-testid="batch-edit" onclick={toggle.clone()}>{ d.edit_batch }</button>
            if *open {
                <form class="form-card" data-testid="batch-edit-form" {onsubmit} novalidate=true>
                    <div class="form-grid">
                        <TextField label={d.batch_name} value={draft.0.name.clone()} required=true
                            oninput={bind(&draft, |d, v| d.name = v)} testid="batch-edit-name" error={e.get("name")} />
                        <TextField label={d.handover_at} value={draft.0.day.clone()} input_type="date" required=true
                            oninput={bind(&draft, |d, v| d.day = v)} testid="batch-edit-handover"
                            error={e.get("handover_at")} />
                    </div>
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="batch-edit-error" />
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="batch-edit-save" disabled={*busy}>
                            { if *busy { t.saving } else { d.save } }
                        </button>
                        <button class="btn" type="button" onclick={toggle}>{ d.cancel }</button>
                    </div>
                </form>
            }
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn batch() -> DeliveryBatch {
        DeliveryBatch {
            id: "b1".into(),
            project_id: "p1".into(),
            name: "一期交付".into(),
            handover_at: parse_local_date("2027-03-01").expect("date"),
            unit_count: 2,
            handed_over: 0,
            tasks: Vec::new(),
            units: Vec::new(),
            version: 3,
            created_at: chrono::Utc::now(),
        }
    }

    #[test]
    fn only_the_changed_fields_are_sent() {
        let s = Lang::ZhCn.delivery();
        let b = batch();
        let mut d = EditDraft::from(&b);
        d.name = "一期交付（调整）".into();
        let u = diff(&b, &d, s).expect("renamed");
        assert_eq!(u.name.as_deref(), Some("一期交付（调整）"));
        assert_eq!(u.handover_at, None);
        let mut d = EditDraft::from(&b);
        d.day = "2027-04-15".into();
        let u = diff(&b, &d, s).expect("re-dated");
        assert_eq!(u.name, None);
        assert_eq!(
            u.handover_at.map(|at| date_input(&at)).as_deref(),
            Some("2027-04-15")
        );
    }

    #[test]
    fn an_unchanged_or_incomplete_form_sends_nothing() {
        let s = Lang::ZhCn.delivery();
        let b = batch();
        let same = diff(&b, &EditDraft::from(&b), s).expect_err("unchanged");
        assert_eq!(same.general.as_deref(), Some(s.nothing_changed));
        let blank = EditDraft {
            name: "  ".into(),
            day: String::new(),
        };
        let e = diff(&b, &blank, s).expect_err("blank");
        assert_eq!(e.get("name").as_deref(), Some(s.need_name));
        assert_eq!(e.get("handover_at").as_deref(), Some(s.need_date));
    }
}
