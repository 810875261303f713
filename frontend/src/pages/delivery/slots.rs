//! A batch's inspection slots (booked / capacity), opening a slot, booking one
//! for a unit's owner, and the batch's appointments with cancelling (shown to
//! the roles that see owners' data).

use api_types::{BookAppointment, CreateSlot, DeliveryBatch, Slot};
use yew::prelude::*;

use super::appointments::AppointmentList;
use super::use_loaded;
use crate::api::delivery_plan;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::toast::use_toast;
use crate::format::{format_time, parse_int, parse_local_datetime};
use crate::i18n::{use_lang, DeliveryStrings};

/// What the new-slot form holds (as typed).
#[derive(Debug, Clone, PartialEq)]
pub struct SlotDraft {
    /// Start (`datetime-local`).
    pub starts_at: String,
    /// End (`datetime-local`).
    pub ends_at: String,
    /// Capacity.
    pub capacity: String,
}

impl Default for SlotDraft {
    fn default() -> Self {
        SlotDraft {
            starts_at: String::new(),
            ends_at: String::new(),
            capacity: "10".into(),
        }
    }
}

/// The request for a complete draft, or what is wrong with it.
pub fn slot_request(d: &SlotDraft, s: &DeliveryStrings) -> Result<CreateSlot, FormErrors> {
    let mut errors = FormErrors::default();
    let starts_at = parse_local_datetime(&d.starts_at);
    let ends_at = parse_local_datetime(&d.ends_at);
    if starts_at.is_none() {
        errors.add("starts_at", s.need_times);
    }
    if ends_at.is_none() {
        errors.add("ends_at", s.need_times);
    }
    let capacity = parse_int(&d.capacity).filter(|c| (1..=500).contains(c));
    if capacity.is_none() {
        errors.add("capacity", s.need_capacity);
    }
    match (starts_at, ends_at, capacity) {
        (Some(starts_at), Some(ends_at), Some(capacity)) => Ok(CreateSlot {
            starts_at,
            ends_at,
            capacity,
        }),
        _ => Err(errors),
    }
}

/// `booked/capacity`.
pub fn fill(s: &Slot) -> String {
    format!("{}/{}", s.booked, s.capacity)
}

/// Props of [`SlotsPanel`].
#[derive(Properties, PartialEq)]
pub struct SlotsPanelProps {
    /// The batch (its units are the ones that can be booked).
    pub batch: DeliveryBatch,
    /// Opens slots and books them (crm_head, service).
    pub may_manage: bool,
}

/// Slots and appointments of a batch.
#[component]
pub fn SlotsPanel(props: &SlotsPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let toast = use_toast();
    let (slots, error, reload) = use_loaded(props.batch.id.clone(), |id| {
        Box::pin(async move { delivery_plan::slots(&id).await })
    });
    let tick = use_state(|| 0u32);
    let changed = {
        let (reload, tick) = (reload.clone(), tick.clone());
        Callback::from(move |()| {
            reload.emit(());
            tick.set(tick.wrapping_add(1));
        })
    };
    let draft = use_draft(SlotDraft::default);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let create = {
        let (draft, errors, changed, toast, sending) = (
            draft.clone(),
            errors.clone(),
            changed.clone(),
            toast.clone(),
            sending.clone(),
        );
        let batch_id = props.batch.id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match slot_request(&draft.0, d) {
                Ok(b) => b,
                Err(e) => return errors.set(e),
            };
            let (errors, changed, toast, id) = (
                errors.clone(),
                changed.clone(),
                toast.clone(),
                batch_id.clone(),
            );
            sending.run(
                move |key| async move { delivery_plan::create_slot(&id, &body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        toast.success(d.slot_created);
                        changed.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let list = (*slots).clone().unwrap_or_default();
    let e = &*errors;
    html! {
        <section class="panel" data-testid="slots-panel">
            <h2>{ d.slots }</h2>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            <div class="table-wrap"><table class="table">
                <thead><tr><th>{ d.slot_start }</th><th>{ d.slot_end }</th><th class="num">{ d.booked }</th></tr></thead>
                <tbody>
                    if slots.is_some() && list.is_empty() {
                        <tr><td colspan="3" class="empty-row">{ d.no_slots }</td></tr>
                    }
                    { for list.iter().map(|s| html! {
                        <tr data-testid="slot-row" data-id={s.id.clone()} data-booked={s.booked.to_string()}
                            data-capacity={s.capacity.to_string()}>
                            <td class="nowrap">{ format_time(&s.starts_at) }</td>
                            <td class="nowrap">{ format_time(&s.ends_at) }</td>
                            <td class="num">
                                <span data-testid="slot-fill" class={classes!((s.booked >= s.capacity).then_some("slot-full"))}>{ fill(s) }</span>
                                if s.booked >= s.capacity { { " " }<span class="badge badge-danger">{ d.full }</span> }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            if props.may_manage {
                <form class="form-card" data-testid="slot-form" onsubmit={create} novalidate=true>
                    <h3>{ d.add_slot }</h3>
                    <div class="form-grid">
                        <TextField label={d.slot_start} value={draft.0.starts_at.clone()} input_type="datetime-local"
                            oninput={bind(&draft, |d, v| d.starts_at = v)} testid="slot-start" error={e.get("starts_at")} />
                        <TextField label={d.slot_end} value={draft.0.ends_at.clone()} input_type="datetime-local"
                            oninput={bind(&draft, |d, v| d.ends_at = v)} testid="slot-end" error={e.get("ends_at")} />
                        <TextField label={d.capacity} value={draft.0.capacity.clone()} input_type="number"
                            oninput={bind(&draft, |d, v| d.capacity = v)} testid="slot-capacity" error={e.get("capacity")} />
                    </div>
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="slot-form-error" />
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="slot-submit" disabled={sending.busy()}>{ d.add_slot }</button>
                    </div>
                </form>
                <BookForm batch={props.batch.clone()} slots={list.clone()} onbooked={changed.clone()} />
            }
            <AppointmentList batch={props.batch.clone()} tick={*tick} may_cancel={props.may_manage}
                oncancelled={changed} />
        </section>
    }
}

/// Props of [`BookForm`].
#[derive(Properties, PartialEq)]
struct BookFormProps {
    batch: DeliveryBatch,
    slots: Vec<Slot>,
    onbooked: Callback<()>,
}

/// Staff book a slot for the owner of one of the batch's units.
#[component]
fn BookForm(props: &BookFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let toast = use_toast();
    let draft = use_draft(|| (String::new(), String::new()));
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, onbooked, sending) = (
            draft.clone(),
            errors.clone(),
            props.onbooked.clone(),
            sending.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (slot_id, unit_id) = draft.0.clone();
            let mut local = FormErrors::default();
            if slot_id.is_empty() {
                local.add("slot_id", d.choose_slot);
            }
            if unit_id.is_empty() {
                local.add("unit_id", d.choose_unit);
            }
            if !local.is_empty() {
                return errors.set(local);
            }
            let body = BookAppointment { slot_id, unit_id };
            let (errors, onbooked, toast) = (errors.clone(), onbooked.clone(), toast.clone());
            sending.run(
                move |key| async move { delivery_plan::book(&body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        toast.success(d.booked_ok);
                        onbooked.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let mut slot_options = vec![(AttrValue::from(""), AttrValue::from(d.choose_slot))];
    slot_options.extend(
        props
            .slots
            .iter()
            .filter(|s| s.booked < s.capacity)
            .map(|s| {
                let label = format!("{} ({})", format_time(&s.starts_at), fill(s));
                (AttrValue::from(s.id.clone()), AttrValue::from(label))
            }),
    );
    let mut unit_options = vec![(AttrValue::from(""), AttrValue::from(d.choose_unit))];
    unit_options.extend(props.batch.units.iter().map(|u| {
        let label = format!("{} {}", u.building_name, u.number);
        (AttrValue::from(u.unit_id.clone()), AttrValue::from(label))
    }));
    let e = &*errors;
    html! {
        <form class="form-card" data-testid="book-form" {onsubmit} novalidate=true>
            <h3>{ d.book_for_owner }</h3>
            <div class="form-grid">
                <SelectField label={d.slots} value={draft.0.0.clone()} options={slot_options}
                    onchange={bind(&draft, |d, v| d.0 = v)} testid="book-slot" error={e.get("slot_id")} />
                <SelectField label={d.unit} value={draft.0.1.clone()} options={unit_options}
                    onchange={bind(&draft, |d, v| d.1 = v)} testid="book-unit" error={e.get("unit_id")} />
            </div>
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="book-form-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="book-submit" disabled={sending.busy()}>{ d.book }</button>
            </div>
        </form>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    #[test]
    fn a_slot_needs_both_times_and_a_capacity_of_one_to_five_hundred() {
        let s = Lang::ZhCn.delivery();
        let ok = SlotDraft {
            starts_at: "2027-03-01T09:00".into(),
            ends_at: "2027-03-01T12:00".into(),
            capacity: "8".into(),
        };
        let req = slot_request(&ok, s).expect("complete");
        assert_eq!(req.capacity, 8);
        assert_eq!((req.ends_at - req.starts_at).num_hours(), 3);
        for bad in ["0", "501", "x", ""] {
            let d = SlotDraft {
                capacity: bad.into(),
                ..ok.clone()
            };
            let e = slot_request(&d, s).expect_err(bad);
            assert_eq!(e.get("capacity").as_deref(), Some(s.need_capacity), "{bad}");
        }
        let e = slot_request(&SlotDraft::default(), s).expect_err("no times");
        assert_eq!(e.get("starts_at").as_deref(), Some(s.need_times));
        assert_eq!(e.get("ends_at").as_deref(), Some(s.need_times));
    }
}
