//! Reusable building blocks of the screens.

pub mod alert;
pub mod form;
pub mod modal;
pub mod nav_link;
pub mod pagination;
pub mod shell;
pub mod status_badge;
pub mod table;
pub mod toast;
