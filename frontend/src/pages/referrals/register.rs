//! The referral panel of the customer page: register a friend (报备) on the
//! owner's behalf, and the owner's referrals.

use api_types::{ConsentInput, CreateReferral, Project, ReferralReward};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::ReferralTable;
use crate::api::{projects, referrals as api, ApiError};
use crate::components::alert::ErrorBanner;
use crate::components::form::{CheckField, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::pagination::{use_paged, PAGE_SIZE};
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Props of [`ReferralPanel`].
#[derive(Properties, PartialEq)]
pub struct ReferralPanelProps {
    /// The owner (referrer).
    pub customer_id: String,
}

/// Register a friend for the owner; the owner's referrals.
#[component]
pub fn ReferralPanel(props: &ReferralPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, rt) = (lang.strings(), lang.referrals());
    let toast = use_toast();
    let name = use_state(String::new);
    let phone = use_state(String::new);
    let project = use_state(String::new);
    let reward = use_state(String::new);
    let consent = use_state(|| false);
    let sending = use_keyed_send();
    let errors = use_state(FormErrors::default);
    let error = use_state(|| None::<ApiError>);
    let list_of = use_state(|| None::<Vec<Project>>);
    {
        let (list_of, project) = (list_of.clone(), project.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(ps) = projects::list_all().await {
                    if let Some(p) = ps.first() {
                        project.set(p.id.clone());
                    }
                    list_of.set(Some(ps));
                }
            });
        });
    }
    let list = use_paged(props.customer_id.clone(), |c, cursor| {
        Box::pin(async move { api::list(None, false, Some(c), PAGE_SIZE, cursor).await })
    });
    let text = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let onsubmit = {
        let (name, phone, project, reward, consent, sending, errors, error, toast, reload) = (
            name.clone(),
            phone.clone(),
            project.clone(),
            reward.clone(),
            consent.clone(),
            sending.clone(),
            errors.clone(),
            error.clone(),
            toast.clone(),
            list.reload.clone(),
        );
        let referrer = props.customer_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if !*consent {
                let mut errs = FormErrors::default();
                errs.add("consent", t.fe_required);
                return errors.set(errs);
            }
            let body = CreateReferral {
                referrer_customer_id: referrer.clone(),
                friend_name: (*name).clone(),
                friend_phone: (*phone).clone(),
                project_id: (*project).clone(),
                reward: ReferralReward::parse(&reward),
                consent: ConsentInput {
                    purpose: "referral_contact".into(),
                    notice_version: "2026-01".into(),
                },
            };
            let (name, phone, errors, error, toast, reload) = (
                name.clone(),
                phone.clone(),
                errors.clone(),
                error.clone(),
                toast.clone(),
                reload.clone(),
            );
            sending.run(
                move |key| async move { api::create(&body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        toast.success(rt.registered_ok);
                        name.set(String::new());
                        phone.set(String::new());
                        errors.set(FormErrors::default());
                        error.set(None);
                        reload.emit(());
                    }
                    Err(e) => {
                        errors.set(FormErrors::from_api(t, &e));
                        error.set(Some(e));
                    }
                },
            );
        })
    };
    let projects: Vec<(AttrValue, AttrValue)> = list_of
        .as_ref()
        .map(|ps| {
            ps.iter()
                .map(|p| (p.id.clone().into(), p.name.clone().into()))
                .collect()
        })
        .unwrap_or_default();
    let mut rewards: Vec<(AttrValue, AttrValue)> = vec![("".into(), rt.not_chosen.into())];
    rewards.extend(ReferralReward::ALL.iter().map(|w| {
        (
            w.as_str().into(),
            lang.word(w.label_zh(), w.as_str()).into(),
        )
    }));
    let s = &*list.state;
    html! {
        <section class="panel" data-testid="customer-referrals">
            <h2>{ rt.referrals_of_customer }</h2>
            <ReferralTable items={s.items.clone()} loading={s.loading} />
            <form class="form-card" data-testid="referral-form" {onsubmit} novalidate=true>
                <h3>{ rt.register_title }</h3>
                <ErrorBanner error={(*error).clone()} />
                <div class="form-grid">
                    <TextField label={rt.friend_name} value={(*name).clone()} oninput={text(&name)} testid="referral-friend-name"
                        error={errors.get("friend_name")} required=true />
                    <TextField label={rt.friend_phone} value={(*phone).clone()} oninput={text(&phone)} testid="referral-friend-phone"
                        error={errors.get("friend_phone")} required=true />
                    <SelectField label={rt.project} value={(*project).clone()} options={projects} required=true onchange={text(&project)}
                        testid="referral-project" error={errors.get("project_id")} />
                    <SelectField label={rt.reward} value={(*reward).clone()} options={rewards} onchange={text(&reward)} testid="referral-reward" />
                </div>
                <CheckField label={rt.consent_given} checked={*consent}
                    onchange={Callback::from({ let c = consent.clone(); move |v| c.set(v) })} testid="referral-consent" />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="referral-submit" disabled={sending.busy()}>{ rt.register }</button>
                </div>
            </form>
        </section>
    }
}
