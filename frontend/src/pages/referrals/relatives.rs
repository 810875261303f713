//! The household panel of the customer page (亲属/家庭成员): the relatives
//! this customer cannot refer (DOMAIN §5). Shown to the roles that work
//! referrals (crm_head, sales managers, sales reps: the API's
//! `ReferralWorkers`); phones come back masked.

use api_types::{CreateRelative, Relative};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{referral_lists as api, ApiError};
use crate::components::alert::{ErrorBanner, MessageBanner};
use crate::components::form::{bind, edit, use_draft, FormErrors, TextField};
use crate::components::keyed_send::use_keyed_send;
use crate::components::table::DataTable;
use crate::components::toast::use_toast;
use crate::format::format_time;
use crate::i18n::{error_message, use_lang};
use crate::pages::confirm;

/// The add form's text.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RelativeDraft {
    /// Name.
    pub name: String,
    /// Relation (配偶, 父母 …).
    pub relation: String,
    /// Mobile phone.
    pub phone: String,
}

impl RelativeDraft {
    /// The request body, with surrounding spaces trimmed (the server checks the rest).
    pub fn body(&self) -> CreateRelative {
        CreateRelative {
            name: self.name.trim().to_string(),
            relation: self.relation.trim().to_string(),
            phone: self.phone.trim().to_string(),
        }
    }
}

/// Props of [`RelativesPanel`].
#[derive(Properties, PartialEq)]
pub struct RelativesPanelProps {
    /// The customer whose household it is.
    pub customer_id: String,
}

/// The household list with an add form and remove buttons.
#[component]
pub fn RelativesPanel(props: &RelativesPanelProps) -> Html {
    let lang = use_lang().lang;
    let (t, rt) = (lang.strings(), lang.referrals());
    let toast = use_toast();
    let items = use_state(|| None::<Vec<Relative>>);
    let load_error = use_state(|| None::<ApiError>);
    let tick = use_state(|| 0u32);
    let draft = use_draft(RelativeDraft::default);
    let errors = use_state(FormErrors::default);
    let sending = use_keyed_send();
    {
        let (items, load_error) = (items.clone(), load_error.clone());
        use_effect_with((props.customer_id.clone(), *tick), move |(id, _)| {
            let id = id.clone();
            spawn_local(async move {
                match api::relatives(&id).await {
                    Ok(list) => {
                        load_error.set(None);
                        items.set(Some(list));
                    }
                    Err(e) => load_error.set(Some(e)),
                }
            });
        });
    }
    let reload = {
        let tick = tick.clone();
        Callback::from(move |()| tick.set(tick.wrapping_add(1)))
    };
    let onsubmit = {
        let (draft, errors, sending, toast, reload) = (
            draft.clone(),
            errors.clone(),
            sending.clone(),
            toast.clone(),
            reload.clone(),
        );
        let customer = props.customer_id.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let (body, customer) = (draft.0.body(), customer.clone());
            let (draft, errors, toast, reload) =
                (draft.clone(), errors.clone(), toast.clone(), reload.clone());
            sending.run(
                move |key| async move { api::add_relative(&customer, &body, &key).await },
                move |result| match result {
                    Ok(_) => {
                        errors.set(FormErrors::default());
                        edit(&draft, |d| *d = RelativeDraft::default());
                        toast.success(rt.relative_added);
                        reload.emit(());
                    }
                    Err(e) => errors.set(FormErrors::from_api(t, &e)),
                },
            );
        })
    };
    let on_remove = |r: &Relative| {
        let (r, toast, reload) = (r.clone(), toast.clone(), reload.clone());
        Callback::from(move |_: MouseEvent| {
            if !confirm(&format!("{} {} · {}", t.confirm_delete, r.name, r.relation)) {
                return;
            }
            let (r, toast, reload) = (r.clone(), toast.clone(), reload.clone());
            spawn_local(async move {
                match api::remove_relative(&r.customer_id, &r.id).await {
                    Ok(()) => {
                        toast.success(t.deleted);
                        reload.emit(());
                    }
                    Err(e) => toast.error(error_message(t, &e)),
                }
            });
        })
    };
    let headers: Vec<AttrValue> = vec![
        rt.relative_name.into(),
        rt.relation.into(),
        rt.phone.into(),
        rt.added_at.into(),
        t.actions.into(),
    ];
    let list = (*items).clone().unwrap_or_default();
    html! {
        <section class="panel" data-testid="customer-relatives">
            <h2>{ rt.relatives_title }</h2>
            <p class="hint">{ rt.relatives_hint }</p>
            <ErrorBanner error={(*load_error).clone()} onretry={reload.clone()} />
            <DataTable {headers} empty={list.is_empty()} loading={items.is_none() && load_error.is_none()}
                empty_text={rt.no_relatives} loading_text={t.loading} testid="relative-table">
                { for list.iter().map(|r| html! {
                    <tr data-testid="relative-row" data-id={r.id.clone()}>
                        <td data-testid="relative-name">{ r.name.clone() }</td>
                        <td>{ r.relation.clone() }</td>
                        <td class="mono" data-testid="relative-phone">{ r.phone_masked.clone() }</td>
                        <td class="nowrap">{ format_time(&r.created_at) }</td>
                        <td>
                            <button class="btn btn-small btn-danger" type="button" data-testid="relative-delete"
                                onclick={on_remove(r)}>{ t.delete }</button>
                        </td>
                    </tr>
                }) }
            </DataTable>
            <form class="inline-form" data-testid="relative-form" {onsubmit} novalidate=true>
                <TextField label={rt.relative_name} value={draft.0.name.clone()} required=true
                    oninput={bind(&draft, |d, v| d.name = v)} testid="relative-name-input" error={errors.get("name")} />
                <TextField label={rt.relation} value={draft.0.relation.clone()} required=true
                    placeholder={rt.relation_placeholder} oninput={bind(&draft, |d, v| d.relation = v)}
                    testid="relative-relation" error={errors.get("relation")} />
                <TextField label={rt.phone} value={draft.0.phone.clone()} required=true input_type="tel"
                    oninput={bind(&draft, |d, v| d.phone = v)} testid="relative-phone-input" error={errors.get("phone")} />
                <button class="btn btn-primary" type="submit" data-testid="relative-submit" disabled={sending.busy()}>
                    { rt.add_relative }
                </button>
            </form>
            <MessageBanner message={errors.general.clone().map(AttrValue::from)} testid="relative-form-error" />
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_relative_body_is_trimmed_and_keeps_every_field() {
        let draft = RelativeDraft {
            name: " 王芳 ".into(),
            relation: "配偶 ".into(),
            phone: " 138 0013 8000".into(),
        };
        assert_eq!(
            draft.body(),
            CreateRelative {
                name: "王芳".into(),
                relation: "配偶".into(),
                phone: "138 0013 8000".into(),
            }
        );
    }
}
