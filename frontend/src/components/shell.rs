//! The frame around every signed-in screen: header and a role-aware sidebar.

use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::app::Route;
use crate::auth::{
    can_manage_users, can_view_audit, edits_leads, reads_customers, reads_delivery,
    reads_delivery_report, reads_lead_settings, reads_membership_settings, reads_owner_delivery,
    reads_reports, use_auth, works_deal_tasks, works_leads, works_referrals,
};
use crate::components::nav_link::NavLink;
use crate::components::notification_bell::NotificationBell;
use crate::components::status_badge::RoleBadge;
use crate::i18n::{use_lang, Lang};

/// Props of [`Shell`].
#[derive(Properties, PartialEq)]
pub struct ShellProps {
    /// The screen.
    pub children: Html,
}

/// Header (company, user, role, language, logout) + sidebar + content.
///
/// The menu follows the role: 楼盘 for everyone; 线索 and 公海 for roles that
/// work leads, 录入/导入 for those that change them; 报表 (lead and referral)
/// for report readers;
/// 线索设置 for admin, CRM head and sales managers (only the CRM head edits);
/// 用户管理 for admins only, 审计日志 for admins and the CRM head.
#[component]
pub fn Shell(props: &ShellProps) -> Html {
    let auth = use_auth();
    let lang_ctx = use_lang();
    let t = lang_ctx.lang.strings();
    let lt = lang_ctx.lang.leads();
    let dt = lang_ctx.lang.deals();
    let Some(me) = auth.me() else {
        return html! { <main class="content">{ props.children.clone() }</main> };
    };
    let on_lang = {
        let set = lang_ctx.set.clone();
        Callback::from(move |e: Event| {
            set.emit(Lang::parse(
                &e.target_unchecked_into::<HtmlSelectElement>().value(),
            ))
        })
    };
    let logout = auth.sign_out.reform(|_: MouseEvent| ());
    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand">
                    <span class="logo" aria-hidden="true">{ "EC" }</span>
                    <span class="brand-name">{ t.app_name }</span>
                    <span class="company" data-testid="header-company">{ me.company_name.clone() }</span>
                </div>
                <div class="topbar-right">
                    <span class="user" data-testid="header-user">{ me.display_name.clone() }</span>
                    <RoleBadge role={me.role} testid="header-role" />
                    <NotificationBell />
                    <label class="lang-switch">
                        <span class="sr-only">{ t.language }</span>
                        <select data-testid="lang-switch" onchange={on_lang} aria-label={t.language}>
                            { for Lang::ALL.iter().map(|l| html! {
                                <option value={l.code()} selected={*l == lang_ctx.lang}>{ l.native_name() }</option>
                            }) }
                        </select>
                    </label>
                    <button class="btn btn-ghost" data-testid="logout-button" onclick={logout}>{ t.logout }</button>
                </div>
            </header>
            <div class="frame">
                <nav class="sidebar" aria-label={t.menu}>
                    <NavLink to={Route::Projects} class="nav-item" testid="nav-projects">{ t.nav_projects }</NavLink>
                    if works_leads(me.role) {
                        <NavLink to={Route::Leads} class="nav-item" testid="nav-leads">{ lt.nav_leads }</NavLink>
                        <NavLink to={Route::LeadPool} class="nav-item" testid="nav-pool">{ lt.nav_pool }</NavLink>
                    }
                    if edits_leads(me.role) {
                        <NavLink to={Route::MyTasks} class="nav-item" testid="nav-my-tasks">{ lt.nav_my_tasks }</NavLink>
                        <NavLink to={Route::NewLead} class="nav-item" testid="nav-new-lead">{ lt.nav_new_lead }</NavLink>
                        <NavLink to={Route::ImportLeads} class="nav-item" testid="nav-import">{ lt.nav_import }</NavLink>
                    }
                    if reads_customers(me.role) {
                        <NavLink to={Route::Customers} class="nav-item" testid="nav-customers">{ dt.nav_customers }</NavLink>
                    }
                    if works_deal_tasks(me.role) {
                        <NavLink to={Route::DealTasks} class="nav-item" testid="nav-deal-tasks">{ dt.nav_deal_tasks }</NavLink>
                    }
                    if reads_delivery(me.role) {
                        <NavLink to={Route::DeliveryBatches} class="nav-item" testid="nav-delivery">{ lang_ctx.lang.delivery().nav_delivery }</NavLink>
                        <NavLink to={Route::Defects} class="nav-item" testid="nav-defects">{ lang_ctx.lang.delivery().nav_defects }</NavLink>
                    }
                    if reads_owner_delivery(me.role) {
                        <NavLink to={Route::DeliveryVisits} class="nav-item" testid="nav-visits">{ lang_ctx.lang.delivery().nav_visits }</NavLink>
                    }
                    if reads_delivery_report(me.role) {
                        <NavLink to={Route::DeliveryReport} class="nav-item" testid="nav-delivery-report">{ lang_ctx.lang.delivery().nav_report }</NavLink>
                    }
                    if works_referrals(me.role) {
                        <NavLink to={Route::Referrals} class="nav-item" testid="nav-referrals">{ lang_ctx.lang.referrals().nav_referrals }</NavLink>
                    }
                    if reads_membership_settings(me.role) {
                        <NavLink to={Route::ReferralRules} class="nav-item" testid="nav-referral-rules">{ lang_ctx.lang.referrals().rules_title }</NavLink>
                    }
                    if reads_reports(me.role) {
                        <NavLink to={Route::Reports} class="nav-item" testid="nav-reports">{ lt.nav_reports }</NavLink>
                        <NavLink to={Route::ReferralReport} class="nav-item" testid="nav-referral-report">{ lang_ctx.lang.referrals().report_title }</NavLink>
                    }
                    if reads_lead_settings(me.role) {
                        <NavLink to={Route::GradingRules} class="nav-item" testid="nav-settings">{ lt.nav_settings }</NavLink>
                    }
                    if reads_membership_settings(me.role) {
                        <NavLink to={Route::MembershipTiers} class="nav-item" testid="nav-membership">{ dt.nav_membership }</NavLink>
                    }
                    if can_manage_users(me.role) {
                        <NavLink to={Route::Users} class="nav-item" testid="nav-users">{ t.nav_users }</NavLink>
                    }
                    if can_view_audit(me.role) {
                        <NavLink to={Route::Audit} class="nav-item" testid="nav-audit">{ t.nav_audit }</NavLink>
                    }
                </nav>
                <main class="content">{ props.children.clone() }</main>
            </div>
        </div>
    }
}
