//! Toasts: short confirmations and errors in the corner, gone after a few seconds.

use std::cell::Cell;
use std::rc::Rc;

use gloo_timers::callback::Timeout;
use yew::prelude::*;

/// How long a toast stays, in milliseconds.
const TOAST_MS: u32 = 4000;

/// Kind of toast (colour).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
}

#[derive(Debug, Clone, PartialEq)]
struct Toast {
    id: u32,
    kind: ToastKind,
    text: String,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct Toasts {
    items: Vec<Toast>,
}

enum ToastAction {
    Push(Toast),
    Dismiss(u32),
}

impl Reducible for Toasts {
    type Action = ToastAction;

    fn reduce(self: Rc<Self>, action: ToastAction) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            ToastAction::Push(toast) => {
                s.items.push(toast);
                // Never bury the screen: keep the newest few.
                if s.items.len() > 4 {
                    s.items.remove(0);
                }
            }
            ToastAction::Dismiss(id) => s.items.retain(|t| t.id != id),
        }
        Rc::new(s)
    }
}

/// Shows toasts; obtained with [`use_toast`].
#[derive(Clone, PartialEq)]
pub struct Toaster {
    push: Callback<(ToastKind, String)>,
}

impl Toaster {
    /// A green confirmation.
    pub fn success(&self, text: impl Into<String>) {
        self.push.emit((ToastKind::Success, text.into()));
    }

    /// A red error.
    pub fn error(&self, text: impl Into<String>) {
        self.push.emit((ToastKind::Error, text.into()));
    }
}

/// The toaster of the nearest [`ToastProvider`] (silent outside one).
#[hook]
pub fn use_toast() -> Toaster {
    use_context::<Toaster>().unwrap_or(Toaster {
        push: Callback::noop(),
    })
}

/// Props of [`ToastProvider`].
#[derive(Properties, PartialEq)]
pub struct ToastProviderProps {
    /// The app.
    pub children: Html,
}

/// Provides a [`Toaster`] and renders its toasts.
#[component]
pub fn ToastProvider(props: &ToastProviderProps) -> Html {
    let toasts = use_reducer(Toasts::default);
    // One stable callback for the app's lifetime, so a toast does not re-render every consumer.
    let push = {
        let dispatcher = toasts.dispatcher();
        let push = use_memo((), move |_| {
            let next_id = Cell::new(0u32);
            Callback::from(move |(kind, text): (ToastKind, String)| {
                let id = next_id.get();
                next_id.set(id.wrapping_add(1));
                dispatcher.dispatch(ToastAction::Push(Toast { id, kind, text }));
                let dispatcher = dispatcher.clone();
                Timeout::new(TOAST_MS, move || {
                    dispatcher.dispatch(ToastAction::Dismiss(id))
                })
                .forget();
            })
        });
        (*push).clone()
    };
    let toaster = Toaster { push };
    html! {
        <ContextProvider<Toaster> context={toaster}>
            { props.children.clone() }
            <div class="toasts" aria-live="polite">
                { for toasts.items.iter().map(|t| {
                    let id = t.id;
                    let dismiss = {
                        let d = toasts.dispatcher();
                        Callback::from(move |_: MouseEvent| d.dispatch(ToastAction::Dismiss(id)))
                    };
                    let class = match t.kind {
                        ToastKind::Success => "toast toast-success",
                        ToastKind::Error => "toast toast-error",
                    };
                    html! {
                        <div class={class} role="status" data-testid="toast" onclick={dismiss}>
                            { t.text.clone() }
                        </div>
                    }
                }) }
            </div>
        </ContextProvider<Toaster>>
    }
}
