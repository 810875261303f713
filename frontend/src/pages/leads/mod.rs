//! The lead list (`/leads`) and the pool (`/leads/pool`): filters, badges,
//! keyset "load more", overdue rows highlighted, and Claim in the pool.

mod filters;

use std::rc::Rc;

use api_types::{Lead, LeadStaff, Project, SlaState};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::lead_work;
use crate::api::leads::{self, LeadFilter, OwnerFilter};
use crate::app::Route;
use crate::auth::{edits_leads, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::lead_badges::{GradeBadge, LeadStatusBadge, SlaBadge};
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::project_names::{project_name, use_projects};
use crate::components::staff_names::{person_label, use_lead_staff};
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::price_short;
use crate::i18n::{error_message, use_lang, Lang, LeadStrings};
use filters::LeadFilters;

/// Props of [`LeadsPage`].
#[derive(Properties, PartialEq)]
pub struct LeadsPageProps {
    /// The pool (公海) view: only leads without an owner, with Claim.
    pub pool: bool,
}

/// What the list query depends on: the filters and who is asking ("mine").
#[derive(Debug, Clone, PartialEq)]
struct ListQuery {
    filter: LeadFilter,
    me: String,
}

/// The lead list or the pool.
#[component]
pub fn LeadsPage(props: &LeadsPageProps) -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let me = use_auth().me();
    let me_id = me.as_ref().map(|m| m.id.clone()).unwrap_or_default();
    let can_claim = props.pool && me.as_ref().is_some_and(|m| edits_leads(m.role));
    let projects = use_projects();
    let staff = use_lead_staff(None);
    let pool = props.pool;
    let filter = use_state(move || LeadFilter {
        pool,
        ..LeadFilter::default()
    });
    {
        // The same component serves /leads and /leads/pool: switching starts over.
        let filter = filter.clone();
        use_effect_with(pool, move |pool| {
            filter.set(LeadFilter {
                pool: *pool,
                ..LeadFilter::default()
            })
        });
    }
    let query = ListQuery {
        filter: (*filter).clone(),
        me: me_id,
    };
    let list = use_paged(query, |q, cursor| {
        Box::pin(async move { leads::list(&q.filter, &q.me, PAGE_SIZE, cursor).await })
    });
    // Bumped by a preset so the filter bar restarts from the preset's values.
    let preset = use_state(|| 0u32);
    let my_tasks = {
        let (filter, preset) = (filter.clone(), preset.clone());
        Callback::from(move |_: MouseEvent| {
            filter.set(LeadFilter {
                owner: OwnerFilter::Mine,
                by_due: true,
                ..LeadFilter::default()
            });
            preset.set(*preset + 1);
        })
    };
    let on_apply = {
        let filter = filter.clone();
        Callback::from(move |mut f: LeadFilter| {
            f.pool = pool;
            filter.set(f);
        })
    };
    let on_claim = {
        let remove = list.remove.clone();
        Callback::from(move |id: String| {
            let (remove, toast) = (remove.clone(), toast.clone());
            spawn_local(async move {
                match lead_work::claim(&id).await {
                    Ok(_) => {
                        toast.success(lt.claimed);
                        remove.emit(id);
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };

    let s = &*list.state;
    let mut headers: Vec<AttrValue> = vec![
        lt.customer.into(),
        lt.phone.into(),
        t.project.into(),
        lt.source.into(),
        lt.budget.into(),
        lt.grade.into(),
        t.status.into(),
        lt.owner.into(),
        lt.sla.into(),
    ];
    if can_claim {
        headers.push(t.actions.into());
    }
    let ctx = RowCtx {
        lang,
        lt,
        projects: projects.clone(),
        staff: staff.clone(),
        me: me.as_ref().map(|m| m.id.clone()).unwrap_or_default(),
        on_claim: can_claim.then_some(on_claim),
    };
    html! {
        <div class="page" data-testid={if pool { "pool-page" } else { "leads-page" }}>
            <div class="page-head">
                <h1>{ if pool { lt.pool_title } else { lt.leads_title } }</h1>
                // Only roles that own leads have tasks (the privacy officer reads leads, owns none).
                if !pool && me.as_ref().is_some_and(|m| edits_leads(m.role)) {
                    <button class="btn" data-testid="lead-my-tasks" onclick={my_tasks}>{ lt.my_tasks }</button>
                }
                if !pool && me.as_ref().is_some_and(|m| edits_leads(m.role)) {
                    <NavLink to={Route::NewLead} class="btn btn-primary" testid="lead-new">{ lt.nav_new_lead }</NavLink>
                }
            </div>
            if pool { <p class="hint">{ lt.pool_hint }</p> }
            <LeadFilters key={format!("{pool}-{}", *preset)} initial={(*filter).clone()} projects={(*projects).clone()}
                onapply={on_apply} {pool} staff={(*staff).clone()} />
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={lt.no_leads}
                loading_text={t.loading} testid="lead-table">
                { for s.items.iter().map(|l| lead_row(l, &ctx)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

/// What every row needs besides its lead.
struct RowCtx {
    lang: Lang,
    lt: &'static LeadStrings,
    projects: Rc<Vec<Project>>,
    staff: Rc<Vec<LeadStaff>>,
    me: String,
    on_claim: Option<Callback<String>>,
}

/// The owner as staff read it: 我 / 公海 / their name from the staff
/// directory (roles that assign leads) / the id's tail.
pub fn owner_label(lt: &LeadStrings, me: &str, staff: &[LeadStaff], owner: Option<&str>) -> String {
    match owner {
        None => lt.owner_pool.to_string(),
        Some(id) if id == me => lt.owner_me.to_string(),
        Some(id) => person_label(staff, id),
    }
}

fn lead_row(l: &Lead, ctx: &RowCtx) -> Html {
    let overdue = l.sla_state == Some(SlaState::Breached);
    let claim = ctx.on_claim.as_ref().map(|cb| {
        let (cb, id) = (cb.clone(), l.id.clone());
        let onclick = Callback::from(move |_: MouseEvent| cb.emit(id.clone()));
        html! { <td><button class="btn btn-small btn-primary" data-testid="lead-claim" {onclick}>{ ctx.lt.claim }</button></td> }
    });
    html! {
        <tr class={classes!(overdue.then_some("row-overdue"))} data-testid="lead-row" data-id={l.id.clone()}
            data-sla={l.sla_state.map(SlaState::as_str).unwrap_or_default()}>
            <td>
                <NavLink to={Route::Lead { id: l.id.clone() }} testid="lead-link">{ l.customer_name.clone() }</NavLink>
            </td>
            <td class="nowrap mono">{ l.phone_masked.clone() }</td>
            <td>{ project_name(&ctx.projects, &l.project_id) }</td>
            <td>{ ctx.lang.label(l.source) }</td>
            <td class="nowrap">{ l.budget_fen.map(|f| price_short(ctx.lang, f)).unwrap_or_default() }</td>
            <td><GradeBadge grade={l.grade} testid="lead-grade" /></td>
            <td><LeadStatusBadge status={l.status} /></td>
            <td class="nowrap">{ owner_label(ctx.lt, &ctx.me, &ctx.staff, l.owner_id.as_deref()) }</td>
            <td><SlaBadge state={l.sla_state} due={l.next_due_at} testid="lead-sla" /></td>
            { claim.unwrap_or_default() }
        </tr>
    }
}
