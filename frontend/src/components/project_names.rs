//! The projects the user may see, loaded once per screen for pickers and for
//! showing a project's name where the API gives its id.

use std::rc::Rc;

use api_types::Project;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::i18n::Strings;

/// Every visible project (empty until loaded, or when the call failed).
#[hook]
pub fn use_projects() -> Rc<Vec<Project>> {
    let projects = use_state(|| Rc::new(Vec::<Project>::new()));
    {
        let projects = projects.clone();
        use_effect_with((), move |_| {
            spawn_local(async move {
                if let Ok(all) = api::projects::list_all().await {
                    projects.set(Rc::new(all));
                }
            });
        });
    }
    (*projects).clone()
}

/// The name of a project, or its id when it is not (yet) known.
pub fn project_name(projects: &[Project], id: &str) -> String {
    projects
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.name.clone())
        .unwrap_or_else(|| id.to_string())
}

/// `(id, name)` options for a project select, led by an "any" entry labelled `first`.
pub fn project_options(projects: &[Project], first: &str) -> Vec<(AttrValue, AttrValue)> {
    let mut out: Vec<(AttrValue, AttrValue)> =
        vec![("".into(), AttrValue::from(first.to_string()))];
    out.extend(projects.iter().map(|p| {
        (
            AttrValue::from(p.id.clone()),
            AttrValue::from(p.name.clone()),
        )
    }));
    out
}

/// `(api name, label)` options for an enum select, led by "all" (`t.all`) when `any` is given.
pub fn enum_options<T: Copy, L: Into<AttrValue>>(
    values: &[T],
    api: fn(T) -> &'static str,
    label: impl Fn(T) -> L,
    any: Option<&Strings>,
) -> Vec<(AttrValue, AttrValue)> {
    let mut out: Vec<(AttrValue, AttrValue)> = Vec::new();
    if let Some(t) = any {
        out.push(("".into(), t.all.into()));
    }
    out.extend(
        values
            .iter()
            .map(|v| (AttrValue::from(api(*v)), label(*v).into())),
    );
    out
}
