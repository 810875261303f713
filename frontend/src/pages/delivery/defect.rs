//! One defect (`/defects/:id`): its photos and history, and the steps of its
//! rectification (assign, fix, verify, reject, close) for the roles that take them.

use api_types::{AssignDefect, Defect, DefectStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::capture::PhotoUpload;
use super::photo::AuthImage;
use super::use_loaded;
use crate::api::{delivery, ApiError};
use crate::app::Route;
use crate::auth::{inspects_units, signs_off_units, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::nav_link::NavLink;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::use_lang;

/// Props of [`DefectPage`].
#[derive(Properties, PartialEq)]
pub struct DefectPageProps {
    /// Defect id from the URL.
    pub id: String,
}

/// The defect page.
#[component]
pub fn DefectPage(props: &DefectPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let role = use_auth().me().map(|m| m.role);
    let (defect, error, reload) = use_loaded(props.id.clone(), |id| {
        Box::pin(async move { delivery::defect(&id).await })
    });
    let Some(x) = (*defect).clone() else {
        return html! {
            <div class="page" data-testid="defect-page">
                <ErrorBanner error={(*error).clone()} onretry={reload} />
                if error.is_none() { <p class="muted">{ t.loading }</p> }
            </div>
        };
    };
    let updated = {
        let defect = defect.clone();
        Callback::from(move |x: Defect| defect.set(Some(x)))
    };
    let may_work = role.is_some_and(inspects_units);
    let may_verify = role.is_some_and(signs_off_units);
    html! {
        <div class="page" data-testid="defect-page" data-id={x.id.clone()} data-status={x.status.as_str()}>
            <nav class="breadcrumb">
                <NavLink to={Route::Defects}>{ d.defects_title }</NavLink>
                <span>{ "/" }</span>
                <NavLink to={Route::DeliveryUnit { id: x.unit_id.clone() }} testid="defect-unit-link">{ x.unit_number.clone() }</NavLink>
            </nav>
            <div class="page-head">
                <h1>{ format!("{} · {} · {}", d.defect_title, x.room, lang.label(x.category)) }</h1>
                <span class="badge" data-testid="defect-status">{ lang.label(x.status) }</span>
                if x.overdue { <span class="badge badge-danger" data-testid="defect-overdue">{ d.overdue }</span> }
            </div>
            <dl class="facts">
                <dt>{ d.location }</dt><dd>{ x.location.clone() }</dd>
                <dt>{ d.severity }</dt><dd>{ lang.label(x.severity) }</dd>
                <dt>{ d.description }</dt><dd>{ x.description.clone() }</dd>
                <dt>{ d.contractor }</dt><dd>{ x.contractor.clone() }</dd>
                <dt>{ d.solution }</dt><dd>{ x.solution.clone() }</dd>
                <dt>{ d.fix_due }</dt><dd>{ format!("{} ({})", format_time(&x.fix_due_at), x.rule) }</dd>
            </dl>
            <ErrorBanner error={(*error).clone()} onretry={reload.clone()} />
            <section class="panel">
                <h2>{ d.photos }</h2>
                <div class="photo-strip" data-testid="defect-photos">
                    { for x.photos.iter().map(|p| html! {
                        <AuthImage class="defect-photo" testid="defect-photo" src={p.url.clone()} alt={d.photo} />
                    }) }
                </div>
                if may_work && x.status != DefectStatus::Closed {
                    <PhotoUpload defect_id={x.id.clone()} onuploaded={reload.clone()} />
                }
            </section>
            <DefectActions defect={x.clone()} {may_work} {may_verify} onchanged={updated} />
            <section class="panel">
                <h2>{ d.history }</h2>
                <ol class="timeline">
                    { for x.events.iter().map(|e| html! {
                        <li class="tl-item" data-testid="defect-event" data-to={e.to_status.as_str()}>
                            <div class="tl-head"><strong>{ lang.label(e.to_status) }</strong>
                                <span class="small muted">{ format_time(&e.at) }</span></div>
                            if !e.note.is_empty() { <div>{ e.note.clone() }</div> }
                        </li>
                    }) }
                </ol>
            </section>
        </div>
    }
}

/// Props of [`DefectActions`].
#[derive(Properties, PartialEq)]
struct DefectActionsProps {
    defect: Defect,
    may_work: bool,
    may_verify: bool,
    onchanged: Callback<Defect>,
}

/// The next steps for the defect's status: large buttons with a note.
#[component]
fn DefectActions(props: &DefectActionsProps) -> Html {
    let d = use_lang().lang.delivery();
    let toast = use_toast();
    let note = use_state(String::new);
    let contractor = use_state(|| props.defect.contractor.clone());
    let error = use_state(|| None::<ApiError>);
    let busy = use_state(|| false);
    let x = &props.defect;
    let act = |action: &'static str| {
        let (note, contractor, error, busy) = (
            note.clone(),
            contractor.clone(),
            error.clone(),
            busy.clone(),
        );
        let (id, onchanged, toast) = (x.id.clone(), props.onchanged.clone(), toast.clone());
        Callback::from(move |_: MouseEvent| {
            let (note, contractor, error, busy) = (
                note.clone(),
                contractor.clone(),
                error.clone(),
                busy.clone(),
            );
            let (id, onchanged, toast) = (id.clone(), onchanged.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let text = (*note).trim().to_string();
                let result = if action == "assign" {
                    let body = AssignDefect {
                        contractor: contractor.trim().to_string(),
                        assignee_id: None,
                        solution: text,
                    };
                    delivery::assign(&id, &body).await
                } else {
                    delivery::step(&id, action, text).await
                };
                busy.set(false);
                match result {
                    Ok(x) => {
                        error.set(None);
                        note.set(String::new());
                        toast.success(d.defect_updated);
                        onchanged.emit(x);
                    }
                    Err(e) => error.set(Some(e)),
                }
            });
        })
    };
    let mut buttons: Vec<(&'static str, &'static str, &'static str)> = Vec::new();
    match x.status {
        DefectStatus::Open if props.may_work => buttons.push(("assign", d.assign, "btn-primary")),
        DefectStatus::Assigned if props.may_work => buttons.push(("fix", d.fix, "btn-primary")),
        DefectStatus::Fixed if props.may_verify => {
            buttons.push(("verify", d.verify, "btn-primary"));
            buttons.push(("reject", d.reject, "btn-danger"));
        }
        DefectStatus::Verified if props.may_verify => {
            buttons.push(("close", d.close, "btn-primary"))
        }
        _ => {}
    }
    if buttons.is_empty() {
        return html! {};
    }
    let on_note = {
        let note = note.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlTextAreaElement = e.target_unchecked_into();
            note.set(input.value());
        })
    };
    let on_contractor = {
        let contractor = contractor.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            contractor.set(input.value());
        })
    };
    let label = match x.status {
        DefectStatus::Open => d.solution,
        DefectStatus::Fixed => d.reason,
        _ => d.note,
    };
    html! {
        <section class="panel" data-testid="defect-actions">
            if x.status == DefectStatus::Open {
                <label class="field"><span class="field-label">{ d.contractor }</span>
                    <input class="input touch" data-testid="defect-contractor" value={(*contractor).clone()} oninput={on_contractor} />
                </label>
            }
            <label class="field"><span class="field-label">{ label }</span>
                <textarea class="textarea" data-testid="defect-note" value={(*note).clone()} oninput={on_note} />
            </label>
            <ErrorBanner error={(*error).clone()} />
            <div class="touch-actions">
                { for buttons.into_iter().map(|(action, text, class)| html! {
                    <button class={classes!("btn", "touch", class)} disabled={*busy}
                        data-testid={format!("defect-{action}")} onclick={act(action)}>{ text }</button>
                }) }
            </div>
        </section>
    }
}
