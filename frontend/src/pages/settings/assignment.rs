//! The lead assignment setting: which role takes each grade, company-wide and per project.

use api_types::{GradeRoles, LeadAssignment, LeadAssignmentSetting, Role};
use yew::platform::spawn_local;
use yew::prelude::*;

use super::{use_can_edit_settings, SaveBar, SettingsFrame};
use crate::api::{settings, ApiError};
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{CheckField, FieldErrorText, FormErrors, SelectField};
use crate::components::project_names::use_projects;
use crate::components::toast::use_toast;
use crate::i18n::use_lang;

/// Roles that can take leads.
const LEAD_ROLES: [Role; 3] = [Role::SalesManager, Role::SalesRep, Role::CustomerSpecialist];

/// Props of [`GradeRolesEditor`].
#[derive(Properties, PartialEq)]
struct GradeRolesProps {
    value: GradeRoles,
    onchange: Callback<GradeRoles>,
    disabled: bool,
    testid: AttrValue,
    /// The API path of these roles, for field errors (`default`, `projects.<id>`).
    path: AttrValue,
    errors: FormErrors,
}

/// Three selects: the role for A, B and C.
#[component]
fn GradeRolesEditor(props: &GradeRolesProps) -> Html {
    let lang = use_lang().lang;
    let lt = lang.leads();
    let options: Vec<(AttrValue, AttrValue)> = LEAD_ROLES
        .iter()
        .map(|r| {
            (
                AttrValue::from(r.as_str()),
                AttrValue::from(lang.role_label(*r)),
            )
        })
        .collect();
    let select = |label: &'static str,
                  key: &'static str,
                  get: fn(&GradeRoles) -> Role,
                  set: fn(&mut GradeRoles, Role)| {
        let (value, onchange) = (props.value, props.onchange.clone());
        let cb = Callback::from(move |v: String| {
            let mut next = value;
            if let Some(r) = Role::parse(&v) {
                set(&mut next, r);
            }
            onchange.emit(next);
        });
        html! {
            <SelectField {label} value={get(&props.value).as_str()} options={options.clone()} onchange={cb}
                disabled={props.disabled} testid={format!("{}-{key}", props.testid)}
                error={props.errors.get(&format!("{}.{key}", props.path))} />
        }
    };
    html! {
        <div class="form-grid">
            { select(lt.grade_a_role, "a", |g| g.a, |g, r| g.a = r) }
            { select(lt.grade_b_role, "b", |g| g.b, |g, r| g.b = r) }
            { select(lt.grade_c_role, "c", |g| g.c, |g, r| g.c = r) }
        </div>
    }
}

/// The assignment form.
#[component]
pub fn LeadAssignmentPage() -> Html {
    let lang = use_lang().lang;
    let (t, lt) = (lang.strings(), lang.leads());
    let toast = use_toast();
    let editable = use_can_edit_settings();
    let projects = use_projects();
    let setting = use_state(|| None::<LeadAssignmentSetting>);
    let value = use_state(LeadAssignment::default);
    let load_error = use_state(|| None::<ApiError>);
    let errors = use_state(FormErrors::default);
    let busy = use_state(|| false);

    let reload = {
        let (setting, value, load_error, errors) = (
            setting.clone(),
            value.clone(),
            load_error.clone(),
            errors.clone(),
        );
        Callback::from(move |()| {
            let (setting, value, load_error, errors) = (
                setting.clone(),
                value.clone(),
                load_error.clone(),
                errors.clone(),
            );
            spawn_local(async move {
                match settings::lead_assignment().await {
                    Ok(s) => {
                        value.set(s.assignment.clone());
                        errors.set(FormErrors::default());
                        load_error.set(None);
                        setting.set(Some(s));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        })
    };
    {
        let reload = reload.clone();
        use_effect_with((), move |_| reload.emit(()));
    }
    let onsubmit = {
        let (setting, value, errors, busy) =
            (setting.clone(), value.clone(), errors.clone(), busy.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let Some(version) = setting.as_ref().map(|s| s.version) else {
                return;
            };
            let body = (*value).clone();
            let (setting, errors, busy, toast) =
                (setting.clone(), errors.clone(), busy.clone(), toast.clone());
            busy.set(true);
            spawn_local(async move {
                let result = settings::put_lead_assignment(version, &body).await;
                busy.set(false);
                match result {
                    Ok(s) => {
                        errors.set(FormErrors::default());
                        toast.success(t.saved);
                        setting.set(Some(s));
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                }
            });
        })
    };
    let on_default = {
        let value = value.clone();
        Callback::from(move |g: GradeRoles| {
            let mut next = (*value).clone();
            next.default = g;
            value.set(next);
        })
    };
    let s = (*setting).clone();
    let v = (*value).clone();
    html! {
        <SettingsFrame active={Route::LeadAssignment} version={s.as_ref().map(|s| s.version)}
            updated_at={s.as_ref().and_then(|s| s.updated_at)}>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            if s.is_some() {
                <section class="panel">
                    <form class="form-card" data-testid="assignment-form" {onsubmit} novalidate=true>
                        <h2>{ lt.default_roles }</h2>
                        <GradeRolesEditor value={v.default} onchange={on_default} disabled={!editable}
                            testid="assignment-default" path="default" errors={(*errors).clone()} />
                        <h2>{ lt.project_overrides }</h2>
                        <FieldErrorText error={errors.get("projects")} testid="assignment-projects" />
                        { for projects.iter().map(|p| {
                            let own = v.projects.get(&p.id).copied();
                            let toggle = {
                                let (value, id) = (value.clone(), p.id.clone());
                                Callback::from(move |on: bool| {
                                    let mut next = (*value).clone();
                                    if on {
                                        next.projects.insert(id.clone(), next.default);
                                    } else {
                                        next.projects.remove(&id);
                                    }
                                    value.set(next);
                                })
                            };
                            let change = {
                                let (value, id) = (value.clone(), p.id.clone());
                                Callback::from(move |g: GradeRoles| {
                                    let mut next = (*value).clone();
                                    next.projects.insert(id.clone(), g);
                                    value.set(next);
                                })
                            };
                            html! {
                                <fieldset class="picker" data-testid="assignment-project" data-id={p.id.clone()}>
                                    <legend>{ p.name.clone() }</legend>
                                    <CheckField label={lt.override_project} checked={own.is_some()} onchange={toggle}
                                        disabled={!editable} testid="assignment-project-toggle" />
                                    if let Some(g) = own {
                                        <GradeRolesEditor value={g} onchange={change} disabled={!editable}
                                            testid="assignment-project-roles" path={format!("projects.{}", p.id)}
                                            errors={(*errors).clone()} />
                                    }
                                </fieldset>
                            }
                        }) }
                        <SaveBar errors={(*errors).clone()} busy={*busy} onreload={reload.clone()} />
                    </form>
                </section>
            }
        </SettingsFrame>
    }
}
