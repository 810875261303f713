//! Languages: zh-CN (the default; staff work in Chinese) and English.
//!
//! Every visible string is a field of [`Strings`]; each language is one
//! `static` of it, so a missing translation is a compile error. The choice is
//! kept in localStorage and offered as a switch in the header.

mod deal_strings;
mod delivery_strings;
mod en;
mod event_reasons;
mod labels;
mod lead_strings;
mod messages;
mod notices;
mod referral_strings;
mod strings;
mod zh_cn;

use api_types::{Role, UnitStatus};
use gloo_storage::{LocalStorage, Storage};
use yew::prelude::*;

pub use deal_strings::DealStrings;
pub use delivery_strings::DeliveryStrings;
pub use lead_strings::LeadStrings;
pub use messages::{error_message, field_message};
pub use referral_strings::ReferralStrings;
pub use strings::Strings;

const LANG_KEY: &str = "estatecrm.lang";

/// A language of the user interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    /// 简体中文 (default).
    ZhCn,
    /// English.
    En,
}

impl Lang {
    /// Both languages, in the order of the switch.
    pub const ALL: [Lang; 2] = [Lang::ZhCn, Lang::En];

    /// BCP 47 tag, also the stored value and `<html lang>`.
    pub fn code(self) -> &'static str {
        match self {
            Lang::ZhCn => "zh-CN",
            Lang::En => "en",
        }
    }

    /// The language's own name, for the switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::ZhCn => "中文",
            Lang::En => "English",
        }
    }

    /// Parses a stored tag; anything unknown is zh-CN.
    pub fn parse(code: &str) -> Lang {
        if code == "en" {
            Lang::En
        } else {
            Lang::ZhCn
        }
    }

    /// The table of strings.
    pub fn strings(self) -> &'static Strings {
        match self {
            Lang::ZhCn => &zh_cn::ZH_CN,
            Lang::En => &en::EN,
        }
    }

    /// The saved choice, or zh-CN.
    pub fn load() -> Lang {
        LocalStorage::get::<String>(LANG_KEY)
            .map(|c| Lang::parse(&c))
            .unwrap_or(Lang::ZhCn)
    }

    /// Saves the choice and updates `<html lang>`.
    pub fn save(self) {
        let _ = LocalStorage::set(LANG_KEY, self.code());
        self.apply_to_document();
    }

    /// Sets `<html lang>` so the browser picks the right fonts and screen readers the right voice.
    pub fn apply_to_document(self) {
        let root = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element());
        if let Some(root) = root {
            let _ = root.set_attribute("lang", self.code());
        }
    }

    /// The title of a role in this language.
    pub fn role_label(self, role: Role) -> &'static str {
        match self {
            Lang::ZhCn => role.label_zh(),
            Lang::En => match role {
                Role::Admin => "Administrator",
                Role::CrmHead => "CRM head",
                Role::SalesManager => "Sales manager",
                Role::SalesRep => "Sales rep",
                Role::CustomerSpecialist => "Customer specialist",
                Role::Service => "Service",
                Role::Engineering => "Engineering",
                Role::Property => "Property",
                Role::DataAnalyst => "Data analyst",
                Role::PrivacyOfficer => "Privacy officer",
            },
        }
    }

    /// The word for a unit status in this language.
    pub fn status_label(self, status: UnitStatus) -> &'static str {
        match self {
            Lang::ZhCn => status.label_zh(),
            Lang::En => match status {
                UnitStatus::Available => "Available",
                UnitStatus::Reserved => "Reserved",
                UnitStatus::Subscribed => "Subscribed",
                UnitStatus::Signed => "Signed",
                UnitStatus::HandedOver => "Handed over",
            },
        }
    }
}

/// The language context: the current language and how to change it.
#[derive(Clone, PartialEq)]
pub struct LangCtx {
    /// Current language.
    pub lang: Lang,
    /// Switches (and saves) the language.
    pub set: Callback<Lang>,
}

/// Props of [`LangProvider`].
#[derive(Properties, PartialEq)]
pub struct LangProviderProps {
    /// The app.
    pub children: Html,
}

/// Provides [`LangCtx`], starting from the saved choice.
#[component]
pub fn LangProvider(props: &LangProviderProps) -> Html {
    let lang = use_state(Lang::load);
    use_effect_with(*lang, |l| l.apply_to_document());
    let set = {
        let lang = lang.clone();
        Callback::from(move |l: Lang| {
            l.save();
            lang.set(l);
        })
    };
    let ctx = LangCtx { lang: *lang, set };
    html! {
        <ContextProvider<LangCtx> context={ctx}>{ props.children.clone() }</ContextProvider<LangCtx>>
    }
}

/// The current language context (zh-CN outside a provider).
#[hook]
pub fn use_lang() -> LangCtx {
    use_context::<LangCtx>().unwrap_or(LangCtx {
        lang: Lang::ZhCn,
        set: Callback::noop(),
    })
}

/// The strings of the current language.
#[hook]
pub fn use_t() -> &'static Strings {
    use_lang().lang.strings()
}

/// The lead screens' strings of the current language.
#[hook]
pub fn use_lt() -> &'static LeadStrings {
    use_lang().lang.leads()
}

/// The customer, deal and membership screens' strings of the current language.
#[hook]
pub fn use_dt() -> &'static DealStrings {
    use_lang().lang.deals()
}

/// The referral screens' strings of the current language.
#[hook]
pub fn use_rt() -> &'static ReferralStrings {
    use_lang().lang.referrals()
}
