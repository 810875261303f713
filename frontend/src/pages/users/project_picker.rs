//! A multi-select of projects as a checkbox list (easier than `<select multiple>`).

use api_types::Project;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// Props of [`ProjectPicker`].
#[derive(Properties, PartialEq)]
pub struct ProjectPickerProps {
    /// Every project to offer.
    pub projects: Vec<Project>,
    /// The chosen ids.
    pub selected: Vec<String>,
    /// Receives the new set of ids.
    pub onchange: Callback<Vec<String>>,
    /// Label above the list.
    pub label: AttrValue,
    /// Shown when there are no projects.
    pub empty_text: AttrValue,
    /// `data-testid` of the list.
    pub testid: AttrValue,
}

/// Checkboxes, one per project; `data-id` carries the project id.
#[component]
pub fn ProjectPicker(props: &ProjectPickerProps) -> Html {
    html! {
        <fieldset class="field picker" data-testid={props.testid.clone()}>
            <legend class="field-label">{ props.label.clone() }</legend>
            if props.projects.is_empty() {
                <span class="muted">{ props.empty_text.clone() }</span>
            }
            <div class="picker-list">
                { for props.projects.iter().map(|p| {
                    let checked = props.selected.contains(&p.id);
                    let onchange = {
                        let (id, selected, cb) = (p.id.clone(), props.selected.clone(), props.onchange.clone());
                        Callback::from(move |e: Event| {
                            let on = e.target_unchecked_into::<HtmlInputElement>().checked();
                            let mut next: Vec<String> = selected.iter().filter(|s| **s != id).cloned().collect();
                            if on {
                                next.push(id.clone());
                            }
                            cb.emit(next);
                        })
                    };
                    html! {
                        <label class="check">
                            <input type="checkbox" {checked} {onchange} data-testid="project-option" data-id={p.id.clone()} />
                            { format!("{} · {}", p.name, p.city) }
                        </label>
                    }
                }) }
            </div>
        </fieldset>
    }
}
