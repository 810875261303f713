//! Who is signed in: the auth context, and what each role may open.

use std::rc::Rc;

use api_types::{Me, Role};
use yew::platform::spawn_local;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::api;
use crate::app::Route;

/// The sign-in state of the app.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthState {
    /// Tokens are stored; `GET /me` is on its way.
    Checking,
    /// Nobody is signed in.
    SignedOut,
    /// Signed in as this user.
    SignedIn(Rc<Me>),
}

/// The auth context: state plus the two transitions.
#[derive(Clone, PartialEq)]
pub struct AuthCtx {
    /// Current state.
    pub state: AuthState,
    /// Called by the login page once tokens are stored and `/me` answered.
    pub signed_in: Callback<Me>,
    /// Logs out (server-side too) and shows the login page.
    pub sign_out: Callback<()>,
}

impl AuthCtx {
    /// The signed-in user, if any.
    pub fn me(&self) -> Option<Rc<Me>> {
        match &self.state {
            AuthState::SignedIn(me) => Some(me.clone()),
            _ => None,
        }
    }
}

/// May see and manage staff users.
pub fn can_manage_users(role: Role) -> bool {
    role == Role::Admin
}

/// May read the audit trail.
pub fn can_view_audit(role: Role) -> bool {
    matches!(role, Role::Admin | Role::CrmHead)
}

/// The auth context of the nearest [`AuthProvider`].
#[hook]
pub fn use_auth() -> AuthCtx {
    use_context::<AuthCtx>().unwrap_or(AuthCtx {
        state: AuthState::SignedOut,
        signed_in: Callback::noop(),
        sign_out: Callback::noop(),
    })
}

/// Props of [`AuthProvider`].
#[derive(Properties, PartialEq)]
pub struct AuthProviderProps {
    /// The routed app.
    pub children: Html,
}

/// Provides [`AuthCtx`]; must sit inside the router (it navigates on logout).
///
/// On start, stored tokens are checked with `GET /me` (refreshing if the access
/// token expired). When the API layer reports the session over, the state
/// becomes `SignedOut` and the login page is shown.
#[component]
pub fn AuthProvider(props: &AuthProviderProps) -> Html {
    let state = use_state(|| {
        if api::has_session() {
            AuthState::Checking
        } else {
            AuthState::SignedOut
        }
    });
    let navigator = use_navigator();

    {
        let (state, navigator) = (state.clone(), navigator.clone());
        use_effect_with((), move |_| {
            let expired = {
                let state = state.clone();
                Callback::from(move |()| {
                    state.set(AuthState::SignedOut);
                    if let Some(nav) = &navigator {
                        nav.push(&Route::Login);
                    }
                })
            };
            api::set_session_expired_handler(Some(expired));
            if *state == AuthState::Checking {
                spawn_local(async move {
                    match api::auth::me().await {
                        Ok(me) => state.set(AuthState::SignedIn(Rc::new(me))),
                        Err(e) => {
                            // 401s already ended the session; a network failure keeps the
                            // tokens so a reload can pick up where the user left off.
                            if e.status != 0 {
                                api::clear_tokens();
                            }
                            state.set(AuthState::SignedOut);
                        }
                    }
                });
            }
            || api::set_session_expired_handler(None)
        });
    }

    let signed_in = {
        let state = state.clone();
        Callback::from(move |me: Me| state.set(AuthState::SignedIn(Rc::new(me))))
    };
    let sign_out = {
        let state = state.clone();
        Callback::from(move |()| {
            let (state, navigator) = (state.clone(), navigator.clone());
            spawn_local(async move {
                api::auth::logout().await;
                state.set(AuthState::SignedOut);
                if let Some(nav) = &navigator {
                    nav.push(&Route::Login);
                }
            });
        })
    };
    let ctx = AuthCtx {
        state: (*state).clone(),
        signed_in,
        sign_out,
    };
    html! {
        <ContextProvider<AuthCtx> context={ctx}>{ props.children.clone() }</ContextProvider<AuthCtx>>
    }
}

/// Works with leads at all (reads the list and lead pages). Not the admin:
/// DOMAIN §1 gives them users, roles, settings, API keys and webhooks.
pub fn works_leads(role: Role) -> bool {
    matches!(
        role,
        Role::CrmHead
            | Role::PrivacyOfficer
            | Role::SalesManager
            | Role::SalesRep
            | Role::CustomerSpecialist
    )
}

/// Captures, imports and changes leads (follow-ups, grading, losing, claiming).
pub fn edits_leads(role: Role) -> bool {
    works_leads(role) && role != Role::PrivacyOfficer
}

/// Whether the role must claim a pool lead (no owner) before working on it
/// or reading its full phone: the sales rep and the customer specialist, who
/// see the pool only to claim from it (the API answers 409 `claim_first`).
pub fn must_claim_first(role: Role, owner_id: Option<&str>) -> bool {
    matches!(role, Role::SalesRep | Role::CustomerSpecialist) && owner_id.is_none()
}

/// Assigns and reassigns leads.
pub fn manages_leads(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::SalesManager)
}

/// Reads the lead reports.
pub fn reads_reports(role: Role) -> bool {
    matches!(
        role,
        Role::Admin | Role::CrmHead | Role::DataAnalyst | Role::SalesManager
    )
}

/// Reads the lead settings (grading rules, SLA, assignment).
pub fn reads_lead_settings(role: Role) -> bool {
    matches!(role, Role::Admin | Role::CrmHead | Role::SalesManager)
}

/// Changes the lead settings.
pub fn edits_lead_settings(role: Role) -> bool {
    role == Role::CrmHead
}

/// Reads customers and their 360 page (and membership); not the admin.
pub fn reads_customers(role: Role) -> bool {
    matches!(
        role,
        Role::CrmHead
            | Role::PrivacyOfficer
            | Role::SalesManager
            | Role::SalesRep
            | Role::CustomerSpecialist
    )
}

/// Records deals: subscription, signing, payment, withdrawal, unit change.
pub fn works_deals(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::SalesManager | Role::SalesRep)
}

/// Sets a customer's value tier by hand.
pub fn overrides_value_tier(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::SalesManager)
}

/// Sees deal follow-up tasks (and redeems points or benefits for customers).
pub fn works_deal_tasks(role: Role) -> bool {
    matches!(
        role,
        Role::CrmHead | Role::SalesManager | Role::SalesRep | Role::CustomerSpecialist
    )
}

/// Reads the membership rules and catalogues.
pub fn reads_membership_settings(role: Role) -> bool {
    matches!(role, Role::Admin | Role::CrmHead | Role::SalesManager)
}

/// Changes the membership rules and catalogues.
pub fn edits_membership(role: Role) -> bool {
    role == Role::CrmHead
}

/// Reads delivery batches, inspections and defects (交付验房).
pub fn reads_delivery(role: Role) -> bool {
    matches!(
        role,
        Role::CrmHead
            | Role::Service
            | Role::Engineering
            | Role::Property
            | Role::CustomerSpecialist
    )
}

/// Inspects units, records, assigns and fixes defects.
pub fn inspects_units(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::Service | Role::Engineering)
}

/// Plans batches, completes their tasks, verifies defects and takes the owner's sign-off.
pub fn signs_off_units(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::Service)
}

/// Reads the owners' side of delivery: appointments, sign-offs, visits and
/// service flags (not engineering or property, who see defects and inspections).
pub fn reads_owner_delivery(role: Role) -> bool {
    matches!(
        role,
        Role::CrmHead | Role::Service | Role::CustomerSpecialist
    )
}

/// Records the outcome of post-handover visits.
pub fn completes_visits(role: Role) -> bool {
    reads_owner_delivery(role)
}

/// Reads the delivery report (delivery roles and data analysts).
pub fn reads_delivery_report(role: Role) -> bool {
    reads_delivery(role) || role == Role::DataAnalyst
}

/// Follows referrals (老带新) and registers friends for owners.
pub fn works_referrals(role: Role) -> bool {
    matches!(role, Role::CrmHead | Role::SalesManager | Role::SalesRep)
}

/// Decides reviews, approves and pays referral rewards.
pub fn approves_referrals(role: Role) -> bool {
    role == Role::CrmHead
}

/// Keeps the staff and agency phone list (admins and the head of CRM).
pub fn keeps_staff_phones(role: Role) -> bool {
    matches!(role, Role::Admin | Role::CrmHead)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_sales_rep_must_claim_a_pool_lead_first() {
        assert!(must_claim_first(Role::SalesRep, None));
        assert!(!must_claim_first(Role::SalesRep, Some("me")));
        assert!(must_claim_first(Role::CustomerSpecialist, None));
        assert!(!must_claim_first(Role::SalesManager, None));
        assert!(!must_claim_first(Role::CrmHead, None));
    }

    #[test]
    fn the_admin_does_not_work_leads_or_read_customers() {
        assert!(!works_leads(Role::Admin));
        assert!(!edits_leads(Role::Admin));
        assert!(!manages_leads(Role::Admin));
        assert!(!reads_customers(Role::Admin));
        assert!(works_leads(Role::CrmHead) && reads_customers(Role::CrmHead));
    }
}
