//! One module per screen.

pub mod audit;
pub mod building;
pub mod capture;
pub mod customer;
pub mod customers;
pub mod deal;
pub mod deal_tasks;
pub mod delivery;
pub mod import;
pub mod lead;
pub mod leads;
pub mod login;
pub mod membership;
pub mod my_tasks;
pub mod not_found;
pub mod notifications;
pub mod project;
pub mod projects;
pub mod referrals;
pub mod reports;
pub mod settings;
pub mod users;

/// Asks the user to confirm a destructive action (the browser's own dialog).
pub fn confirm(question: &str) -> bool {
    web_sys::window()
        .and_then(|w| w.confirm_with_message(question).ok())
        .unwrap_or(false)
}
