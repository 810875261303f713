//! A banner for an error that belongs to the whole screen or form.

use yew::prelude::*;

use crate::api::ApiError;
use crate::i18n::{error_message, use_t};

/// Props of [`ErrorBanner`].
#[derive(Properties, PartialEq)]
pub struct ErrorBannerProps {
    /// The failure, if any.
    pub error: Option<ApiError>,
    /// Offers a retry button when given.
    #[prop_or_default]
    pub onretry: Option<Callback<()>>,
}

/// Shows a translated error message (nothing when there is no error).
#[component]
pub fn ErrorBanner(props: &ErrorBannerProps) -> Html {
    let t = use_t();
    let Some(e) = &props.error else {
        return html! {};
    };
    html! {
        <div class="alert alert-error" role="alert" data-testid="error-banner" data-code={e.code.clone()}>
            <span>{ error_message(t, e) }</span>
            if let Some(retry) = &props.onretry {
                <button class="btn btn-small" onclick={retry.reform(|_: MouseEvent| ())}>{ t.retry }</button>
            }
        </div>
    }
}

/// Props of [`MessageBanner`].
#[derive(Properties, PartialEq)]
pub struct MessageBannerProps {
    /// The message, if any.
    pub message: Option<AttrValue>,
    /// `data-testid` of the banner.
    #[prop_or(AttrValue::Static("form-error"))]
    pub testid: AttrValue,
}

/// Shows an already translated error message (a form's general error).
#[component]
pub fn MessageBanner(props: &MessageBannerProps) -> Html {
    match &props.message {
        Some(m) => html! {
            <div class="alert alert-error" role="alert" data-testid={props.testid.clone()}>{ m.clone() }</div>
        },
        None => html! {},
    }
}
