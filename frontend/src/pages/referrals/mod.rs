//! 老带新 (referrals): the pipeline with the fraud review queue
//! (`/referrals`), one referral with review, approval and payment
//! (`/referrals/:id`), the rules (`/settings/referral-rules`) with the staff
//! and agency phone list, and the panels on the customer page that register
//! a friend for an owner and keep the owner's household list.

mod detail;
mod register;
mod relatives;
mod rules;
mod staff_phones;

pub use detail::ReferralPage;
pub use register::ReferralPanel;
pub use relatives::RelativesPanel;
pub use rules::ReferralRulesPage;
pub use staff_phones::StaffPhonesSection;

use api_types::{Referral, ReferralStatus};
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api::referrals as api;
use crate::app::Route;
use crate::components::alert::ErrorBanner;
use crate::components::form::{CheckField, SelectField};
use crate::components::pagination::{use_paged, LoadMore, PAGE_SIZE};
use crate::components::table::DataTable;
use crate::format::format_time;
use crate::i18n::{use_lang, Lang};

/// The status word of a referral.
pub fn status_word(lang: Lang, s: ReferralStatus) -> String {
    lang.word(s.label_zh(), s.as_str())
}

/// Props of [`ReferralTable`].
#[derive(Properties, PartialEq)]
pub struct ReferralTableProps {
    /// The rows.
    pub items: Vec<Referral>,
    /// Loading the first page.
    #[prop_or_default]
    pub loading: bool,
}

/// Referrals as a table; a row opens the referral.
#[component]
pub fn ReferralTable(props: &ReferralTableProps) -> Html {
    let lang = use_lang().lang;
    let rt = lang.referrals();
    let navigator = use_navigator();
    let headers: Vec<AttrValue> = vec![
        rt.friend.into(),
        rt.status.into(),
        rt.review.into(),
        rt.reward.into(),
        rt.registered_at.into(),
    ];
    html! {
        <DataTable {headers} empty={props.items.is_empty()} loading={props.loading}
            empty_text={rt.none_yet} testid="referral-table">
            { for props.items.iter().map(|r| {
                let onclick = {
                    let (navigator, id) = (navigator.clone(), r.id.clone());
                    Callback::from(move |_: MouseEvent| {
                        if let Some(n) = &navigator { n.push(&Route::Referral { id: id.clone() }); }
                    })
                };
                html! {
                    <tr class="clickable" {onclick} data-testid="referral-row" data-id={r.id.clone()}
                        data-status={r.status.as_str()}>
                        <td>{ format!("{} {}", r.friend_name, r.friend_phone_masked) }</td>
                        <td data-testid="referral-status">{ status_word(lang, r.status) }</td>
                        <td>{ lang.word(r.review_status.label_zh(), r.review_status.as_str()) }</td>
                        <td>{ r.reward.map(|w| lang.word(w.label_zh(), w.as_str())).unwrap_or_else(|| rt.not_chosen.into()) }</td>
                        <td>{ format_time(&r.created_at) }</td>
                    </tr>
                }
            }) }
        </DataTable>
    }
}

/// The referral pipeline and the review queue.
#[component]
pub fn ReferralsPage() -> Html {
    let lang = use_lang().lang;
    let (t, rt) = (lang.strings(), lang.referrals());
    let status = use_state(|| None::<ReferralStatus>);
    let queue = use_state(|| false);
    let list = use_paged((*status, *queue), |(status, queue), cursor| {
        Box::pin(async move { api::list(status, queue, None, PAGE_SIZE, cursor).await })
    });
    let s = &*list.state;
    let mut options: Vec<(AttrValue, AttrValue)> = vec![("".into(), rt.all_statuses.into())];
    options.extend(
        ReferralStatus::ALL
            .iter()
            .map(|st| (st.as_str().into(), status_word(lang, *st).into())),
    );
    let on_status = {
        let status = status.clone();
        Callback::from(move |v: String| status.set(ReferralStatus::parse(&v)))
    };
    let on_queue = {
        let queue = queue.clone();
        Callback::from(move |v: bool| queue.set(v))
    };
    html! {
        <div class="page" data-testid="referrals-page">
            <div class="page-head"><h1>{ rt.pipeline_title }</h1></div>
            <div class="filters">
                <SelectField label={rt.status} value={status.map(|s| s.as_str()).unwrap_or("")} {options}
                    onchange={on_status} testid="referral-status-filter" />
                <CheckField label={rt.review_queue} checked={*queue} onchange={on_queue} testid="referral-queue" />
            </div>
            <ErrorBanner error={s.error.clone()} onretry={list.reload.clone()} />
            <ReferralTable items={s.items.clone()} loading={s.loading} />
            <LoadMore has_more={s.next_cursor.is_some()} loading={s.loading} onclick={list.load_more.clone()}
                label={t.load_more} end_label={t.list_end} loading_label={t.loading} />
        </div>
    }
}
