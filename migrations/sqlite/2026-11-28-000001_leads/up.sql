-- Leads (DOMAIN §2): settings, API keys, customers and consent, leads, their
-- events, follow-ups and gradings, the reusable SLA clock, notifications.

CREATE TABLE company_settings (
    company_id TEXT NOT NULL REFERENCES companies(id),
    key TEXT NOT NULL,
    value_json TEXT NOT NULL,
    version INTEGER NOT NULL DEFAULT 1,
    updated_by TEXT,
    updated_at TIMESTAMP NOT NULL,
    PRIMARY KEY (company_id, key)
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    prefix TEXT NOT NULL,
    key_hash TEXT NOT NULL,
    scopes TEXT NOT NULL,
    created_by TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    last_used_at TIMESTAMP,
    revoked_at TIMESTAMP
);
CREATE UNIQUE INDEX api_keys_hash_uq ON api_keys (key_hash);
CREATE INDEX api_keys_company_idx ON api_keys (company_id, id);

CREATE TABLE customers (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_bidx TEXT NOT NULL,
    gender TEXT CHECK (gender IN ('female','male')),
    family_structure TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    opt_out_marketing BOOLEAN NOT NULL DEFAULT 0,
    opt_out_third_party BOOLEAN NOT NULL DEFAULT 0,
    opt_out_automated BOOLEAN NOT NULL DEFAULT 0,
    opt_out_sensitive BOOLEAN NOT NULL DEFAULT 0,
    merged_into TEXT REFERENCES customers(id),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX customers_phone_uq ON customers (company_id, phone_bidx);
CREATE INDEX customers_company_idx ON customers (company_id, id);
CREATE INDEX customers_merged_idx ON customers (merged_into);

CREATE TABLE consents (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    purpose TEXT NOT NULL,
    notice_version TEXT NOT NULL,
    channel TEXT NOT NULL,
    given_at TIMESTAMP NOT NULL,
    withdrawn_at TIMESTAMP
);
CREATE INDEX consents_customer_idx ON consents (customer_id, id);

CREATE TABLE leads (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    source TEXT NOT NULL CHECK (source IN ('official_site','wechat','online_sales_office','anjuke','beike','douyin','xiaohongshu','walk_in','exhibition','partner_channel','owner_referral','staff_referral','service_callback')),
    referrer_customer_id TEXT REFERENCES customers(id),
    budget_fen BIGINT CHECK (budget_fen IS NULL OR budget_fen >= 0),
    purchase_timeframe TEXT CHECK (purchase_timeframe IN ('within_3_months','within_6_months','within_12_months','undated','no_plan')),
    ability_to_pay TEXT CHECK (ability_to_pay IN ('can_pay','needs_financing','unknown')),
    family_structure TEXT NOT NULL DEFAULT '',
    occupation TEXT NOT NULL DEFAULT '',
    preferred_layouts TEXT NOT NULL DEFAULT '',
    notes TEXT NOT NULL DEFAULT '',
    visits INTEGER NOT NULL DEFAULT 0,
    grade TEXT CHECK (grade IN ('A','B','C')),
    grade_source TEXT CHECK (grade_source IN ('rules','manual')),
    status TEXT NOT NULL CHECK (status IN ('new','contacted','visited','subscribed','lost')),
    lost_reason TEXT,
    owner_id TEXT REFERENCES users(id),
    assigned_at TIMESTAMP,
    created_via TEXT NOT NULL CHECK (created_via IN ('staff','integration','import','referral')),
    created_by TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX leads_company_idx ON leads (company_id, id);
CREATE INDEX leads_project_idx ON leads (project_id, id);
CREATE INDEX leads_owner_idx ON leads (owner_id, id);
CREATE INDEX leads_customer_idx ON leads (customer_id, id);
CREATE INDEX leads_grade_idx ON leads (company_id, grade, id);
CREATE INDEX leads_status_idx ON leads (company_id, status, id);
CREATE INDEX leads_source_idx ON leads (company_id, source, id);
CREATE INDEX leads_created_idx ON leads (company_id, created_at);

CREATE TABLE lead_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id),
    kind TEXT NOT NULL,
    actor_id TEXT,
    actor_kind TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    detail_json TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX lead_events_lead_idx ON lead_events (lead_id, id);
CREATE INDEX lead_events_kind_idx ON lead_events (company_id, kind, created_at);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id),
    actor_id TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('call','visit','wechat','sms','note')),
    outcome TEXT NOT NULL DEFAULT '',
    next_step TEXT NOT NULL DEFAULT '',
    occurred_at TIMESTAMP NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX follow_ups_lead_idx ON follow_ups (lead_id, id);

CREATE TABLE gradings (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    lead_id TEXT NOT NULL REFERENCES leads(id),
    grade TEXT NOT NULL CHECK (grade IN ('A','B','C')),
    score INTEGER NOT NULL,
    rule_set_version INTEGER NOT NULL,
    explanation_json TEXT NOT NULL,
    manual BOOLEAN NOT NULL,
    actor_id TEXT,
    reason TEXT NOT NULL DEFAULT '',
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX gradings_lead_idx ON gradings (lead_id, id);

-- One reusable deadline mechanism: leads now, complaints and defects later.
CREATE TABLE sla_clocks (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    entity_type TEXT NOT NULL,
    entity_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    rule TEXT NOT NULL,
    owner_id TEXT,
    warn_at TIMESTAMP NOT NULL,
    due_at TIMESTAMP NOT NULL,
    grace_until TIMESTAMP NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('on_time','due_soon','breached','expired','closed')),
    breached_at TIMESTAMP,
    escalated_at TIMESTAMP,
    expired_at TIMESTAMP,
    closed_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX sla_clocks_open_uq ON sla_clocks (entity_type, entity_id) WHERE closed_at IS NULL;
CREATE INDEX sla_clocks_warn_idx ON sla_clocks (state, warn_at);
CREATE INDEX sla_clocks_due_idx ON sla_clocks (state, due_at);
CREATE INDEX sla_clocks_grace_idx ON sla_clocks (state, grace_until);
CREATE INDEX sla_clocks_entity_idx ON sla_clocks (entity_type, entity_id, id);
CREATE INDEX sla_clocks_open_due_idx ON sla_clocks (entity_type, due_at, entity_id) WHERE closed_at IS NULL;

CREATE TABLE notifications (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    entity_type TEXT,
    entity_id TEXT,
    read_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX notifications_user_idx ON notifications (user_id, id);
