//! The unit form: one set of fields for creating a unit and editing one.
//!
//! The price is typed in yuan (元) and sent in fen (分).

use api_types::{Unit, UnitStatus};
use yew::prelude::*;

use crate::components::alert::MessageBanner;
use crate::components::form::{bind, edit, use_draft, FormErrors, SelectField, TextField};
use crate::format::{fen_to_yuan, format_area, parse_area, parse_int, parse_yuan};
use crate::i18n::{use_lang, Strings};

/// What the unit form edits, as typed.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitDraft {
    /// Floor.
    pub floor: String,
    /// Unit number.
    pub number: String,
    /// Area in m².
    pub area: String,
    /// Layout (户型).
    pub layout: String,
    /// List price in yuan.
    pub price_yuan: String,
    /// Status.
    pub status: UnitStatus,
}

impl Default for UnitDraft {
    fn default() -> Self {
        UnitDraft {
            floor: String::new(),
            number: String::new(),
            area: String::new(),
            layout: String::new(),
            price_yuan: String::new(),
            status: UnitStatus::Available,
        }
    }
}

impl From<&Unit> for UnitDraft {
    fn from(u: &Unit) -> Self {
        UnitDraft {
            floor: u.floor.to_string(),
            number: u.number.clone(),
            area: format_area(u.area_m2),
            layout: u.layout.clone(),
            price_yuan: u.list_price_fen.map(fen_to_yuan).unwrap_or_default(),
            status: u.status,
        }
    }
}

/// The draft checked and converted to wire units.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitValues {
    /// Floor.
    pub floor: i32,
    /// Unit number.
    pub number: String,
    /// Area in m².
    pub area_m2: f64,
    /// Layout.
    pub layout: String,
    /// List price in fen.
    pub list_price_fen: i64,
    /// Status.
    pub status: UnitStatus,
}

impl UnitDraft {
    /// Converts the typed text; errors are keyed by the API's field names.
    pub fn parse(&self, t: &Strings) -> Result<UnitValues, FormErrors> {
        let mut errors = FormErrors::default();
        let floor = parse_int(&self.floor);
        let area = parse_area(&self.area);
        let price = parse_yuan(&self.price_yuan);
        if floor.is_none() {
            errors.add("floor", t.fe_number);
        }
        if self.number.trim().is_empty() {
            errors.add("number", t.fe_required);
        }
        if area.is_none() {
            errors.add("area_m2", t.fe_number);
        }
        if price.is_none() {
            errors.add("list_price_fen", t.fe_money);
        }
        match (floor, area, price) {
            (Some(floor), Some(area_m2), Some(list_price_fen)) if errors.is_empty() => {
                Ok(UnitValues {
                    floor,
                    number: self.number.trim().to_string(),
                    area_m2,
                    layout: self.layout.trim().to_string(),
                    list_price_fen,
                    status: self.status,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Props of [`UnitForm`].
#[derive(Properties, PartialEq)]
pub struct UnitFormProps {
    /// Starting values.
    #[prop_or_default]
    pub initial: UnitDraft,
    /// Receives the checked values; the parent calls the API.
    pub onsubmit: Callback<UnitValues>,
    /// Errors of the last attempt.
    pub errors: FormErrors,
    /// Reports local (parse) errors so the parent shows them like server ones.
    pub onerrors: Callback<FormErrors>,
    /// True while saving.
    pub busy: bool,
    /// Submit button text.
    pub submit_label: AttrValue,
    /// `data-testid` of the `<form>`.
    pub testid: AttrValue,
    /// Clears the fields after a successful create.
    #[prop_or_default]
    pub reset_token: u32,
}

/// Floor, number, area, layout, price (元), status.
#[component]
pub fn UnitForm(props: &UnitFormProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let initial = props.initial.clone();
    let draft = use_draft(move || initial);
    {
        let (draft, initial) = (draft.clone(), props.initial.clone());
        use_effect_with(props.reset_token, move |token| {
            if *token > 0 {
                edit(&draft, move |d| *d = initial);
            }
        });
    }
    let onsubmit = {
        let (draft, onsubmit, onerrors) = (
            draft.clone(),
            props.onsubmit.clone(),
            props.onerrors.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            match draft.0.parse(t) {
                Ok(values) => onsubmit.emit(values),
                Err(errors) => onerrors.emit(errors),
            }
        })
    };
    // Staff set available or reserved; a sold or handed-over unit's status
    // follows its deal and sign-off, shown but not editable.
    let by_hand = [UnitStatus::Available, UnitStatus::Reserved];
    let sale_status = !by_hand.contains(&props.initial.status);
    let status_options: Vec<(AttrValue, AttrValue)> = UnitStatus::ALL
        .iter()
        .filter(|s| by_hand.contains(s) || **s == props.initial.status)
        .map(|s| (s.as_str().into(), lang.status_label(*s).into()))
        .collect();
    let on_status = bind(&draft, |d, v| {
        if let Some(s) = UnitStatus::parse(&v) {
            d.status = s;
        }
    });
    let e = &props.errors;
    html! {
        <form class="form-card" data-testid={props.testid.clone()} {onsubmit} novalidate=true>
            <div class="form-grid">
                <TextField label={t.floor} value={draft.0.floor.clone()} input_type="number" required=true
                    oninput={bind(&draft, |d, v| d.floor = v)} testid="unit-floor" error={e.get("floor")} />
                <TextField label={t.unit_number} value={draft.0.number.clone()} required=true
                    oninput={bind(&draft, |d, v| d.number = v)} testid="unit-number" error={e.get("number")} />
                <TextField label={t.area_m2} value={draft.0.area.clone()} input_type="number" step="0.01"
                    required=true oninput={bind(&draft, |d, v| d.area = v)} testid="unit-area"
                    error={e.get("area_m2")} />
                <TextField label={t.layout} value={draft.0.layout.clone()} placeholder={t.layout_example}
                    oninput={bind(&draft, |d, v| d.layout = v)} testid="unit-layout" error={e.get("layout")} />
                <TextField label={t.list_price_yuan} value={draft.0.price_yuan.clone()} required=true
                    oninput={bind(&draft, |d, v| d.price_yuan = v)} testid="unit-price"
                    error={e.get("list_price_fen")} />
                <SelectField label={t.status} value={draft.0.status.as_str()} options={status_options}
                    onchange={on_status} testid="unit-status" error={e.get("status")} disabled={sale_status} />
            </div>
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="unit-form-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="unit-submit" disabled={props.busy}>
                    { if props.busy { t.saving } else { props.submit_label.as_str() } }
                </button>
            </div>
        </form>
    }
}
