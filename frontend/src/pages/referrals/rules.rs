//! `/settings/referral-rules`: the numbers of the referral process (DOMAIN §5
//! defaults at version 0); read by admins and sales managers, changed by the
//! head of CRM with `If-Match` (a 412 offers a reload). Below them, for
//! admins and the head of CRM, the staff and agency phone list the
//! "exclude staff and agencies" rule checks against.

use std::rc::Rc;

use api_types::{ReferralRules, ReferralRulesSetting};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::StaffPhonesSection;
use crate::api::{referrals as api, ApiError};
use crate::auth::{keeps_staff_phones, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::form::{CheckField, FormErrors};
use crate::components::toast::use_toast;
use crate::i18n::use_lang;
use crate::pages::membership::{use_edits_membership, NumbersForm};

/// The referral rules.
#[component]
pub fn ReferralRulesPage() -> Html {
    let lang = use_lang().lang;
    let (t, rt, lt) = (lang.strings(), lang.referrals(), lang.leads());
    let toast = use_toast();
    let editable = use_edits_membership();
    let keeps_phones = use_auth().me().is_some_and(|m| keeps_staff_phones(m.role));
    let setting = use_state(|| None::<ReferralRulesSetting>);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let relatives = use_state(|| true);
    let staff = use_state(|| true);
    let reload = {
        let (setting, load_error, errors, relatives, staff) = (
            setting.clone(),
            load_error.clone(),
            errors.clone(),
            relatives.clone(),
            staff.clone(),
        );
        Callback::from(move |()| {
            let (setting, load_error, errors, relatives, staff) = (
                setting.clone(),
                load_error.clone(),
                errors.clone(),
                relatives.clone(),
                staff.clone(),
            );
            spawn_local(async move {
                match api::rules().await {
                    Ok(s) => {
                        relatives.set(s.rules.exclude_relatives);
                        staff.set(s.rules.exclude_staff_phones);
                        errors.set(FormErrors::default());
                        load_error.set(None);
                        setting.set(Some(s));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let fields = Rc::new(vec![
        ("no_contact_days", rt.no_contact_days),
        ("protection_days", rt.protection_days),
        ("friend_discount_bp", rt.friend_discount_bp),
        ("shopping_card_fen", rt.shopping_card_fen),
        ("property_fees_months", rt.property_fees_months),
        ("property_fees_value_fen", rt.property_fees_value_fen),
        ("burst_count", rt.burst_count),
        ("burst_hours", rt.burst_hours),
        ("review_hours", rt.review_hours),
    ]);
    let onsave = {
        let (setting, errors, busy, relatives, staff) = (
            setting.clone(),
            errors.clone(),
            busy.clone(),
            relatives.clone(),
            staff.clone(),
        );
        Callback::from(move |v: Vec<i64>| {
            let Some(current) = (*setting).clone() else {
                return;
            };
            let int = |x: i64| i32::try_from(x).unwrap_or(i32::MAX);
            let body = ReferralRules {
                no_contact_days: int(v[0]),
                protection_days: int(v[1]),
                exclude_relatives: *relatives,
                exclude_staff_phones: *staff,
                friend_discount_bp: v[2],
                shopping_card_fen: v[3],
                property_fees_months: int(v[4]),
                property_fees_value_fen: v[5],
                burst_count: int(v[6]),
                burst_hours: int(v[7]),
                review_hours: int(v[8]),
            };
            let (setting, errors, busy, toast) =
                (setting.clone(), errors.clone(), busy.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api::put_rules(current.version, &body).await;
                busy.set(false);
                match result {
                    Ok(s) => {
                        errors.set(FormErrors::default());
                        toast.success(t.saved);
                        setting.set(Some(s));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let flag = |s: &UseStateHandle<bool>| {
        let s = s.clone();
        Callback::from(move |v: bool| s.set(v))
    };
    html! {
        <div class="page" data-testid="referral-rules-page">
            <div class="page-head"><h1>{ rt.rules_title }</h1></div>
            if !editable { <p class="hint">{ lt.read_only }</p> }
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if let Some(s) = &*setting {
                <p class="hint" data-testid="settings-version" data-version={s.version.to_string()}>
                    { format!("{} {}", lt.version, s.version) }
                    { if s.version == 0 { format!(" · {}", lt.defaults_in_force) } else { String::new() } }
                </p>
                <NumbersForm key={s.version.to_string()} {fields} testid="referral-rules-form"
                    values={vec![s.rules.no_contact_days.into(), s.rules.protection_days.into(), s.rules.friend_discount_bp,
                        s.rules.shopping_card_fen, s.rules.property_fees_months.into(), s.rules.property_fees_value_fen,
                        s.rules.burst_count.into(), s.rules.burst_hours.into(), s.rules.review_hours.into()]}
                    {onsave} errors={(*errors).clone()} busy={*busy} onreload={reload.clone()}>
                    <CheckField label={rt.exclude_relatives} checked={*relatives} disabled={!editable}
                        onchange={flag(&relatives)} testid="rr-relatives" />
                    <CheckField label={rt.exclude_staff_phones} checked={*staff} disabled={!editable}
                        onchange={flag(&staff)} testid="rr-staff" />
                </NumbersForm>
            }
            if keeps_phones {
                <StaffPhonesSection />
            }
        </div>
    }
}
