//! The sales-control grid (销控表): floors top-down, units as coloured cells.

use api_types::{SalesControl, Unit, UnitStatus};
use yew::prelude::*;

use crate::components::status_badge::status_class;
use crate::format::{format_area, unit_price_short};
use crate::i18n::{use_lang, Lang};

/// Props of [`SalesGrid`].
#[derive(Properties, PartialEq)]
pub struct SalesGridProps {
    /// The grid from `GET /buildings/{id}/sales-control`.
    pub grid: SalesControl,
    /// A unit cell was clicked.
    pub onselect: Callback<Unit>,
}

/// One row per floor (top floor first), one cell per unit showing number,
/// area, layout and price in 万元, coloured by status.
#[component]
pub fn SalesGrid(props: &SalesGridProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    html! {
        <div class="sales-grid-wrap">
            <Legend grid={props.grid.clone()} />
            if props.grid.floors.iter().all(|f| f.units.is_empty()) {
                <p class="muted" data-testid="grid-empty">{ t.no_units }</p>
            } else {
                <div class="sales-grid" data-testid="sales-grid" role="grid">
                    { for props.grid.floors.iter().map(|floor| html! {
                        <div class="grid-row" role="row" data-testid="grid-floor" data-floor={floor.floor.to_string()}>
                            <div class="grid-floor" role="rowheader">{ format!("{}{}", floor.floor, t.floor_suffix) }</div>
                            <div class="grid-cells">
                                if floor.units.is_empty() {
                                    <span class="muted">{ "—" }</span>
                                }
                                { for floor.units.iter().map(|u| unit_cell(lang.status_label(u.status), u, lang, &props.onselect)) }
                            </div>
                        </div>
                    }) }
                </div>
            }
        </div>
    }
}

fn unit_cell(status_label: &'static str, u: &Unit, lang: Lang, onselect: &Callback<Unit>) -> Html {
    let onclick = {
        let (u, onselect) = (u.clone(), onselect.clone());
        Callback::from(move |_: MouseEvent| onselect.emit(u.clone()))
    };
    let title = format!("{} · {}", u.number, status_label);
    html! {
        <button type="button" class={classes!("unit-cell", status_class(u.status))} {title} role="gridcell"
            data-testid="unit-cell" data-id={u.id.clone()} data-number={u.number.clone()}
            data-status={u.status.as_str()} {onclick}>
            <span class="unit-number">{ u.number.clone() }</span>
            <span class="unit-meta">{ format!("{}㎡", format_area(u.area_m2)) }</span>
            if !u.layout.is_empty() { <span class="unit-meta">{ u.layout.clone() }</span> }
            <span class="unit-price">{ unit_price_short(lang, u.list_price_fen) }</span>
        </button>
    }
}

/// Props of [`Legend`].
#[derive(Properties, PartialEq)]
pub struct LegendProps {
    /// The grid, for its counts.
    pub grid: SalesControl,
}

/// Colour key with the number of units in each status, and the total.
#[component]
pub fn Legend(props: &LegendProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let count = |s: UnitStatus| {
        props
            .grid
            .counts
            .iter()
            .find(|c| c.status == s)
            .map_or(0, |c| c.count)
    };
    let total: i64 = props.grid.counts.iter().map(|c| c.count).sum();
    html! {
        <div class="legend" data-testid="grid-legend">
            { for UnitStatus::ALL.iter().map(|s| html! {
                <span class="legend-item" data-testid="legend-item" data-status={s.as_str()}>
                    <span class={classes!("swatch", status_class(*s))}></span>
                    { lang.status_label(*s) }
                    <strong data-testid={format!("legend-count-{}", s.as_str())}>{ count(*s) }</strong>
                </span>
            }) }
            <span class="legend-item legend-total">{ t.total }<strong data-testid="legend-total">{ total }</strong></span>
        </div>
    }
}
