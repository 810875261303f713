//! Bulk creation: floors `from..=to` × positions, with a price step per floor.

use api_types::{BulkCreateUnits, UnitTemplate};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api;
use crate::components::alert::MessageBanner;
use crate::components::form::{bind, edit, use_draft, FormErrors, TextField};
use crate::components::toast::use_toast;
use crate::format::{parse_area, parse_int, parse_yuan};
use crate::i18n::{use_t, Strings};

#[derive(Debug, Clone, PartialEq, Default)]
struct Position {
    suffix: String,
    area: String,
    layout: String,
    base_price: String,
}

#[derive(Debug, Clone, PartialEq)]
struct BulkDraft {
    floor_from: String,
    floor_to: String,
    step: String,
    positions: Vec<Position>,
}

impl Default for BulkDraft {
    fn default() -> Self {
        let position = |s: &str| Position {
            suffix: s.to_string(),
            ..Position::default()
        };
        BulkDraft {
            floor_from: "1".into(),
            floor_to: String::new(),
            step: "0".into(),
            positions: vec![position("01"), position("02")],
        }
    }
}

impl BulkDraft {
    fn parse(&self, t: &Strings) -> Result<BulkCreateUnits, FormErrors> {
        let mut errors = FormErrors::default();
        let floor_from = parse_int(&self.floor_from);
        let floor_to = parse_int(&self.floor_to);
        let step = parse_yuan(&self.step);
        for (field, ok) in [
            ("floor_from", floor_from.is_some()),
            ("floor_to", floor_to.is_some()),
        ] {
            if !ok {
                errors.add(field, t.fe_number);
            }
        }
        if step.is_none() {
            errors.add("price_step_per_floor_fen", t.fe_money);
        }
        let mut positions = Vec::new();
        for (i, p) in self.positions.iter().enumerate() {
            let (area, price) = (parse_area(&p.area), parse_yuan(&p.base_price));
            if p.suffix.trim().is_empty() {
                errors.add(&format!("positions[{i}].suffix"), t.fe_required);
            }
            if area.is_none() {
                errors.add(&format!("positions[{i}].area_m2"), t.fe_number);
            }
            if price.is_none() {
                errors.add(&format!("positions[{i}].base_price_fen"), t.fe_money);
            }
            if let (Some(area_m2), Some(base_price_fen)) = (area, price) {
                let (suffix, layout) = (p.suffix.trim().to_string(), p.layout.trim().to_string());
                positions.push(UnitTemplate {
                    suffix,
                    area_m2,
                    layout,
                    base_price_fen,
                });
            }
        }
        match (floor_from, floor_to, step) {
            (Some(floor_from), Some(floor_to), Some(price_step_per_floor_fen))
                if errors.is_empty() =>
            {
                Ok(BulkCreateUnits {
                    floor_from,
                    floor_to,
                    positions,
                    price_step_per_floor_fen,
                })
            }
            _ => Err(errors),
        }
    }
}

/// Props of [`BulkForm`].
#[derive(Properties, PartialEq)]
pub struct BulkFormProps {
    /// The building.
    pub building_id: String,
    /// Units were created: reload grid and list.
    pub oncreated: Callback<()>,
}

/// Floors from/to, a table of positions (suffix, area, layout, base price in 元)
/// and the price step per floor (元) → `POST /buildings/{id}/units/bulk`.
#[component]
pub fn BulkForm(props: &BulkFormProps) -> Html {
    let t = use_t();
    let toast = use_toast();
    let draft = use_draft(BulkDraft::default);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let onsubmit = {
        let (draft, errors, busy, oncreated, id) = (
            draft.clone(),
            errors.clone(),
            busy.clone(),
            props.oncreated.clone(),
            props.building_id.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = match draft.0.parse(t) {
                Ok(b) => b,
                Err(local) => return errors.set(local),
            };
            let (errors, busy, oncreated, id, toast) = (
                errors.clone(),
                busy.clone(),
                oncreated.clone(),
                id.clone(),
                toast.clone(),
            );
            busy.set(true);
            spawn_local(async move {
                let result = api::units::bulk_create(&id, &body).await;
                busy.set(false);
                match result {
                    Ok(done) => {
                        errors.set(FormErrors::default());
                        toast.success(format!("{} {}", t.units_created, done.created));
                        oncreated.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let add_row = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| edit(&draft, |d| d.positions.push(Position::default())))
    };
    let e = &*errors;
    let rows = draft.0.positions.iter().enumerate().map(|(i, p)| {
        let field = |name: &str| e.get(&format!("positions[{i}].{name}"));
        let set = |f: fn(&mut Position, String)| {
            let draft = draft.clone();
            Callback::from(move |v: String| edit(&draft, move |d| if let Some(p) = d.positions.get_mut(i) { f(p, v) }))
        };
        let remove = {
            let draft = draft.clone();
            Callback::from(move |_: MouseEvent| edit(&draft, move |d| { if d.positions.len() > 1 { d.positions.remove(i); } }))
        };
        html! {
            <div class="position-row" data-testid="bulk-position">
                <TextField label={t.suffix} value={p.suffix.clone()} oninput={set(|p, v| p.suffix = v)}
                    testid={format!("bulk-suffix-{i}")} error={field("suffix")} />
                <TextField label={t.area_m2} value={p.area.clone()} input_type="number" step="0.01"
                    oninput={set(|p, v| p.area = v)} testid={format!("bulk-area-{i}")} error={field("area_m2")} />
                <TextField label={t.layout} value={p.layout.clone()} oninput={set(|p, v| p.layout = v)}
                    testid={format!("bulk-layout-{i}")} error={field("layout")} />
                <TextField label={t.base_price_yuan} value={p.base_price.clone()} oninput={set(|p, v| p.base_price = v)}
                    testid={format!("bulk-price-{i}")} error={field("base_price_fen")} />
                <button type="button" class="btn btn-small" onclick={remove} aria-label={t.remove_row}
                    disabled={draft.0.positions.len() <= 1}>{ "−" }</button>
            </div>
        }
    });
    html! {
        <form class="form-card" data-testid="bulk-form" {onsubmit} novalidate=true>
            <div class="form-grid">
                <TextField label={t.floor_from} value={draft.0.floor_from.clone()} input_type="number" required=true
                    oninput={bind(&draft, |d, v| d.floor_from = v)} testid="bulk-floor-from" error={e.get("floor_from")} />
                <TextField label={t.floor_to} value={draft.0.floor_to.clone()} input_type="number" required=true
                    oninput={bind(&draft, |d, v| d.floor_to = v)} testid="bulk-floor-to" error={e.get("floor_to")} />
                <TextField label={t.price_step_yuan} value={draft.0.step.clone()}
                    oninput={bind(&draft, |d, v| d.step = v)} testid="bulk-step"
                    error={e.get("price_step_per_floor_fen")} />
            </div>
            <h3>{ t.positions }</h3>
            <MessageBanner message={e.get("positions")} testid="bulk-positions-error" />
            { for rows }
            <button type="button" class="btn btn-small" data-testid="bulk-add-position" onclick={add_row}>{ t.add_row }</button>
            <MessageBanner message={e.general.clone().map(AttrValue::from)} testid="bulk-form-error" />
            <div class="form-actions">
                <button class="btn btn-primary" type="submit" data-testid="bulk-submit" disabled={*busy}>
                    { if *busy { t.saving } else { t.bulk_create } }
                </button>
            </div>
        </form>
    }
}
