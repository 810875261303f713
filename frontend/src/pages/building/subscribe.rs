//! 认购 from the sales-control grid: an available unit, a customer found by
//! phone or name, the price (list price, the member discount the server will
//! apply from the customer's tier, an optional staff discount) and the net.
//! A sold unit's cell opens its live deal instead.

use api_types::{
    CreateDeal, CustomerListItem, DealStage, DealSummary, Membership, Unit, UnitStatus,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::customers::{self, CustomerFilter};
use crate::api::{deals, membership};
use crate::app::Route;
use crate::auth::{reads_delivery, use_auth};
use crate::components::alert::MessageBanner;
use crate::components::form::{FormErrors, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::modal::Modal;
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::format::{money, unit_money};
use crate::i18n::use_lang;
use crate::pages::deal::actions::{DiscountDraft, DiscountFields};

/// Props of [`SubscribeDialog`].
#[derive(Properties, PartialEq)]
pub struct SubscribeDialogProps {
    /// The available unit.
    pub unit: Unit,
    /// Closes the dialog.
    pub onclose: Callback<()>,
    /// The unit was subscribed (the grid reloads).
    pub ondone: Callback<()>,
    /// Offers "edit unit" (project managers).
    #[prop_or_default]
    pub onedit: Option<Callback<()>>,
    /// The buyer, when the dialog is opened from the customer's page.
    #[prop_or_default]
    pub customer: Option<CustomerListItem>,
}

/// The subscription form.
#[component]
pub fn SubscribeDialog(props: &SubscribeDialogProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let q = use_state(String::new);
    let found = use_state(Vec::<CustomerListItem>::new);
    let preset = props.customer.clone();
    let customer = use_state(|| preset);
    let member = use_state(|| None::<Membership>);
    {
        // A preselected customer: their member discount is fetched once.
        let (member, id) = (
            member.clone(),
            props.customer.as_ref().map(|c| c.id.clone()),
        );
        use_effect_with(id, move |id| {
            if let Some(id) = id.clone() {
                spawn_local(async move {
                    if let Ok(m) = membership::membership(&id).await {
                        member.set(Some(m));
                    }
                });
            }
        });
    }
    let discount = use_state(DiscountDraft::default);
    let note = use_state(String::new);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let search = {
        let (q, found) = (q.clone(), found.clone());
        Callback::from(move |_: MouseEvent| {
            let (filter, found) = (
                CustomerFilter {
                    q: (*q).clone(),
                    ..CustomerFilter::default()
                },
                found.clone(),
            );
            spawn_local(async move {
                if let Ok(p) = customers::list(&filter, 10, None).await {
                    found.set(p.data);
                }
            });
        })
    };
    let pick = {
        let (customer, member) = (customer.clone(), member.clone());
        Callback::from(move |c: CustomerListItem| {
            let (member, id) = (member.clone(), c.id.clone());
            customer.set(Some(c));
            member.set(None);
            spawn_local(async move {
                if let Ok(m) = membership::membership(&id).await {
                    member.set(Some(m));
                }
            });
        })
    };
    let u = &props.unit;
    // Deal roles read prices (the API withholds them from engineering and
    // property only); without one there is nothing to price, so no submit.
    let priced = u.list_price_fen.is_some();
    let list_fen = u.list_price_fen.unwrap_or_default();
    let member_bp = member
        .as_ref()
        .and_then(|m| m.purchase_discount.as_ref())
        .map_or(0, |d| d.basis_points);
    let member_fen = list_fen * member_bp / 10_000;
    let other = discount.to_body().ok().filter(|d| !d.label.is_empty());
    let other_fen = other.as_ref().map_or(0, |d| {
        d.amount_fen.unwrap_or(0) + d.basis_points.map_or(0, |bp| list_fen * bp / 10_000)
    });
    let net = list_fen - member_fen - other_fen;
    let onsubmit = {
        let (customer, discount, note, errors, sending) = (
            customer.clone(),
            discount.clone(),
            note.clone(),
            errors.clone(),
            sending.clone(),
        );
        let (unit_id, ondone) = (u.id.clone(), props.ondone.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut local = FormErrors::default();
            let Some(c) = (*customer).clone() else {
                local.add("customer_id", dt.pick_customer_hint);
                return errors.set(local);
            };
            let discounts = if discount.label.trim().is_empty() {
                Vec::new()
            } else {
                match discount.to_body() {
                    Ok(d) => vec![d],
                    Err(field) => {
                        local.add(&format!("discounts[0].{field}"), t.fe_number);
                        return errors.set(local);
                    }
                }
            };
            let body = CreateDeal {
                unit_id: unit_id.clone(),
                customer_id: c.id,
                occurred_at: None,
                reason: note.trim().to_string(),
                discounts,
            };
            let (errors, ondone, toast) = (errors.clone(), ondone.clone(), toast.clone());
            sending.run(
                move |key| async move { deals::create(&body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        toast.success(dt.subscribed_ok);
                        ondone.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let e = &*errors;
    let set_discount = {
        let discount = discount.clone();
        Callback::from(move |d: DiscountDraft| discount.set(d))
    };
    html! {
        <Modal title={format!("{} · {}", dt.subscribe_title, u.number)} onclose={props.onclose.clone()} testid="subscribe-dialog">
            <form class="form-card" data-testid="subscribe-form" {onsubmit} novalidate=true>
                if props.customer.is_none() {
                <div class="form-inline">
                    <TextField label={dt.customer_search} value={(*q).clone()}
                        oninput={Callback::from({ let q = q.clone(); move |v| q.set(v) })} testid="subscribe-customer-q"
                        error={e.get("customer_id")} />
                    <button class="btn" type="button" data-testid="subscribe-customer-search" onclick={search}>{ dt.search }</button>
                </div>
                }
                if customer.is_none() {
                    <ul class="plain" data-testid="subscribe-customer-results">
                        { for found.iter().map(|c| {
                            let onclick = { let (pick, c) = (pick.clone(), c.clone()); Callback::from(move |_: MouseEvent| pick.emit(c.clone())) };
                            html! {
                                <li><button class="btn-link" type="button" data-testid="subscribe-customer-option" data-id={c.id.clone()} {onclick}>
                                    { format!("{} · {}", c.name, c.phone_masked) }
                                </button></li>
                            }
                        }) }
                    </ul>
                }
                if let Some(c) = &*customer {
                    <p data-testid="subscribe-customer" data-id={c.id.clone()}>{ format!("{}：{} · {}", dt.customer, c.name, c.phone_masked) }</p>
                }
                <table class="table price-table" data-testid="subscribe-price">
                    <tr><th>{ dt.list_price }</th><td data-testid="subscribe-list-price">{ unit_money(u.list_price_fen) }</td></tr>
                    <tr><th>{ dt.member_discount }</th>
                        <td data-testid="subscribe-member-discount">{ if member_bp > 0 { format!("−{} ({}%)", money(member_fen), member_bp as f64 / 100.0) } else { dt.member_discount_none.to_string() } }</td></tr>
                    <tr><th>{ dt.other_discount }</th><td>{ format!("−{}", money(other_fen)) }</td></tr>
                    <tr><th>{ dt.net_price }</th><td><strong data-testid="subscribe-net-price">{ money(net) }</strong></td></tr>
                </table>
                <details>
                    <summary data-testid="subscribe-discount-toggle">{ dt.other_discount }</summary>
                    <DiscountFields draft={(*discount).clone()} onchange={set_discount} errors={e.clone()}
                        prefix="subscribe-discount" field_prefix="discounts[0]." />
                </details>
                <TextField label={dt.note} value={(*note).clone()} oninput={Callback::from({ let n = note.clone(); move |v| n.set(v) })}
                    testid="subscribe-note" error={e.get("reason")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="subscribe-error" />
                <div class="form-actions">
                    if let Some(edit) = &props.onedit {
                        <button class="btn" type="button" data-testid="subscribe-edit-unit" onclick={edit.reform(|_: MouseEvent| ())}>{ t.edit }</button>
                    }
                    <button class="btn btn-primary" type="submit" data-testid="subscribe-submit" disabled={sending.busy() || !priced}>{ dt.subscribe }</button>
                </div>
            </form>
        </Modal>
    }
}

/// Props of [`UnitDealDialog`].
#[derive(Properties, PartialEq)]
pub struct UnitDealDialogProps {
    /// A unit that is not available.
    pub unit: Unit,
    /// Closes the dialog.
    pub onclose: Callback<()>,
    /// Offers "edit unit" (project managers).
    #[prop_or_default]
    pub onedit: Option<Callback<()>>,
}

/// The deals of a sold unit, linking to each.
#[component]
pub fn UnitDealDialog(props: &UnitDealDialogProps) -> Html {
    let lang = use_lang().lang;
    let dt = lang.deals();
    let may_deliver = use_auth().me().is_some_and(|m| reads_delivery(m.role));
    let found = use_state(|| None::<Vec<DealSummary>>);
    {
        let found = found.clone();
        use_effect_with(props.unit.id.clone(), move |id| {
            let id = id.clone();
            spawn_local(async move {
                let list = deals::for_unit(&id)
                    .await
                    .map(|p| p.data)
                    .unwrap_or_default();
                found.set(Some(list));
            });
        });
    }
    let u = &props.unit;
    let body = match &*found {
        None => html! { <p class="muted">{ lang.strings().loading }</p> },
        Some(list) if list.is_empty() => html! { <p class="muted">{ dt.no_deals }</p> },
        Some(list) => html! {
            <ul class="plain">
                { for list.iter().map(|d| html! {
                    <li data-live={(d.stage != DealStage::Withdrawn).to_string()}>
                        <NavLink to={Route::Deal { id: d.id.clone() }} testid="unit-deal-link">
                            { format!("{} · {}", lang.label(d.stage), money(d.net_price_fen)) }
                        </NavLink>
                    </li>
                }) }
            </ul>
        },
    };
    html! {
        <Modal title={format!("{} · {}", u.number, lang.status_label(u.status))} onclose={props.onclose.clone()} testid="unit-deal-dialog">
            { body }
            if may_deliver && matches!(u.status, UnitStatus::Signed | UnitStatus::HandedOver) {
                <p><NavLink to={Route::DeliveryUnit { id: u.id.clone() }} testid="unit-delivery-link">
                    { lang.delivery().delivery_link }
                </NavLink></p>
            }
            if let Some(edit) = &props.onedit {
                <div class="form-actions">
                    <button class="btn" type="button" data-testid="unit-deal-edit-unit" onclick={edit.reform(|_: MouseEvent| ())}>
                        { lang.strings().edit }
                    </button>
                </div>
            }
        </Modal>
    }
}
