//! EstateCRM staff web app: a Yew single-page app served by the backend at `/`,
//! talking to the API under `/api/v1` on the same origin.

mod api;
mod app;
mod auth;
mod components;
mod format;
mod guard;
mod i18n;
mod pages;

fn main() {
    yew::Renderer::<app::App>::new().render();
}
