//! Unknown addresses.

use yew::prelude::*;

use crate::app::Route;
use crate::components::nav_link::NavLink;
use crate::i18n::use_t;

/// "Page not found" with a way back.
#[component]
pub fn NotFound() -> Html {
    let t = use_t();
    html! {
        <div class="page">
            <h1>{ t.not_found_title }</h1>
            <p class="muted">{ t.not_found_text }</p>
            <NavLink to={Route::Projects} class="btn">{ t.back_to_projects }</NavLink>
        </div>
    }
}
