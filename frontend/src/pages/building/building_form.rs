//! Renaming a building or changing its floor count (PATCH with `If-Match`).

use api_types::{Building, UpdateBuilding};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::format::parse_int;
use crate::i18n::use_t;

#[derive(Debug, Clone, PartialEq)]
struct BuildingDraft {
    name: String,
    floors: String,
}

/// Props of [`BuildingForm`].
#[derive(Properties, PartialEq)]
pub struct BuildingFormProps {
    /// The building as last read.
    pub building: Building,
    /// Saved, or the user asked to reload after a conflict: reload the page data.
    pub onsaved: Callback<()>,
    /// Closes the form.
    pub oncancel: Callback<()>,
}

/// Name and floors of a building.
#[component]
pub fn BuildingForm(props: &BuildingFormProps) -> Html {
    let t = use_t();
    let toast = use_toast();
    let b = props.building.clone();
    let draft = {
        let b = b.clone();
        use_draft(move || BuildingDraft {
            name: b.name,
            floors: b.floors.to_string(),
        })
    };
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let onsubmit = {
        let (draft, errors, busy, onsaved) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.onsaved.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(floors) = parse_int(&draft.0.floors) else {
                let mut local = FormErrors::default();
                local.add("floors", t.fe_number);
                return errors.set(local);
            };
            let name = draft.0.name.trim().to_string();
            let body = UpdateBuilding {
                name: (name != b.name).then_some(name),
                floors: (floors != b.floors).then_some(floors),
            };
            let (errors, busy, onsaved, toast, id, version) = (
                errors.clone(),
                busy.clone(),
                onsaved.clone(),
                toast.clone(),
                b.id.clone(),
                b.version,
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::buildings::update(&id, version, &body).await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        toast.success(t.saved);
                        onsaved.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let e = &*errors;
    html! {
        <form class="form-card panel" data-testid="building-edit-form" {onsubmit} novalidate=true>
            <div class="form-grid">
                <TextField label={t.building_name} value={draft.0.name.clone()} required=true
                    oninput={bind(&draft, |d, v| d.name = v)} testid="building-edit-name" error={e.get("name")} />
                <TextField label={t.floors} value={draft.0.floors.clone()} input_type="number" required=true
                    oninput={bind(&draft, |d, v| d.floors = v)} testid="building-edit-floors"
                    error={e.get("floors")} />
            </div>
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="building-edit-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="building-edit-submit" disabled={*busy}>
                    { if *busy { t.saving } else { t.save } }
                </button>
                if e.is_stale() {
                    <button type="button" class="btn" data-testid="building-reload"
                        onclick={props.onsaved.reform(|_: MouseEvent| ())}>{ t.reload }</button>
                }
                <button type="button" class="btn" onclick={props.oncancel.reform(|_: MouseEvent| ())}>{ t.cancel }</button>
            </div>
        </form>
    }
}
