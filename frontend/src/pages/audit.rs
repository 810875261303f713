//! The audit trail (`/audit`, admin and CRM head): who changed what, before and after.

use api_types::AuditEvent;
use yew::prelude::*;

use crate::api::audit::{self, AuditFilter};
use crate::components::alert::ErrorBanner;
use crate::components::form::{bind, use_draft, SelectField, TextField};
use crate::components::nav_link::NavLink;
use crate::components::notification_bell::entity_route;
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::table::DataTable;
use crate::format::format_time_precise;
use crate::i18n::{use_t, Strings};

/// Entity types offered by the filter; the API accepts any text.
const ENTITY_TYPES: [&str; 5] = ["project", "building", "unit", "user", "company"];

/// Audit events, newest first, filterable by entity type and action.
#[component]
pub fn AuditPage() -> Html {
    let t = use_t();
    let draft = use_draft(AuditFilter::default);
    let filter = use_state(AuditFilter::default);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { audit::list(&f, PAGE_SIZE, cursor).await })
    });
    let expanded = use_state(|| None::<String>);

    let on_filter = {
        let (draft, filter) = (draft.clone(), filter.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            filter.set(draft.0.clone());
        })
    };
    let mut entity_options: Vec<(AttrValue, AttrValue)> = vec![("".into(), t.all.into())];
    entity_options.extend(
        ENTITY_TYPES
            .iter()
            .map(|e| (AttrValue::from(*e), entity_label(t, e).into())),
    );

    let s = &*list.state;
    let headers = vec![
        t.time.into(),
        t.actor.into(),
        t.action.into(),
        t.entity_type.into(),
        t.entity_id.into(),
        t.changes.into(),
    ];
    html! {
        <div class="page">
            <div class="page-head"><h1>{ t.nav_audit }</h1></div>
            <form class="filters" data-testid="audit-filters" onsubmit={on_filter}>
                <SelectField label={t.entity_type} value={draft.0.entity_type.clone()} options={entity_options}
                    onchange={bind(&draft, |d, v| d.entity_type = v)} testid="audit-filter-entity" />
                <TextField label={t.action} value={draft.0.action.clone()} placeholder="project.create"
                    oninput={bind(&draft, |d, v| d.action = v)} testid="audit-filter-action" />
                <button class="btn" type="submit" data-testid="audit-filter-submit">{ t.search }</button>
            </form>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={t.no_audit}
                loading_text={t.loading} testid="audit-table">
                { for s.items.iter().map(|ev| event_rows(t, ev, &expanded)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

fn entity_label(t: &Strings, entity: &str) -> &'static str {
    match entity {
        "project" => t.project,
        "building" => t.building,
        "unit" => t.unit,
        "user" => t.user,
        "company" => t.company,
        _ => "",
    }
}

fn event_rows(
    t: &'static Strings,
    ev: &AuditEvent,
    expanded: &UseStateHandle<Option<String>>,
) -> Html {
    let open = expanded.as_deref() == Some(ev.id.as_str());
    let toggle = {
        let (expanded, id) = (expanded.clone(), ev.id.clone());
        Callback::from(move |_: MouseEvent| {
            expanded.set(if expanded.as_deref() == Some(id.as_str()) {
                None
            } else {
                Some(id.clone())
            })
        })
    };
    let actor = match (&ev.actor_name, &ev.actor_id) {
        (Some(name), _) => name.clone(),
        (None, Some(id)) => format!("{} · {}", ev.actor_kind, id),
        (None, None) => ev.actor_kind.clone(),
    };
    let label = entity_label(t, &ev.entity_type);
    let entity = if label.is_empty() {
        ev.entity_type.clone()
    } else {
        format!("{label} ({})", ev.entity_type)
    };
    html! {
        <>
            <tr data-testid="audit-row" data-id={ev.id.clone()} data-action={ev.action.clone()}>
                <td class="nowrap">{ format_time_precise(&ev.created_at) }</td>
                <td class="mono small">{ actor }</td>
                <td><code>{ ev.action.clone() }</code></td>
                <td>{ entity }</td>
                <td class="mono small">
                    if let Some(to) = entity_route(&ev.entity_type, ev.entity_id.clone()) {
                        <NavLink {to} testid="audit-entity-link">{ ev.entity_id.clone() }</NavLink>
                    } else {
                        { ev.entity_id.clone() }
                    }
                </td>
                <td>
                    <button class="btn btn-small" data-testid="audit-toggle" aria-expanded={open.to_string()} onclick={toggle}>
                        { if open { t.hide } else { t.show } }
                    </button>
                </td>
            </tr>
            if open {
                <tr class="detail-row" data-testid="audit-detail">
                    <td colspan="6">
                        <div class="diff">
                            <div><h4>{ t.before }</h4><pre data-testid="audit-before">{ pretty(&ev.before) }</pre></div>
                            <div><h4>{ t.after }</h4><pre data-testid="audit-after">{ pretty(&ev.after) }</pre></div>
                        </div>
                        if let Some(rid) = &ev.request_id {
                            <p class="muted small">{ format!("{} {rid}", t.request_id) }</p>
                        }
                    </td>
                </tr>
            }
        </>
    }
}

/// Indented JSON, or a dash when the side is empty (create has no before, delete no after).
fn pretty(v: &Option<serde_json::Value>) -> String {
    match v {
        Some(v) => serde_json::to_string_pretty(v).unwrap_or_else(|_| v.to_string()),
        None => "—".to_string(),
    }
}
