//! The deal's unit (a link to its building's sales-control grid) and the
//! unit change (换房) form: another available unit of the same project.

use api_types::{ChangeDealUnit, Deal, Unit};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{deals, units};
use crate::app::Route;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, SelectField, TextField};
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::format::unit_price_short;
use crate::i18n::use_lang;

/// Props of [`UnitLink`].
#[derive(Properties, PartialEq)]
pub struct UnitLinkProps {
    /// The unit.
    pub unit_id: String,
}

/// The unit's number, linking to its building's grid.
#[component]
pub fn UnitLink(props: &UnitLinkProps) -> Html {
    let lang = use_lang().lang;
    let dt = lang.deals();
    let unit = use_state(|| None::<Unit>);
    {
        let unit = unit.clone();
        use_effect_with(props.unit_id.clone(), move |id| {
            let id = id.clone();
            spawn_local(async move {
                if let Ok(u) = units::fetch(&id).await {
                    unit.set(Some(u));
                }
            });
        });
    }
    match &*unit {
        Some(u) => html! {
            <NavLink to={Route::Building { id: u.building_id.clone() }} class="btn btn-small" testid="deal-unit-link">
                { format!("{} {} · {}", dt.unit, u.number, lang.status_label(u.status)) }
            </NavLink>
        },
        None => html! {},
    }
}

/// Props of [`ChangeUnitForm`].
#[derive(Properties, PartialEq)]
pub struct ChangeUnitFormProps {
    /// The deal (subscribed).
    pub deal: Deal,
    /// The updated deal.
    pub onupdated: Callback<Deal>,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct ChangeDraft {
    unit_id: String,
    reason: String,
}

/// Picks an available unit of the project and a reason.
#[component]
pub fn ChangeUnitForm(props: &ChangeUnitFormProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let toast = use_toast();
    let options = use_state(Vec::<Unit>::new);
    {
        let options = options.clone();
        use_effect_with(props.deal.project_id.clone(), move |pid| {
            let pid = pid.clone();
            spawn_local(async move {
                if let Ok(p) = units::available_in_project(&pid).await {
                    options.set(p.data);
                }
            });
        });
    }
    let draft = use_draft(ChangeDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);
    let onsubmit = {
        let (draft, errors, busy, options) =
            (draft.clone(), errors.clone(), busy.clone(), options.clone());
        let (id, onupdated) = (props.deal.id.clone(), props.onupdated.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let unit_id = if draft.0.unit_id.is_empty() {
                options.first().map(|u| u.id.clone()).unwrap_or_default()
            } else {
                draft.0.unit_id.clone()
            };
            let body = ChangeDealUnit {
                unit_id,
                occurred_at: None,
                reason: draft.0.reason.trim().to_string(),
            };
            let (errors, busy, id, onupdated, toast) = (
                errors.clone(),
                busy.clone(),
                id.clone(),
                onupdated.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = deals::change_unit(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(d) => {
                        errors.set(FormErrors::default());
                        toast.success(dt.saved);
                        onupdated.emit(d);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let opts: Vec<(AttrValue, AttrValue)> = options
        .iter()
        .map(|u| {
            let label = format!(
                "{} · {}",
                u.number,
                unit_price_short(lang, u.list_price_fen)
            );
            (AttrValue::from(u.id.clone()), AttrValue::from(label))
        })
        .collect();
    let e = &*errors;
    html! {
        <form class="form-card" data-testid="deal-change-form" {onsubmit} novalidate=true>
            <h3>{ dt.change_unit }</h3>
            if opts.is_empty() {
                <p class="muted">{ dt.no_available }</p>
            } else {
                <SelectField label={dt.new_unit} value={draft.0.unit_id.clone()} options={opts}
                    onchange={bind(&draft, |d, v| d.unit_id = v)} testid="deal-change-unit" error={e.get("unit_id")} />
                <TextField label={dt.reason} value={draft.0.reason.clone()} required=true
                    oninput={bind(&draft, |d, v| d.reason = v)} testid="deal-change-reason" error={e.get("reason")} />
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="deal-change-error" />
                <div class="form-actions">
                    <button class="btn" type="submit" data-testid="deal-change-submit" disabled={*busy}>{ dt.change_unit }</button>
                </div>
            }
        </form>
    }
}
