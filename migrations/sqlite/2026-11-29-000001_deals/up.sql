-- Deals on units (DOMAIN §3): the deal, its itemised discounts, its event
-- history and its follow-up tasks (on the SLA clock); the customer's value tier.

CREATE TABLE deals (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    unit_id TEXT NOT NULL REFERENCES units(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    lead_id TEXT REFERENCES leads(id),
    owner_id TEXT NOT NULL REFERENCES users(id),
    stage TEXT NOT NULL CHECK (stage IN ('subscribed','signed','paid','withdrawn')),
    list_price_fen BIGINT NOT NULL CHECK (list_price_fen >= 0),
    discount_fen BIGINT NOT NULL CHECK (discount_fen >= 0),
    net_price_fen BIGINT NOT NULL CHECK (net_price_fen >= 0),
    subscribed_at TIMESTAMP NOT NULL,
    signed_at TIMESTAMP,
    paid_at TIMESTAMP,
    withdrawn_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- A unit is sold once: at most one deal per unit that is not withdrawn.
CREATE UNIQUE INDEX deals_unit_live_uq ON deals (unit_id) WHERE stage <> 'withdrawn';
CREATE INDEX deals_company_idx ON deals (company_id, id);
CREATE INDEX deals_project_idx ON deals (project_id, id);
CREATE INDEX deals_customer_idx ON deals (customer_id, id);
CREATE INDEX deals_owner_idx ON deals (owner_id, id);

CREATE TABLE deal_discounts (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    deal_id TEXT NOT NULL REFERENCES deals(id),
    kind TEXT NOT NULL CHECK (kind IN ('member','referral','other')),
    label TEXT NOT NULL,
    basis_points BIGINT CHECK (basis_points IS NULL OR (basis_points > 0 AND basis_points <= 10000)),
    fixed_fen BIGINT CHECK (fixed_fen IS NULL OR fixed_fen > 0),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    rule TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL,
    CHECK ((basis_points IS NULL) <> (fixed_fen IS NULL))
);
CREATE INDEX deal_discounts_deal_idx ON deal_discounts (deal_id, id);

CREATE TABLE deal_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    deal_id TEXT NOT NULL REFERENCES deals(id),
    customer_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('subscribed','signed','paid','withdrawn','unit_changed','discount_added')),
    occurred_at TIMESTAMP NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    actor_id TEXT,
    detail_json TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX deal_events_deal_idx ON deal_events (deal_id, id);
CREATE INDEX deal_events_customer_idx ON deal_events (customer_id, occurred_at, id);

CREATE TABLE deal_tasks (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    deal_id TEXT NOT NULL REFERENCES deals(id),
    project_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('specialist_contact','satisfaction_revisit')),
    assignee_id TEXT REFERENCES users(id),
    rule TEXT NOT NULL,
    due_at TIMESTAMP NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('open','done','cancelled')),
    outcome TEXT NOT NULL DEFAULT '',
    completed_by TEXT,
    completed_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX deal_tasks_deal_idx ON deal_tasks (deal_id, id);
CREATE INDEX deal_tasks_company_idx ON deal_tasks (company_id, id);
CREATE INDEX deal_tasks_assignee_idx ON deal_tasks (assignee_id, status, id);

-- The customer's value tier (客户分层): computed by the company's rules,
-- optionally overridden by a person. A missing row means `potential`.
CREATE TABLE customer_values (
    customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(id),
    company_id TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('vip','key','ordinary','potential')),
    computed_tier TEXT NOT NULL CHECK (computed_tier IN ('vip','key','ordinary','potential')),
    rule TEXT NOT NULL,
    units_bought INTEGER NOT NULL,
    signed_amount_fen BIGINT NOT NULL,
    best_grade TEXT,
    override_tier TEXT CHECK (override_tier IN ('vip','key','ordinary','potential')),
    override_reason TEXT,
    override_by TEXT,
    override_at TIMESTAMP,
    version INTEGER NOT NULL DEFAULT 1,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX customer_values_tier_idx ON customer_values (company_id, tier, customer_id);
