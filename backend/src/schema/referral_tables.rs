//! Referrals (老带新), their events, household lists and the staff phone list.

diesel::table! {
    referrals (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        referrer_customer_id -> Text,
        friend_name -> Text,
        friend_phone_enc -> Text,
        friend_phone_bidx -> Text,
        friend_customer_id -> Nullable<Text>,
        lead_id -> Nullable<Text>,
        deal_id -> Nullable<Text>,
        status -> Text,
        eligible -> Bool,
        ineligible_reason -> Nullable<Text>,
        decision -> Text,
        rule -> Text,
        protected_until -> Nullable<Timestamp>,
        reward -> Nullable<Text>,
        review_status -> Text,
        signals_json -> Text,
        review_due_at -> Nullable<Timestamp>,
        review_note -> Text,
        reviewed_by -> Nullable<Text>,
        reviewed_at -> Nullable<Timestamp>,
        signed_at -> Nullable<Timestamp>,
        registered_via -> Text,
        registered_by -> Nullable<Text>,
        idempotency_key -> Nullable<Text>,
        version -> Integer,
        owner_version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    referral_rewards (referral_id) {
        referral_id -> Text,
        company_id -> Text,
        project_id -> Text,
        reward -> Text,
        amount_fen -> BigInt,
        rule -> Text,
        approved_by -> Nullable<Text>,
        approved_at -> Timestamp,
        paid_by -> Nullable<Text>,
        paid_at -> Nullable<Timestamp>,
        payment_reference -> Text,
        clawback_fen -> Nullable<BigInt>,
        clawed_back_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    referral_events (id) {
        id -> Text,
        company_id -> Text,
        referral_id -> Text,
        kind -> Text,
        from_status -> Nullable<Text>,
        to_status -> Nullable<Text>,
        reason -> Text,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    customer_relatives (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        name -> Text,
        relation -> Text,
        phone_enc -> Text,
        phone_bidx -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    staff_phones (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Nullable<Text>,
        kind -> Text,
        name -> Text,
        phone_enc -> Text,
        phone_bidx -> Text,
        note -> Text,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}
