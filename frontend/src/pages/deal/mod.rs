//! One deal (`/deals/:id`): stages, itemised price, events, follow-up tasks,
//! and the actions (sign, pay, withdraw, change unit, add a discount).

pub mod actions;
mod change_unit;
pub mod tasks;

use api_types::{Deal, DealStage};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{deals, ApiError};
use crate::app::Route;
use crate::auth::{use_auth, works_deals};
use crate::components::alert::ErrorBanner;
use crate::components::nav_link::NavLink;
use crate::format::{format_time, money};
use crate::i18n::use_lang;
use actions::DealActions;
use change_unit::UnitLink;
use tasks::TaskList;

/// Props of [`DealPage`].
#[derive(Properties, PartialEq)]
pub struct DealPageProps {
    /// Deal id from the URL.
    pub id: String,
}

/// The deal page.
#[component]
pub fn DealPage(props: &DealPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let may_act = use_auth().me().is_some_and(|m| works_deals(m.role));
    let deal = use_state(|| None::<Deal>);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    {
        let (deal, error) = (deal.clone(), error.clone());
        use_effect_with((props.id.clone(), *tick), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match deals::fetch(&id).await {
                    Ok(d) => {
                        error.set(None);
                        deal.set(Some(d));
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        });
    }
    let reload = {
        let tick = tick.clone();
        Callback::from(move |()| tick.set(tick.wrapping_add(1)))
    };
    let updated = {
        let deal = deal.clone();
        Callback::from(move |d: Deal| deal.set(Some(d)))
    };
    let Some(d) = (*deal).clone() else {
        return html! {
            <div class="page" data-testid="deal-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let stages = [
        (DealStage::Subscribed, Some(d.subscribed_at)),
        (DealStage::Signed, d.signed_at),
        (DealStage::Paid, d.paid_at),
    ];
    html! {
        <div class="page" data-testid="deal-page" data-id={d.id.clone()} data-stage={d.stage.as_str()}>
            <nav class="breadcrumb">
                <NavLink to={Route::Customer { id: d.customer_id.clone() }} testid="deal-customer-link">{ dt.customer }</NavLink>
                <span>{ "/" }</span><span>{ format!("{} · {}", dt.deal_title, d.unit_number) }</span>
            </nav>
            <div class="page-head">
                <h1>{ format!("{} · {}", dt.deal_title, d.unit_number) }</h1>
                <span class={classes!("badge", format!("stage-{}", d.stage.as_str()))} data-testid="deal-page-stage"
                    data-stage={d.stage.as_str()}>{ lang.label(d.stage) }</span>
                <UnitLink key={d.unit_id.clone()} unit_id={d.unit_id.clone()} />
            </div>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            <section class="panel" data-testid="deal-stages">
                <ol class="stages">
                    { for stages.iter().map(|(s, at)| html! {
                        <li class={classes!("stage", at.is_some().then_some("stage-done"))} data-testid="deal-stage-step"
                            data-stage={s.as_str()} data-done={at.is_some().to_string()}>
                            <strong>{ lang.label(*s) }</strong>
                            <span class="small muted">{ at.as_ref().map(format_time).unwrap_or_default() }</span>
                        </li>
                    }) }
                    if let Some(at) = d.withdrawn_at {
                        <li class="stage stage-withdrawn" data-testid="deal-stage-step" data-stage="withdrawn" data-done="true">
                            <strong>{ lang.label(DealStage::Withdrawn) }</strong>
                            <span class="small muted">{ format_time(&at) }</span>
                        </li>
                    }
                </ol>
            </section>
            <section class="panel" data-testid="deal-price">
                <h2>{ dt.net_price }</h2>
                <table class="table price-table">
                    <tr><th>{ dt.list_price }</th><td data-testid="deal-list-price">{ money(d.list_price_fen) }</td></tr>
                    { for d.discounts.iter().map(|x| html! {
                        <tr data-testid="deal-discount" data-kind={x.kind.as_str()}>
                            <th>{ format!("{} · {}", lang.label(x.kind), x.label) }
                                <div class="small muted mono">{ if x.reason.is_empty() { x.rule.clone() } else { format!("{} · {}", x.rule, x.reason) } }</div>
                            </th>
                            <td>{ format!("−{}", money(x.amount_fen)) }</td>
                        </tr>
                    }) }
                    <tr><th>{ dt.net_price }</th><td><strong data-testid="deal-net-price">{ money(d.net_price_fen) }</strong></td></tr>
                </table>
            </section>
            if may_act {
                <DealActions deal={d.clone()} onupdated={updated} />
            }
            <section class="panel" data-testid="deal-events">
                <h2>{ dt.events }</h2>
                <ol class="timeline">
                    { for d.events.iter().rev().map(|e| html! {
                        <li class="tl-item" data-testid="deal-event" data-kind={e.kind.as_str()}>
                            <div class="tl-head">
                                <strong>{ lang.label(e.kind) }</strong>
                                <span class="small muted">{ format_time(&e.occurred_at) }</span>
                            </div>
                            if !e.reason.is_empty() { <div class="small">{ e.reason.clone() }</div> }
                        </li>
                    }) }
                </ol>
            </section>
            <section class="panel" data-testid="deal-tasks">
                <h2>{ dt.tasks }</h2>
                <TaskList tasks={d.tasks.clone()} onchanged={reload} />
            </section>
        </div>
    }
}
