//! Coloured badges for unit statuses, user states and roles.

use api_types::{Role, UnitStatus};
use yew::prelude::*;

use crate::i18n::use_lang;

/// CSS modifier of a unit status; the same colours as the sales-control grid.
pub fn status_class(status: UnitStatus) -> &'static str {
    match status {
        UnitStatus::Available => "st-available",
        UnitStatus::Reserved => "st-reserved",
        UnitStatus::Subscribed => "st-subscribed",
        UnitStatus::Signed => "st-signed",
        UnitStatus::HandedOver => "st-handed-over",
    }
}

/// Props of [`StatusBadge`].
#[derive(Properties, PartialEq)]
pub struct StatusBadgeProps {
    /// The unit status.
    pub status: UnitStatus,
}

/// A unit status as a coloured pill (可售 green, 预留 grey, 已认购 orange, 已签约 blue, 已交付 purple).
#[component]
pub fn StatusBadge(props: &StatusBadgeProps) -> Html {
    let lang = use_lang().lang;
    html! {
        <span class={classes!("badge", status_class(props.status))} data-status={props.status.as_str()}>
            { lang.status_label(props.status) }
        </span>
    }
}

/// Props of [`RoleBadge`].
#[derive(Properties, PartialEq)]
pub struct RoleBadgeProps {
    /// The role.
    pub role: Role,
    /// `data-testid` of the badge.
    #[prop_or_default]
    pub testid: Option<AttrValue>,
}

/// A role title as a neutral pill.
#[component]
pub fn RoleBadge(props: &RoleBadgeProps) -> Html {
    let lang = use_lang().lang;
    html! {
        <span class="badge badge-role" data-role={props.role.as_str()} data-testid={props.testid.clone()}>
            { lang.role_label(props.role) }
        </span>
    }
}

/// Props of [`ActiveBadge`].
#[derive(Properties, PartialEq)]
pub struct ActiveBadgeProps {
    /// True when the account is disabled.
    pub disabled: bool,
    /// Text for an active account.
    pub active_label: AttrValue,
    /// Text for a disabled account.
    pub disabled_label: AttrValue,
}

/// An account state: active (green) or disabled (red).
#[component]
pub fn ActiveBadge(props: &ActiveBadgeProps) -> Html {
    let (class, text) = if props.disabled {
        ("badge-danger", props.disabled_label.clone())
    } else {
        ("badge-ok", props.active_label.clone())
    };
    html! { <span class={classes!("badge", class)}>{ text }</span> }
}
