//! Reusable building blocks of the screens.

pub mod alert;
pub mod bar_chart;
pub mod form;
pub mod keyed_send;
pub mod lead_badges;
pub mod modal;
pub mod nav_link;
pub mod notification_bell;
pub mod pagination;
pub mod project_names;
pub mod shell;
pub mod staff_names;
pub mod status_badge;
pub mod table;
pub mod toast;
