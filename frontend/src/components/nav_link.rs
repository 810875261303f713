//! An in-app link that carries a `data-testid` (yew-router's `Link` cannot).

use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;

/// Props of [`NavLink`].
#[derive(Properties, PartialEq)]
pub struct NavLinkProps {
    /// Where to go.
    pub to: Route,
    /// Link content.
    pub children: Html,
    /// CSS classes.
    #[prop_or_default]
    pub class: Classes,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// An `<a href>` that navigates inside the SPA (a middle click still opens a new tab).
#[component]
pub fn NavLink(props: &NavLinkProps) -> Html {
    let navigator = use_navigator();
    let current = use_route::<Route>();
    let onclick = {
        let to = props.to.clone();
        Callback::from(move |e: MouseEvent| {
            if e.ctrl_key() || e.meta_key() || e.shift_key() || e.button() != 0 {
                return;
            }
            e.prevent_default();
            if let Some(nav) = &navigator {
                nav.push(&to);
            }
        })
    };
    let active = current
        .as_ref()
        .is_some_and(|r| r.section() == props.to.section());
    html! {
        <a href={props.to.to_path()} class={classes!(props.class.clone(), active.then_some("active"))}
            aria-current={active.then_some("page")} data-testid={props.testid.clone()} {onclick}>
            { props.children.clone() }
        </a>
    }
}
