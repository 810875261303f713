//! Deals, their discounts, events and follow-up tasks; customer value tiers.

diesel::table! {
    customer_values (customer_id) {
        customer_id -> Text,
        company_id -> Text,
        tier -> Text,
        computed_tier -> Text,
        rule -> Text,
        units_bought -> Integer,
        signed_amount_fen -> BigInt,
        best_grade -> Nullable<Text>,
        override_tier -> Nullable<Text>,
        override_reason -> Nullable<Text>,
        override_by -> Nullable<Text>,
        override_at -> Nullable<Timestamp>,
        version -> Integer,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    deal_discounts (id) {
        id -> Text,
        company_id -> Text,
        deal_id -> Text,
        kind -> Text,
        label -> Text,
        basis_points -> Nullable<BigInt>,
        fixed_fen -> Nullable<BigInt>,
        amount_fen -> BigInt,
        rule -> Text,
        reason -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deal_events (id) {
        id -> Text,
        company_id -> Text,
        deal_id -> Text,
        customer_id -> Text,
        kind -> Text,
        occurred_at -> Timestamp,
        reason -> Text,
        actor_id -> Nullable<Text>,
        detail_json -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    deal_tasks (id) {
        id -> Text,
        company_id -> Text,
        deal_id -> Text,
        project_id -> Text,
        customer_id -> Text,
        kind -> Text,
        assignee_id -> Nullable<Text>,
        rule -> Text,
        due_at -> Timestamp,
        status -> Text,
        outcome -> Text,
        completed_by -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    deals (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        unit_id -> Text,
        customer_id -> Text,
        lead_id -> Nullable<Text>,
        owner_id -> Text,
        stage -> Text,
        list_price_fen -> BigInt,
        discount_fen -> BigInt,
        net_price_fen -> BigInt,
        subscribed_at -> Timestamp,
        signed_at -> Nullable<Timestamp>,
        paid_at -> Nullable<Timestamp>,
        withdrawn_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
