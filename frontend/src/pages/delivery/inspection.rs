//! The inspection screen (`/inspections/:id`), made for a tablet: the
//! checklist rooms × items answered with large yes / no / n.a. buttons, and
//! defects captured on the spot with a photo from the camera.

use api_types::{CheckResult, ChecklistLine, Inspection, InspectionStatus, UpdateChecklist};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::capture::DefectCapture;
use super::defects::UnitDefects;
use super::use_loaded;
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

/// The lines with every unanswered one marked as passed (answers kept).
fn pass_unanswered(lines: &[ChecklistLine]) -> Vec<ChecklistLine> {
    lines
        .iter()
        .cloned()
        .map(|mut l| {
            l.result = l.result.or(Some(CheckResult::Yes));
            l
        })
        .collect()
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
        let (lines, fresh) = (lines.clone(), props.inspection.checklist.clone());
        use_effect_with(props.inspection.version, move |_| lines.set(fresh));
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
            lines.set(pass_unanswered(&lines));
        })
    };
    let send = |complete: bool| {
        let (lines, error, busy, toast) =
            (lines.clone(), error.clone(), busy.clone(), toast.clone());
        let (id, version, onchanged) = (
            props.inspection.id.clone(),
            props.inspection.version,
            props.onchanged.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let body = UpdateChecklist {
                lines: (*lines).clone(),
                note: None,
            };
            let (error, busy, toast, id, onchanged) = (
                error.clone(),
                busy.clone(),
                toast.clone(),
                id.clone(),
                onchanged.clone(),
            );
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

#[cfg(test)]
mod tests {
    use super::*;

    fn line(room: &str, item: &str, result: Option<CheckResult>) -> ChecklistLine {
        ChecklistLine {
            room: room.into(),
            item: item.into(),
            result,
            note: String::new(),
        }
    }

    #[test]
    fn rooms_are_listed_once_in_checklist_order() {
        let lines = [
            line("客厅", "墙面", None),
            line("客厅", "地面", None),
            line("厨房", "水管", None),
            line("客厅", "门窗", None),
        ];
        assert_eq!(
            rooms_of(&lines),
            vec!["客厅".to_string(), "厨房".to_string()]
        );
    }

    #[test]
    fn marking_the_rest_as_pass_keeps_the_answers_given() {
        let lines = [
            line("客厅", "墙面", Some(CheckResult::No)),
            line("客厅", "地面", None),
            line("厨房", "燃气", Some(CheckResult::NotApplicable)),
        ];
        let results: Vec<_> = pass_unanswered(&lines)
            .into_iter()
            .map(|l| l.result)
            .collect();
        assert_eq!(
            results,
            vec![
                Some(CheckResult::No),
                Some(CheckResult::Yes),
                Some(CheckResult::NotApplicable)
            ]
        );
    }
}
