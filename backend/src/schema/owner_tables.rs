//! Owners' sign-in (one-time codes) and the message outbox.

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
