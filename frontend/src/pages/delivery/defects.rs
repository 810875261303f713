//! 缺陷看板 (`/defects`): defects by status and by contractor, overdue ones
//! standing out; and a unit's defects on its delivery page.

use std::collections::BTreeMap;

use api_types::{Defect, DefectStatus};
use yew::prelude::*;

use crate::api::delivery::{self, DefectFilter};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::CheckField;
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore};
use crate::format::format_time;
use crate::i18n::use_lang;

/// The defect board.
#[component]
pub fn DefectBoardPage() -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let filter = use_state(DefectFilter::default);
    let contractor = use_state(String::new);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { delivery::defects(f, cursor).await })
    });
    let s = &*list.state;
    let on_status = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            filter.set(DefectFilter {
                status: DefectStatus::parse(&select.value()),
                ..(*filter).clone()
            });
        })
    };
    let on_overdue = {
        let filter = filter.clone();
        Callback::from(move |v: bool| {
            filter.set(DefectFilter {
                overdue: v,
                ..(*filter).clone()
            })
        })
    };
    let on_contractor = {
        let contractor = contractor.clone();
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            contractor.set(input.value());
        })
    };
    let apply = {
        let (filter, contractor) = (filter.clone(), contractor.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(DefectFilter {
                contractor: contractor.trim().to_string(),
                ..(*filter).clone()
            });
        })
    };
    let mut by_contractor: BTreeMap<String, (i64, i64)> = BTreeMap::new();
    for x in &s.items {
        let entry = by_contractor.entry(x.contractor.clone()).or_default();
        entry.0 += 1;
        entry.1 += i64::from(x.overdue);
    }
    html! {
        <div class="page" data-testid="defect-board-page">
            <div class="page-head"><h1>{ d.defects_title }</h1></div>
            <form class="filters" onsubmit={apply}>
                <select class="input" data-testid="defect-filter-status" onchange={on_status} aria-label={d.status}>
                    <option value="" selected={filter.status.is_none()}>{ d.all_statuses }</option>
                    { for DefectStatus::ALL.iter().map(|st| html! {
                        <option value={st.as_str()} selected={filter.status == Some(*st)}>{ lang.label(*st) }</option>
                    }) }
                </select>
                <input class="input" data-testid="defect-filter-contractor" placeholder={d.contractor}
                    value={(*contractor).clone()} oninput={on_contractor} />
                <CheckField label={d.overdue_only} checked={filter.overdue} onchange={on_overdue} testid="defect-filter-overdue" />
                <button class="btn" type="submit" data-testid="defect-filter-submit">{ d.filter }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <div class="defect-board">
                { for DefectStatus::ALL.iter().map(|st| {
                    let cards: Vec<&Defect> = s.items.iter().filter(|x| x.status == *st).collect();
                    html! {
                        <section class="defect-column" data-testid="defect-column" data-status={st.as_str()}>
                            <h2>{ format!("{} ({})", lang.label(*st), cards.len()) }</h2>
                            { for cards.into_iter().map(|x| html! { <DefectCard defect={x.clone()} /> }) }
                        </section>
                    }
                }) }
            </div>
            if !by_contractor.is_empty() {
                <section class="panel">
                    <h2>{ d.contractor }</h2>
                    <table class="table" data-testid="defects-by-contractor">
                        <thead><tr><th>{ d.contractor }</th><th class="num">{ d.defects_title }</th><th class="num">{ d.overdue }</th></tr></thead>
                        <tbody>
                            { for by_contractor.iter().map(|(name, (total, overdue))| html! {
                                <tr>
                                    <td>{ if name.is_empty() { "—".to_string() } else { name.clone() } }</td>
                                    <td class="num">{ total }</td>
                                    <td class="num"><span class={classes!((*overdue > 0).then_some("badge badge-danger"))}>{ overdue }</span></td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                </section>
            }
            if !s.loading && s.items.is_empty() && s.error.is_none() { <p class="muted">{ d.no_defects }</p> }
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

/// Props of [`DefectCard`].
#[derive(Properties, PartialEq)]
pub struct DefectCardProps {
    /// The defect.
    pub defect: Defect,
}

/// One defect on the board; an overdue one in red.
#[component]
pub fn DefectCard(props: &DefectCardProps) -> Html {
    let lang = use_lang().lang;
    let d = lang.delivery();
    let x = &props.defect;
    html! {
        <article class={classes!("defect-card", x.overdue.then_some("defect-overdue"))}
            data-testid="defect-card" data-id={x.id.clone()} data-status={x.status.as_str()} data-overdue={x.overdue.to_string()}>
            <NavLink to={Route::Defect { id: x.id.clone() }} testid="defect-link">
                { format!("{} · {} · {}", x.unit_number, x.room, lang.label(x.category)) }
            </NavLink>
            <div class="small">{ x.description.clone() }</div>
            <span class="badge" data-testid="defect-card-status">
                { lang.label(x.status) }
            </span>
            <div class="small muted">
                { format!("{} · {} {}", if x.contractor.is_empty() { "—" } else { &x.contractor }, d.fix_due, format_time(&x.fix_due_at)) }
            </div>
            if x.overdue { <span class="badge badge-danger">{ d.overdue }</span> }
        </article>
    }
}

/// Props of [`UnitDefects`].
#[derive(Properties, PartialEq)]
pub struct UnitDefectsProps {
    /// The unit.
    pub unit_id: String,
}

/// The defects of one unit (every status).
#[component]
pub fn UnitDefects(props: &UnitDefectsProps) -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let filter = DefectFilter {
        unit_id: props.unit_id.clone(),
        ..DefectFilter::default()
    };
    let list = use_paged(filter, |f, cursor| {
        Box::pin(async move { delivery::defects(f, cursor).await })
    });
    let s = &*list.state;
    html! {
        <div data-testid="unit-defects">
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            if !s.loading && s.items.is_empty() && s.error.is_none() { <p class="muted">{ d.no_defects }</p> }
            <div class="defect-list">
                { for s.items.iter().map(|x| html! { <DefectCard defect={x.clone()} /> }) }
            </div>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
