//! The paginated unit list of a building, filterable by status and floor.

use api_types::{Unit, UnitStatus};
use yew::prelude::*;

use crate::api::units::{self, UnitFilter};
use crate::components::alert::ErrorBanner;
use crate::components::form::{bind, use_draft, SelectField, TextField};
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::status_badge::StatusBadge;
use crate::components::table::DataTable;
use crate::format::{format_area, parse_int, unit_price_short};
use crate::i18n::use_lang;

/// What the list shows: the building, the filters, and a counter that forces a reload.
#[derive(Debug, Clone, PartialEq)]
struct ListQuery {
    building_id: String,
    filter: UnitFilter,
    tick: u32,
}

#[derive(Debug, Clone, PartialEq, Default)]
struct FilterDraft {
    status: String,
    floor: String,
}

/// Props of [`UnitList`].
#[derive(Properties, PartialEq)]
pub struct UnitListProps {
    /// The building.
    pub building_id: String,
    /// Bumped by the page after any change, to reload.
    pub tick: u32,
    /// A row was clicked.
    pub onselect: Callback<Unit>,
}

/// Units by floor and number, 20 per page, with status and floor filters.
#[component]
pub fn UnitList(props: &UnitListProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let draft = use_draft(FilterDraft::default);
    let filter = use_state(UnitFilter::default);
    let query = ListQuery {
        building_id: props.building_id.clone(),
        filter: (*filter).clone(),
        tick: props.tick,
    };
    let list = use_paged(query, |q, cursor| {
        Box::pin(async move { units::list(&q.building_id, &q.filter, PAGE_SIZE, cursor).await })
    });
    let on_filter = {
        let (draft, filter) = (draft.clone(), filter.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(UnitFilter {
                status: UnitStatus::parse(&draft.0.status),
                floor: parse_int(&draft.0.floor),
            });
        })
    };
    let mut status_options: Vec<(AttrValue, AttrValue)> = vec![("".into(), t.all.into())];
    status_options.extend(
        UnitStatus::ALL
            .iter()
            .map(|s| (s.as_str().into(), lang.status_label(*s).into())),
    );

    let s = &*list.state;
    let headers = vec![
        t.floor.into(),
        t.unit_number.into(),
        t.area_m2.into(),
        t.layout.into(),
        t.list_price.into(),
        t.status.into(),
    ];
    html! {
        <div>
            <form class="filters" data-testid="unit-filters" onsubmit={on_filter}>
                <SelectField label={t.status} value={draft.0.status.clone()} options={status_options}
                    onchange={bind(&draft, |d, v| d.status = v)} testid="unit-filter-status" />
                <TextField label={t.floor} value={draft.0.floor.clone()} input_type="number"
                    oninput={bind(&draft, |d, v| d.floor = v)} testid="unit-filter-floor" />
                <button class="btn" type="submit" data-testid="unit-filter-submit">{ t.search }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={t.no_units}
                loading_text={t.loading} testid="unit-table">
                { for s.items.iter().map(|u| {
                    let onclick = {
                        let (u, onselect) = (u.clone(), props.onselect.clone());
                        Callback::from(move |_: MouseEvent| onselect.emit(u.clone()))
                    };
                    html! {
                        <tr class="clickable" data-testid="unit-row" data-id={u.id.clone()} {onclick}>
                            <td>{ u.floor }</td>
                            <td>{ u.number.clone() }</td>
                            <td>{ format_area(u.area_m2) }</td>
                            <td>{ u.layout.clone() }</td>
                            <td>{ unit_price_short(lang, u.list_price_fen) }</td>
                            <td><StatusBadge status={u.status} /></td>
                        </tr>
                    }
                }) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
