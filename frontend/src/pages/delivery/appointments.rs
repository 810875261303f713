//! A batch's inspection appointments, with cancelling (the place is freed).

use api_types::{Appointment, AppointmentStatus, DeliveryBatch};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{delivery_plan, ApiError};
use crate::components::alert::ErrorBanner;
use crate::components::toast::use_toast;
use crate::format::{format_time, owner_contact};
use crate::i18n::use_lang;

/// Props of [`AppointmentList`].
#[derive(Properties, PartialEq)]
pub struct AppointmentListProps {
    /// The batch (for the unit numbers).
    pub batch: DeliveryBatch,
    /// Changes when the list must be read again.
    pub tick: u32,
    /// Shows the cancel buttons.
    pub may_cancel: bool,
    /// Told after a cancellation (the slots' counts changed).
    pub oncancelled: Callback<()>,
}

/// The appointments table.
#[component]
pub fn AppointmentList(props: &AppointmentListProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let toast = use_toast();
    let rows = use_state(|| None::<Vec<Appointment>>);
    let error = use_state(|| None::<ApiError>);
    {
        let (rows, error) = (rows.clone(), error.clone());
        use_effect_with((props.batch.id.clone(), props.tick), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match delivery_plan::appointments(&id).await {
                    Ok(p) => {
                        error.set(None);
                        rows.set(Some(p.data));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let cancel = |id: String| {
        let (error, toast, done) = (error.clone(), toast.clone(), props.oncancelled.clone());
        Callback::from(move |_: MouseEvent| {
            let (id, error, toast, done) = (id.clone(), error.clone(), toast.clone(), done.clone());
            spawn_local(async move {
                match delivery_plan::cancel_appointment(&id).await {
                    Ok(_) => {
                        toast.success(d.appointment_cancelled);
                        done.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let unit = |id: &str| {
        props
            .batch
            .units
            .iter()
            .find(|u| u.unit_id == id)
            .map(|u| format!("{} {}", u.building_name, u.number))
            .unwrap_or_else(|| id.to_string())
    };
    let list = (*rows).clone().unwrap_or_default();
    html! {
        <div data-testid="appointments">
            <h3>{ d.appointments }</h3>
            <ErrorBanner error={(*error).clone()} />
            if rows.is_none() && error.is_none() { <p class="muted">{ t.loading }</p> }
            <div class="table-wrap"><table class="table">
                <thead><tr>
                    <th>{ d.unit }</th><th>{ d.owner_contact }</th><th>{ d.slot_start }</th><th>{ d.status }</th>
                    <th>{ d.booked_by }</th><th>{ d.reminder_at }</th><th></th>
                </tr></thead>
                <tbody>
                    if rows.is_some() && list.is_empty() {
                        <tr><td colspan="7" class="empty-row">{ d.no_appointments }</td></tr>
                    }
                    { for list.iter().map(|a| html! {
                        <tr data-testid="appointment-row" data-id={a.id.clone()} data-unit={a.unit_id.clone()}
                            data-status={a.status.as_str()}>
                            <td>{ unit(&a.unit_id) }</td>
                            <td data-testid="appointment-owner">
                                { owner_contact(a.contact.as_ref()) }
                            </td>
                            <td class="nowrap">{ format_time(&a.starts_at) }</td>
                            <td>{ lang.label(a.status) }</td>
                            <td>{ if a.booked_by_kind == "owner" { d.by_owner } else { d.by_staff } }</td>
                            <td class="nowrap">{ format_time(&a.reminder_at) }</td>
                            <td>
                                if props.may_cancel && a.status == AppointmentStatus::Booked {
                                    <button class="btn btn-small" data-testid="appointment-cancel"
                                        onclick={cancel(a.id.clone())}>{ d.cancel_appointment }</button>
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
        </div>
    }
}
