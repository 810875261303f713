// @generated automatically by Diesel CLI.

diesel::table! {
    audit_events (id) {
        id -> Text,
        company_id -> Text,
        actor_id -> Nullable<Text>,
        actor_kind -> Text,
        action -> Text,
        entity_type -> Text,
        entity_id -> Text,
        before_json -> Nullable<Text>,
        after_json -> Nullable<Text>,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    buildings (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        name -> Text,
        floors -> Integer,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    companies (id) {
        id -> Text,
        name -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    idempotency_keys (principal, key) {
        principal -> Text,
        key -> Text,
        request_hash -> Text,
        status_code -> Nullable<Integer>,
        response_body -> Nullable<Binary>,
        location -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    login_throttles (key) {
        key -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    personal_data_access (id) {
        id -> Text,
        company_id -> Text,
        actor_id -> Text,
        entity_type -> Text,
        entity_id -> Text,
        fields -> Text,
        request_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    projects (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        city -> Text,
        district -> Text,
        address -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        session_id -> Text,
        token_hash -> Text,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    sessions (id) {
        id -> Text,
        user_id -> Nullable<Text>,
        customer_id -> Nullable<Text>,
        created_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        revoked_reason -> Nullable<Text>,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        building_id -> Text,
        floor -> Integer,
        number -> Text,
        area_m2 -> Double,
        layout -> Text,
        list_price_fen -> BigInt,
        status -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_projects (user_id, project_id) {
        user_id -> Text,
        project_id -> Text,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        company_id -> Text,
        email -> Text,
        password_hash -> Text,
        display_name -> Text,
        role -> Text,
        disabled -> Bool,
        phone_enc -> Nullable<Text>,
        phone_bidx -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

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

diesel::table! {
    outbox_messages (id) {
        id -> Text,
        company_id -> Text,
        channel -> Text,
        recipient_enc -> Text,
        recipient_bidx -> Text,
        purpose -> Text,
        body -> Text,
        confidential -> Bool,
        status -> Text,
        attempts -> Integer,
        next_attempt_at -> Timestamp,
        expires_at -> Nullable<Timestamp>,
        last_error -> Nullable<Text>,
        sender -> Nullable<Text>,
        sent_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    owner_login_codes (id) {
        id -> Text,
        phone_bidx -> Text,
        code_hash -> Text,
        attempts -> Integer,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(buildings -> projects (project_id));
diesel::joinable!(consents -> customers (customer_id));
diesel::joinable!(follow_ups -> leads (lead_id));
diesel::joinable!(gradings -> leads (lead_id));
diesel::joinable!(lead_events -> leads (lead_id));
diesel::joinable!(leads -> customers (customer_id));
diesel::joinable!(leads -> projects (project_id));
diesel::joinable!(leads -> users (owner_id));
diesel::joinable!(notifications -> users (user_id));
diesel::joinable!(projects -> companies (company_id));
diesel::joinable!(refresh_tokens -> sessions (session_id));
diesel::joinable!(sessions -> users (user_id));
diesel::joinable!(sessions -> customers (customer_id));
diesel::joinable!(units -> buildings (building_id));
diesel::joinable!(user_projects -> projects (project_id));
diesel::joinable!(user_projects -> users (user_id));
diesel::joinable!(users -> companies (company_id));

diesel::allow_tables_to_appear_in_same_query!(
    api_keys,
    audit_events,
    buildings,
    companies,
    company_settings,
    consents,
    customers,
    follow_ups,
    gradings,
    lead_events,
    leads,
    notifications,
    outbox_messages,
    owner_login_codes,
    sla_clocks,
    idempotency_keys,
    login_throttles,
    personal_data_access,
    projects,
    refresh_tokens,
    sessions,
    units,
    user_projects,
    users,
);
