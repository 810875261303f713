//! Routes, the route switch and the provider stack.

use api_types::Role;
use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::{can_manage_users, can_view_audit, use_auth, AuthProvider, AuthState};
use crate::components::shell::Shell;
use crate::components::toast::ToastProvider;
use crate::i18n::{use_t, LangProvider};
use crate::pages;

/// Every screen of the SPA. The server answers unknown paths with index.html,
/// so these are real, bookmarkable URLs.
#[derive(Debug, Clone, PartialEq, Routable)]
pub enum Route {
    /// `/` → the project list.
    #[at("/")]
    Home,
    /// Sign-in.
    #[at("/login")]
    Login,
    /// 楼盘 list.
    #[at("/projects")]
    Projects,
    /// One project with its buildings.
    #[at("/projects/:id")]
    Project {
        /// Project id.
        id: String,
    },
    /// One building: the sales-control grid and its units.
    #[at("/buildings/:id")]
    Building {
        /// Building id.
        id: String,
    },
    /// 用户管理 (admin).
    #[at("/users")]
    Users,
    /// 审计日志 (admin, CRM head).
    #[at("/audit")]
    Audit,
    /// Anything else.
    #[not_found]
    #[at("/404")]
    NotFound,
}

impl Route {
    /// The sidebar section a route belongs to (for highlighting the menu).
    pub fn section(&self) -> &'static str {
        match self {
            Route::Home | Route::Projects | Route::Project { .. } | Route::Building { .. } => {
                "projects"
            }
            Route::Users => "users",
            Route::Audit => "audit",
            Route::Login => "login",
            Route::NotFound => "",
        }
    }
}

/// The root component: language, toasts, router, auth, then the routed screen.
#[component]
pub fn App() -> Html {
    html! {
        <LangProvider>
            <ToastProvider>
                <BrowserRouter>
                    <AuthProvider>
                        <Switch<Route> render={switch} />
                    </AuthProvider>
                </BrowserRouter>
            </ToastProvider>
        </LangProvider>
    }
}

fn switch(route: Route) -> Html {
    match route {
        Route::Login => html! { <pages::login::LoginPage /> },
        Route::Home => html! { <Redirect<Route> to={Route::Projects} /> },
        Route::Projects => guarded(Access::Staff, html! { <pages::projects::ProjectsPage /> }),
        Route::Project { id } => guarded(
            Access::Staff,
            html! { <pages::project::ProjectPage {id} /> },
        ),
        Route::Building { id } => guarded(
            Access::Staff,
            html! { <pages::building::BuildingPage {id} /> },
        ),
        Route::Users => guarded(Access::Users, html! { <pages::users::UsersPage /> }),
        Route::Audit => guarded(Access::Audit, html! { <pages::audit::AuditPage /> }),
        Route::NotFound => guarded(Access::Staff, html! { <pages::not_found::NotFound /> }),
    }
}

/// Who may open a screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Access {
    /// Every signed-in staff user.
    Staff,
    /// User management (admin).
    Users,
    /// The audit trail (admin, CRM head).
    Audit,
}

impl Access {
    fn allows(self, role: Role) -> bool {
        match self {
            Access::Staff => true,
            Access::Users => can_manage_users(role),
            Access::Audit => can_view_audit(role),
        }
    }
}

fn guarded(access: Access, page: Html) -> Html {
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
