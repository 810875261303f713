//! 认购 from the customer's page: pick project → building → available unit,
//! then the subscription dialog with the customer already chosen.

use api_types::{Building, CustomerListItem, CustomerProfile, Unit, UnitStatus};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::buildings;
use crate::api::units::{self, UnitFilter};
use crate::components::form::SelectField;
use crate::components::project_names::{project_options, use_projects};
use crate::format::unit_price_short;
use crate::i18n::use_lang;
use crate::pages::building::subscribe::SubscribeDialog;

/// Props of [`SubscribePicker`].
#[derive(Properties, PartialEq)]
pub struct SubscribePickerProps {
    /// The buyer.
    pub profile: CustomerProfile,
    /// A unit was subscribed.
    pub ondone: Callback<()>,
}

/// Project, building and unit selects and the "认购" button.
#[component]
pub fn SubscribePicker(props: &SubscribePickerProps) -> Html {
    let lang = use_lang().lang;
    let (t, dt) = (lang.strings(), lang.deals());
    let projects = use_projects();
    let project = use_state(String::new);
    let building = use_state(String::new);
    let unit = use_state(String::new);
    let blds = use_state(Vec::<Building>::new);
    let free = use_state(Vec::<Unit>::new);
    let open = use_state(|| false);
    {
        let (blds, building) = (blds.clone(), building.clone());
        use_effect_with((*project).clone(), move |pid| {
            let pid = pid.clone();
            building.set(String::new());
            blds.set(Vec::new());
            if !pid.is_empty() {
                spawn_local(async move {
                    if let Ok(p) = buildings::list(&pid, 200, None).await {
                        blds.set(p.data);
                    }
                });
            }
        });
    }
    {
        let (free, unit) = (free.clone(), unit.clone());
        use_effect_with((*building).clone(), move |bid| {
            let bid = bid.clone();
            unit.set(String::new());
            free.set(Vec::new());
            if !bid.is_empty() {
                spawn_local(async move {
                    let filter = UnitFilter {
                        status: Some(UnitStatus::Available),
                        floor: None,
                    };
                    if let Ok(p) = units::list(&bid, &filter, 200, None).await {
                        free.set(p.data);
                    }
                });
            }
        });
    }
    let set = |s: &UseStateHandle<String>| {
        let s = s.clone();
        Callback::from(move |v: String| s.set(v))
    };
    let mut bld_options = vec![(AttrValue::from(""), AttrValue::from("—"))];
    bld_options.extend(blds.iter().map(|b| {
        (
            AttrValue::from(b.id.clone()),
            AttrValue::from(b.name.clone()),
        )
    }));
    let mut unit_options = vec![(AttrValue::from(""), AttrValue::from("—"))];
    unit_options.extend(free.iter().map(|u| {
        let label = format!(
            "{} · {}",
            u.number,
            unit_price_short(lang, u.list_price_fen)
        );
        (AttrValue::from(u.id.clone()), AttrValue::from(label))
    }));
    let chosen = free.iter().find(|u| u.id == *unit).cloned();
    let p = &props.profile;
    let customer = CustomerListItem {
        id: p.id.clone(),
        name: p.name.clone(),
        phone_masked: p.phone_masked.clone(),
        value_tier: p.value.tier,
        created_at: p.history.first_seen_at,
    };
    let close = {
        let open = open.clone();
        Callback::from(move |()| open.set(false))
    };
    let done = {
        let (open, unit, ondone) = (open.clone(), unit.clone(), props.ondone.clone());
        Callback::from(move |()| {
            open.set(false);
            unit.set(String::new());
            ondone.emit(());
        })
    };
    html! {
        <section class="panel" data-testid="customer-subscribe">
            <h2>{ dt.subscribe_title }</h2>
            <div class="form-inline">
                <SelectField label={t.project} value={(*project).clone()} options={project_options(&projects, "—")}
                    onchange={set(&project)} testid="customer-subscribe-project" />
                <SelectField label={t.building} value={(*building).clone()} options={bld_options}
                    onchange={set(&building)} testid="customer-subscribe-building" />
                <SelectField label={dt.unit} value={(*unit).clone()} options={unit_options}
                    onchange={set(&unit)} testid="customer-subscribe-unit" />
                <button class="btn btn-primary" type="button" data-testid="customer-subscribe-open" disabled={chosen.is_none()}
                    onclick={Callback::from({ let o = open.clone(); move |_: MouseEvent| o.set(true) })}>{ dt.subscribe }</button>
            </div>
            if let (true, Some(u)) = (*open, chosen) {
                <SubscribeDialog unit={u} {customer} onclose={close} ondone={done} />
            }
        </section>
    }
}
