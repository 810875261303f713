//! Form building blocks: a draft-state hook, field errors, and inputs that show
//! their error inline.

use std::rc::Rc;

use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::api::ApiError;
use crate::i18n::{error_message, field_message, Strings};

/// The edited values of a form; changes go through the reducer so that quick
/// successive inputs never overwrite each other with a stale copy.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Draft<D>(pub D);

/// A change to a [`Draft`].
pub struct Edit<D>(Box<dyn FnOnce(&mut D)>);

impl<D: Clone> Reducible for Draft<D> {
    type Action = Edit<D>;

    fn reduce(self: Rc<Self>, action: Edit<D>) -> Rc<Self> {
        let mut next = self.0.clone();
        (action.0)(&mut next);
        Rc::new(Draft(next))
    }
}

/// A form's draft, starting from `init`.
#[hook]
pub fn use_draft<D, F>(init: F) -> UseReducerHandle<Draft<D>>
where
    D: Clone + 'static,
    F: FnOnce() -> D,
{
    use_reducer(move || Draft(init()))
}

/// Applies a change to the draft.
pub fn edit<D: Clone + 'static>(
    draft: &UseReducerHandle<Draft<D>>,
    f: impl FnOnce(&mut D) + 'static,
) {
    draft.dispatch(Edit(Box::new(f)));
}

/// A callback that stores an input's text with `set`.
pub fn bind<D: Clone + 'static>(
    draft: &UseReducerHandle<Draft<D>>,
    set: fn(&mut D, String),
) -> Callback<String> {
    let draft = draft.dispatcher();
    Callback::from(move |v: String| draft.dispatch(Edit(Box::new(move |d: &mut D| set(d, v)))))
}

/// Errors of a form: per field (shown inline) and general (shown above the buttons).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct FormErrors {
    fields: Vec<(String, String)>,
    /// The message for the form as a whole.
    pub general: Option<String>,
    /// The API error code behind `general` (e.g. `precondition_failed`).
    pub code: Option<String>,
}

impl FormErrors {
    /// From a failed call: 422 field errors go to their fields, the rest to `general`.
    pub fn from_api(t: &Strings, e: &ApiError) -> FormErrors {
        let fields: Vec<(String, String)> = e
            .fields
            .iter()
            .map(|f| (f.field.clone(), field_message(t, f)))
            .collect();
        let general = Some(error_message(t, e));
        FormErrors {
            fields,
            general,
            code: Some(e.code.clone()),
        }
    }

    /// True when the last save failed because someone else changed the record (412).
    pub fn is_stale(&self) -> bool {
        self.code.as_deref() == Some("precondition_failed")
    }

    /// Adds a locally detected field error (e.g. a price that is not a number).
    pub fn add(&mut self, field: &str, message: &str) {
        self.fields.push((field.to_string(), message.to_string()));
    }

    /// True when nothing is wrong.
    pub fn is_empty(&self) -> bool {
        self.fields.is_empty() && self.general.is_none()
    }

    /// The message for one field (its JSON path, e.g. `positions[0].suffix`).
    pub fn get(&self, field: &str) -> Option<AttrValue> {
        self.fields
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| AttrValue::from(m.clone()))
    }
}

/// Props of [`TextField`].
#[derive(Properties, PartialEq)]
pub struct TextFieldProps {
    /// Label above the input.
    pub label: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Receives the new text on every keystroke.
    pub oninput: Callback<String>,
    /// Error shown under the input.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// Input type (`text`, `email`, `password`, `number` …).
    #[prop_or(AttrValue::Static("text"))]
    pub input_type: AttrValue,
    /// `data-testid` of the input; the error gets `<testid>-error`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Marks the field as required.
    #[prop_or_default]
    pub required: bool,
    /// Placeholder text.
    #[prop_or_default]
    pub placeholder: Option<AttrValue>,
    /// `autocomplete` hint.
    #[prop_or_default]
    pub autocomplete: Option<AttrValue>,
    /// `step` for number inputs.
    #[prop_or_default]
    pub step: Option<AttrValue>,
    /// Read-only display.
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled input with its error underneath.
#[component]
pub fn TextField(props: &TextFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let invalid = props.error.is_some();
    html! {
        <label class="field">
            <span class="field-label">
                { props.label.clone() }
                if props.required { <span class="required">{ "*" }</span> }
            </span>
            <input
                class={classes!("input", invalid.then_some("invalid"))}
                type={props.input_type.clone()}
                value={props.value.clone()}
                placeholder={props.placeholder.clone()}
                autocomplete={props.autocomplete.clone()}
                step={props.step.clone()}
                disabled={props.disabled}
                aria-invalid={invalid.to_string()}
                data-testid={props.testid.clone()}
                {oninput}
            />
            <FieldErrorText error={props.error.clone()} testid={props.testid.clone()} />
        </label>
    }
}

/// Props of [`SelectField`].
#[derive(Properties, PartialEq)]
pub struct SelectFieldProps {
    /// Label above the select.
    pub label: AttrValue,
    /// Selected value.
    pub value: AttrValue,
    /// `(value, label)` pairs.
    pub options: Vec<(AttrValue, AttrValue)>,
    /// Receives the new value.
    pub onchange: Callback<String>,
    /// Error shown under the select.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// `data-testid` of the select.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Read-only display.
    #[prop_or_default]
    pub disabled: bool,
    /// Marks the field as required.
    #[prop_or_default]
    pub required: bool,
}

/// A labelled select with its error underneath.
#[component]
pub fn SelectField(props: &SelectFieldProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlSelectElement>().value())
        })
    };
    let invalid = props.error.is_some();
    html! {
        <label class="field">
            <span class="field-label">
                { props.label.clone() }
                if props.required { <span class="required">{ "*" }</span> }
            </span>
            <select class={classes!("input", invalid.then_some("invalid"))} disabled={props.disabled}
                data-testid={props.testid.clone()} {onchange}>
                { for props.options.iter().map(|(v, l)| html! {
                    <option value={v.clone()} selected={*v == props.value}>{ l.clone() }</option>
                }) }
            </select>
            <FieldErrorText error={props.error.clone()} testid={props.testid.clone()} />
        </label>
    }
}

/// Props of [`FieldErrorText`].
#[derive(Properties, PartialEq)]
pub struct FieldErrorTextProps {
    /// The message, if any.
    pub error: Option<AttrValue>,
    /// The field's test id; the message gets `<testid>-error`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// The inline error under a field (renders nothing when there is none).
#[component]
pub fn FieldErrorText(props: &FieldErrorTextProps) -> Html {
    match &props.error {
        Some(msg) => {
            let testid = props.testid.as_ref().map(|t| format!("{t}-error"));
            html! { <span class="field-error" role="alert" data-testid={testid}>{ msg.clone() }</span> }
        }
        None => html! {},
    }
}

/// Props of [`TextAreaField`].
#[derive(Properties, PartialEq)]
pub struct TextAreaFieldProps {
    /// Label above the text area.
    pub label: AttrValue,
    /// Current value.
    pub value: AttrValue,
    /// Receives the new text on every keystroke.
    pub oninput: Callback<String>,
    /// Error shown under it.
    #[prop_or_default]
    pub error: Option<AttrValue>,
    /// `data-testid`; the error gets `<testid>-error`.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Visible rows.
    #[prop_or(3)]
    pub rows: u32,
    /// Read-only display.
    #[prop_or_default]
    pub disabled: bool,
}

/// A labelled multi-line input with its error underneath.
#[component]
pub fn TextAreaField(props: &TextAreaFieldProps) -> Html {
    let oninput = {
        let cb = props.oninput.clone();
        Callback::from(move |e: InputEvent| {
            cb.emit(
                e.target_unchecked_into::<web_sys::HtmlTextAreaElement>()
                    .value(),
            )
        })
    };
    let invalid = props.error.is_some();
    html! {
        <label class="field field-wide">
            <span class="field-label">{ props.label.clone() }</span>
            <textarea class={classes!("input", "textarea", invalid.then_some("invalid"))}
                rows={props.rows.to_string()} value={props.value.clone()} disabled={props.disabled}
                aria-invalid={invalid.to_string()} data-testid={props.testid.clone()} {oninput} />
            <FieldErrorText error={props.error.clone()} testid={props.testid.clone()} />
        </label>
    }
}

/// Props of [`CheckField`].
#[derive(Properties, PartialEq)]
pub struct CheckFieldProps {
    /// Text beside the box.
    pub label: AttrValue,
    /// Ticked.
    pub checked: bool,
    /// Receives the new state.
    pub onchange: Callback<bool>,
    /// `data-testid` of the checkbox.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
    /// Read-only display.
    #[prop_or_default]
    pub disabled: bool,
}

/// A checkbox with its label.
#[component]
pub fn CheckField(props: &CheckFieldProps) -> Html {
    let onchange = {
        let cb = props.onchange.clone();
        Callback::from(move |e: Event| {
            cb.emit(e.target_unchecked_into::<HtmlInputElement>().checked())
        })
    };
    html! {
        <label class="check">
            <input type="checkbox" checked={props.checked} disabled={props.disabled}
                data-testid={props.testid.clone()} {onchange} />
            <span>{ props.label.clone() }</span>
        </label>
    }
}
