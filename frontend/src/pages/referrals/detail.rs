//! One referral (`/referrals/:id`): the decision with its rule, signals, the
//! review, the reward and the history; the head of CRM decides the review,
//! approves the reward and records its payment.

use api_types::{
    ApproveReferralReward, PayReferralReward, Referral, ReferralReward, ReferralStatus,
    ReviewDecision, ReviewReferral, ReviewStatus,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::status_word;
use crate::api::{referrals as api, ApiError};
use crate::app::Route;
use crate::auth::{approves_referrals, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::form::{SelectField, TextField};
use crate::components::nav_link::NavLink;
use crate::format::{format_time, money};
use crate::i18n::use_lang;

/// Props of [`ReferralPage`].
#[derive(Properties, PartialEq)]
pub struct ReferralPageProps {
    /// Referral id.
    pub id: String,
}

/// The referral page.
#[component]
pub fn ReferralPage(props: &ReferralPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, rt) = (lang.strings(), lang.referrals());
    let approver = use_auth().me().is_some_and(|m| approves_referrals(m.role));
    let referral = use_state(|| None::<Referral>);
    let error = use_state(|| None::<ApiError>);
    let note = use_state(String::new);
    let reward = use_state(|| "shopping_card".to_string());
    let reference = use_state(String::new);
    let reload = {
        let (referral, error, id) = (referral.clone(), error.clone(), props.id.clone());
        Callback::from(move |()| {
            let (referral, error, id) = (referral.clone(), error.clone(), id.clone());
            spawn_local(async move {
                match api::fetch(&id).await {
                    Ok(r) => referral.set(Some(r)),
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with(props.id.clone(), move |_| reload.emit(()));
    }
    let done = {
        let (referral, error) = (referral.clone(), error.clone());
        Callback::from(move |r: Result<Referral, ApiError>| match r {
            Ok(r) => {
                error.set(None);
                referral.set(Some(r));
            }
            Err(e) => error.set(Some(e)),
        })
    };
    let Some(r) = (*referral).clone() else {
        return html! {
            <div class="page" data-testid="referral-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let id = r.id.clone();
    let on_review = |decision: ReviewDecision| {
        let (id, note, done) = (id.clone(), note.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let body = ReviewReferral {
                decision,
                note: (*note).clone(),
            };
            let (id, done) = (id.clone(), done.clone());
            spawn_local(async move { done.emit(api::review(&id, &body).await) });
        })
    };
    let on_approve = {
        let (id, reward, done) = (id.clone(), reward.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let body = ApproveReferralReward {
                reward: ReferralReward::parse(&reward),
                ..ApproveReferralReward::default()
            };
            let (id, done) = (id.clone(), done.clone());
            spawn_local(async move { done.emit(api::approve(&id, &body).await) });
        })
    };
    let on_pay = {
        let (id, reference, done) = (id.clone(), reference.clone(), done.clone());
        Callback::from(move |_: MouseEvent| {
            let body = PayReferralReward {
                reference: (*reference).clone(),
            };
            let (id, done) = (id.clone(), done.clone());
            spawn_local(async move { done.emit(api::pay(&id, &body).await) });
        })
    };
    let rewards: Vec<(AttrValue, AttrValue)> = ReferralReward::ALL
        .iter()
        .map(|w| {
            (
                w.as_str().into(),
                lang.word(w.label_zh(), w.as_str()).into(),
            )
        })
        .collect();
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    html! {
        <div class="page" data-testid="referral-page" data-status={r.status.as_str()}>
            <nav class="breadcrumb">
                <NavLink to={Route::Referrals}>{ rt.nav_referrals }</NavLink>
                <span>{ "/" }</span><span>{ r.friend_name.clone() }</span>
            </nav>
            <div class="page-head">
                <h1>{ format!("{} {}", r.friend_name, r.friend_phone_masked) }</h1>
                <span class="badge" data-testid="referral-status">{ status_word(lang, r.status) }</span>
            </div>
            <ErrorBanner error={(*error).clone()} />
            <section class="panel" data-testid="referral-facts">
                <dl class="facts">
                    <dt>{ rt.referrer }</dt>
                    <dd><NavLink to={Route::Customer { id: r.referrer_customer_id.clone() }}>{ rt.referrer }</NavLink></dd>
                    <dt>{ rt.decision }</dt><dd data-testid="referral-decision">{ r.decision.clone() }</dd>
                    <dt>{ rt.rule }</dt><dd class="mono" data-testid="referral-rule">{ r.rule.clone() }</dd>
                    <dt>{ rt.protected_until }</dt><dd>{ r.protected_until.as_ref().map(format_time).unwrap_or_default() }</dd>
                    <dt>{ rt.review }</dt>
                    <dd data-testid="referral-review">{ lang.word(r.review_status.label_zh(), r.review_status.as_str()) }
                        { r.review_due_at.as_ref().map(|d| format!(" · {} {}", rt.review_due, format_time(d))).unwrap_or_default() }</dd>
                    <dt>{ rt.signals }</dt>
                    <dd>{ for r.signals.iter().map(|s| html! { <div class="hint">{ format!("{}: {}", lang.word(s.signal.label_zh(), s.signal.as_str()), s.detail) }</div> }) }</dd>
                    <dt>{ rt.reward }</dt>
                    <dd data-testid="referral-reward">
                        { r.reward.map(|w| lang.word(w.label_zh(), w.as_str())).unwrap_or_else(|| rt.not_chosen.into()) }
                        { r.reward_amount_fen.map(|a| format!(" · {} ({})", money(a), r.reward_rule)).unwrap_or_default() }
                    </dd>
                    if let Some(d) = &r.deal_id {
                        <dt>{ rt.deal }</dt><dd><NavLink to={Route::Deal { id: d.clone() }}>{ format!("#{}", crate::pages::customer::short(d)) }</NavLink></dd>
                    }
                </dl>
            </section>
            if approver && r.review_status == ReviewStatus::Pending {
                <section class="panel" data-testid="referral-review-form">
                    <h2>{ rt.review }</h2>
                    <TextField label={rt.note} value={(*note).clone()} oninput={text(&note)} testid="review-note" />
                    <div class="form-actions">
                        <button class="btn btn-primary" data-testid="review-clear" onclick={on_review(ReviewDecision::Cleared)}>{ rt.clear }</button>
                        <button class="btn" data-testid="review-reject" onclick={on_review(ReviewDecision::Rejected)}>{ rt.reject }</button>
                    </div>
                </section>
            }
            if approver && r.status == ReferralStatus::RewardPending {
                <section class="panel" data-testid="referral-approve-form">
                    <h2>{ rt.approve }</h2>
                    <SelectField label={rt.reward} value={(*reward).clone()} options={rewards} onchange={text(&reward)} testid="approve-reward" />
                    <div class="form-actions">
                        <button class="btn btn-primary" data-testid="referral-approve" onclick={on_approve}>{ rt.approve }</button>
                    </div>
                </section>
            }
            if approver && r.status == ReferralStatus::Approved {
                <section class="panel" data-testid="referral-pay-form">
                    <h2>{ rt.pay }</h2>
                    <TextField label={rt.reference} value={(*reference).clone()} oninput={text(&reference)} testid="pay-reference" />
                    <div class="form-actions">
                        <button class="btn btn-primary" data-testid="referral-pay" onclick={on_pay}>{ rt.pay }</button>
                    </div>
                </section>
            }
            <section class="panel" data-testid="referral-history">
                <h2>{ rt.history }</h2>
                <ul class="timeline">
                    { for r.events.iter().map(|e| html! {
                        <li data-testid="referral-event" data-kind={e.kind.clone()}>
                            <span class="muted">{ format_time(&e.at) }</span>{ " " }
                            <strong>{ e.kind.clone() }</strong>{ " " }{ e.reason.clone() }
                        </li>
                    }) }
                </ul>
            </section>
        </div>
    }
}
