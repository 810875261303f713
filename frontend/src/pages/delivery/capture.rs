//! Defect capture on the inspection screen (room, location, category,
//! severity, description and a photo from the camera), and adding photos to a
//! defect later.

use api_types::{CreateDefect, DefectCategory, DefectSeverity};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{delivery, ApiError};
use crate::components::alert::ErrorBanner;
use crate::components::keyed_send::use_keyed_send;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Props of [`DefectCapture`].
#[derive(Properties, PartialEq)]
pub struct DefectCaptureProps {
    /// The inspection.
    pub inspection_id: String,
    /// Its checklist's rooms.
    pub rooms: Vec<String>,
    /// After a defect is recorded.
    pub onrecorded: Callback<()>,
}

/// The form to record a defect found now, with a photo.
#[component]
pub fn DefectCapture(props: &DefectCaptureProps) -> Html {
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
    let sending = use_keyed_send();
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
        let (category, severity, photo, error, sending) = (
            category.clone(),
            severity.clone(),
            photo.clone(),
            error.clone(),
            sending.clone(),
        );
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
            let file = input
                .as_ref()
                .and_then(|i| i.files())
                .and_then(|f| f.get(0));
            let (location, description, error) =
                (location.clone(), description.clone(), error.clone());
            let (onrecorded, toast) = (onrecorded.clone(), toast.clone());
            // The defect is the keyed create; its photo follows once it exists,
            // so a failed upload never records the defect twice: the defect
            // shows in the list and the photo can be added on its page.
            let send = move |key: String| async move { delivery::record_defect(&body, &key).await };
            sending.run(send, move |result| match result {
                Ok(defect) => {
                    error.set(None);
                    location.set(String::new());
                    description.set(String::new());
                    if let Some(i) = input {
                        i.set_value("");
                    }
                    toast.success(d.defect_recorded);
                    onrecorded.emit(());
                    if let Some(file) = file {
                        spawn_local(async move {
                            let kind = file.type_();
                            match delivery::upload_photo(&defect.id, file.into(), kind).await {
                                Ok(_) => onrecorded.emit(()),
                                Err(e) => {
                                    toast.error(d.photo_failed);
                                    error.set(Some(e));
                                }
                            }
                        });
                    }
                }
                Err(e) => error.set(Some(e)),
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
                    <button class="btn btn-primary touch" type="submit" disabled={sending.busy()} data-testid="defect-submit">{ d.record_defect }</button>
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
        let (error, id, done) = (
            error.clone(),
            props.defect_id.clone(),
            props.onuploaded.clone(),
        );
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
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
