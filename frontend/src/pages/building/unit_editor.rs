//! The dialog that opens when a unit is clicked: edit (PATCH with `If-Match`) or delete.

use api_types::{Unit, UpdateUnit};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::unit_form::{UnitDraft, UnitForm, UnitValues};
use crate::api;
use crate::components::form::FormErrors;
use crate::components::modal::Modal;
use crate::components::status_badge::StatusBadge;
use crate::components::toast::use_toast;
use crate::format::{format_area, format_time, unit_money, unit_price_short};
use crate::i18n::{error_message, use_lang, use_t};
use crate::pages::confirm;

/// Props of [`UnitEditor`].
#[derive(Properties, PartialEq)]
pub struct UnitEditorProps {
    /// The unit as last read (its `version` goes into `If-Match`).
    pub unit: Unit,
    /// May edit and delete (admin, CRM head); others see the details only.
    pub manages: bool,
    /// Closes the dialog.
    pub onclose: Callback<()>,
    /// The unit changed or was deleted: reload grid and list.
    pub onchanged: Callback<()>,
}

/// The unit's details, and for managers its edit form and a delete button.
#[component]
pub fn UnitEditor(props: &UnitEditorProps) -> Html {
    let t = use_t();
    let lang = use_lang().lang;
    let toast = use_toast();
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let u = props.unit.clone();

    let on_save = {
        let (errors, busy, toast, onchanged, u) = (
            errors.clone(),
            busy.clone(),
            toast.clone(),
            props.onchanged.clone(),
            u.clone(),
        );
        Callback::from(move |v: UnitValues| {
            let body = diff(&u, v);
            let (errors, busy, toast, onchanged, id, version) = (
                errors.clone(),
                busy.clone(),
                toast.clone(),
                onchanged.clone(),
                u.id.clone(),
                u.version,
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::units::update(&id, version, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        toast.success(t.saved);
                        onchanged.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let on_delete = {
        let (toast, onchanged, u) = (toast.clone(), props.onchanged.clone(), u.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm(&format!("{} {}", t.confirm_delete, u.number)) {
                return;
            }
            let (toast, onchanged, id, version) =
                (toast.clone(), onchanged.clone(), u.id.clone(), u.version);
            spawn_local(async move {
                match api::units::remove(&id, version).await {
                    Ok(()) => {
                        toast.success(t.deleted);
                        onchanged.emit(());
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let title = format!("{} {}", t.unit, u.number);
    html! {
        <Modal {title} onclose={props.onclose.clone()} testid="unit-dialog" close_label={t.close}>
            <dl class="details">
                <dt>{ t.status }</dt><dd><StatusBadge status={u.status} /></dd>
                <dt>{ t.list_price }</dt>
                <dd>{ format!("{} ({})", unit_price_short(lang, u.list_price_fen), unit_money(u.list_price_fen)) }</dd>
                <dt>{ t.area_m2 }</dt><dd>{ format_area(u.area_m2) }</dd>
                <dt>{ t.updated_at }</dt><dd>{ format_time(&u.updated_at) }</dd>
            </dl>
            if props.manages {
                <UnitForm initial={UnitDraft::from(&u)} onsubmit={on_save} errors={(*errors).clone()}
                    onerrors={Callback::from({ let errors = errors.clone(); move |e| errors.set(e) })}
                    busy={*busy} submit_label={t.save} testid="unit-edit-form" />
                if errors.is_stale() {
                    <button class="btn" data-testid="unit-reload"
                        onclick={props.onchanged.reform(|_: MouseEvent| ())}>{ t.reload }</button>
                }
                <div class="form-actions danger-zone">
                    <button class="btn btn-danger" data-testid="unit-delete" onclick={on_delete}>{ t.delete }</button>
                </div>
            } else {
                <dl class="details">
                    <dt>{ t.floor }</dt><dd>{ u.floor }</dd>
                    <dt>{ t.layout }</dt><dd>{ u.layout.clone() }</dd>
                </dl>
            }
        </Modal>
    }
}

/// Only the fields that changed, so the audit trail shows the real edit.
fn diff(u: &Unit, v: UnitValues) -> UpdateUnit {
    UpdateUnit {
        floor: (v.floor != u.floor).then_some(v.floor),
        number: (v.number != u.number).then_some(v.number),
        area_m2: ((v.area_m2 - u.area_m2).abs() > 1e-9).then_some(v.area_m2),
        layout: (v.layout != u.layout).then_some(v.layout),
        list_price_fen: (Some(v.list_price_fen) != u.list_price_fen).then_some(v.list_price_fen),
        status: (v.status != u.status).then_some(v.status),
    }
}
