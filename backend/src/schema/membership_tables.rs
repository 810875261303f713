//! Membership tiers, benefits, the points ledger and its catalogue.

diesel::table! {
    benefit_redemptions (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        benefit_id -> Text,
        period_key -> Text,
        tier -> Text,
        note -> Text,
        dedupe_key -> Nullable<Text>,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    membership_benefits (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        description -> Text,
        kind -> Text,
        min_tier -> Text,
        quota -> Nullable<Integer>,
        quota_period -> Text,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    membership_purchases (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        deal_id -> Text,
        subscribed_at -> Timestamp,
        signed_at -> Nullable<Timestamp>,
        contract_amount_fen -> Nullable<BigInt>,
        withdrawn_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    membership_referrals (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        referral_id -> Text,
        succeeded_at -> Timestamp,
        revoked_at -> Nullable<Timestamp>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    membership_tier_changes (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        from_tier -> Nullable<Text>,
        to_tier -> Nullable<Text>,
        cause_kind -> Text,
        cause_id -> Text,
        rule -> Text,
        purchases -> Integer,
        referrals -> Integer,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    memberships (customer_id) {
        customer_id -> Text,
        company_id -> Text,
        tier -> Nullable<Text>,
        points_balance -> BigInt,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    points_catalogue_items (id) {
        id -> Text,
        company_id -> Text,
        name -> Text,
        description -> Text,
        kind -> Text,
        points_cost -> BigInt,
        value_fen -> Nullable<BigInt>,
        stock -> Nullable<Integer>,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    points_entries (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        kind -> Text,
        points -> BigInt,
        reason_code -> Text,
        reason -> Text,
        reference_type -> Text,
        reference_id -> Text,
        rule -> Text,
        dedupe_key -> Text,
        remaining -> BigInt,
        expires_at -> Nullable<Timestamp>,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    points_redemptions (id) {
        id -> Text,
        company_id -> Text,
        customer_id -> Text,
        item_id -> Text,
        quantity -> Integer,
        points -> BigInt,
        balance_after -> BigInt,
        entry_id -> Text,
        dedupe_key -> Nullable<Text>,
        actor_kind -> Text,
        actor_id -> Nullable<Text>,
        created_at -> Timestamp,
    }
}
