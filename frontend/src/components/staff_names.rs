//! The staff directory for lead work, loaded once per screen: names for the
//! owner and actor ids the lead API gives, and the people a lead can be
//! assigned to. Only roles that assign leads may read it (CRM head, sales
//! managers); for everyone else it stays empty and ids show as before.

use std::collections::BTreeMap;
use std::rc::Rc;

use api_types::LeadStaff;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::lead_staff;
use crate::auth::{manages_leads, use_auth};

/// The assignable staff of `project_id` (or of every visible project); empty
/// until loaded, when the role may not read the directory, or when the call failed.
#[hook]
pub fn use_lead_staff(project_id: Option<String>) -> Rc<Vec<LeadStaff>> {
    let allowed = use_auth().me().is_some_and(|m| manages_leads(m.role));
    let staff = use_state(|| Rc::new(Vec::<LeadStaff>::new()));
    {
        let staff = staff.clone();
        use_effect_with((project_id, allowed), move |(project_id, allowed)| {
            if *allowed {
                let project_id = project_id.clone();
                spawn_local(async move {
                    if let Ok(all) = lead_staff::list_all(project_id.as_deref()).await {
                        staff.set(Rc::new(all));
                    }
                });
            }
        });
    }
    (*staff).clone()
}

/// The display name of a staff id, when the directory has it.
pub fn staff_name(staff: &[LeadStaff], id: &str) -> Option<String> {
    staff
        .iter()
        .find(|s| s.id == id)
        .map(|s| s.display_name.clone())
}

/// A staff user named inside a sentence (an event's reason): "me" for the
/// reader; anyone else as [`person_label_in`].
pub fn named_in_text(
    lang: crate::i18n::Lang,
    me: &str,
    sent: &BTreeMap<String, String>,
    staff: &[LeadStaff],
    id: &str,
) -> String {
    if id == me {
        lang.leads().owner_me.to_lowercase()
    } else {
        person_label_in(sent, staff, id)
    }
}

/// A staff id as people read it: the name the API sent with the record
/// (`sent`, e.g. [`api_types::LeadEvent::names`], which every reader of the
/// lead gets), else [`person_label`].
pub fn person_label_in(sent: &BTreeMap<String, String>, staff: &[LeadStaff], id: &str) -> String {
    sent.get(id)
        .cloned()
        .unwrap_or_else(|| person_label(staff, id))
}

/// A staff id as people read it: the name, or the id's tail when unknown.
pub fn person_label(staff: &[LeadStaff], id: &str) -> String {
    staff_name(staff, id)
        .unwrap_or_else(|| format!("…{}", id.get(id.len().saturating_sub(6)..).unwrap_or(id)))
}
