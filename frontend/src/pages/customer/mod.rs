//! The customer 360 (`/customers/:id`): profile with the masked contact, the
//! value tier with the rule that decided and the override form, deals, the
//! membership panel, the referral and household (亲属) panels for the roles
//! that work referrals, and one timeline.

mod membership;
mod points;
mod subscribe;
mod timeline;
mod value;

use api_types::{CustomerProfile, DealSummary};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{customers, ApiError};
use crate::app::Route;
use crate::auth::{use_auth, works_deal_tasks, works_deals};
use crate::components::alert::ErrorBanner;
use crate::components::nav_link::NavLink;
use crate::components::table::DataTable;
use crate::format::{format_time, money, price_short};
use crate::i18n::{use_lang, Lang};
use membership::MembershipPanel;
use subscribe::SubscribePicker;
use timeline::CustomerTimeline;
use value::ValuePanel;

/// Props of [`CustomerPage`].
#[derive(Properties, PartialEq)]
pub struct CustomerPageProps {
    /// Customer id from the URL.
    pub id: String,
}

/// The customer 360.
#[component]
pub fn CustomerPage(props: &CustomerPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let profile = use_state(|| None::<CustomerProfile>);
    let error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    let deals = use_auth().me().is_some_and(|m| works_deals(m.role));
    let opens_deals = use_auth().me().is_some_and(|m| works_deal_tasks(m.role));
    let referrals = use_auth()
        .me()
        .is_some_and(|m| crate::auth::works_referrals(m.role));
    {
        let (profile, error) = (profile.clone(), error.clone());
        use_effect_with((props.id.clone(), *tick), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match customers::profile(&id).await {
                    Ok(p) => {
                        error.set(None);
                        profile.set(Some(p));
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
    let Some(p) = (*profile).clone() else {
        return html! {
            <div class="page" data-testid="customer-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let not_given = lang.leads().not_given;
    let or_dash = |s: &str| {
        if s.is_empty() {
            not_given.to_string()
        } else {
            s.to_string()
        }
    };
    html! {
        <div class="page" data-testid="customer-page" data-id={p.id.clone()}>
            <nav class="breadcrumb">
                <NavLink to={Route::Customers}>{ dt.nav_customers }</NavLink>
                <span>{ "/" }</span><span>{ p.name.clone() }</span>
            </nav>
            <div class="page-head">
                <h1 data-testid="customer-name">{ p.name.clone() }</h1>
                <span class="mono" data-testid="customer-phone">{ p.phone_masked.clone() }</span>
            </div>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            <div class="two-col">
                <section class="panel" data-testid="customer-profile">
                    <h2>{ dt.profile }</h2>
                    <dl class="facts">
                        <dt>{ dt.gender }</dt><dd>{ or_dash(p.gender.as_deref().unwrap_or_default()) }</dd>
                        <dt>{ dt.family }</dt><dd>{ or_dash(&p.family_structure) }</dd>
                        <dt>{ dt.occupation }</dt><dd>{ or_dash(&p.occupation) }</dd>
                        <dt>{ dt.budget }</dt>
                        <dd>{ p.budget_fen.map(|f| price_short(lang, f)).unwrap_or(not_given.to_string()) }</dd>
                        <dt>{ dt.layouts }</dt><dd>{ or_dash(&p.preferred_layouts.join("、")) }</dd>
                        <dt>{ dt.sources }</dt>
                        <dd>{ p.sources.iter().map(|s| lang.label(s.source)).collect::<Vec<_>>().join("、") }</dd>
                        <dt>{ dt.history }</dt>
                        <dd data-testid="customer-history">
                            { format!("{} {} · {} {} · {} {}", dt.leads_count, p.history.leads, dt.follow_ups_count,
                                p.history.follow_ups, dt.deals_count, p.history.deals) }
                        </dd>
                        <dt>{ dt.first_seen }</dt><dd>{ format_time(&p.history.first_seen_at) }</dd>
                    </dl>
                </section>
                <ValuePanel key={p.value.version.to_string()} customer_id={p.id.clone()} value={p.value.clone()}
                    onchanged={reload.clone()} />
            </div>
            <section class="panel" data-testid="customer-deals">
                <h2>{ dt.deals }</h2>
                { deal_table(lang, &p.deals, opens_deals) }
            </section>
            if deals {
                <SubscribePicker profile={p.clone()} ondone={reload.clone()} />
            }
            <MembershipPanel customer_id={p.id.clone()} tick={*tick} />
            if referrals {
                <crate::pages::referrals::ReferralPanel customer_id={p.id.clone()} />
                <crate::pages::referrals::RelativesPanel customer_id={p.id.clone()} />
            }
            <CustomerTimeline customer_id={p.id.clone()} tick={*tick} />
        </div>
    }
}

/// The customer's deals, each linking to its deal page when `links` (the
/// roles that may open a deal; the privacy officer reads them here only).
pub fn deal_table(lang: Lang, deals: &[DealSummary], links: bool) -> Html {
    let (t, dt) = (lang.strings(), lang.deals());
    let headers: Vec<AttrValue> = vec![
        dt.deal_title.into(),
        dt.stage.into(),
        dt.list_price.into(),
        dt.discounts.into(),
        dt.net_price.into(),
        dt.subscribed_at.into(),
    ];
    html! {
        <DataTable {headers} empty={deals.is_empty()} empty_text={dt.no_deals} loading_text={t.loading} testid="deal-table">
            { for deals.iter().map(|d| html! {
                <tr data-testid="deal-row" data-id={d.id.clone()} data-stage={d.stage.as_str()}>
                    <td>
                        if links {
                            <NavLink to={Route::Deal { id: d.id.clone() }} testid="deal-link">{ format!("#{}", short(&d.id)) }</NavLink>
                        } else {
                            { format!("#{}", short(&d.id)) }
                        }
                    </td>
                    <td><span class={classes!("badge", format!("stage-{}", d.stage.as_str()))} data-testid="deal-stage">{ lang.label(d.stage) }</span></td>
                    <td class="nowrap">{ money(d.list_price_fen) }</td>
                    <td class="nowrap">{ money(d.discount_fen) }</td>
                    <td class="nowrap" data-testid="deal-net">{ money(d.net_price_fen) }</td>
                    <td class="nowrap">{ format_time(&d.subscribed_at) }</td>
                </tr>
            }) }
        </DataTable>
    }
}

/// The last eight characters of an id, for display.
pub fn short(id: &str) -> &str {
    id.get(id.len().saturating_sub(8)..).unwrap_or(id)
}
