//! Planning a delivery batch (`/delivery/new`): a project, a name, the planned
//! handover day and the units, chosen building by building.

use std::collections::BTreeSet;

use api_types::{Building, CreateDeliveryBatch, Unit, UnitStatus};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::{buildings, delivery_plan, units, ApiError};
use crate::app::Route;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{
    bind, edit, use_draft, FieldErrorText, FormErrors, SelectField, TextField,
};
use crate::components::keyed_send::use_keyed_send;
use crate::components::nav_link::NavLink;
use crate::components::project_names::{project_options, use_projects};
use crate::components::toast::use_toast;
use crate::format::parse_local_date;
use crate::i18n::{use_lang, DeliveryStrings};

/// What the form edits.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchDraft {
    /// Project id.
    pub project_id: String,
    /// Batch name.
    pub name: String,
    /// Planned handover day as typed (`YYYY-MM-DD`).
    pub day: String,
    /// Which units are listed (`""`: all).
    pub unit_status: String,
    /// The chosen units.
    pub unit_ids: BTreeSet<String>,
}

impl Default for BatchDraft {
    fn default() -> Self {
        BatchDraft {
            project_id: String::new(),
            name: String::new(),
            day: String::new(),
            unit_status: UnitStatus::Signed.as_str().to_string(),
            unit_ids: BTreeSet::new(),
        }
    }
}

/// The request for a complete draft, or the fields that are missing.
pub fn to_request(d: &BatchDraft, s: &DeliveryStrings) -> Result<CreateDeliveryBatch, FormErrors> {
    let mut errors = FormErrors::default();
    if d.project_id.is_empty() {
        errors.add("project_id", s.need_project);
    }
    if d.name.trim().is_empty() {
        errors.add("name", s.need_name);
    }
    let handover_at = parse_local_date(&d.day);
    if handover_at.is_none() {
        errors.add("handover_at", s.need_date);
    }
    if d.unit_ids.is_empty() {
        errors.add("unit_ids", s.need_units);
    }
    match handover_at {
        Some(handover_at) if errors.is_empty() => Ok(CreateDeliveryBatch {
            project_id: d.project_id.clone(),
            name: d.name.trim().to_string(),
            handover_at,
            unit_ids: d.unit_ids.iter().cloned().collect(),
        }),
        _ => Err(errors),
    }
}

/// Units by building (in the buildings' order, then floor and number).
pub fn by_building<'a>(
    buildings: &'a [Building],
    units: &'a [Unit],
) -> Vec<(&'a str, Vec<&'a Unit>)> {
    let mut out: Vec<(&str, Vec<&Unit>)> = buildings
        .iter()
        .map(|b| {
            let mut us: Vec<&Unit> = units.iter().filter(|u| u.building_id == b.id).collect();
            us.sort_by(|a, b| (a.floor, &a.number).cmp(&(b.floor, &b.number)));
            (b.name.as_str(), us)
        })
        .filter(|(_, us)| !us.is_empty())
        .collect();
    out.sort_by(|a, b| a.0.cmp(b.0));
    out
}

/// The batch creation screen.
#[component]
pub fn NewBatchPage() -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let projects = use_projects();
    let draft = use_draft(BatchDraft::default);
    let found = use_state(|| (Vec::<Building>::new(), Vec::<Unit>::new()));
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let navigator = use_navigator();
    let toast = use_toast();
    {
        let (found, load_error) = (found.clone(), load_error.clone());
        let deps = (draft.0.project_id.clone(), draft.0.unit_status.clone());
        use_effect_with(deps, move |(project_id, status)| {
            found.set((Vec::new(), Vec::new()));
            let (project_id, status) = (project_id.clone(), UnitStatus::parse(status));
            if !project_id.is_empty() {
                spawn_local(async move {
                    let loaded = async {
                        let bs = buildings::list(&project_id, 200, None).await?.data;
                        let us = units::all_in_project(&project_id, status).await?;
                        Ok::<_, ApiError>((bs, us))
                    };
                    match loaded.await {
                        Ok(v) => {
                            load_error.set(None);
                            found.set(v);
                        }
                        Err(e) => load_error.set(Some(e)),
                    }
                });
            }
        });
    }
    let onsubmit = {
        let (draft, errors, sending) = (draft.clone(), errors.clone(), sending.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match to_request(&draft.0, d) {
                Ok(b) => b,
                Err(e) => return errors.set(e),
            };
            let (errors, navigator, toast) = (errors.clone(), navigator.clone(), toast.clone());
            sending.run(
                move |key| async move { delivery_plan::create_batch(&body, &key).await },
                move |result| match result {
                    Ok(b) => {
                        toast.success(d.batch_created);
                        if let Some(nav) = navigator {
                            nav.push(&Route::DeliveryBatch { id: b.id });
                        }
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let on_project = {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            edit(&draft, move |d| {
                d.project_id = v;
                d.unit_ids.clear();
            })
        })
    };
    let on_status = {
        let draft = draft.clone();
        Callback::from(move |v: String| {
            edit(&draft, move |d| {
                d.unit_status = v;
                d.unit_ids.clear();
            })
        })
    };
    let all_ids: Vec<String> = found.1.iter().map(|u| u.id.clone()).collect();
    let select_all = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| {
            let ids = all_ids.clone();
            edit(&draft, move |d| d.unit_ids = ids.into_iter().collect())
        })
    };
    let select_none = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| edit(&draft, |d| d.unit_ids.clear()))
    };
    let mut status_options = vec![(AttrValue::from(""), AttrValue::from(d.all_units))];
    status_options.extend(UnitStatus::ALL.iter().map(|s| {
        (
            AttrValue::from(s.as_str()),
            AttrValue::from(lang.status_label(*s)),
        )
    }));
    let e = &*errors;
    let groups = by_building(&found.0, &found.1);
    html! {
        <div class="page" data-testid="new-batch-page">
            <nav class="breadcrumb">
                <NavLink to={Route::DeliveryBatches}>{ d.batches_title }</NavLink>
                <span>{ "/" }</span><span>{ d.new_batch }</span>
            </nav>
            <div class="page-head"><h1>{ d.new_batch }</h1></div>
            <form class="form-card" data-testid="batch-form" {onsubmit} novalidate=true>
                <div class="form-grid">
                    <SelectField label={d.project} value={draft.0.project_id.clone()} required=true
                        options={project_options(&projects, d.choose_project)} onchange={on_project}
                        testid="batch-project" error={e.get("project_id")} />
                    <TextField label={d.batch_name} value={draft.0.name.clone()} required=true
                        oninput={bind(&draft, |d, v| d.name = v)} testid="batch-name" error={e.get("name")} />
                    <TextField label={d.handover_at} value={draft.0.day.clone()} input_type="date" required=true
                        oninput={bind(&draft, |d, v| d.day = v)} testid="batch-handover" error={e.get("handover_at")} />
                    <SelectField label={d.unit_filter} value={draft.0.unit_status.clone()} options={status_options}
                        onchange={on_status} testid="batch-unit-status" />
                </div>
                <h2>{ format!("{} ({} {})", d.pick_units, d.units_selected, draft.0.unit_ids.len()) }</h2>
                <ErrorBanner error={(*load_error).clone()} />
                <FieldErrorText error={e.get("unit_ids")} testid="batch-units" />
                if !draft.0.project_id.is_empty() {
                    <div class="form-inline">
                        <button class="btn btn-small" type="button" data-testid="batch-select-all" onclick={select_all}>{ d.select_all }</button>
                        <button class="btn btn-small" type="button" onclick={select_none}>{ d.select_none }</button>
                    </div>
                    if groups.is_empty() && load_error.is_none() { <p class="muted">{ d.no_units }</p> }
                    { for groups.iter().map(|(name, us)| html! {
                        <fieldset class="unit-pick" data-testid="batch-building">
                            <legend>{ format!("{} {}", d.building, name) }</legend>
                            { for us.iter().map(|u| unit_box(&draft, u)) }
                        </fieldset>
                    }) }
                }
                <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="batch-form-error" />
                <div class="form-actions">
                    <button class="btn btn-primary" type="submit" data-testid="batch-submit" disabled={sending.busy()}>
                        { if sending.busy() { t.saving } else { d.create_batch } }
                    </button>
                </div>
            </form>
        </div>
    }
}

/// A unit's checkbox.
fn unit_box(
    draft: &UseReducerHandle<crate::components::form::Draft<BatchDraft>>,
    u: &Unit,
) -> Html {
    let checked = draft.0.unit_ids.contains(&u.id);
    let onchange = {
        let (draft, id) = (draft.clone(), u.id.clone());
        Callback::from(move |e: Event| {
            let on = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked();
            let id = id.clone();
            edit(&draft, move |d| {
                if on {
                    d.unit_ids.insert(id);
                } else {
                    d.unit_ids.remove(&id);
                }
            })
        })
    };
    html! {
        <label class="check">
            <input type="checkbox" {checked} data-testid="batch-unit-check" data-id={u.id.clone()} {onchange} />
            <span>{ u.number.clone() }</span>
        </label>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn complete() -> BatchDraft {
        BatchDraft {
            project_id: "p1".into(),
            name: " 一期交付 ".into(),
            day: "2027-03-01".into(),
            unit_status: String::new(),
            unit_ids: ["u2".to_string(), "u1".to_string()].into_iter().collect(),
        }
    }

    #[test]
    fn a_complete_draft_becomes_the_request_with_a_trimmed_name() {
        let req = to_request(&complete(), Lang::ZhCn.delivery()).expect("complete");
        assert_eq!(req.project_id, "p1");
        assert_eq!(req.name, "一期交付");
        assert_eq!(req.unit_ids, vec!["u1".to_string(), "u2".to_string()]);
        assert_eq!(crate::format::date_input(&req.handover_at), "2027-03-01");
    }

    #[test]
    fn each_missing_field_is_named() {
        let s = Lang::ZhCn.delivery();
        let empty = BatchDraft::default();
        let e = to_request(&empty, s).expect_err("empty");
        assert_eq!(e.get("project_id").as_deref(), Some(s.need_project));
        assert_eq!(e.get("name").as_deref(), Some(s.need_name));
        assert_eq!(e.get("handover_at").as_deref(), Some(s.need_date));
        assert_eq!(e.get("unit_ids").as_deref(), Some(s.need_units));
        let mut no_units = complete();
        no_units.unit_ids.clear();
        let e = to_request(&no_units, s).expect_err("no units");
        assert_eq!(e.get("unit_ids").as_deref(), Some(s.need_units));
        assert_eq!(e.get("name"), None);
    }
}
