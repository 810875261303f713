//! The diesel schema, hand-written in `diesel print-schema` style and split
//! by capability; every table is re-exported here as `crate::schema::<table>`.

mod deal_tables;
mod delivery_tables;
mod lead_tables;
mod membership_tables;
mod owner_tables;
mod platform_tables;
mod referral_tables;

pub use deal_tables::*;
pub use delivery_tables::*;
pub use lead_tables::*;
pub use membership_tables::*;
pub use owner_tables::*;
pub use platform_tables::*;
pub use referral_tables::*;

diesel::joinable!(benefit_redemptions -> membership_benefits (benefit_id));
diesel::joinable!(buildings -> projects (project_id));
diesel::joinable!(consents -> customers (customer_id));
diesel::joinable!(customer_values -> customers (customer_id));
diesel::joinable!(deal_discounts -> deals (deal_id));
diesel::joinable!(deal_events -> deals (deal_id));
diesel::joinable!(deal_tasks -> deals (deal_id));
diesel::joinable!(deals -> customers (customer_id));
diesel::joinable!(deals -> units (unit_id));
diesel::joinable!(follow_ups -> leads (lead_id));
diesel::joinable!(gradings -> leads (lead_id));
diesel::joinable!(lead_events -> leads (lead_id));
diesel::joinable!(leads -> customers (customer_id));
diesel::joinable!(leads -> projects (project_id));
diesel::joinable!(leads -> users (owner_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(points_redemptions -> points_catalogue_items (item_id));
diesel::joinable!(projects -> companies (company_id));
diesel::joinable!(referral_events -> referrals (referral_id));
diesel::joinable!(referral_rewards -> referrals (referral_id));
diesel::joinable!(referrals -> projects (project_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(sessions -> customers (customer_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(units -> buildings (building_id));
diesel::joinable!(user_projects -> projects (project_id));
diesel::joinable!(user_projects -> users (user_id));
diesel::joinable!(users -> companies (company_id));

diesel::allow_tables_to_appear_in_same_query!(
    appointments,
    customer_service_flags,
    defect_events,
    defects,
    delivery_batch_units,
    delivery_batches,
    delivery_files,
    delivery_slots,
    delivery_tasks,
    handover_visits,
    handovers,
    inspections,
    api_keys,
    audit_events,
    benefit_redemptions,
    buildings,
    companies,
    company_settings,
    consents,
    customer_relatives,
    customer_values,
    customers,
    deal_discounts,
    deal_events,
    deal_tasks,
    deals,
    follow_ups,
    gradings,
    idempotency_keys,
    lead_events,
    leads,
    login_throttles,
    membership_benefits,
    membership_purchases,
    membership_referrals,
    membership_tier_changes,
    memberships,
    notifications,
    outbox_messages,
    owner_login_codes,
    personal_data_access,
    points_catalogue_items,
    points_entries,
    points_redemptions,
    projects,
    referral_events,
    referral_rewards,
    referrals,
    refresh_tokens,
    sessions,
    sla_clocks,
    staff_phones,
    units,
    user_projects,
    users,
);
