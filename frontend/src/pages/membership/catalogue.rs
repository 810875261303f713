//! `/points-catalogue`: what points buy (物业费抵扣, appliances …) with cost,
//! worth and stock, created and edited by crm_head.

use api_types::{CatalogueItem, CatalogueItemKind, CreateCatalogueItem, UpdateCatalogueItem};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{use_edits_membership, MembershipFrame};
use crate::api::{membership as api, ApiError};
use crate::app::Route;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, use_draft, CheckField, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::project_names::enum_options;
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::{fen_to_yuan, money, parse_yuan};
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq)]
struct ItemDraft {
    name: String,
    description: String,
    kind: String,
    cost: String,
    value: String,
    stock: String,
    active: bool,
}

impl ItemDraft {
    fn from(i: Option<&CatalogueItem>) -> ItemDraft {
        ItemDraft {
            name: i.map(|i| i.name.clone()).unwrap_or_default(),
            description: i.map(|i| i.description.clone()).unwrap_or_default(),
            kind: i
                .map_or(CatalogueItemKind::PropertyFeeCredit, |i| i.kind)
                .as_str()
                .into(),
            cost: i.map(|i| i.points_cost.to_string()).unwrap_or_default(),
            value: i
                .and_then(|i| i.value_fen)
                .map(fen_to_yuan)
                .unwrap_or_default(),
            stock: i
                .and_then(|i| i.stock)
                .map(|s| s.to_string())
                .unwrap_or_default(),
            active: i.is_none_or(|i| i.active),
        }
    }

    /// (cost, worth in fen, stock) or the field that does not parse.
    fn numbers(&self) -> Result<(i64, Option<i64>, Option<i32>), &'static str> {
        let cost = self.cost.trim().parse::<i64>().map_err(|_| "points_cost")?;
        let value = match self.value.trim() {
            "" => None,
            v => Some(parse_yuan(v).ok_or("value_fen")?),
        };
        let stock = match self.stock.trim() {
            "" => None,
            s => Some(s.parse::<i32>().map_err(|_| "stock")?),
        };
        Ok((cost, value, stock))
    }
}

/// The catalogue and its form.
#[component]
pub fn CataloguePage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let editable = use_edits_membership();
    let items = use_state(Vec::<CatalogueItem>::new);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    let editing = use_state(|| None::<Option<CatalogueItem>>);
    {
        let (items, error) = (items.clone(), error.clone());
        use_effect_with(*tick, move |_| {
            spawn_local(async move {
                match api::catalogue().await {
                    Ok(p) => {
                        error.set(None);
                        items.set(p.data);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let reload = {
        let (tick, editing) = (tick.clone(), editing.clone());
        Callback::from(move |()| {
            editing.set(None);
            tick.set(tick.wrapping_add(1));
        })
    };
    let headers: Vec<AttrValue> = vec![
        dt.name.into(),
        dt.kind.into(),
        dt.points_cost.into(),
        dt.value_yuan.into(),
        dt.stock.into(),
        t.status.into(),
        t.actions.into(),
    ];
    html! {
        <MembershipFrame active={Route::PointsCatalogue}>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            if editable {
                <button class="btn btn-primary" data-testid="catalogue-new"
                    onclick={Callback::from({ let e = editing.clone(); move |_: MouseEvent| e.set(Some(None)) })}>{ dt.new_entry }</button>
            }
            if let Some(current) = &*editing {
                <ItemForm key={current.as_ref().map(|i| format!("{}-{}", i.id, i.version)).unwrap_or_default()}
                    item={current.clone()} onsaved={reload.clone()} />
            }
            <DataTable {headers} empty={items.is_empty()} empty_text={dt.catalogue_empty} testid="catalogue-table">
                { for items.iter().map(|i| {
                    let onclick = { let (e, i) = (editing.clone(), i.clone()); Callback::from(move |_: MouseEvent| e.set(Some(Some(i.clone())))) };
                    html! {
                        <tr data-testid="catalogue-row" data-id={i.id.clone()}>
                            <td>{ i.name.clone() }</td>
                            <td>{ lang.label(i.kind) }</td>
                            <td>{ i.points_cost }</td>
                            <td>{ i.value_fen.map(money).unwrap_or_default() }</td>
                            <td data-testid="catalogue-stock">{ i.stock.map(|s| s.to_string()).unwrap_or(dt.unlimited.to_string()) }</td>
                            <td>{ if i.active { dt.active } else { dt.inactive } }</td>
                            <td>if editable { <button class="btn btn-small" data-testid="catalogue-edit" {onclick}>{ dt.edit }</button> }</td>
                        </tr>
                    }
                }) }
            </DataTable>
        </MembershipFrame>
    }
}

/// Props of [`ItemForm`].
#[derive(Properties, PartialEq)]
struct ItemFormProps {
    item: Option<CatalogueItem>,
    onsaved: Callback<()>,
}

#[component]
fn ItemForm(props: &ItemFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let init = ItemDraft::from(props.item.as_ref());
    let draft = use_draft(move || init);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, sending) = (draft.clone(), errors.clone(), sending.clone());
        let (current, onsaved) = (props.item.clone(), props.onsaved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let (cost, value, stock) = match d.numbers() {
                Ok(n) => n,
                Err(field) => {
                    let mut local = FormErrors::default();
                    local.add(field, t.fe_number);
                    return errors.set(local);
                }
            };
            let kind = CatalogueItemKind::parse(&d.kind).unwrap_or(CatalogueItemKind::Other);
            let (errors, current, onsaved, toast) = (
                errors.clone(),
                current.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            let send = move |key: String| async move {
                match &current {
                    Some(i) => {
                        let body = UpdateCatalogueItem {
                            name: Some(d.name.trim().to_string()),
                            description: Some(d.description.trim().to_string()),
                            points_cost: Some(cost),
                            value_fen: Some(value),
                            stock: Some(stock),
                            active: Some(d.active),
                        };
                        api::update_item(&i.id, i.version, &body).await
                    }
                    None => {
                        let body = CreateCatalogueItem {
                            name: d.name.trim().to_string(),
                            description: d.description.trim().to_string(),
                            kind,
                            points_cost: cost,
                            value_fen: value,
                            stock,
                            active: d.active,
                        };
                        api::create_item(&body, &key).await
                    }
                }
            };
            sending.run(send, move |result| match result {
                Ok(_) => {
                    toast.success(t.saved);
                    onsaved.emit(());
                }
                Err(e) => errors.set(FormErrors::from_api(t, &e)),
            });
        })
    };
    let e = &*errors;
    let reload = props.onsaved.reform(|_: MouseEvent| ());
    html! {
        <section class="panel">
            <form class="form-card" data-testid="catalogue-form" {onsubmit} novalidate=true>
                <div class="form-grid">
                    <TextField label={dt.name} value={draft.0.name.clone()} required=true
                        oninput={bind(&draft, |d, v| d.name = v)} testid="catalogue-name" error={e.get("name")} />
                    <TextField label={dt.description} value={draft.0.description.clone()}
                        oninput={bind(&draft, |d, v| d.description = v)} testid="catalogue-description" error={e.get("description")} />
                    <SelectField label={dt.kind} value={draft.0.kind.clone()} disabled={props.item.is_some()}
                        options={enum_options(CatalogueItemKind::ALL, CatalogueItemKind::as_str, move |v| lang.label(v), None)}
                        onchange={bind(&draft, |d, v| d.kind = v)} testid="catalogue-kind" error={e.get("kind")} />
                    <TextField label={dt.points_cost} value={draft.0.cost.clone()} input_type="number" required=true
                        oninput={bind(&draft, |d, v| d.cost = v)} testid="catalogue-cost" error={e.get("points_cost")} />
                    <TextField label={dt.value_yuan} value={draft.0.value.clone()}
                        oninput={bind(&draft, |d, v| d.value = v)} testid="catalogue-value" error={e.get("value_fen")} />
                    <TextField label={dt.stock} value={draft.0.stock.clone()} input_type="number"
                        oninput={bind(&draft, |d, v| d.stock = v)} testid="catalogue-stock-input" error={e.get("stock")} />
                </div>
                <CheckField label={dt.active} checked={draft.0.active}
                    onchange={Callback::from({ let d = draft.clone(); move |v: bool| crate::components::form::edit(&d, move |x| x.active = v) })}
                    testid="catalogue-active" />
                if e.is_stale() {
                    <div class="alert alert-error" role="alert" data-testid="catalogue-stale">
                        <span>{ t.err_stale }</span>
                        <button class="btn btn-small" type="button" data-testid="catalogue-reload" onclick={reload}>{ t.reload }</button>
                    </div>
                } else {
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="catalogue-error" />
                }
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="catalogue-save" disabled={sending.busy()}>{ t.save }</button>
                </div>
            </form>
        </section>
    }
}
