//! Delivery inspections (DOMAIN §6): batches, timeline tasks, inspections,
//! defects, files, handovers, visits, slots and appointments.

diesel::table! {
    delivery_batches (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        name -> Text,
        handover_at -> Timestamp,
        version -> Integer,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    delivery_batch_units (unit_id) {
        unit_id -> Text,
        batch_id -> Text,
        company_id -> Text,
    }
}

diesel::table! {
    delivery_tasks (id) {
        id -> Text,
        company_id -> Text,
        batch_id -> Text,
        project_id -> Text,
        kind -> Text,
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
    inspections (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        unit_id -> Text,
        batch_id -> Nullable<Text>,
        kind -> Text,
        inspector_id -> Text,
        participants_json -> Text,
        checklist_json -> Text,
        status -> Text,
        note -> Text,
        started_at -> Timestamp,
        completed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    defects (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        building_id -> Text,
        unit_id -> Text,
        inspection_id -> Nullable<Text>,
        phase -> Text,
        room -> Text,
        location -> Text,
        category -> Text,
        severity -> Text,
        description -> Text,
        contractor -> Text,
        assignee_id -> Nullable<Text>,
        status -> Text,
        solution -> Text,
        solution_due_at -> Nullable<Timestamp>,
        solution_at -> Nullable<Timestamp>,
        fix_due_at -> Timestamp,
        rule -> Text,
        reserved -> Bool,
        rejections -> Integer,
        fixed_at -> Nullable<Timestamp>,
        verified_at -> Nullable<Timestamp>,
        closed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_by -> Nullable<Text>,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    defect_events (id) {
        id -> Text,
        company_id -> Text,
        defect_id -> Text,
        from_status -> Nullable<Text>,
        to_status -> Text,
        note -> Text,
        actor_id -> Nullable<Text>,
        actor_kind -> Text,
        created_at -> Timestamp,
    }
}

diesel::table! {
    delivery_files (id) {
        id -> Text,
        company_id -> Text,
        kind -> Text,
        defect_id -> Nullable<Text>,
        unit_id -> Text,
        sha256 -> Text,
        content_type -> Text,
        size_bytes -> BigInt,
        uploaded_by -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::table! {
    handovers (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        unit_id -> Text,
        batch_id -> Nullable<Text>,
        customer_id -> Text,
        channel -> Text,
        signature_file_id -> Nullable<Text>,
        reservations_json -> Text,
        keys_handed -> Bool,
        occupancy -> Text,
        note -> Text,
        signed_at -> Timestamp,
        signed_by -> Nullable<Text>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    customer_service_flags (customer_id) {
        customer_id -> Text,
        company_id -> Text,
        major_complaint -> Bool,
        note -> Text,
        version -> Integer,
        updated_by -> Nullable<Text>,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    handover_visits (id) {
        id -> Text,
        company_id -> Text,
        project_id -> Text,
        unit_id -> Text,
        customer_id -> Text,
        handover_id -> Text,
        kind -> Text,
        mode -> Text,
        rule -> Text,
        due_at -> Timestamp,
        notice_at -> Timestamp,
        status -> Text,
        skip_reason -> Nullable<Text>,
        outcome -> Text,
        satisfaction -> Nullable<Integer>,
        completed_by -> Nullable<Text>,
        completed_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    delivery_slots (id) {
        id -> Text,
        company_id -> Text,
        batch_id -> Text,
        starts_at -> Timestamp,
        ends_at -> Timestamp,
        capacity -> Integer,
        booked -> Integer,
        created_at -> Timestamp,
    }
}

diesel::table! {
    appointments (id) {
        id -> Text,
        company_id -> Text,
        slot_id -> Text,
        batch_id -> Text,
        unit_id -> Text,
        customer_id -> Text,
        starts_at -> Timestamp,
        status -> Text,
        booked_by_kind -> Text,
        reminder_at -> Timestamp,
        reminded_at -> Nullable<Timestamp>,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}
