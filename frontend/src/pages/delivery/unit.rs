//! A unit's delivery (`/delivery-units/:id`): its inspection history, starting
//! an inspection, its defects, and the owner's sign-off on the tablet.

use api_types::{CreateInspection, InspectionKind, UnitStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use super::defects::UnitDefects;
use super::service_flags::ServiceFlagsPanel;
use super::signature::SignOffPanel;
use super::use_loaded;
use crate::api::{delivery, units, ApiError};
use crate::app::Route;
use crate::auth::{inspects_units, reads_owner_delivery, signs_off_units, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::keyed_send::use_keyed_send;
use crate::components::nav_link::NavLink;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Props of [`UnitDeliveryPage`].
#[derive(Properties, PartialEq)]
pub struct UnitDeliveryPageProps {
    /// Unit id from the URL.
    pub id: String,
}

/// The unit's delivery page.
#[component]
pub fn UnitDeliveryPage(props: &UnitDeliveryPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let role = use_auth().me().map(|m| m.role);
    let (unit, unit_error, reload_unit) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { units::fetch(&id).await })
    });
    let (history, error, reload) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { delivery::inspections(&id).await })
    });
    // The way back: the batch the unit is delivered in (none before it is planned).
    let (batch, _, _) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { delivery::batch_of_unit(&id).await })
    });
    let navigator = use_navigator();
    let kind = use_state(|| InspectionKind::Handover);
    let start_error = use_state(|| None::<ApiError>);
    let sending = use_keyed_send();
    let start = {
        let (kind, start_error, sending, id) = (
            kind.clone(),
            start_error.clone(),
            sending.clone(),
            props.id.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let body = CreateInspection {
                unit_id: id.clone(),
                kind: *kind,
                inspector_id: None,
                participants: Vec::new(),
            };
            let (start_error, navigator) = (start_error.clone(), navigator.clone());
            sending.run(
                move |key| async move { delivery::start_inspection(&body, &key).await },
                move |result| match result {
                    Ok(i) => {
                        if let Some(nav) = navigator {
                            nav.push(&Route::Inspection { id: i.id });
                        }
                    }
                    Err(e) => start_error.set(Some(e)),
                },
            );
        })
    };
    let on_kind = {
        let kind = kind.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(k) = InspectionKind::parse(&select.value()) {
                kind.set(k);
            }
        })
    };
    let rows = (*history)
        .as_ref()
        .map(|p| p.data.clone())
        .unwrap_or_default();
    let status = (*unit).as_ref().map(|u| u.status);
    let reload_all = {
        let (reload, reload_unit) = (reload.clone(), reload_unit.clone());
        Callback::from(move |()| {
            reload.emit(());
            reload_unit.emit(());
        })
    };
    html! {
        <div class="page" data-testid="unit-delivery-page" data-id={props.id.clone()}
            data-status={status.map(|s| s.as_str()).unwrap_or_default()}>
            <nav class="breadcrumb">
                <NavLink to={Route::DeliveryBatches}>{ d.batches_title }</NavLink>
                if let Some(Some(b)) = &*batch {
                    <span>{ "/" }</span>
                    <NavLink to={Route::DeliveryBatch { id: b.id.clone() }} testid="unit-batch-link">{ b.name.clone() }</NavLink>
                }
            </nav>
            <div class="page-head">
                <h1>{ format!("{} {}", d.unit_title, (*unit).as_ref().map(|u| u.number.clone()).unwrap_or_default()) }</h1>
                if let Some(s) = status { <span class="badge" data-testid="unit-status">{ lang.status_label(s) }</span> }
            </div>
            <ErrorBanner error={(*unit_error).clone()} onretry={reload_unit} />
            <section class="panel">
                <h2>{ d.inspections }</h2>
                <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
                if history.is_none() && error.is_none() { <p class="muted">{ t.loading }</p> }
                <div class="table-wrap"><table class="table">
                    <thead><tr><th>{ d.kind }</th><th>{ d.started_at }</th><th>{ d.status }</th><th class="num">{ d.failed_items }</th><th></th></tr></thead>
                    <tbody>
                        if history.is_some() && rows.is_empty() {
                            <tr><td colspan="5" class="empty-row">{ d.no_inspections }</td></tr>
                        }
                        { for rows.iter().map(|i| html! {
                            <tr data-testid="inspection-row" data-id={i.id.clone()} data-status={i.status.as_str()}>
                                <td>{ lang.label(i.kind) }</td>
                                <td class="nowrap">{ format_time(&i.started_at) }</td>
                                <td>{ lang.label(i.status) }</td>
                                <td class="num">{ i.failed_items }</td>
                                <td><NavLink to={Route::Inspection { id: i.id.clone() }} testid="inspection-open">{ d.open }</NavLink></td>
                            </tr>
                        }) }
                    </tbody>
                </table></div>
                if role.is_some_and(inspects_units) {
                    <div class="form-inline mt">
                        <select class="input touch" data-testid="inspection-kind" onchange={on_kind} aria-label={d.kind}>
                            { for InspectionKind::ALL.iter().map(|k| html! {
                                <option value={k.as_str()} selected={*k == *kind}>{ lang.label(*k) }</option>
                            }) }
                        </select>
                        <button class="btn btn-primary touch" data-testid="inspection-start" onclick={start} disabled={sending.busy()}>{ d.start_inspection }</button>
                    </div>
                    <ErrorBanner error={(*start_error).clone()} />
                }
            </section>
            <section class="panel">
                <h2>{ d.defects_title }</h2>
                <UnitDefects unit_id={props.id.clone()} />
            </section>
            if role.is_some_and(signs_off_units)
                || (status == Some(UnitStatus::HandedOver) && role.is_some_and(reads_owner_delivery))
            {
                <SignOffPanel unit_id={props.id.clone()} handed_over={status == Some(UnitStatus::HandedOver)}
                    may_sign={role.is_some_and(signs_off_units)} onsigned={reload_all} />
            }
            // The service-flag endpoints are for crm_head and service.
            if status == Some(UnitStatus::HandedOver) && role.is_some_and(signs_off_units) {
                <ServiceFlagsPanel unit_id={props.id.clone()} may_edit={role.is_some_and(signs_off_units)} />
            }
        </div>
    }
}
