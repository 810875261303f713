-- Delivery inspections (交付验房, DOMAIN §6): batches and their generated
-- timeline, inspections with checklists, defects to rectification (on the SLA
-- clock), photos and signatures, owner sign-off, appointment slots and the
-- post-handover visits. The same SQL on SQLite and PostgreSQL.

CREATE TABLE delivery_batches (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    handover_at TIMESTAMP NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX delivery_batches_company_idx ON delivery_batches (company_id, id);
CREATE INDEX delivery_batches_project_idx ON delivery_batches (project_id, id);

-- A unit is delivered in one batch.
CREATE TABLE delivery_batch_units (
    unit_id TEXT PRIMARY KEY NOT NULL REFERENCES units(id),
    batch_id TEXT NOT NULL REFERENCES delivery_batches(id),
    company_id TEXT NOT NULL
);
CREATE INDEX delivery_batch_units_batch_idx ON delivery_batch_units (batch_id, unit_id);

-- The batch timeline DOMAIN §6 generates: one task per kind.
CREATE TABLE delivery_tasks (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    batch_id TEXT NOT NULL REFERENCES delivery_batches(id),
    project_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('risk_check','pre_inspection','handover_notice','handover_day')),
    rule TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','done')),
    outcome TEXT NOT NULL DEFAULT '',
    completed_by TEXT,
    completed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX delivery_tasks_batch_kind_uq ON delivery_tasks (batch_id, kind);
-- The sweep sends due handover notices.
CREATE INDEX delivery_tasks_due_idx ON delivery_tasks (kind, status, due_at);

CREATE TABLE inspections (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    batch_id TEXT,
    kind TEXT NOT NULL CHECK (kind IN ('risk_check','pre_inspection','handover','one_year')),
    inspector_id TEXT NOT NULL REFERENCES users(id),
    participants_json TEXT NOT NULL DEFAULT '[]',
    checklist_json TEXT NOT NULL DEFAULT '[]',
    status TEXT NOT NULL CHECK (status IN ('in_progress','completed')),
    note TEXT NOT NULL DEFAULT '',
    started_at TIMESTAMP NOT NULL,
    completed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX inspections_company_idx ON inspections (company_id, id);
CREATE INDEX inspections_unit_idx ON inspections (unit_id, id);
CREATE INDEX inspections_project_idx ON inspections (project_id, id);

CREATE TABLE defects (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    building_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    inspection_id TEXT REFERENCES inspections(id),
    phase TEXT NOT NULL CHECK (phase IN ('risk_check','pre_inspection','handover','one_year')),
    room TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    category TEXT NOT NULL CHECK (category IN ('wall_crack','plumbing','electrical','doors_windows','waterproofing','flooring','paint','fixtures','other')),
    severity TEXT NOT NULL CHECK (severity IN ('minor','major','critical')),
    description TEXT NOT NULL,
    contractor TEXT NOT NULL DEFAULT '',
    assignee_id TEXT REFERENCES users(id),
    status TEXT NOT NULL CHECK (status IN ('open','assigned','fixed','verified','closed')),
    solution TEXT NOT NULL DEFAULT '',
    solution_due_at TIMESTAMP,
    solution_at TIMESTAMP,
    fix_due_at TIMESTAMP NOT NULL,
    rule TEXT NOT NULL,
    reserved BOOLEAN NOT NULL DEFAULT FALSE,
    rejections INTEGER NOT NULL DEFAULT 0,
    fixed_at TIMESTAMP,
    verified_at TIMESTAMP,
    closed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX defects_company_idx ON defects (company_id, id);
CREATE INDEX defects_unit_idx ON defects (unit_id, id);
CREATE INDEX defects_project_status_idx ON defects (project_id, status, id);
CREATE INDEX defects_status_idx ON defects (company_id, status, id);
CREATE INDEX defects_contractor_idx ON defects (company_id, contractor, id);
CREATE INDEX defects_assignee_idx ON defects (assignee_id, id);
CREATE INDEX defects_inspection_idx ON defects (inspection_id, id);
CREATE INDEX defects_due_idx ON defects (company_id, fix_due_at);

-- Status history of a defect (rejections carry the re-inspection's reason).
CREATE TABLE defect_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    defect_id TEXT NOT NULL REFERENCES defects(id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    actor_id TEXT,
    actor_kind TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX defect_events_defect_idx ON defect_events (defect_id, id);

-- Images stored by content hash under the data directory.
CREATE TABLE delivery_files (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('defect_photo','signature')),
    defect_id TEXT REFERENCES defects(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    sha256 TEXT NOT NULL,
    content_type TEXT NOT NULL CHECK (content_type IN ('image/jpeg','image/png','image/webp')),
    size_bytes BIGINT NOT NULL CHECK (size_bytes > 0),
    uploaded_by TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX delivery_files_defect_idx ON delivery_files (defect_id, id);
CREATE INDEX delivery_files_unit_idx ON delivery_files (unit_id, id);

-- Owner sign-off: one per unit.
CREATE TABLE handovers (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    batch_id TEXT,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    channel TEXT NOT NULL CHECK (channel IN ('tablet','mini_program')),
    signature_file_id TEXT REFERENCES delivery_files(id),
    reservations_json TEXT NOT NULL DEFAULT '[]',
    keys_handed BOOLEAN NOT NULL,
    occupancy TEXT NOT NULL DEFAULT 'living' CHECK (occupancy IN ('living','renovating','not_living')),
    note TEXT NOT NULL DEFAULT '',
    signed_at TIMESTAMP NOT NULL,
    signed_by TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX handovers_unit_uq ON handovers (unit_id);
CREATE INDEX handovers_batch_idx ON handovers (batch_id, id);
CREATE INDEX handovers_customer_idx ON handovers (customer_id, id);
CREATE INDEX handovers_company_idx ON handovers (company_id, id);

-- Service flags on a customer (a major complaint on record, for now set by staff).
CREATE TABLE customer_service_flags (
    customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(id),
    company_id TEXT NOT NULL,
    major_complaint BOOLEAN NOT NULL DEFAULT FALSE,
    note TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT,
    updated_at TIMESTAMP NOT NULL
);

-- Post-handover visits (+3 months, +1 year), noticed and skipped by the sweep.
CREATE TABLE handover_visits (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    handover_id TEXT NOT NULL REFERENCES handovers(id),
    kind TEXT NOT NULL CHECK (kind IN ('three_month','one_year')),
    mode TEXT NOT NULL CHECK (mode IN ('home_or_phone','home')),
    rule TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    notice_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('scheduled','noticed','completed','skipped')),
    skip_reason TEXT CHECK (skip_reason IS NULL OR skip_reason IN ('major_complaint','renovating','not_living')),
    outcome TEXT NOT NULL DEFAULT '',
    satisfaction INTEGER CHECK (satisfaction IS NULL OR (satisfaction >= 1 AND satisfaction <= 5)),
    completed_by TEXT,
    completed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX handover_visits_kind_uq ON handover_visits (handover_id, kind);
CREATE INDEX handover_visits_company_idx ON handover_visits (company_id, id);
CREATE INDEX handover_visits_notice_idx ON handover_visits (status, notice_at);
CREATE INDEX handover_visits_customer_idx ON handover_visits (customer_id, id);

-- Inspection appointment slots of a batch, with their capacity.
CREATE TABLE delivery_slots (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    batch_id TEXT NOT NULL REFERENCES delivery_batches(id),
    starts_at TIMESTAMP NOT NULL,
    ends_at TIMESTAMP NOT NULL,
    capacity INTEGER NOT NULL CHECK (capacity > 0),
    booked INTEGER NOT NULL DEFAULT 0 CHECK (booked >= 0 AND booked <= capacity),
    created_at TIMESTAMP NOT NULL,
    CHECK (ends_at > starts_at)
);
CREATE INDEX delivery_slots_batch_idx ON delivery_slots (batch_id, starts_at, id);

CREATE TABLE appointments (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    slot_id TEXT NOT NULL REFERENCES delivery_slots(id),
    batch_id TEXT NOT NULL,
    unit_id TEXT NOT NULL REFERENCES units(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    starts_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('booked','cancelled')),
    booked_by_kind TEXT NOT NULL CHECK (booked_by_kind IN ('owner','staff')),
    reminder_at TIMESTAMP NOT NULL,
    reminded_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- One live appointment per unit.
CREATE UNIQUE INDEX appointments_unit_live_uq ON appointments (unit_id) WHERE status = 'booked';
CREATE INDEX appointments_customer_idx ON appointments (customer_id, id);
CREATE INDEX appointments_slot_idx ON appointments (slot_id, id);
CREATE INDEX appointments_batch_idx ON appointments (batch_id, id);
CREATE INDEX appointments_reminder_idx ON appointments (status, reminder_at);
