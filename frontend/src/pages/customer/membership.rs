//! The customer's membership panel: tier, tier history with causes, points
//! balance, benefits with the quota left (use one on the customer's behalf),
//! and the points ledger with redemption.

use api_types::{Membership, RedeemBenefit};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::points::PointsPanel;
use crate::api::{membership as api, ApiError};
use crate::auth::{use_auth, works_deal_tasks};
use crate::components::alert::ErrorBanner;
use crate::components::keyed_send::use_keyed_send;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::{error_message, use_lang};

/// Props of [`MembershipPanel`].
#[derive(Properties, PartialEq)]
pub struct MembershipPanelProps {
    /// The customer.
    pub customer_id: String,
    /// Bumped by the page after a change.
    pub tick: u32,
}

/// `GET /customers/{id}/membership` and what staff do with it.
#[component]
pub fn MembershipPanel(props: &MembershipPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let redeems = use_auth().me().is_some_and(|m| works_deal_tasks(m.role));
    let data = use_state(|| None::<Membership>);
    let error = use_state(|| None::<ApiError>);
    let local_tick = use_state(|| 0u32);
    // One key per intended benefit use: a double click sends the same key.
    let sending = use_keyed_send();
    {
        let (data, error) = (data.clone(), error.clone());
        use_effect_with(
            (props.customer_id.clone(), props.tick, *local_tick),
            move |(id, _, _)| {
                let id = id.clone();
                spawn_local(async move {
                    match api::membership(&id).await {
                        Ok(m) => {
                            error.set(None);
                            data.set(Some(m));
                        }
                        Err(e) => error.set(Some(e)),
                    }
                });
            },
        );
    }
    let changed = {
        let local_tick = local_tick.clone();
        Callback::from(move |()| local_tick.set(local_tick.wrapping_add(1)))
    };
    let use_benefit = {
        let (id, sending, changed) = (props.customer_id.clone(), sending.clone(), changed.clone());
        Callback::from(move |benefit_id: String| {
            let body = RedeemBenefit {
                benefit_id,
                note: String::new(),
            };
            let (id, changed, toast) = (id.clone(), changed.clone(), toast.clone());
            sending.run(
                move |key| async move { api::redeem_benefit(&id, &body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        toast.success(dt.redeemed);
                        changed.emit(());
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                },
            );
        })
    };
    let reload = changed.clone();
    let Some(m) = (*data).clone() else {
        return html! {
            <section class="panel" data-testid="membership-panel">
                <h2>{ dt.membership }</h2>
                <ErrorBanner error={(*error).clone()} onretry={reload} />
            </section>
        };
    };
    let tier = m.tier.map(|x| x.as_str()).unwrap_or("none");
    html! {
        <section class="panel" data-testid="membership-panel" data-tier={tier}>
            <h2>{ dt.membership }</h2>
            <ErrorBanner error={(*error).clone()} onretry={reload} />
            <dl class="facts">
                <dt>{ dt.member_tier }</dt>
                <dd data-testid="member-tier" data-tier={tier}>
                    { m.tier.map(|x| lang.label(x).to_string()).unwrap_or(dt.not_member.to_string()) }
                </dd>
                <dt>{ dt.points_balance }</dt>
                <dd><strong data-testid="points-balance" data-points={m.points_balance.to_string()}>{ m.points_balance }</strong></dd>
                <dt>{ dt.purchases }</dt><dd>{ m.purchases }</dd>
                <dt>{ dt.referrals }</dt><dd>{ m.referrals }</dd>
                <dt>{ dt.member_discount }</dt>
                <dd data-testid="member-discount">{ match &m.purchase_discount {
                    Some(d) => format!("{}% · {}", d.basis_points as f64 / 100.0, d.rule),
                    None => dt.member_discount_none.to_string(),
                } }</dd>
            </dl>
            <h3>{ dt.tier_history }</h3>
            <ul class="plain" data-testid="tier-history">
                { for m.tier_history.iter().map(|c| html! {
                    <li data-testid="tier-change" data-cause={c.cause_kind.as_str()}
                        data-to={c.to_tier.map(|x| x.as_str()).unwrap_or("none")}>
                        { format!("{} · {} → {} · {}{}{}", format_time(&c.created_at),
                            c.from_tier.map(|x| lang.label(x)).unwrap_or("—"),
                            c.to_tier.map(|x| lang.label(x)).unwrap_or("—"),
                            dt.cause, lang.leads().colon, lang.label(c.cause_kind)) }
                        <span class="small muted mono">{ format!(" {}", c.rule) }</span>
                    </li>
                }) }
            </ul>
            <h3>{ dt.benefits }</h3>
            if m.benefits.is_empty() { <p class="muted">{ dt.no_benefits }</p> }
            <ul class="plain" data-testid="benefits">
                { for m.benefits.iter().map(|b| {
                    let remaining = b.remaining.map(|r| r.to_string()).unwrap_or(dt.unlimited.to_string());
                    let can = redeems && b.eligible && b.benefit.active && b.remaining != Some(0);
                    let onclick = {
                        let (cb, id) = (use_benefit.clone(), b.benefit.id.clone());
                        Callback::from(move |_: MouseEvent| cb.emit(id.clone()))
                    };
                    html! {
                        <li data-testid="benefit" data-id={b.benefit.id.clone()} data-eligible={b.eligible.to_string()}>
                            <strong>{ b.benefit.name.clone() }</strong>
                            { format!(" · {} · {} {} ({})", lang.label(b.benefit.kind), dt.remaining, remaining, b.period) }
                            if !b.eligible { <span class="small muted">{ format!(" · {}", dt.not_eligible) }</span> }
                            if can {
                                { " " }
                                <button class="btn btn-small" data-testid="benefit-redeem" disabled={sending.busy()} {onclick}>{ dt.redeem_benefit }</button>
                            }
                        </li>
                    }
                }) }
            </ul>
            <PointsPanel customer_id={props.customer_id.clone()} tick={props.tick.wrapping_add(*local_tick)}
                {redeems} onredeemed={changed} />
        </section>
    }
}
