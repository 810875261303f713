//! Who may open which screen: the route guard of the SPA.

use api_types::Role;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::app::Route;
use crate::auth::{
    can_manage_users, can_view_audit, edits_leads, reads_customers, reads_delivery,
    reads_delivery_report, reads_lead_settings, reads_membership_settings, reads_owner_delivery,
    reads_reports, signs_off_units, use_auth, works_deal_tasks, works_leads, works_referrals,
    AuthState,
};
use crate::components::shell::Shell;
use crate::i18n::use_t;

/// Who may open a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Every signed-in staff user.
    Staff,
    /// User management (admin).
    Users,
    /// The audit trail (admin, CRM head).
    Audit,
    /// Roles that work with leads.
    Leads,
    /// Roles that capture and change leads.
    EditLeads,
    /// Roles that read the lead reports.
    Reports,
    /// Roles that read the lead settings.
    Settings,
    /// Roles that read customers.
    Customers,
    /// Roles that see deals (customer specialists through their tasks).
    Deals,
    /// Roles with deal follow-up tasks.
    DealTasks,
    /// Roles that read the membership settings.
    Membership,
    /// Roles that read delivery batches, inspections and defects.
    Delivery,
    /// Roles that plan delivery batches and take sign-offs.
    DeliveryManage,
    /// Roles that see the owners' side of delivery (visits).
    DeliveryOwners,
    /// Roles that read the delivery report.
    DeliveryReport,
    /// Roles that follow referrals.
    Referrals,
    /// Roles that read unit prices and the sales-control grid.
    SalesControl,
}

impl Access {
    fn allows(self, role: Role) -> bool {
        match self {
            Access::Staff => true,
            Access::Users => can_manage_users(role),
            Access::Audit => can_view_audit(role),
            Access::Leads => works_leads(role),
            Access::EditLeads => edits_leads(role),
            Access::Reports => reads_reports(role),
            Access::Settings => reads_lead_settings(role),
            Access::Customers => reads_customers(role),
            Access::Deals => works_deal_tasks(role),
            Access::DealTasks => works_deal_tasks(role),
            Access::Membership => reads_membership_settings(role),
            Access::Delivery => reads_delivery(role),
            Access::DeliveryManage => signs_off_units(role),
            Access::DeliveryOwners => reads_owner_delivery(role),
            Access::DeliveryReport => reads_delivery_report(role),
            Access::Referrals => works_referrals(role),
            Access::SalesControl => role.reads_unit_prices(),
        }
    }
}

/// The page behind a [`Guard`] for `access`.
pub fn guarded(access: Access, page: Html) -> Html {
    html! { <Guard {access}>{ page }</Guard> }
}

/// Props of [`Guard`].
#[derive(Properties, PartialEq)]
struct GuardProps {
    access: Access,
    children: Html,
}

/// Shows the page inside the shell when signed in with an allowed role; sends
/// signed-out visitors to the login page; tells other roles they may not enter.
#[component]
fn Guard(props: &GuardProps) -> Html {
    let auth = use_auth();
    let t = use_t();
    match &auth.state {
        AuthState::Checking => {
            html! { <div class="splash" data-testid="splash">{ t.loading }</div> }
        }
        AuthState::SignedOut => html! { <Redirect<Route> to={Route::Login} /> },
        AuthState::SignedIn(me) if props.access.allows(me.role) => {
            html! { <Shell>{ props.children.clone() }</Shell> }
        }
        AuthState::SignedIn(_) => html! {
            <Shell>
                <div class="page">
                    <div class="alert alert-error" data-testid="forbidden">{ t.err_forbidden }</div>
                </div>
            </Shell>
        },
    }
}
