//! Sign-in (`/login`).

use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;
use crate::auth::{use_auth, AuthState};
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, use_draft, FormErrors, TextField};
use crate::i18n::{use_lang, Lang};

#[derive(Debug, Clone, PartialEq, Default)]
struct Credentials {
    email: String,
    password: String,
}

/// E-mail + password form. After login it reads `/me` for the role and opens the projects.
#[component]
pub fn LoginPage() -> Html {
    let auth = use_auth();
    let lang_ctx = use_lang();
    let t = lang_ctx.lang.strings();
    let draft = use_draft(Credentials::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    if let AuthState::SignedIn(_) = auth.state {
        return html! { <Redirect<Route> to={Route::Projects} /> };
    }

    let onsubmit = {
        let (draft, errors, busy, signed_in) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            auth.signed_in.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if *busy {
                return;
            }
            let creds = draft.0.clone();
            let mut local = FormErrors::default();
            if creds.email.trim().is_empty() {
                local.add("email", t.fe_required);
            }
            if creds.password.is_empty() {
                local.add("password", t.fe_required);
            }
            if !local.is_empty() {
                errors.set(local);
                return;
            }
            busy.set(true);
            let (errors, busy, signed_in) = (errors.clone(), busy.clone(), signed_in.clone());
            spawn_local(async move {
                let result = async {
                    api::auth::login(&creds.email, &creds.password).await?;
                    api::auth::me().await
                }
                .await;
                busy.set(false);
                match result {
                    Ok(me) => {
                        errors.set(FormErrors::default());
                        signed_in.emit(me);
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };

    let other = if lang_ctx.lang == Lang::ZhCn {
        Lang::En
    } else {
        Lang::ZhCn
    };
    let switch_lang = lang_ctx.set.reform(move |_: MouseEvent| other);
    html! {
        <div class="login-screen">
            <form class="login-card" data-testid="login-form" {onsubmit} novalidate=true>
                <div class="login-brand">
                    <span class="logo" aria-hidden="true">{ "EC" }</span>
                    <div>
                        <h1>{ t.app_name }</h1>
                        <p class="muted">{ t.login_subtitle }</p>
                    </div>
                </div>
                <TextField label={t.email} value={draft.0.email.clone()} oninput={bind(&draft, |d, v| d.email = v)}
                    input_type="email" autocomplete="username" testid="login-email" required=true
                    error={errors.get("email")} />
                <TextField label={t.password} value={draft.0.password.clone()}
                    oninput={bind(&draft, |d, v| d.password = v)} input_type="password"
                    autocomplete="current-password" testid="login-password" required=true
                    error={errors.get("password")} />
                <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="login-error" />
                <button class="btn btn-primary btn-block" type="submit" data-testid="login-submit" disabled={*busy}>
                    { if *busy { t.signing_in } else { t.sign_in } }
                </button>
                <button type="button" class="btn-link lang-toggle" data-testid="login-lang" onclick={switch_lang}>
                    { other.native_name() }
                </button>
            </form>
        </div>
    }
}
