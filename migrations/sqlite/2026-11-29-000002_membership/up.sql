-- Membership (DOMAIN §4, issue 4 points 3-5): tiers with their history,
-- the purchases and successful referrals that decide them (membership keeps
-- its own record of both and never reads the deals tables), the benefits
-- catalogue with per-period quotas, and the points ledger with lots,
-- expiry, a redemption catalogue with stock and redemptions.

-- One row per member: the current tier and the cached points balance, which
-- always equals the sum of the remaining points of the customer's lots. The
-- row is also the per-customer lock of every membership write.
CREATE TABLE memberships (
    customer_id TEXT PRIMARY KEY NOT NULL REFERENCES customers(id),
    company_id TEXT NOT NULL REFERENCES companies(id),
    tier TEXT CHECK (tier IN ('ordinary','silver','gold')),
    points_balance BIGINT NOT NULL DEFAULT 0 CHECK (points_balance >= 0),
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX memberships_company_idx ON memberships (company_id, customer_id);

-- A purchase per deal (subscription); a withdrawn one no longer counts.
CREATE TABLE membership_purchases (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    deal_id TEXT NOT NULL,
    subscribed_at TIMESTAMP NOT NULL,
    signed_at TIMESTAMP,
    contract_amount_fen BIGINT CHECK (contract_amount_fen IS NULL OR contract_amount_fen >= 0),
    withdrawn_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX membership_purchases_deal_uq ON membership_purchases (company_id, deal_id);
CREATE INDEX membership_purchases_customer_idx ON membership_purchases (customer_id, id);

-- A successful referral by a referrer; a revoked one no longer counts.
CREATE TABLE membership_referrals (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    referral_id TEXT NOT NULL,
    succeeded_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX membership_referrals_referral_uq ON membership_referrals (company_id, referral_id);
CREATE INDEX membership_referrals_customer_idx ON membership_referrals (customer_id, id);

-- Every tier change with its cause and the rule that decided.
CREATE TABLE membership_tier_changes (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    from_tier TEXT CHECK (from_tier IN ('ordinary','silver','gold')),
    to_tier TEXT CHECK (to_tier IN ('ordinary','silver','gold')),
    cause_kind TEXT NOT NULL CHECK (cause_kind IN ('deal_subscribed','contract_signed','deal_withdrawn','referral_succeeded','referral_revoked')),
    cause_id TEXT NOT NULL,
    rule TEXT NOT NULL,
    purchases INTEGER NOT NULL,
    referrals INTEGER NOT NULL,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX membership_tier_changes_customer_idx ON membership_tier_changes (customer_id, id);

-- The benefits catalogue: a benefit belongs to the lowest tier that has it
-- (higher tiers inherit it), with an optional quota per period.
CREATE TABLE membership_benefits (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('discount','service','priority','event')),
    min_tier TEXT NOT NULL CHECK (min_tier IN ('ordinary','silver','gold')),
    quota INTEGER CHECK (quota IS NULL OR quota >= 1),
    quota_period TEXT NOT NULL CHECK (quota_period IN ('year','month','lifetime')),
    active BOOLEAN NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX membership_benefits_name_uq ON membership_benefits (company_id, name);

CREATE TABLE benefit_redemptions (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    benefit_id TEXT NOT NULL REFERENCES membership_benefits(id),
    period_key TEXT NOT NULL,
    tier TEXT NOT NULL CHECK (tier IN ('ordinary','silver','gold')),
    note TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX benefit_redemptions_quota_idx ON benefit_redemptions (customer_id, benefit_id, period_key);
CREATE UNIQUE INDEX benefit_redemptions_dedupe_uq ON benefit_redemptions (customer_id, dedupe_key);

-- The redemption catalogue: property-fee credit (物业费抵扣), appliances …
CREATE TABLE points_catalogue_items (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    kind TEXT NOT NULL CHECK (kind IN ('property_fee_credit','appliance','other')),
    points_cost BIGINT NOT NULL CHECK (points_cost >= 1),
    value_fen BIGINT CHECK (value_fen IS NULL OR value_fen >= 0),
    stock INTEGER CHECK (stock IS NULL OR stock >= 0),
    active BOOLEAN NOT NULL DEFAULT 1,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX points_catalogue_items_name_uq ON points_catalogue_items (company_id, name);

-- The ledger. Earning entries are lots: `remaining` is what is left of them
-- after redemptions, reversals and expiry (consumed first-expiring first).
CREATE TABLE points_entries (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    kind TEXT NOT NULL CHECK (kind IN ('earn','redeem','reverse','expire')),
    points BIGINT NOT NULL,
    reason_code TEXT NOT NULL,
    reason TEXT NOT NULL,
    reference_type TEXT NOT NULL,
    reference_id TEXT NOT NULL,
    rule TEXT NOT NULL DEFAULT '',
    dedupe_key TEXT NOT NULL,
    remaining BIGINT NOT NULL DEFAULT 0 CHECK (remaining >= 0),
    expires_at TIMESTAMP,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE UNIQUE INDEX points_entries_dedupe_uq ON points_entries (company_id, dedupe_key);
CREATE INDEX points_entries_customer_idx ON points_entries (customer_id, id);
CREATE INDEX points_entries_expiry_idx ON points_entries (expires_at) WHERE remaining > 0;

CREATE TABLE points_redemptions (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    customer_id TEXT NOT NULL REFERENCES customers(id),
    item_id TEXT NOT NULL REFERENCES points_catalogue_items(id),
    quantity INTEGER NOT NULL CHECK (quantity >= 1),
    points BIGINT NOT NULL CHECK (points >= 1),
    balance_after BIGINT NOT NULL CHECK (balance_after >= 0),
    entry_id TEXT NOT NULL REFERENCES points_entries(id),
    dedupe_key TEXT,
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX points_redemptions_customer_idx ON points_redemptions (customer_id, id);
CREATE UNIQUE INDEX points_redemptions_dedupe_uq ON points_redemptions (customer_id, dedupe_key);
