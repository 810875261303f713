//! Membership settings (crm_head changes, admin and sales managers read):
//! tier rules, points rules (`PUT` with `If-Match`, a 412 offers a reload),
//! the benefits catalogue and the points catalogue.

mod benefits;
mod catalogue;
mod rules;

pub use benefits::BenefitsPage;
pub use catalogue::CataloguePage;
pub use rules::{PointsRulesPage, TierRulesPage};

use std::rc::Rc;

use yew::prelude::*;

use crate::app::Route;
use crate::auth::{edits_membership, use_auth};
use crate::components::alert::MessageBanner;
use crate::components::form::{FormErrors, TextField};
use crate::components::nav_link::NavLink;
use crate::format::{fen_to_yuan, parse_yuan};
use crate::i18n::use_lang;

/// True when the signed-in user changes membership settings.
#[hook]
pub fn use_edits_membership() -> bool {
    use_auth().me().is_some_and(|m| edits_membership(m.role))
}

/// Props of [`MembershipFrame`].
#[derive(Properties, PartialEq)]
pub struct MembershipFrameProps {
    /// The active tab.
    pub active: Route,
    /// The tab's content.
    pub children: Html,
}

/// Heading and tabs of the membership settings.
#[component]
pub fn MembershipFrame(props: &MembershipFrameProps) -> Html {
    let lang = use_lang().lang;
    let (dt, lt) = (lang.deals(), lang.leads());
    let editable = use_edits_membership();
    let tab = |route: Route, label: &'static str, testid: &'static str| {
        let active = route == props.active;
        html! {
            <NavLink to={route} class={classes!("tab", active.then_some("tab-active"))} testid={testid}>{ label }</NavLink>
        }
    };
    html! {
        <div class="page" data-testid="membership-settings-page">
            <div class="page-head"><h1>{ dt.nav_membership }</h1></div>
            <nav class="tabs">
                { tab(Route::MembershipTiers, dt.tiers_title, "membership-tab-tiers") }
                { tab(Route::MembershipPoints, dt.points_title, "membership-tab-points") }
                { tab(Route::MembershipBenefits, dt.benefits_title, "membership-tab-benefits") }
                { tab(Route::PointsCatalogue, dt.catalogue_title, "membership-tab-catalogue") }
            </nav>
            if !editable { <p class="hint" data-testid="membership-read-only">{ lt.read_only }</p> }
            { props.children.clone() }
        </div>
    }
}

/// A number field of a rules form: API name and label. A name ending in
/// `_fen` or `_bp` holds hundredths, which staff read and type in yuan or
/// per cent (`12.5` is 1,250 fen or 1,250 bp): see [`hundredths`].
pub type NumberField = (&'static str, &'static str);

/// Whether the field `name` is typed in hundredths' units (yuan for `_fen`, % for `_bp`).
pub fn hundredths(name: &str) -> bool {
    name.ends_with("_fen") || name.ends_with("_bp")
}

/// The field's value as typed: `1250` bp reads `12.50`, `5000` days `5000`.
fn shown(name: &str, v: i64) -> String {
    if hundredths(name) {
        fen_to_yuan(v)
    } else {
        v.to_string()
    }
}

/// The typed text as the API's integer; `None` when it is not a number of the field's kind.
fn typed(name: &str, text: &str) -> Option<i64> {
    if hundredths(name) {
        parse_yuan(text)
    } else {
        text.trim().parse::<i64>().ok()
    }
}

/// Props of [`NumbersForm`].
#[derive(Properties, PartialEq)]
pub struct NumbersFormProps {
    /// The fields, in order.
    pub fields: Rc<Vec<NumberField>>,
    /// Their current values.
    pub values: Vec<i64>,
    /// The parsed values on submit.
    pub onsave: Callback<Vec<i64>>,
    /// Errors of the last save (422 beside fields, 412 with reload).
    pub errors: FormErrors,
    /// Saving.
    pub busy: bool,
    /// Reloads the setting.
    pub onreload: Callback<()>,
    /// More inputs (checkboxes) after the numbers.
    #[prop_or_default]
    pub children: Html,
    /// `data-testid` of the form.
    pub testid: AttrValue,
}

/// Number inputs, the stale-version banner and the save button.
#[component]
pub fn NumbersForm(props: &NumbersFormProps) -> Html {
    let t = use_lang().lang.strings();
    let editable = use_edits_membership();
    let (values, fields) = (props.values.clone(), props.fields.clone());
    let texts = use_state(move || {
        fields
            .iter()
            .zip(values)
            .map(|((name, _), v)| shown(name, v))
            .collect::<Vec<_>>()
    });
    let local = use_state(FormErrors::default);
    let onsubmit = {
        let (texts, local, fields, onsave) = (
            texts.clone(),
            local.clone(),
            props.fields.clone(),
            props.onsave.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let mut errs = FormErrors::default();
            let mut out = Vec::new();
            for ((name, _), text) in fields.iter().zip(texts.iter()) {
                match typed(name, text) {
                    Some(v) => out.push(v),
                    None => errs.add(name, t.fe_number),
                }
            }
            if !errs.is_empty() {
                errs.general = Some(t.err_validation.to_string());
                return local.set(errs);
            }
            local.set(FormErrors::default());
            onsave.emit(out);
        })
    };
    let errors = if local.is_empty() {
        &props.errors
    } else {
        &*local
    };
    let reload = props.onreload.reform(|_: MouseEvent| ());
    html! {
        <section class="panel">
            <form class="form-card" data-testid={props.testid.clone()} {onsubmit} novalidate=true>
                <div class="form-grid">
                    { for props.fields.iter().enumerate().map(|(i, (name, label))| {
                        let oninput = {
                            let texts = texts.clone();
                            Callback::from(move |v: String| {
                                let mut next = (*texts).clone();
                                next[i] = v;
                                texts.set(next);
                            })
                        };
                        html! {
                            <TextField label={*label} value={texts.get(i).cloned().unwrap_or_default()}
                                input_type={if hundredths(name) { "text" } else { "number" }}
                                {oninput} disabled={!editable} testid={format!("ms-{}", name.replace('_', "-"))}
                                error={errors.get(name)} />
                        }
                    }) }
                </div>
                { props.children.clone() }
                if editable {
                    if errors.is_stale() {
                        <div class="alert alert-error" role="alert" data-testid="settings-stale">
                            <span>{ t.err_stale }</span>
                            <button class="btn btn-small" type="button" data-testid="settings-reload" onclick={reload}>{ t.reload }</button>
                        </div>
                    } else {
                        <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="settings-error" />
                    }
                    <div class="form-actions">
                        <button class="btn btn-primary" type="submit" data-testid="settings-save" disabled={props.busy}>
                            { if props.busy { t.saving } else { t.save } }
                        </button>
                    </div>
                }
            </form>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fen_and_basis_points_are_typed_in_yuan_and_per_cent() {
        assert_eq!(shown("friend_discount_bp", 150), "1.50");
        assert_eq!(shown("shopping_card_fen", 50_000), "500");
        assert_eq!(shown("protection_days", 90), "90");
        assert_eq!(typed("silver_discount_bp", "1.5"), Some(150));
        assert_eq!(typed("shopping_card_fen", "1,000"), Some(100_000));
        assert_eq!(typed("shopping_card_fen", "12.345"), None);
        assert_eq!(typed("review_hours", "48"), Some(48));
        assert_eq!(typed("review_hours", "4.5"), None);
    }
}
