//! Customers, leads, grading, follow-ups, the SLA clock, notifications, settings, API keys.

diesel::table! {
    api_keys (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        prefix -> Text,
        key_hash -> Text,
        scopes -> Text,
        created_by -> Text,
        created_at -> Timestamp,
        last_used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    company_settings (company_id, key) {
        company_id -> Text,
        key -> Text,
        value_json -> Text,
        version -> Integer,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    consents (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        purpose -> Text,
        notice_version -> Text,
        channel -> Text,
        given_at -> Timestamp,
        withdrawn_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        phone_enc -> Text,
        phone_bidx -> Text,
        gender -> Nullable<Text>,
        family_structure -> Text,
        occupation -> Text,
        opt_out_marketing -> Bool,
        opt_out_third_party -> Bool,
        opt_out_automated -> Bool,
        opt_out_sensitive -> Bool,
        merged_into -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    follow_ups (id) {
        id -> Text,
        company_id -> Text,
        lead_id -> Text,
        actor_id -> Text,
        channel -> Text,
        outcome -> Text,
        next_step -> Text,
        occurred_at -> Timestamp,
        created_at -> Timestamp,
    }
}

diesel::table! {
    gradings (id) {
        id -> Text,
        company_id -> Text,
        lead_id -> Text,
        grade -> Text,
        score -> Integer,
        rule_set_version -> Integer,
        explanation_json -> Text,
        manual -> Bool,
        actor_id -> Nullable<Text>,
        reason -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    lead_events (id) {
        id -> Text,
        company_id -> Text,
        lead_id -> Text,
        kind -> Text,
        actor_id -> Nullable<Text>,
        actor_kind -> Text,
        reason -> Text,
        detail_json -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    leads (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        project_id -> Text,
        source -> Text,
        referrer_customer_id -> Nullable<Text>,
        budget_fen -> Nullable<BigInt>,
        purchase_timeframe -> Nullable<Text>,
        ability_to_pay -> Nullable<Text>,
        family_structure -> Text,
        occupation -> Text,
        preferred_layouts -> Text,
        notes -> Text,
        visits -> Integer,
        grade -> Nullable<Text>,
        grade_source -> Nullable<Text>,
        status -> Text,
        lost_reason -> Nullable<Text>,
        owner_id -> Nullable<Text>,
        assigned_at -> Nullable<Timestamp>,
        created_via -> Text,
        created_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
        next_due_at -> Nullable<Timestamp>,
        sla_state -> Nullable<Text>,
    }
}

diesel::table! {
    notifications (id) {
        id -> Text,
        company_id -> Text,
        user_id -> Text,
        kind -> Text,
        title -> Text,
        body -> Text,
        entity_type -> Nullable<Text>,
        entity_id -> Nullable<Text>,
        read_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        params_json -> Nullable<Text>,
    }
}

diesel::table! {
    sla_clocks (id) {
        id -> Text,
        company_id -> Text,
        entity_type -> Text,
        entity_id -> Text,
        kind -> Text,
        rule -> Text,
        owner_id -> Nullable<Text>,
        warn_at -> Timestamp,
        due_at -> Timestamp,
        grace_until -> Timestamp,
        state -> Text,
        breached_at -> Nullable<Timestamp>,
        escalated_at -> Nullable<Timestamp>,
        expired_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
