//! A dialog over the page (unit editor, user editor).

use yew::prelude::*;

/// Props of [`Modal`].
#[derive(Properties, PartialEq)]
pub struct ModalProps {
    /// Heading.
    pub title: AttrValue,
    /// Closes the dialog (backdrop click, × button, Escape).
    pub onclose: Callback<()>,
    /// Body.
    pub children: Html,
    /// `data-testid` of the dialog box.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Label of the × button, for screen readers.
    #[prop_or(AttrValue::Static("×"))]
    pub close_label: AttrValue,
}

/// A centred dialog with a dimmed backdrop.
#[component]
pub fn Modal(props: &ModalProps) -> Html {
    let close = props.onclose.reform(|_: MouseEvent| ());
    let onkeydown = {
        let onclose = props.onclose.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                onclose.emit(());
            }
        })
    };
    // Clicks inside the box must not reach the backdrop.
    let stop = Callback::from(|e: MouseEvent| e.stop_propagation());
    html! {
        <div class="modal-backdrop" onclick={close.clone()} {onkeydown}>
            <div class="modal" role="dialog" aria-modal="true" aria-label={props.title.clone()}
                data-testid={props.testid.clone()} onclick={stop}>
                <div class="modal-head">
                    <h2>{ props.title.clone() }</h2>
                    <button class="btn-icon" aria-label={props.close_label.clone()}
                        data-testid="modal-close" onclick={close}>{ "×" }</button>
                </div>
                <div class="modal-body">{ props.children.clone() }</div>
            </div>
        </div>
    }
}
