//! 交付后回访 (`/delivery-visits`): the 3-month and 1-year visits, filtered by
//! status or to the due ones; record a visit's outcome, or record why it is
//! skipped.

use api_types::{Visit, VisitStatus};
use chrono::{DateTime, Utc};
use yew::prelude::*;

use super::visit_actions::VisitActions;
use crate::api::delivery_plan::{self, VisitFilter};
use crate::app::Route;
use crate::auth::{completes_visits, signs_off_units, use_auth};
use crate::components::alert::ErrorBanner;
use crate::components::form::CheckField;
use crate::components::nav_link::NavLink;
use crate::components::pagination::{use_paged, LoadMore};
use crate::components::project_names::{project_name, use_projects};
use crate::format::{format_time, owner_contact};
use crate::i18n::use_lang;

/// Still to be made (scheduled or noticed).
pub fn is_open(v: &Visit) -> bool {
    matches!(v.status, VisitStatus::Scheduled | VisitStatus::Noticed)
}

/// Open and due by `now`.
pub fn is_due(v: &Visit, now: DateTime<Utc>) -> bool {
    is_open(v) && v.due_at <= now
}

/// The visits screen.
#[component]
pub fn VisitsPage() -> Html {
    let lang = use_lang().lang;
    let (t, d) = (lang.strings(), lang.delivery());
    let role = use_auth().me().map(|m| m.role);
    let projects = use_projects();
    let filter = use_state(VisitFilter::default);
    let due_only = use_state(|| false);
    let list = use_paged((*filter).clone(), |f, cursor| {
        Box::pin(async move { delivery_plan::visits(f, cursor).await })
    });
    let s = &*list.state;
    let on_status = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            filter.set(VisitFilter {
                status: VisitStatus::parse(&select.value()),
            });
        })
    };
    let on_due = {
        let due_only = due_only.clone();
        Callback::from(move |v: bool| due_only.set(v))
    };
    let now = Utc::now();
    let rows: Vec<Visit> = s
        .items
        .iter()
        .filter(|v| !*due_only || is_due(v, now))
        .cloned()
        .collect();
    let may_complete = role.is_some_and(completes_visits);
    let may_skip = role.is_some_and(signs_off_units);
    html! {
        <div class="page" data-testid="visits-page">
            <div class="page-head"><h1>{ d.visits_title }</h1></div>
            <div class="filters">
                <label class="field">
                    <span class="field-label">{ d.status }</span>
                    <select class="input" data-testid="visit-status-filter" onchange={on_status}>
                        <option value="" selected={filter.status.is_none()}>{ d.all_statuses }</option>
                        { for VisitStatus::ALL.iter().map(|st| html! {
                            <option value={st.as_str()} selected={filter.status == Some(*st)}>{ lang.label(*st) }</option>
                        }) }
                    </select>
                </label>
                <CheckField label={d.due_only} checked={*due_only} onchange={on_due} testid="visit-due-only" />
            </div>
            if may_skip { <p class="hint">{ d.skip_hint }</p> }
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <div class="table-wrap"><table class="table visits-table">
                <thead><tr>
                    <th>{ d.project }</th><th>{ d.unit }</th><th>{ d.owner_contact }</th><th>{ d.kind }</th><th>{ d.visit_mode }</th>
                    <th>{ d.due }</th><th>{ d.status }</th><th>{ d.outcome }</th><th></th>
                </tr></thead>
                <tbody>
                    if !s.loading && s.error.is_none() && rows.is_empty() {
                        <tr><td colspan="9" class="empty-row">{ d.no_visits }</td></tr>
                    }
                    { for rows.iter().map(|v| html! {
                        <tr data-testid="visit-row" data-id={v.id.clone()} data-status={v.status.as_str()}>
                            <td>{ project_name(&projects, &v.project_id) }</td>
                            <td><NavLink to={Route::DeliveryUnit { id: v.unit_id.clone() }} testid="visit-unit">{ unit_number(v, d.unit_title) }</NavLink></td>
                            <td data-testid="visit-owner">{ owner_contact(v.contact.as_ref()) }</td>
                            <td>{ lang.label(v.kind) }</td>
                            <td>{ lang.label(v.mode) }</td>
                            <td class="nowrap">
                                <span class={classes!(is_due(v, now).then_some("badge badge-danger"))}>{ format_time(&v.due_at) }</span>
                            </td>
                            <td>
                                { lang.label(v.status) }
                                if let Some(r) = v.skip_reason { { format!(" · {}", lang.label(r)) } }
                            </td>
                            <td>
                                { v.outcome.clone() }
                                if let Some(sat) = v.satisfaction { { format!(" ({} {sat}/5)", d.satisfaction) } }
                            </td>
                            <td>
                                if is_open(v) && (may_complete || may_skip) {
                                    <VisitActions visit={v.clone()} {may_complete} {may_skip} onchanged={list.upsert.clone()} />
                                }
                            </td>
                        </tr>
                    }) }
                </tbody>
            </table></div>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}

/// The visited unit's number (the list carries it in `contact`).
fn unit_number(v: &Visit, fallback: &str) -> String {
    v.contact
        .as_ref()
        .map_or_else(|| fallback.to_string(), |c| c.unit_number.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use api_types::{VisitKind, VisitMode};
    use chrono::Duration;

    fn visit(status: VisitStatus, due_in_days: i64, now: DateTime<Utc>) -> Visit {
        Visit {
            id: "v1".into(),
            project_id: "p1".into(),
            unit_id: "u1".into(),
            customer_id: "c1".into(),
            kind: VisitKind::ThreeMonth,
            mode: VisitMode::HomeOrPhone,
            rule: String::new(),
            due_at: now + Duration::days(due_in_days),
            notice_at: now + Duration::days(due_in_days - 7),
            status,
            skip_reason: None,
            outcome: String::new(),
            satisfaction: None,
            completed_at: None,
            version: 1,
            contact: None,
        }
    }

    #[test]
    fn only_open_visits_past_their_date_are_due() {
        let now = Utc::now();
        assert!(is_due(&visit(VisitStatus::Noticed, -1, now), now));
        assert!(is_due(&visit(VisitStatus::Scheduled, 0, now), now));
        assert!(!is_due(&visit(VisitStatus::Scheduled, 3, now), now));
        assert!(!is_due(&visit(VisitStatus::Completed, -1, now), now));
        assert!(!is_due(&visit(VisitStatus::Skipped, -1, now), now));
    }

    #[test]
    fn a_visit_names_its_unit_and_owner_from_its_contact() {
        let now = Utc::now();
        let bare = visit(VisitStatus::Scheduled, 3, now);
        assert_eq!(unit_number(&bare, "房号"), "房号");
        assert_eq!(owner_contact(bare.contact.as_ref()), "");
        let with = Visit {
            contact: Some(api_types::OwnerContact {
                unit_number: "1-1-101".into(),
                owner_name: "王芳".into(),
                phone_masked: "138****0853".into(),
            }),
            ..bare
        };
        assert_eq!(unit_number(&with, "房号"), "1-1-101");
        assert_eq!(owner_contact(with.contact.as_ref()), "王芳 · 138****0853");
    }
}
