//! The value tier (客户分层) of a customer: the tier in force, the rule that
//! decided, and the manual override (crm_head, sales manager) with `If-Match`.

use api_types::{CustomerValue, OverrideValueTier, ValueTier};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::customers;
use crate::auth::{overrides_value_tier, use_auth};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::project_names::enum_options;
use crate::components::toast::use_toast;
use crate::format::price_short;
use crate::i18n::use_lang;

/// Props of [`ValuePanel`].
#[derive(Properties, PartialEq)]
pub struct ValuePanelProps {
    /// The customer.
    pub customer_id: String,
    /// Their value tier.
    pub value: CustomerValue,
    /// Called after an override (the page reloads).
    pub onchanged: Callback<()>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct OverrideDraft {
    tier: String,
    reason: String,
}

/// Tier, why, and the override form for the roles that may.
#[component]
pub fn ValuePanel(props: &ValuePanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let may = use_auth()
        .me()
        .is_some_and(|m| overrides_value_tier(m.role));
    let v = &props.value;
    let current = v.override_.as_ref().map(|o| o.tier.as_str().to_string());
    let draft = use_draft(move || OverrideDraft {
        tier: current.unwrap_or_default(),
        reason: String::new(),
    });
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, id, version, onchanged) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.customer_id.clone(),
            v.version,
            props.onchanged.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = OverrideValueTier {
                tier: ValueTier::parse(&draft.0.tier),
                reason: draft.0.reason.trim().to_string(),
            };
            let (errors, busy, id, onchanged, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onchanged.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = customers::override_tier(&id, version, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        toast.success(dt.override_saved);
                        onchanged.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let mut options = vec![(AttrValue::from(""), AttrValue::from(dt.override_clear))];
    options.extend(enum_options(
        ValueTier::ALL,
        ValueTier::as_str,
        move |x| lang.label(x),
        None,
    ));
    let e = &*errors;
    let reload = props.onchanged.reform(|_: MouseEvent| ());
    html! {
        <section class="panel" data-testid="value-panel">
            <h2>{ dt.value_tier }</h2>
            <p>
                <span class={classes!("badge", format!("tier-{}", v.tier.as_str()))} data-testid="value-tier"
                    data-tier={v.tier.as_str()}>{ lang.label(v.tier) }</span>
                { " " }
                <span class="small muted" data-testid="value-decided-by" data-decided-by={v.decided_by.clone()}>
                    { format!("{}: {}", dt.decided_by, if v.decided_by == "manual" { dt.decided_manual } else { dt.decided_rules }) }
                </span>
            </p>
            <dl class="facts">
                <dt>{ dt.computed_tier }</dt><dd>{ lang.label(v.computed_tier) }</dd>
                <dt>{ dt.rule }</dt><dd class="mono small" data-testid="value-rule">{ v.rule.clone() }</dd>
                <dt>{ dt.deals_count }</dt><dd>{ v.units_bought }</dd>
                <dt>{ dt.signed_amount }</dt><dd>{ price_short(lang, v.signed_amount_fen) }</dd>
                if let Some(o) = &v.override_ {
                    <dt>{ dt.decided_manual }</dt>
                    <dd data-testid="value-override">{ format!("{} · {}", lang.label(o.tier), o.reason) }</dd>
                }
            </dl>
            if may {
                <form class="form-card" data-testid="value-override-form" {onsubmit} novalidate=true>
                    <h3>{ dt.override_title }</h3>
                    <SelectField label={dt.value_tier} value={draft.0.tier.clone()} {options}
                        onchange={bind(&draft, |d, x| d.tier = x)} testid="value-override-tier" error={e.get("tier")} />
                    <TextField label={dt.reason} value={draft.0.reason.clone()} required=true
                        oninput={bind(&draft, |d, x| d.reason = x)} testid="value-override-reason" error={e.get("reason")} />
                    if e.is_stale() {
                        <div class="alert alert-error" role="alert" data-testid="value-override-stale">
                            <span>{ t.err_stale }</span>
                            <button class="btn btn-small" type="button" data-testid="value-override-reload" onclick={reload}>{ t.reload }</button>
                        </div>
                    } else {
                        <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="value-override-error" />
                    }
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="value-override-submit" disabled={*busy}>
                            { if *busy { t.saving } else { t.save } }
                        </button>
                    </div>
                </form>
            }
        </section>
    }
}
