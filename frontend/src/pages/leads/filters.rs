//! The filter bar of the lead list: project, grade, status, source, SLA, owner, name, order.

use api_types::{Grade, LeadSource, LeadStaff, LeadStatus, Project, SlaState};
use yew::prelude::*;

use crate::api::leads::{LeadFilter, OwnerFilter};
use crate::components::form::{bind, use_draft, SelectField, TextField};
use crate::components::project_names::{enum_options, project_options};
use crate::i18n::{use_lang, use_lt};

/// Props of [`LeadFilters`].
#[derive(Properties, PartialEq)]
pub struct LeadFiltersProps {
    /// Starting values.
    pub initial: LeadFilter,
    /// The visible projects.
    pub projects: Vec<Project>,
    /// Applies the filters.
    pub onapply: Callback<LeadFilter>,
    /// The pool view has no owner filter.
    pub pool: bool,
    /// People the owner filter offers (the staff directory; empty for roles without it).
    pub staff: Vec<LeadStaff>,
}

/// Every filter the API offers; applied on submit.
#[component]
pub fn LeadFilters(props: &LeadFiltersProps) -> Html {
    let lang = use_lang().lang;
    let t = lang.strings();
    let lt = use_lt();
    let initial = props.initial.clone();
    let draft = use_draft(move || initial);
    let onsubmit = {
        let (draft, cb) = (draft.clone(), props.onapply.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            cb.emit(draft.0.clone());
        })
    };
    let d = &draft.0;
    let owner_value = match &d.owner {
        OwnerFilter::Any => String::new(),
        OwnerFilter::Mine => "mine".to_string(),
        OwnerFilter::Person(id) => id.clone(),
    };
    let mut owner_options: Vec<(AttrValue, AttrValue)> = vec![
        ("".into(), lt.owner_any.into()),
        ("mine".into(), lt.owner_mine.into()),
    ];
    owner_options.extend(props.staff.iter().map(|p| {
        let label = format!("{} ({})", p.display_name, lang.role_label(p.role));
        (AttrValue::from(p.id.clone()), AttrValue::from(label))
    }));
    let sort_options: Vec<(AttrValue, AttrValue)> = vec![
        ("created".into(), lt.sort_created.into()),
        ("due".into(), lt.sort_due.into()),
    ];
    html! {
        <form class="filters" data-testid="lead-filters" {onsubmit}>
            <SelectField label={t.project} value={d.project_id.clone()}
                options={project_options(&props.projects, t.all)}
                onchange={bind(&draft, |f, v| f.project_id = v)} testid="lead-filter-project" />
            <SelectField label={lt.grade} value={d.grade.map(Grade::as_str).unwrap_or_default()}
                options={enum_options(Grade::ALL, Grade::as_str, move |v| lang.label(v), Some(t))}
                onchange={bind(&draft, |f, v| f.grade = Grade::parse(&v))} testid="lead-filter-grade" />
            <SelectField label={t.status} value={d.status.map(LeadStatus::as_str).unwrap_or_default()}
                options={enum_options(LeadStatus::ALL, LeadStatus::as_str, move |v| lang.label(v), Some(t))}
                onchange={bind(&draft, |f, v| f.status = LeadStatus::parse(&v))} testid="lead-filter-status" />
            <SelectField label={lt.source} value={d.source.map(LeadSource::as_str).unwrap_or_default()}
                options={enum_options(LeadSource::ALL, LeadSource::as_str, move |v| lang.label(v), Some(t))}
                onchange={bind(&draft, |f, v| f.source = LeadSource::parse(&v))} testid="lead-filter-source" />
            <SelectField label={lt.sla} value={d.sla_state.map(SlaState::as_str).unwrap_or_default()}
                options={enum_options(SlaState::ALL, SlaState::as_str, move |v| lang.label(v), Some(t))}
                onchange={bind(&draft, |f, v| f.sla_state = SlaState::parse(&v))} testid="lead-filter-sla" />
            if !props.pool {
                <SelectField label={lt.owner} value={owner_value} options={owner_options}
                    onchange={bind(&draft, |f, v| f.owner = match v.as_str() {
                        "" => OwnerFilter::Any,
                        "mine" => OwnerFilter::Mine,
                        _ => OwnerFilter::Person(v),
                    })}
                    testid="lead-filter-owner" />
            }
            <TextField label={lt.search_text} value={d.q.clone()}
                oninput={bind(&draft, |f, v| f.q = v)} testid="lead-filter-q" />
            <TextField label={lt.search_phone} value={d.phone.clone()}
                oninput={bind(&draft, |f, v| f.phone = v)} testid="lead-filter-phone" />
            <SelectField label={lt.sort} value={if d.by_due { "due" } else { "created" }} options={sort_options}
                onchange={bind(&draft, |f, v| f.by_due = v == "due")} testid="lead-filter-sort" />
            <button class="btn" type="submit" data-testid="lead-filter-submit">{ t.search }</button>
        </form>
    }
}
