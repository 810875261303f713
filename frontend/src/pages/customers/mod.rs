//! The customer list (`/customers`): search by phone or name, value-tier and
//! project filters, keyset "load more".

use api_types::{CustomerListItem, ValueTier};
use yew::prelude::*;

use crate::api::customers::{self, CustomerFilter};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{bind, use_draft, SelectField, TextField};
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::project_names::{enum_options, project_options, use_projects};
use crate::components::table::DataTable;
use crate::format::format_time;
use crate::i18n::{use_lang, Lang};

/// The customer list.
#[component]
pub fn CustomersPage() -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let projects = use_projects();
    let filter = use_state(CustomerFilter::default);
    let draft = use_draft(CustomerFilter::default);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { customers::list(&f, PAGE_SIZE, cursor).await })
    });
    let onsubmit = {
        let (draft, filter) = (draft.clone(), filter.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(draft.0.clone());
        })
    };
    let d = &draft.0;
    let s = &*list.state;
    let headers: Vec<AttrValue> = vec![
        dt.customer.into(),
        t.phone.into(),
        dt.value_tier.into(),
        t.time.into(),
    ];
    html! {
        <div class="page" data-testid="customers-page">
            <div class="page-head"><h1>{ dt.customers_title }</h1></div>
            <form class="filters" data-testid="customer-filters" {onsubmit}>
                <TextField label={dt.customer_search} value={d.q.clone()}
                    oninput={bind(&draft, |f, v| f.q = v)} testid="customer-filter-q" />
                <SelectField label={dt.value_tier} value={d.value_tier.map(ValueTier::as_str).unwrap_or_default()}
                    options={enum_options(ValueTier::ALL, ValueTier::as_str, move |v| lang.label(v), Some(t))}
                    onchange={bind(&draft, |f, v| f.value_tier = ValueTier::parse(&v))} testid="customer-filter-tier" />
                <SelectField label={t.project} value={d.project_id.clone()}
                    options={project_options(&projects, t.all)}
                    onchange={bind(&draft, |f, v| f.project_id = v)} testid="customer-filter-project" />
                <button class="btn" type="submit" data-testid="customer-filter-submit">{ dt.search }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={dt.no_customers}
                loading_text={t.loading} testid="customer-table">
                { for s.items.iter().map(|c| customer_row(lang, c)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

fn customer_row(lang: Lang, c: &CustomerListItem) -> Html {
    html! {
        <tr data-testid="customer-row" data-id={c.id.clone()} data-tier={c.value_tier.as_str()}>
            <td><NavLink to={Route::Customer { id: c.id.clone() }} testid="customer-link">{ c.name.clone() }</NavLink></td>
            <td class="nowrap mono">{ c.phone_masked.clone() }</td>
            <td><span class={classes!("badge", format!("tier-{}", c.value_tier.as_str()))}>{ lang.label(c.value_tier) }</span></td>
            <td class="nowrap">{ format_time(&c.created_at) }</td>
        </tr>
    }
}
