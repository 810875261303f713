//! Delivery photos and signatures are served only with the bearer token, which
//! an `<img src>` does not send: they are fetched through the API client and
//! shown as `data:` URLs.

use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{send, Method};

/// Props of [`AuthImage`].
#[derive(Properties, PartialEq)]
pub struct AuthImageProps {
    /// The API path of the image, e.g. `/api/v1/delivery-files/{id}`.
    pub src: String,
    /// Alternative text.
    pub alt: AttrValue,
    /// CSS class.
    #[prop_or_default]
    pub class: Classes,
    /// `data-testid`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// Bytes as a base64 `data:` URL (through the browser's `btoa`).
fn data_url(content_type: &str, bytes: &[u8]) -> Option<String> {
    let binary: String = bytes.iter().map(|b| char::from(*b)).collect();
    let b64 = web_sys::window()?.btoa(&binary).ok()?;
    Some(format!("data:{content_type};base64,{b64}"))
}

/// An image loaded with the signed-in user's token.
#[component]
pub fn AuthImage(props: &AuthImageProps) -> Html {
    let url = use_state(|| None::<String>);
    {
        let url = url.clone();
        use_effect_with(props.src.clone(), move |src| {
            let src = src.clone();
            spawn_local(async move {
                let Ok(resp) = send::<()>(Method::Get, &src, &[], None, None).await else {
                    return;
                };
                let kind = resp
                    .headers()
                    .get("content-type")
                    .unwrap_or_else(|| "image/png".into());
                if let Ok(bytes) = resp.binary().await {
                    url.set(data_url(&kind, &bytes));
                }
            });
        });
    }
    html! {
        <img class={props.class.clone()} data-testid={props.testid.clone()} alt={props.alt.clone()}
            src={(*url).clone().unwrap_or_default()} />
    }
}
