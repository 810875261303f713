//! 员工及中介电话: the phones of project sales staff and agencies, excluded
//! as referred friends (DOMAIN §5). A section of the referral rules page,
//! shown to the roles that keep the list (admins and the head of CRM: the
//! API's `ProjectManagers`); phones come back masked.

use api_types::{CreateStaffPhone, Project, StaffPhone, StaffPhoneKind};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::referral_lists as api;
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, edit, use_draft, FormErrors, SelectField, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::pagination::{use_paged, LoadMore, Paged, PAGE_SIZE};
use crate::components::project_names::{enum_options, project_name, project_options, use_projects};
use crate::components::table::DataTable;
use crate::components::toast::{use_toast, Toaster};
use crate::format::format_time;
use crate::i18n::{error_message, use_lang, Lang};
use crate::pages::confirm;

/// The add form's text.
#[derive(Debug, Clone, PartialEq)]
pub struct StaffPhoneDraft {
    /// `staff` or `agency`.
    pub kind: String,
    /// Person or agency name.
    pub name: String,
    /// Mobile phone.
    pub phone: String,
    /// Project id; empty for every project of the company.
    pub project_id: String,
    /// Note.
    pub note: String,
}

impl Default for StaffPhoneDraft {
    fn default() -> Self {
        StaffPhoneDraft {
            kind: StaffPhoneKind::Staff.as_str().to_string(),
            name: String::new(),
            phone: String::new(),
            project_id: String::new(),
            note: String::new(),
        }
    }
}

impl StaffPhoneDraft {
    /// The request body: trimmed text, no project for "every project".
    pub fn body(&self) -> CreateStaffPhone {
        let project = self.project_id.trim();
        CreateStaffPhone {
            project_id: (!project.is_empty()).then(|| project.to_string()),
            kind: StaffPhoneKind::parse(&self.kind).unwrap_or(StaffPhoneKind::Staff),
            name: self.name.trim().to_string(),
            phone: self.phone.trim().to_string(),
            note: self.note.trim().to_string(),
        }
    }
}

/// The staff and agency phone list with an add form and remove buttons.
#[component]
pub fn StaffPhonesSection() -> Html {
    let lang = use_lang().lang;
    let (t, rt) = (lang.strings(), lang.referrals());
    let toast = use_toast();
    let projects = use_projects();
    let list = use_paged((), |(), cursor| {
        Box::pin(async move { api::staff_phones(PAGE_SIZE, cursor).await })
    });
    let draft = use_draft(StaffPhoneDraft::default);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    let onsubmit = {
        let (draft, errors, sending, toast, reload) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            toast.clone(),
            list.reload.clone(),
        );
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let body = draft.0.body();
            let (draft, errors, toast, reload) =
                (draft.clone(), errors.clone(), toast.clone(), reload.clone());
            sending.run(
                move |key| async move { api::add_staff_phone(&body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        edit(&draft, |d| *d = StaffPhoneDraft::default());
                        toast.success(rt.staff_phone_added);
                        reload.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let kinds = enum_options(
        StaffPhoneKind::ALL,
        StaffPhoneKind::as_str,
        |k| lang.word(k.label_zh(), k.as_str()),
        None,
    );
    let s = &*list.state;
    let headers: Vec<AttrValue> = vec![
        rt.kind.into(),
        rt.staff_name.into(),
        rt.phone.into(),
        t.project.into(),
        rt.note.into(),
        rt.added_at.into(),
        t.actions.into(),
    ];
    html! {
        <section class="panel" data-testid="staff-phones">
            <h2>{ rt.staff_phones_title }</h2>
            <p class="hint">{ rt.staff_phones_hint }</p>
            <form class="inline-form" data-testid="staff-phone-form" {onsubmit} novalidate=true>
                <SelectField label={rt.kind} value={draft.0.kind.clone()} options={kinds}
                    onchange={bind(&draft, |d, v| d.kind = v)} testid="staff-phone-kind" error={errors.get("kind")} />
                <TextField label={rt.staff_name} value={draft.0.name.clone()} required=true
                    oninput={bind(&draft, |d, v| d.name = v)} testid="staff-phone-name" error={errors.get("name")} />
                <TextField label={rt.phone} value={draft.0.phone.clone()} required=true input_type="tel"
                    oninput={bind(&draft, |d, v| d.phone = v)} testid="staff-phone-phone" error={errors.get("phone")} />
                <SelectField label={t.project} value={draft.0.project_id.clone()}
                    options={project_options(&projects, rt.every_project)}
                    onchange={bind(&draft, |d, v| d.project_id = v)} testid="staff-phone-project"
                    error={errors.get("project_id")} />
                <TextField label={rt.note} value={draft.0.note.clone()}
                    oninput={bind(&draft, |d, v| d.note = v)} testid="staff-phone-note" error={errors.get("note")} />
                <button class="btn btn-primary" type="submit" data-testid="staff-phone-submit" disabled={sending.busy()}>
                    { rt.add_staff_phone }
                </button>
            </form>
            <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="staff-phone-form-error" />
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <DataTable {headers} empty={s.items.is_empty()} loading={s.loading} empty_text={rt.no_staff_phones}
                loading_text={t.loading} testid="staff-phone-table">
                { for s.items.iter().map(|p| staff_phone_row(lang, p, &projects, &list, &toast)) }
            </DataTable>
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </section>
    }
}

fn staff_phone_row(
    lang: Lang,
    p: &StaffPhone,
    projects: &[Project],
    list: &Paged<StaffPhone>,
    toast: &Toaster,
) -> Html {
    let (t, rt) = (lang.strings(), lang.referrals());
    let on_delete = {
        let (p, remove, toast) = (p.clone(), list.remove.clone(), toast.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm(&format!(
                "{} {} {}",
                t.confirm_delete, p.name, p.phone_masked
            )) {
                return;
            }
            let (p, remove, toast) = (p.clone(), remove.clone(), toast.clone());
            spawn_local(async move {
                match api::remove_staff_phone(&p.id).await {
                    Ok(()) => {
                        remove.emit(p.id);
                        toast.success(t.deleted);
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let project = p.project_id.as_deref().map_or_else(
        || rt.every_project.to_string(),
        |id| project_name(projects, id),
    );
    html! {
        <tr data-testid="staff-phone-row" data-id={p.id.clone()} data-kind={p.kind.as_str()}>
            <td>{ lang.word(p.kind.label_zh(), p.kind.as_str()) }</td>
            <td data-testid="staff-phone-row-name">{ p.name.clone() }</td>
            <td class="mono" data-testid="staff-phone-row-phone">{ p.phone_masked.clone() }</td>
            <td>{ project }</td>
            <td>{ p.note.clone() }</td>
            <td class="nowrap">{ format_time(&p.created_at) }</td>
            <td>
                <button class="btn btn-small btn-danger" type="button" data-testid="staff-phone-delete"
                    onclick={on_delete}>{ t.delete }</button>
            </td>
        </tr>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_project_means_every_project_and_text_is_trimmed() {
        let draft = StaffPhoneDraft {
            kind: "agency".into(),
            name: " 链家滨江店 ".into(),
            phone: "13900001111 ".into(),
            project_id: String::new(),
            note: " 合作中介 ".into(),
        };
        let body = draft.body();
        assert_eq!(body.project_id, None);
        assert_eq!(body.kind, StaffPhoneKind::Agency);
        assert_eq!(body.name, "链家滨江店");
        assert_eq!(body.phone, "13900001111");
        assert_eq!(body.note, "合作中介");
    }

    #[test]
    fn a_chosen_project_is_sent_and_the_default_kind_is_staff() {
        let draft = StaffPhoneDraft {
            project_id: "p-1".into(),
            ..StaffPhoneDraft::default()
        };
        let body = draft.body();
        assert_eq!(body.project_id.as_deref(), Some("p-1"));
        assert_eq!(body.kind, StaffPhoneKind::Staff);
    }
}
