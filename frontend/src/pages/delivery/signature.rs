//! The owner's sign-off on the tablet: a signature drawn with a finger on a
//! `<canvas>`, saved as PNG through `POST /units/{id}/signature`, then
//! `POST /units/{id}/handover` (optionally accepting with reservations).

use std::cell::RefCell;
use std::rc::Rc;

use api_types::{Handover, SignOff};
use wasm_bindgen::JsCast;
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

use super::photo::AuthImage;
use super::use_loaded;
use crate::api::{delivery, ApiError};
use crate::components::alert::ErrorBanner;
use crate::components::form::CheckField;
use crate::components::keyed_send::{use_keyed_send, KeyedSend};
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Props of [`SignOffPanel`].
#[derive(Properties, PartialEq)]
pub struct SignOffPanelProps {
    /// The unit.
    pub unit_id: String,
    /// Signed off already (show the record).
    pub handed_over: bool,
    /// The caller may take the sign-off.
    pub may_sign: bool,
    /// After a successful sign-off.
    pub onsigned: Callback<()>,
}

/// The sign-off record, or the signature pad and the accept button.
#[component]
pub fn SignOffPanel(props: &SignOffPanelProps) -> Html {
    let d = use_lang().lang.delivery();
    html! {
        <section class="panel" data-testid="signoff-panel">
            <h2>{ d.sign_off }</h2>
            if props.handed_over {
                <HandoverRecord unit_id={props.unit_id.clone()} />
            } else if props.may_sign {
                <SignaturePad unit_id={props.unit_id.clone()} onsigned={props.onsigned.clone()} />
            }
        </section>
    }
}

/// Props of [`HandoverRecord`].
#[derive(Properties, PartialEq)]
struct HandoverRecordProps {
    unit_id: String,
}

#[component]
fn HandoverRecord(props: &HandoverRecordProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    let (record, error, reload) = use_loaded(props.unit_id.clone(), |id| {
        Box::pin(async move { delivery::handover(&id).await })
    });
    let Some(h): Option<Handover> = (*record).clone() else {
        return html! { <ErrorBanner error={(*error).clone()} onretry={reload} /> };
    };
    html! {
        <div data-testid="handover-record">
            <p><strong>{ d.signed_off }</strong>{ format!(" · {} {}", d.signed_at, format_time(&h.signed_at)) }</p>
            if let Some(file) = &h.signature_file_id {
                <AuthImage class="signature-image" testid="signature-image" alt={d.signature} src={format!("/api/v1/delivery-files/{file}")} />
            }
            if !h.reservations.is_empty() {
                <h3>{ d.reservations }</h3>
                <ul data-testid="handover-reservations">
                    { for h.reservations.iter().map(|r| html! {
                        <li>{ format!("{} · {} ({})", r.room, r.description, lang.label(r.status)) }</li>
                    }) }
                </ul>
            }
        </div>
    }
}

/// Props of [`SignaturePad`].
#[derive(Properties, PartialEq)]
struct SignaturePadProps {
    unit_id: String,
    onsigned: Callback<()>,
}

/// Where the finger is: drawing or not, and whether anything was drawn.
#[derive(Default)]
struct Pen {
    down: bool,
    inked: bool,
}

fn context(canvas: &HtmlCanvasElement) -> Option<CanvasRenderingContext2d> {
    canvas.get_context("2d").ok().flatten()?.dyn_into().ok()
}

/// The pointer position in canvas pixels (the canvas is scaled by CSS).
fn point(canvas: &HtmlCanvasElement, e: &PointerEvent) -> (f64, f64) {
    let scale = |px: u32, css: i32| {
        if css > 0 {
            f64::from(px) / f64::from(css)
        } else {
            1.0
        }
    };
    (
        f64::from(e.offset_x()) * scale(canvas.width(), canvas.client_width()),
        f64::from(e.offset_y()) * scale(canvas.height(), canvas.client_height()),
    )
}

/// The canvas as PNG bytes in a `Blob`.
fn png_blob(canvas: &HtmlCanvasElement) -> Option<web_sys::Blob> {
    let url = canvas.to_data_url_with_type("image/png").ok()?;
    let b64 = url.split_once(',')?.1;
    let binary = web_sys::window()?.atob(b64).ok()?;
    let bytes: Vec<u8> = binary.chars().map(|c| c as u32 as u8).collect();
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes.as_slice()));
    web_sys::Blob::new_with_u8_array_sequence(&parts).ok()
}

#[component]
fn SignaturePad(props: &SignaturePadProps) -> Html {
    let d = use_lang().lang.delivery();
    let toast = use_toast();
    let canvas = use_node_ref();
    let pen = use_mut_ref(Pen::default);
    let inked = use_state(|| false);
    let reservations = use_state(|| false);
    let keys = use_state(|| true);
    let error = use_state(|| None::<ApiError>);
    let sending = use_keyed_send();
    let down = {
        let (canvas, pen, inked) = (canvas.clone(), pen.clone(), inked.clone());
        Callback::from(move |e: PointerEvent| {
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let Some(ctx) = context(&c) else { return };
            let (x, y) = point(&c, &e);
            ctx.set_line_width(3.0);
            ctx.set_line_cap("round");
            ctx.begin_path();
            ctx.move_to(x, y);
            let _ = c.set_pointer_capture(e.pointer_id());
            pen.borrow_mut().down = true;
            if !*inked {
                inked.set(true);
            }
        })
    };
    let draw = {
        let (canvas, pen) = (canvas.clone(), pen.clone());
        Callback::from(move |e: PointerEvent| {
            if !pen.borrow().down {
                return;
            }
            let Some(c) = canvas.cast::<HtmlCanvasElement>() else {
                return;
            };
            let Some(ctx) = context(&c) else { return };
            let (x, y) = point(&c, &e);
            ctx.line_to(x, y);
            ctx.stroke();
            pen.borrow_mut().inked = true;
        })
    };
    let up = {
        let pen = pen.clone();
        Callback::from(move |_: PointerEvent| pen.borrow_mut().down = false)
    };
    let clear = {
        let (canvas, pen, inked) = (canvas.clone(), pen.clone(), inked.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(c) = canvas.cast::<HtmlCanvasElement>() {
                if let Some(ctx) = context(&c) {
                    ctx.clear_rect(0.0, 0.0, f64::from(c.width()), f64::from(c.height()));
                }
            }
            *pen.borrow_mut() = Pen::default();
            inked.set(false);
        })
    };
    let uploaded = use_mut_ref(|| None);
    let submit = submit_callback(SubmitDeps {
        canvas: canvas.clone(),
        pen: pen.clone(),
        reservations: reservations.clone(),
        keys: keys.clone(),
        error: error.clone(),
        sending: sending.clone(),
        uploaded,
        unit_id: props.unit_id.clone(),
        onsigned: props.onsigned.clone(),
        toast,
        strings: d,
    });
    html! {
        <div class="signature-pad">
            <p class="muted">{ d.signature }</p>
            <canvas ref={canvas} class="signature-canvas" width="800" height="300" data-testid="signature-canvas"
                onpointerdown={down} onpointermove={draw} onpointerup={up.clone()} onpointercancel={up} />
            <div class="form-inline">
                <button class="btn btn-ghost touch" type="button" data-testid="signature-clear" onclick={clear}>{ d.clear }</button>
            </div>
            <CheckField label={d.with_reservations} checked={*reservations}
                onchange={Callback::from(move |v: bool| reservations.set(v))} testid="signoff-reservations" />
            <CheckField label={d.keys_handed} checked={*keys}
                onchange={Callback::from(move |v: bool| keys.set(v))} testid="signoff-keys" />
            <ErrorBanner error={(*error).clone()} />
            <button class="btn btn-primary touch btn-block" disabled={sending.busy()} data-testid="signoff-submit" onclick={submit}>
                { d.sign_and_accept }
            </button>
        </div>
    }
}

/// What the accept button needs.
struct SubmitDeps {
    canvas: NodeRef,
    pen: Rc<RefCell<Pen>>,
    reservations: UseStateHandle<bool>,
    keys: UseStateHandle<bool>,
    error: UseStateHandle<Option<ApiError>>,
    sending: KeyedSend,
    /// The signature file uploaded for a key: `(key, file id)`.
    uploaded: Rc<RefCell<Option<(String, String)>>>,
    unit_id: String,
    onsigned: Callback<()>,
    toast: crate::components::toast::Toaster,
    strings: &'static crate::i18n::DeliveryStrings,
}

/// Uploads the signature, then signs off with it.
fn submit_callback(deps: SubmitDeps) -> Callback<MouseEvent> {
    let deps = Rc::new(deps);
    Callback::from(move |_: MouseEvent| {
        let d = deps.strings;
        let png = deps
            .canvas
            .cast::<HtmlCanvasElement>()
            .and_then(|c| png_blob(&c));
        let (Some(png), true) = (png, deps.pen.borrow().inked) else {
            deps.error.set(Some(ApiError::local(
                "signature_missing",
                d.signature_missing,
            )));
            return;
        };
        let (sent, done) = (deps.clone(), deps.clone());
        let send = move |key: String| async move {
            // A retry with the same key (no answer came) signs with the file
            // already uploaded for it, so the server can replay the sign-off.
            let kept = sent.uploaded.borrow().clone().filter(|(k, _)| *k == key);
            let file_id = match kept {
                Some((_, id)) => id,
                None => {
                    let id = delivery::upload_signature(&sent.unit_id, png).await?.id;
                    *sent.uploaded.borrow_mut() = Some((key.clone(), id.clone()));
                    id
                }
            };
            let body = SignOff {
                with_reservations: *sent.reservations,
                signature_file_id: Some(file_id),
                keys_handed: Some(*sent.keys),
                occupancy: None,
                note: String::new(),
            };
            delivery::sign_off(&sent.unit_id, &body, &key).await
        };
        deps.sending.run(send, move |result| match result {
            Ok(_) => {
                done.error.set(None);
                done.toast.success(d.signed_off);
                done.onsigned.emit(());
            }
            Err(e) => done.error.set(Some(e)),
        });
    })
}
