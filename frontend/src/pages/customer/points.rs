//! The points ledger of a customer and redemption against the catalogue on
//! their behalf (`Idempotency-Key` per intended submit).

use api_types::{CatalogueItem, RedeemPoints};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::membership as api;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Props of [`PointsPanel`].
#[derive(Properties, PartialEq)]
pub struct PointsPanelProps {
    /// The customer.
    pub customer_id: String,
    /// Changes whenever the ledger should start over.
    pub tick: u32,
    /// The role redeems on the customer's behalf.
    pub redeems: bool,
    /// Called after a redemption.
    pub onredeemed: Callback<()>,
}

#[derive(Debug, Clone, PartialEq)]
struct RedeemDraft {
    item_id: String,
    quantity: String,
}

/// Ledger (newest first) and the redemption form.
#[component]
pub fn PointsPanel(props: &PointsPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let list = use_paged(
        (props.customer_id.clone(), props.tick),
        |(id, _), cursor| Box::pin(async move { api::ledger(&id, PAGE_SIZE, cursor).await }),
    );
    let items = use_state(Vec::<CatalogueItem>::new);
    {
        let (items, redeems) = (items.clone(), props.redeems);
        use_effect_with(props.tick, move |_| {
            if redeems {
                spawn_local(async move {
                    if let Ok(p) = api::catalogue().await {
                        items.set(p.data.into_iter().filter(|i| i.active).collect());
                    }
                });
            }
        });
    }
    let draft = use_draft(|| RedeemDraft {
        item_id: String::new(),
        quantity: "1".into(),
    });
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, sending, items) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            items.clone(),
        );
        let (id, onredeemed) = (props.customer_id.clone(), props.onredeemed.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let item_id = if draft.0.item_id.is_empty() {
                items.first().map(|i| i.id.clone()).unwrap_or_default()
            } else {
                draft.0.item_id.clone()
            };
            let Ok(quantity) = draft.0.quantity.trim().parse::<i32>() else {
                let mut local = FormErrors::default();
                local.add("quantity", t.fe_number);
                return errors.set(local);
            };
            let body = RedeemPoints { item_id, quantity };
            let (errors, id, onredeemed, toast) = (
                errors.clone(),
                id.clone(),
                onredeemed.clone(),
                toast.clone(),
            );
            sending.run(
                move |key| async move { api::redeem_points(&id, &body, &key).await },
                move |result| match result {
                    Ok(r) => {
                        errors.set(FormErrors::default());
                        toast.success(format!("{} −{} {}", dt.redeemed, r.points, dt.points));
                        onredeemed.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let s = &*list.state;
    let headers: Vec<AttrValue> = vec![
        t.time.into(),
        dt.kind.into(),
        dt.points.into(),
        dt.reason.into(),
        dt.expires.into(),
    ];
    let options: Vec<(AttrValue, AttrValue)> = items
        .iter()
        .map(|i| {
            let stock = i
                .stock
                .map(|s| format!(" · {} {s}", dt.remaining))
                .unwrap_or_default();
            let label = format!("{} · {} {}{stock}", i.name, i.points_cost, dt.points);
            (AttrValue::from(i.id.clone()), AttrValue::from(label))
        })
        .collect();
    let e = &*errors;
    html! {
        <div data-testid="points-panel">
            <h3>{ dt.ledger }</h3>
            if props.redeems {
                if items.is_empty() {
                    <p class="muted" data-testid="redeem-empty">{ dt.no_items }</p>
                } else {
                    <form class="form-card form-inline" data-testid="redeem-form" {onsubmit} novalidate=true>
                        <SelectField label={dt.item} value={draft.0.item_id.clone()} {options}
                            onchange={bind(&draft, |d, v| d.item_id = v)} testid="redeem-item" error={e.get("item_id")} />
                        <TextField label={dt.quantity} value={draft.0.quantity.clone()} input_type="number"
                            oninput={bind(&draft, |d, v| d.quantity = v)} testid="redeem-quantity" error={e.get("quantity")} />
                        <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="redeem-error" />
                        <div class="form-actions">
                            <button class="btn btn-primary" type="submit" data-testid="redeem-submit" disabled={sending.busy()}>
                                { dt.redeem_points }
                            </button>
                        </div>
                    </form>
                }
            }
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={dt.no_timeline}
                loading_text={t.loading} testid="points-ledger">
                { for s.items.iter().map(|p| html! {
                    <tr data-testid="points-entry" data-kind={p.kind.as_str()} data-points={p.points.to_string()}>
                        <td class="nowrap">{ format_time(&p.created_at) }</td>
                        <td>{ lang.label(p.kind) }</td>
                        <td class="nowrap">{ p.points }</td>
                        <td>{ p.reason.clone() }</td>
                        <td class="nowrap">{ p.expires_at.as_ref().map(format_time).unwrap_or_default() }</td>
                    </tr>
                }) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
