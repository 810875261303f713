//! `/membership-benefits`: the benefits catalogue per tier (name, kind,
//! lowest tier, quota per period, active), created and edited by crm_head.

use api_types::{Benefit, BenefitKind, CreateBenefit, MemberTier, QuotaPeriod, UpdateBenefit};
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
use crate::i18n::use_lang;

#[derive(Debug, Clone, PartialEq)]
struct BenefitDraft {
    name: String,
    description: String,
    kind: String,
    min_tier: String,
    quota: String,
    period: String,
    active: bool,
}

impl BenefitDraft {
    fn from(b: Option<&Benefit>) -> BenefitDraft {
        BenefitDraft {
            name: b.map(|b| b.name.clone()).unwrap_or_default(),
            description: b.map(|b| b.description.clone()).unwrap_or_default(),
            kind: b.map_or(BenefitKind::Service, |b| b.kind).as_str().into(),
            min_tier: b
                .map_or(MemberTier::Ordinary, |b| b.min_tier)
                .as_str()
                .into(),
            quota: b
                .and_then(|b| b.quota)
                .map(|q| q.to_string())
                .unwrap_or_default(),
            period: b
                .map_or(QuotaPeriod::Year, |b| b.quota_period)
                .as_str()
                .into(),
            active: b.is_none_or(|b| b.active),
        }
    }
}

/// The benefits list and its form.
#[component]
pub fn BenefitsPage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let editable = use_edits_membership();
    let items = use_state(Vec::<Benefit>::new);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    // `Some(None)`: creating; `Some(Some(b))`: editing b.
    let editing = use_state(|| None::<Option<Benefit>>);
    {
        let (items, error) = (items.clone(), error.clone());
        use_effect_with(*tick, move |_| {
            spawn_local(async move {
                match api::benefits().await {
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
        dt.min_tier.into(),
        dt.quota.into(),
        t.status.into(),
        t.actions.into(),
    ];
    html! {
        <MembershipFrame active={Route::MembershipBenefits}>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            if editable {
                <button class="btn btn-primary" data-testid="benefit-new"
                    onclick={Callback::from({ let e = editing.clone(); move |_: MouseEvent| e.set(Some(None)) })}>{ dt.new_entry }</button>
            }
            if let Some(current) = &*editing {
                <BenefitForm key={current.as_ref().map(|b| format!("{}-{}", b.id, b.version)).unwrap_or_default()}
                    benefit={current.clone()} onsaved={reload.clone()} />
            }
            <DataTable {headers} empty={items.is_empty()} empty_text={dt.catalogue_empty} testid="benefit-table">
                { for items.iter().map(|b| {
                    let onclick = { let (e, b) = (editing.clone(), b.clone()); Callback::from(move |_: MouseEvent| e.set(Some(Some(b.clone())))) };
                    html! {
                        <tr data-testid="benefit-row" data-id={b.id.clone()}>
                            <td>{ b.name.clone() }</td>
                            <td>{ lang.label(b.kind) }</td>
                            <td>{ lang.label(b.min_tier) }</td>
                            <td>{ format!("{} {}", b.quota.map(|q| q.to_string()).unwrap_or(dt.unlimited.to_string()), lang.label(b.quota_period)) }</td>
                            <td>{ if b.active { dt.active } else { dt.inactive } }</td>
                            <td>if editable { <button class="btn btn-small" data-testid="benefit-edit" {onclick}>{ dt.edit }</button> }</td>
                        </tr>
                    }
                }) }
            </DataTable>
        </MembershipFrame>
    }
}

/// Props of [`BenefitForm`].
#[derive(Properties, PartialEq)]
struct BenefitFormProps {
    benefit: Option<Benefit>,
    onsaved: Callback<()>,
}

#[component]
fn BenefitForm(props: &BenefitFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let init = BenefitDraft::from(props.benefit.as_ref());
    let draft = use_draft(move || init);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, sending) = (draft.clone(), errors.clone(), sending.clone());
        let (current, onsaved) = (props.benefit.clone(), props.onsaved.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let d = draft.0.clone();
            let quota = match d.quota.trim() {
                "" => None,
                q => match q.parse::<i32>() {
                    Ok(v) => Some(v),
                    Err(_) => {
                        let mut local = FormErrors::default();
                        local.add("quota", t.fe_number);
                        return errors.set(local);
                    }
                },
            };
            let kind = BenefitKind::parse(&d.kind).unwrap_or(BenefitKind::Service);
            let min_tier = MemberTier::parse(&d.min_tier).unwrap_or(MemberTier::Ordinary);
            let period = QuotaPeriod::parse(&d.period).unwrap_or(QuotaPeriod::Year);
            let (errors, current, onsaved, toast) = (
                errors.clone(),
                current.clone(),
                onsaved.clone(),
                toast.clone(),
            );
            let send = move |key: String| async move {
                match &current {
                    Some(b) => {
                        let body = UpdateBenefit {
                            name: Some(d.name.trim().to_string()),
                            description: Some(d.description.trim().to_string()),
                            kind: Some(kind),
                            min_tier: Some(min_tier),
                            quota: Some(quota),
                            quota_period: Some(period),
                            active: Some(d.active),
                        };
                        api::update_benefit(&b.id, b.version, &body).await
                    }
                    None => {
                        let body = CreateBenefit {
                            name: d.name.trim().to_string(),
                            description: d.description.trim().to_string(),
                            kind,
                            min_tier,
                            quota,
                            quota_period: period,
                            active: d.active,
                        };
                        api::create_benefit(&body, &key).await
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
            <form class="form-card" data-testid="benefit-form" {onsubmit} novalidate=true>
                <div class="form-grid">
                    <TextField label={dt.name} value={draft.0.name.clone()} required=true
                        oninput={bind(&draft, |d, v| d.name = v)} testid="benefit-name" error={e.get("name")} />
                    <TextField label={dt.description} value={draft.0.description.clone()}
                        oninput={bind(&draft, |d, v| d.description = v)} testid="benefit-description" error={e.get("description")} />
                    <SelectField label={dt.kind} value={draft.0.kind.clone()}
                        options={enum_options(BenefitKind::ALL, BenefitKind::as_str, move |v| lang.label(v), None)}
                        onchange={bind(&draft, |d, v| d.kind = v)} testid="benefit-kind" error={e.get("kind")} />
                    <SelectField label={dt.min_tier} value={draft.0.min_tier.clone()}
                        options={enum_options(MemberTier::ALL, MemberTier::as_str, move |v| lang.label(v), None)}
                        onchange={bind(&draft, |d, v| d.min_tier = v)} testid="benefit-min-tier" error={e.get("min_tier")} />
                    <TextField label={dt.quota} value={draft.0.quota.clone()} input_type="number"
                        oninput={bind(&draft, |d, v| d.quota = v)} testid="benefit-quota" error={e.get("quota")} />
                    <SelectField label={dt.period} value={draft.0.period.clone()}
                        options={enum_options(QuotaPeriod::ALL, QuotaPeriod::as_str, move |v| lang.label(v), None)}
                        onchange={bind(&draft, |d, v| d.period = v)} testid="benefit-period" error={e.get("quota_period")} />
                </div>
                <CheckField label={dt.active} checked={draft.0.active}
                    onchange={Callback::from({ let d = draft.clone(); move |v: bool| crate::components::form::edit(&d, move |x| x.active = v) })}
                    testid="benefit-active" />
                if e.is_stale() {
                    <div class="alert alert-error" role="alert" data-testid="benefit-stale">
                        <span>{ t.err_stale }</span>
                        <button class="btn btn-small" type="button" data-testid="benefit-reload" onclick={reload}>{ t.reload }</button>
                    </div>
                } else {
                    <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="benefit-error" />
                }
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="benefit-save" disabled={sending.busy()}>{ t.save }</button>
                </div>
            </form>
        </section>
    }
}
