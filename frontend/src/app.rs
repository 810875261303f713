//! Routes, the route switch and the provider stack.

use yew::prelude::*;
use yew_router::prelude::*;

use crate::auth::AuthProvider;
use crate::components::toast::ToastProvider;
use crate::guard::{guarded, Access};
use crate::i18n::LangProvider;
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
    /// 线索 list and search.
    #[at("/leads")]
    Leads,
    /// 公海: leads without an owner, to claim.
    #[at("/leads/pool")]
    LeadPool,
    /// 今日任务: the user's leads due today or overdue.
    #[at("/leads/today")]
    MyTasks,
    /// Capture a lead.
    #[at("/leads/new")]
    NewLead,
    /// Import a CSV or XLSX file of leads.
    #[at("/leads/import")]
    ImportLeads,
    /// One lead.
    #[at("/leads/:id")]
    Lead {
        /// Lead id.
        id: String,
    },
    /// Lead reports.
    #[at("/reports")]
    Reports,
    /// The referral KPI report.
    #[at("/reports/referrals")]
    ReferralReport,
    /// Lead settings: grading rules.
    #[at("/settings/grading-rules")]
    GradingRules,
    /// Lead settings: SLA.
    #[at("/settings/lead-sla")]
    LeadSla,
    /// Lead settings: assignment.
    #[at("/settings/lead-assignment")]
    LeadAssignment,
    /// The user's notifications.
    #[at("/notifications")]
    Notifications,
    /// 客户 list.
    #[at("/customers")]
    Customers,
    /// The customer 360.
    #[at("/customers/:id")]
    Customer {
        /// Customer id.
        id: String,
    },
    /// One deal.
    #[at("/deals/:id")]
    Deal {
        /// Deal id.
        id: String,
    },
    /// Follow-up tasks of deals.
    #[at("/deal-tasks")]
    DealTasks,
    /// Membership tier rules.
    #[at("/settings/membership-tiers")]
    MembershipTiers,
    /// Membership points rules.
    #[at("/settings/membership-points")]
    MembershipPoints,
    /// Benefits catalogue.
    #[at("/membership-benefits")]
    MembershipBenefits,
    /// Points catalogue.
    #[at("/points-catalogue")]
    PointsCatalogue,
    /// 交付批次 list.
    #[at("/delivery")]
    DeliveryBatches,
    /// Planning a new delivery batch.
    #[at("/delivery/new")]
    NewDeliveryBatch,
    /// One delivery batch: timeline and units.
    #[at("/delivery/:id")]
    DeliveryBatch {
        /// Batch id.
        id: String,
    },
    /// Post-handover visits.
    #[at("/delivery-visits")]
    DeliveryVisits,
    /// The delivery report.
    #[at("/delivery-report")]
    DeliveryReport,
    /// A unit's delivery: inspection history, sign-off.
    #[at("/delivery-units/:id")]
    DeliveryUnit {
        /// Unit id.
        id: String,
    },
    /// The inspection screen (tablet).
    #[at("/inspections/:id")]
    Inspection {
        /// Inspection id.
        id: String,
    },
    /// The defect board.
    #[at("/defects")]
    Defects,
    /// One defect with its photos and actions.
    #[at("/defects/:id")]
    Defect {
        /// Defect id.
        id: String,
    },
    /// 老带新: the referral pipeline and review queue.
    #[at("/referrals")]
    Referrals,
    /// One referral.
    #[at("/referrals/:id")]
    Referral {
        /// Referral id.
        id: String,
    },
    /// Referral rules.
    #[at("/settings/referral-rules")]
    ReferralRules,
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
            Route::Leads | Route::Lead { .. } => "leads",
            Route::LeadPool => "pool",
            Route::MyTasks => "my-tasks",
            Route::NewLead => "new-lead",
            Route::ImportLeads => "import",
            Route::Reports => "reports",
            Route::ReferralReport => "referral-report",
            Route::GradingRules | Route::LeadSla | Route::LeadAssignment => "settings",
            Route::Notifications => "notifications",
            Route::Customers | Route::Customer { .. } | Route::Deal { .. } => "customers",
            Route::DealTasks => "deal-tasks",
            Route::MembershipTiers
            | Route::MembershipPoints
            | Route::MembershipBenefits
            | Route::PointsCatalogue => "membership",
            Route::Referrals | Route::Referral { .. } => "referrals",
            Route::ReferralRules => "membership",
            Route::Audit => "audit",
            Route::DeliveryBatches
            | Route::NewDeliveryBatch
            | Route::DeliveryBatch { .. }
            | Route::DeliveryUnit { .. }
            | Route::Inspection { .. } => "delivery",
            Route::Defects | Route::Defect { .. } => "defects",
            Route::DeliveryVisits => "delivery-visits",
            Route::DeliveryReport => "delivery-report",
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
            Access::SalesControl,
            html! { <pages::building::BuildingPage {id} /> },
        ),
        Route::Users => guarded(Access::Users, html! { <pages::users::UsersPage /> }),
        Route::Audit => guarded(Access::Audit, html! { <pages::audit::AuditPage /> }),
        Route::Leads => guarded(
            Access::Leads,
            html! { <pages::leads::LeadsPage pool={false} /> },
        ),
        Route::LeadPool => guarded(
            Access::Leads,
            html! { <pages::leads::LeadsPage pool={true} /> },
        ),
        Route::NewLead => guarded(Access::EditLeads, html! { <pages::capture::CapturePage /> }),
        Route::MyTasks => guarded(
            Access::EditLeads,
            html! { <pages::my_tasks::MyTasksPage /> },
        ),
        Route::ImportLeads => guarded(Access::EditLeads, html! { <pages::import::ImportPage /> }),
        Route::Lead { id } => guarded(Access::Leads, html! { <pages::lead::LeadPage {id} /> }),
        Route::Reports => guarded(Access::Reports, html! { <pages::reports::ReportsPage /> }),
        Route::ReferralReport => guarded(
            Access::Reports,
            html! { <pages::reports::ReferralReportPage /> },
        ),
        Route::GradingRules => guarded(
            Access::Settings,
            html! { <pages::settings::GradingRulesPage /> },
        ),
        Route::LeadSla => guarded(Access::Settings, html! { <pages::settings::LeadSlaPage /> }),
        Route::LeadAssignment => guarded(
            Access::Settings,
            html! { <pages::settings::LeadAssignmentPage /> },
        ),
        Route::Notifications => guarded(
            Access::Staff,
            html! { <pages::notifications::NotificationsPage /> },
        ),
        Route::Customers => guarded(
            Access::Customers,
            html! { <pages::customers::CustomersPage /> },
        ),
        Route::Customer { id } => guarded(
            Access::Customers,
            html! { <pages::customer::CustomerPage {id} /> },
        ),
        Route::Deal { id } => guarded(Access::Deals, html! { <pages::deal::DealPage {id} /> }),
        Route::DealTasks => guarded(
            Access::DealTasks,
            html! { <pages::deal_tasks::DealTasksPage /> },
        ),
        Route::MembershipTiers => guarded(
            Access::Membership,
            html! { <pages::membership::TierRulesPage /> },
        ),
        Route::MembershipPoints => guarded(
            Access::Membership,
            html! { <pages::membership::PointsRulesPage /> },
        ),
        Route::MembershipBenefits => guarded(
            Access::Membership,
            html! { <pages::membership::BenefitsPage /> },
        ),
        Route::PointsCatalogue => guarded(
            Access::Membership,
            html! { <pages::membership::CataloguePage /> },
        ),
        Route::DeliveryBatches => {
            guarded(Access::Delivery, html! { <pages::delivery::BatchesPage /> })
        }
        Route::NewDeliveryBatch => guarded(
            Access::DeliveryManage,
            html! { <pages::delivery::new_batch::NewBatchPage /> },
        ),
        Route::DeliveryBatch { id } => guarded(
            Access::Delivery,
            html! { <pages::delivery::BatchPage {id} /> },
        ),
        Route::DeliveryVisits => guarded(
            Access::DeliveryOwners,
            html! { <pages::delivery::visits::VisitsPage /> },
        ),
        Route::DeliveryReport => guarded(
            Access::DeliveryReport,
            html! { <pages::delivery::report::DeliveryReportPage /> },
        ),
        Route::DeliveryUnit { id } => guarded(
            Access::Delivery,
            html! { <pages::delivery::unit::UnitDeliveryPage {id} /> },
        ),
        Route::Inspection { id } => guarded(
            Access::Delivery,
            html! { <pages::delivery::inspection::InspectionPage {id} /> },
        ),
        Route::Defects => guarded(
            Access::Delivery,
            html! { <pages::delivery::defects::DefectBoardPage /> },
        ),
        Route::Defect { id } => guarded(
            Access::Delivery,
            html! { <pages::delivery::defect::DefectPage {id} /> },
        ),
        Route::Referrals => guarded(
            Access::Referrals,
            html! { <pages::referrals::ReferralsPage /> },
        ),
        Route::Referral { id } => guarded(
            Access::Referrals,
            html! { <pages::referrals::ReferralPage {id} /> },
        ),
        Route::ReferralRules => guarded(
            Access::Membership,
            html! { <pages::referrals::ReferralRulesPage /> },
        ),
        Route::NotFound => guarded(Access::Staff, html! { <pages::not_found::NotFound /> }),
    }
}
