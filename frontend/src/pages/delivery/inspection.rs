//! The inspection screen (`/inspections/:id`), made for a tablet: the
//! checklist rooms × items answered with large yes / no / n.a. buttons, and
//! defects captured on the spot with a photo from the camera.

use api_types::{
    CheckResult, ChecklistLine, CreateDefect, DefectCategory, DefectSeverity, Inspection,
    InspectionStatus, UpdateChecklist,
};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::defects::UnitDefects;
use super::use_loaded;
use crate::api::membership::new_key;
use crate::api::{delivery, ApiError};
use crate::app::Route;
use crate::auth::{inspects_units, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Props of [`InspectionPage`].
#[derive(Properties, PartialEq)]
pub struct InspectionPageProps {
    /// Inspection id from the URL.
    pub id: String,
}

/// The inspection screen.
#[component]
pub fn InspectionPage(props: &InspectionPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let may_edit = use_auth().me().is_some_and(|m| inspects_units(m.role));
    let (loaded, error, reload) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { delivery::inspection(&id).await })
    });
    let Some(insp) = (*loaded).clone() else {
        return html! {
            <div class="page" data-testid="inspection-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let updated = {
        let loaded = loaded.clone();
        Callback::from(move |i: Inspection| loaded.set(Some(i)))
    };
    let editable = may_edit && insp.status == InspectionStatus::InProgress;
    let rooms: Vec<String> = rooms_of(&insp.checklist);
    html! {
        <div class="page inspection-screen" data-testid="inspection-page" data-id={insp.id.clone()} data-status={insp.status.as_str()}>
            <nav class="breadcrumb">
                <NavLink to={Route::DeliveryUnit { id: insp.unit_id.clone() }} testid="inspection-unit-link">{ d.unit_title }</NavLink>
                <span>{ "/" }</span><span>{ lang.label(insp.kind) }</span>
            </nav>
            <div class="page-head">
                <h1>{ lang.label(insp.kind) }</h1>
                <span class="badge" data-testid="inspection-status">{ lang.label(insp.status) }</span>
            </div>
            <Checklist inspection={insp.clone()} {editable} onchanged={updated} />
            if may_edit {
                <DefectCapture inspection_id={insp.id.clone()} rooms={rooms} onrecorded={reload.clone()} />
            }
            <section class="panel">
                <h2>{ d.defects_title }</h2>
                <UnitDefects key={format!("{}-{}", insp.unit_id, insp.defect_ids.len())} unit_id={insp.unit_id.clone()} />
            </section>
        </div>
    }
}

/// The rooms of a checklist, in order.
fn rooms_of(lines: &[ChecklistLine]) -> Vec<String> {
    let mut rooms: Vec<String> = Vec::new();
    for l in lines {
        if !rooms.contains(&l.room) {
            rooms.push(l.room.clone());
        }
    }
    rooms
}

/// Props of [`Checklist`].
#[derive(Properties, PartialEq)]
struct ChecklistProps {
    inspection: Inspection,
    editable: bool,
    onchanged: Callback<Inspection>,
}

/// Rooms × items with their answers; save keeps them, complete needs every line.
#[component]
fn Checklist(props: &ChecklistProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    let toast = use_toast();
    let lines = use_state(|| props.inspection.checklist.clone());
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    {
        let lines = lines.clone();
        use_effect_with(props.inspection.version, move |_| lines.set(lines.to_vec()));
    }
    let answered = lines.iter().filter(|l| l.result.is_some()).count();
    let set = |index: usize, result: CheckResult| {
        let lines = lines.clone();
        Callback::from(move |_: MouseEvent| {
            let mut next = (*lines).clone();
            if let Some(l) = next.get_mut(index) {
                l.result = Some(result);
            }
            lines.set(next);
        })
    };
    let all_pass = {
        let lines = lines.clone();
        Callback::from(move |_: MouseEvent| {
            let next = lines
                .iter()
                .cloned()
                .map(|mut l| {
                    l.result = l.result.or(Some(CheckResult::Yes));
                    l
                })
                .collect();
            lines.set(next);
        })
    };
    let send = |complete: bool| {
        let (lines, error, busy, toast) = (lines.clone(), error.clone(), busy.clone(), toast.clone());
        let (id, version, onchanged) = (props.inspection.id.clone(), props.inspection.version, props.onchanged.clone());
        Callback::from(move |_: MouseEvent| {
            let body = UpdateChecklist { lines: (*lines).clone(), note: None };
            let (error, busy, toast, id, onchanged) = (error.clone(), busy.clone(), toast.clone(), id.clone(), onchanged.clone());
            busy.set(true);
            spawn_local(async move {
                let result = delivery::save_checklist(&id, &body, version, complete).await;
                busy.set(false);
                match result {
                    Ok(i) => {
                        error.set(None);
                        toast.success(if complete { d.inspection_done } else { d.saved });
                        onchanged.emit(i);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let mut current_room = String::new();
    html! {
        <section class="panel">
            <h2>{ format!("{} · {} {}/{}", d.checklist, d.answered, answered, lines.len()) }</h2>
            <div class="checklist" data-testid="checklist">
                { for lines.iter().enumerate().map(|(i, l)| {
                    let heading = (l.room != current_room).then(|| {
                        current_room = l.room.clone();
                        html! { <h3 class="checklist-room">{ l.room.clone() }</h3> }
                    });
                    html! {
                        <>
                            { heading.unwrap_or_default() }
                            <div class="check-line" data-testid="check-line" data-room={l.room.clone()} data-item={l.item.clone()}
                                data-result={l.result.map(|r| r.as_str()).unwrap_or_default()}>
                                <span class="check-item">{ l.item.clone() }</span>
                                <div class="check-answers">
                                    { for CheckResult::ALL.iter().map(|r| html! {
                                        <button type="button" disabled={!props.editable}
                                            class={classes!("btn", "touch", "check-answer", format!("check-{}", r.as_str()), (l.result == Some(*r)).then_some("selected"))}
                                            aria-pressed={(l.result == Some(*r)).to_string()}
                                            data-testid={format!("check-{}", r.as_str())} onclick={set(i, *r)}>
                                            { lang.label(*r) }
                                        </button>
                                    }) }
                                </div>
                            </div>
                        </>
                    }
                }) }
            </div>
            <ErrorBanner error={(*error).clone()} />
            if props.editable {
                <div class="touch-actions">
                    <button class="btn btn-ghost touch" type="button" data-testid="check-all-pass" onclick={all_pass}>{ d.all_pass }</button>
                    <button class="btn touch" type="button" disabled={*busy} data-testid="checklist-save" onclick={send(false)}>{ d.save }</button>
                    <button class="btn btn-primary touch" type="button" disabled={*busy || answered < lines.len()}
                        data-testid="inspection-complete" onclick={send(true)}>{ d.complete_inspection }</button>
                </div>
            }
        </section>
    }
}

/// Props of [`DefectCapture`].
#[derive(Properties, PartialEq)]
struct DefectCaptureProps {
    inspection_id: String,
    rooms: Vec<String>,
    onrecorded: Callback<()>,
}

/// The form to record a defect found now, with a photo.
#[component]
fn DefectCapture(props: &DefectCaptureProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    let toast = use_toast();
    let room = use_state(|| props.rooms.first().cloned().unwrap_or_default());
    let location = use_state(String::new);
    let description = use_state(String::new);
    let category = use_state(|| DefectCategory::WallCrack);
    let severity = use_state(|| DefectSeverity::Minor);
    let photo = use_node_ref();
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let key = use_state(new_key);
    let text = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            let input: HtmlInputElement = e.target_unchecked_into();
            state.set(input.value());
        })
    };
    let on_room = {
        let room = room.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            room.set(s.value());
        })
    };
    let on_category = {
        let category = category.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(c) = DefectCategory::parse(&s.value()) {
                category.set(c);
            }
        })
    };
    let on_severity = {
        let severity = severity.clone();
        Callback::from(move |e: Event| {
            let s: web_sys::HtmlSelectElement = e.target_unchecked_into();
            if let Some(v) = DefectSeverity::parse(&s.value()) {
                severity.set(v);
            }
        })
    };
    let submit = {
        let (room, location, description) = (room.clone(), location.clone(), description.clone());
        let (category, severity, photo, error, busy, key) =
            (category.clone(), severity.clone(), photo.clone(), error.clone(), busy.clone(), key.clone());
        let (inspection_id, onrecorded) = (props.inspection_id.clone(), props.onrecorded.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = CreateDefect {
                unit_id: None,
                inspection_id: Some(inspection_id.clone()),
                phase: None,
                room: (*room).clone(),
                location: location.trim().to_string(),
                category: *category,
                severity: *severity,
                description: description.trim().to_string(),
                contractor: None,
            };
            let input = photo.cast::<HtmlInputElement>();
            let file = input.as_ref().and_then(|i| i.files()).and_then(|f| f.get(0));
            let (location, description, error, busy, key) =
                (location.clone(), description.clone(), error.clone(), busy.clone(), key.clone());
            let (onrecorded, toast) = (onrecorded.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = async {
                    let defect = delivery::record_defect(&body, &key).await?;
                    key.set(new_key());
                    if let Some(file) = file {
                        let kind = file.type_();
                        delivery::upload_photo(&defect.id, file.into(), kind).await?;
                    }
                    Ok::<_, ApiError>(defect)
                }
                .await;
                busy.set(false);
                match result {
                    Ok(_) => {
                        error.set(None);
                        location.set(String::new());
                        description.set(String::new());
                        if let Some(i) = input {
                            i.set_value("");
                        }
                        toast.success(d.defect_recorded);
                        onrecorded.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <section class="panel">
            <h2>{ d.record_defect }</h2>
            <form class="form-grid defect-capture" onsubmit={submit} data-testid="defect-form">
                <label class="field"><span class="field-label">{ d.room }</span>
                    <select class="input touch" data-testid="defect-room" onchange={on_room}>
                        { for props.rooms.iter().map(|r| html! { <option value={r.clone()} selected={*r == *room}>{ r.clone() }</option> }) }
                    </select>
                </label>
                <label class="field"><span class="field-label">{ d.location }</span>
                    <input class="input touch" data-testid="defect-location" value={(*location).clone()} oninput={text(&location)} />
                </label>
                <label class="field"><span class="field-label">{ d.category }</span>
                    <select class="input touch" data-testid="defect-category" onchange={on_category}>
                        { for DefectCategory::ALL.iter().map(|c| html! { <option value={c.as_str()} selected={*c == *category}>{ lang.label(*c) }</option> }) }
                    </select>
                </label>
                <label class="field"><span class="field-label">{ d.severity }</span>
                    <select class="input touch" data-testid="defect-severity" onchange={on_severity}>
                        { for DefectSeverity::ALL.iter().map(|s| html! { <option value={s.as_str()} selected={*s == *severity}>{ lang.label(*s) }</option> }) }
                    </select>
                </label>
                <label class="field field-wide"><span class="field-label">{ d.description }</span>
                    <input class="input touch" data-testid="defect-description" value={(*description).clone()} oninput={text(&description)} />
                </label>
                <label class="field field-wide"><span class="field-label">{ d.photo }</span>
                    <input ref={photo} class="input touch" type="file" accept="image/jpeg,image/png,image/webp" capture="environment" data-testid="defect-photo-input" />
                </label>
                <ErrorBanner error={(*error).clone()} />
                <div class="form-actions">
                    <button class="btn btn-primary touch" type="submit" disabled={*busy} data-testid="defect-submit">{ d.record_defect }</button>
                </div>
            </form>
        </section>
    }
}

/// Props of [`PhotoUpload`].
#[derive(Properties, PartialEq)]
pub struct PhotoUploadProps {
    /// The defect.
    pub defect_id: String,
    /// After an upload.
    pub onuploaded: Callback<()>,
}

/// Adds a photo to a defect (e.g. the fixed state) from the camera or a file.
#[component]
pub fn PhotoUpload(props: &PhotoUploadProps) -> Html {
    let d = use_lang().lang.delivery();
    let toast = use_toast();
    let error = use_state(|| None::<ApiError>);
    let onchange = {
        let (error, id, done) = (error.clone(), props.defect_id.clone(), props.onuploaded.clone());
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
            let (error, id, done, toast) = (error.clone(), id.clone(), done.clone(), toast.clone());
            spawn_local(async move {
                let kind = file.type_();
                match delivery::upload_photo(&id, file.into(), kind).await {
                    Ok(_) => {
                        error.set(None);
                        input.set_value("");
                        toast.success(d.photo_added);
                        done.emit(());
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    html! {
        <div class="photo-upload">
            <label class="btn touch">
                { d.add_photo }
                <input class="sr-only" type="file" accept="image/jpeg,image/png,image/webp" capture="environment"
                    data-testid="photo-upload-input" {onchange} />
            </label>
            <ErrorBanner error={(*error).clone()} />
        </div>
    }
}
