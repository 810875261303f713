-- Platform: companies, staff, sessions, throttling, audit, personal-data access log,
-- idempotency records, and projects -> buildings -> units.
CREATE TABLE companies (
    id TEXT PRIMARY KEY NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE users (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    email TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('admin','crm_head','sales_manager','sales_rep','customer_specialist','service','engineering','property','data_analyst','privacy_officer')),
    disabled BOOLEAN NOT NULL DEFAULT FALSE,
    phone_enc TEXT,
    phone_bidx TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX users_email_uq ON users (email);
CREATE INDEX users_company_role_idx ON users (company_id, role, id);
CREATE INDEX users_phone_bidx_idx ON users (company_id, phone_bidx);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT
);
CREATE INDEX sessions_user_idx ON sessions (user_id);

CREATE TABLE refresh_tokens (
    id TEXT PRIMARY KEY NOT NULL,
    session_id TEXT NOT NULL REFERENCES sessions(id),
    token_hash TEXT NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX refresh_tokens_hash_uq ON refresh_tokens (token_hash);
CREATE INDEX refresh_tokens_session_idx ON refresh_tokens (session_id);

CREATE TABLE login_throttles (
    key TEXT PRIMARY KEY NOT NULL,
    failures INTEGER NOT NULL,
    window_started_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);

CREATE TABLE audit_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    actor_id TEXT,
    actor_kind TEXT NOT NULL,
    action TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    before_json TEXT,
    after_json TEXT,
    request_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX audit_events_company_idx ON audit_events (company_id, id);
CREATE INDEX audit_events_entity_idx ON audit_events (company_id, entity_type, entity_id, id);
CREATE INDEX audit_events_actor_idx ON audit_events (company_id, actor_id, id);
CREATE INDEX audit_events_action_idx ON audit_events (company_id, action, id);

CREATE TABLE personal_data_access (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    actor_id TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    fields TEXT NOT NULL,
    request_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX personal_data_access_company_idx ON personal_data_access (company_id, id);
CREATE INDEX personal_data_access_entity_idx ON personal_data_access (company_id, entity_type, entity_id, id);
CREATE INDEX personal_data_access_actor_idx ON personal_data_access (company_id, actor_id, id);

CREATE TABLE idempotency_keys (
    principal TEXT NOT NULL,
    key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code INTEGER,
    response_body BYTEA,
    location TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (principal, key)
);

CREATE TABLE projects (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    city TEXT NOT NULL,
    district TEXT NOT NULL DEFAULT '',
    address TEXT NOT NULL DEFAULT '',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX projects_company_name_uq ON projects (company_id, name);
CREATE INDEX projects_company_city_idx ON projects (company_id, city, id);

CREATE TABLE user_projects (
    user_id TEXT NOT NULL REFERENCES users(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    PRIMARY KEY (user_id, project_id)
);
CREATE INDEX user_projects_project_idx ON user_projects (project_id);

CREATE TABLE buildings (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    name TEXT NOT NULL,
    floors INTEGER NOT NULL CHECK (floors BETWEEN 1 AND 200),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX buildings_project_name_uq ON buildings (project_id, name);
CREATE INDEX buildings_project_idx ON buildings (project_id, id);

CREATE TABLE units (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    building_id TEXT NOT NULL REFERENCES buildings(id),
    floor INTEGER NOT NULL,
    number TEXT NOT NULL,
    area_m2 DOUBLE PRECISION NOT NULL,
    layout TEXT NOT NULL DEFAULT '',
    list_price_fen BIGINT NOT NULL CHECK (list_price_fen >= 0),
    status TEXT NOT NULL CHECK (status IN ('available','reserved','subscribed','signed','handed_over')),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX units_building_number_uq ON units (building_id, number);
CREATE INDEX units_building_idx ON units (building_id, id);
CREATE INDEX units_building_status_idx ON units (building_id, status, id);
CREATE INDEX units_building_floor_idx ON units (building_id, floor, id);
CREATE INDEX units_project_status_idx ON units (project_id, status, id);
CREATE INDEX units_company_idx ON units (company_id, id);
