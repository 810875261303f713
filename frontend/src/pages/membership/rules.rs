//! `/settings/membership-tiers` and `/settings/membership-points`: GET with
//! the version, PUT with `If-Match`.

use std::rc::Rc;

use api_types::{
    MembershipPointsRules, MembershipPointsRulesSetting, MembershipTierRules,
    MembershipTierRulesSetting,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{use_edits_membership, MembershipFrame, NumbersForm};
use crate::api::{membership as api, ApiError};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{CheckField, FormErrors};
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::{use_lang, LeadStrings};

fn version_line(lt: &LeadStrings, version: i32, at: Option<chrono::DateTime<chrono::Utc>>) -> Html {
    html! {
        <p class="hint" data-testid="settings-version" data-version={version.to_string()}>
            { format!("{} {version}", lt.version) }
            { if version == 0 { format!(" · {}", lt.defaults_in_force) } else { String::new() } }
            { at.as_ref().map(|at| format!(" · {}", format_time(at))).unwrap_or_default() }
        </p>
    }
}

/// The tier rules.
#[component]
pub fn TierRulesPage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let editable = use_edits_membership();
    let setting = use_state(|| None::<MembershipTierRulesSetting>);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let downgrade = use_state(|| true);
    let reload = {
        let (setting, load_error, errors, downgrade) = (
            setting.clone(),
            load_error.clone(),
            errors.clone(),
            downgrade.clone(),
        );
        Callback::from(move |()| {
            let (setting, load_error, errors, downgrade) = (
                setting.clone(),
                load_error.clone(),
                errors.clone(),
                downgrade.clone(),
            );
            spawn_local(async move {
                match api::tier_rules().await {
                    Ok(s) => {
                        downgrade.set(s.rules.downgrade_on_withdrawal);
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
        ("silver_min_purchases", dt.silver_min_purchases),
        ("silver_min_referrals", dt.silver_min_referrals),
        ("gold_min_referrals", dt.gold_min_referrals),
        ("silver_discount_bp", dt.silver_discount_bp),
        ("gold_discount_bp", dt.gold_discount_bp),
    ]);
    let onsave = {
        let (setting, errors, busy, downgrade) = (
            setting.clone(),
            errors.clone(),
            busy.clone(),
            downgrade.clone(),
        );
        Callback::from(move |v: Vec<i64>| {
            let Some(current) = (*setting).clone() else {
                return;
            };
            let body = MembershipTierRules {
                silver_min_purchases: v[0] as i32,
                silver_min_referrals: v[1] as i32,
                gold_min_referrals: v[2] as i32,
                silver_discount_bp: v[3],
                gold_discount_bp: v[4],
                downgrade_on_withdrawal: *downgrade,
            };
            let (setting, errors, busy, toast) =
                (setting.clone(), errors.clone(), busy.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api::put_tier_rules(current.version, &body).await;
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
    html! {
        <MembershipFrame active={Route::MembershipTiers}>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if let Some(s) = &*setting {
                { version_line(lang.leads(), s.version, s.updated_at) }
                <NumbersForm key={s.version.to_string()} {fields} testid="tier-rules-form"
                    values={vec![s.rules.silver_min_purchases.into(), s.rules.silver_min_referrals.into(),
                        s.rules.gold_min_referrals.into(), s.rules.silver_discount_bp, s.rules.gold_discount_bp]}
                    {onsave} errors={(*errors).clone()} busy={*busy} onreload={reload.clone()}>
                    <CheckField label={dt.downgrade_on_withdrawal} checked={*downgrade} disabled={!editable}
                        onchange={Callback::from({ let d = downgrade.clone(); move |v| d.set(v) })} testid="ms-downgrade" />
                </NumbersForm>
            }
        </MembershipFrame>
    }
}

/// The points rules.
#[component]
pub fn PointsRulesPage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let setting = use_state(|| None::<MembershipPointsRulesSetting>);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let reload = {
        let (setting, load_error, errors) = (setting.clone(), load_error.clone(), errors.clone());
        Callback::from(move |()| {
            let (setting, load_error, errors) =
                (setting.clone(), load_error.clone(), errors.clone());
            spawn_local(async move {
                match api::points_rules().await {
                    Ok(s) => {
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
        ("contract_points", dt.contract_points),
        ("contract_yuan", dt.contract_yuan),
        ("referral_points", dt.referral_points),
        ("survey_points", dt.survey_points),
        ("expiry_months", dt.expiry_months),
    ]);
    let onsave = {
        let (setting, errors, busy) = (setting.clone(), errors.clone(), busy.clone());
        Callback::from(move |v: Vec<i64>| {
            let Some(current) = (*setting).clone() else {
                return;
            };
            let body = MembershipPointsRules {
                contract_points: v[0],
                contract_yuan: v[1],
                referral_points: v[2],
                survey_points: v[3],
                expiry_months: v[4] as i32,
            };
            let (setting, errors, busy, toast) =
                (setting.clone(), errors.clone(), busy.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = api::put_points_rules(current.version, &body).await;
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
    html! {
        <MembershipFrame active={Route::MembershipPoints}>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if let Some(s) = &*setting {
                { version_line(lang.leads(), s.version, s.updated_at) }
                <NumbersForm key={s.version.to_string()} {fields} testid="points-rules-form"
                    values={vec![s.rules.contract_points, s.rules.contract_yuan, s.rules.referral_points,
                        s.rules.survey_points, s.rules.expiry_months.into()]}
                    {onsave} errors={(*errors).clone()} busy={*busy} onreload={reload.clone()} />
            }
        </MembershipFrame>
    }
}
