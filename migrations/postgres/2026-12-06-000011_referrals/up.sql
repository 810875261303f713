-- Referral rewards (老带新, DOMAIN §5): registrations with their eligibility
-- decision, lifecycle, reward and fraud review; their history; the household
-- list of a customer and the staff/agency phone list eligibility checks.
-- Phones are AES-256-GCM encrypted with an HMAC blind index for lookups.

CREATE TABLE referrals (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT NOT NULL REFERENCES projects(id),
    referrer_customer_id TEXT NOT NULL REFERENCES customers(id),
    friend_name TEXT NOT NULL,
    friend_phone_enc TEXT NOT NULL,
    friend_phone_bidx TEXT NOT NULL,
    friend_customer_id TEXT REFERENCES customers(id),
    lead_id TEXT REFERENCES leads(id),
    deal_id TEXT REFERENCES deals(id),
    status TEXT NOT NULL CHECK (status IN ('registered','visited','subscribed','signed','reward_pending','approved','paid','ineligible','cancelled','clawed_back','expired')),
    eligible BOOLEAN NOT NULL,
    ineligible_reason TEXT CHECK (ineligible_reason IN ('self_referral','relative','staff_phone','recent_contact','already_registered','fraud_rejected')),
    decision TEXT NOT NULL,
    rule TEXT NOT NULL,
    protected_until TIMESTAMP,
    reward TEXT CHECK (reward IN ('property_fees','shopping_card')),
    review_status TEXT NOT NULL CHECK (review_status IN ('none','pending','cleared','rejected')),
    signals_json TEXT NOT NULL DEFAULT '[]',
    review_due_at TIMESTAMP,
    review_note TEXT NOT NULL DEFAULT '',
    reviewed_by TEXT,
    reviewed_at TIMESTAMP,
    signed_at TIMESTAMP,
    registered_via TEXT NOT NULL CHECK (registered_via IN ('owner','staff')),
    registered_by TEXT,
    idempotency_key TEXT,
    version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
-- The first valid registration wins: one live registration per friend's phone.
CREATE UNIQUE INDEX referrals_friend_live_uq ON referrals (company_id, friend_phone_bidx)
    WHERE status IN ('registered','visited','subscribed','signed','reward_pending','approved');
-- An owner's Idempotency-Key registers once.
CREATE UNIQUE INDEX referrals_idempotency_uq ON referrals (referrer_customer_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
CREATE INDEX referrals_company_idx ON referrals (company_id, id);
CREATE INDEX referrals_company_status_idx ON referrals (company_id, status, id);
CREATE INDEX referrals_company_review_idx ON referrals (company_id, review_status, id);
CREATE INDEX referrals_company_created_idx ON referrals (company_id, created_at);
CREATE INDEX referrals_project_idx ON referrals (project_id, id);
CREATE INDEX referrals_referrer_idx ON referrals (referrer_customer_id, id);
CREATE INDEX referrals_referrer_created_idx ON referrals (referrer_customer_id, created_at);
CREATE INDEX referrals_friend_idx ON referrals (friend_customer_id, status);
CREATE INDEX referrals_phone_idx ON referrals (company_id, friend_phone_bidx);
CREATE INDEX referrals_lead_idx ON referrals (lead_id);
CREATE INDEX referrals_deal_idx ON referrals (deal_id);
CREATE INDEX referrals_registered_by_idx ON referrals (registered_by, id);
CREATE INDEX referrals_protection_idx ON referrals (protected_until)
    WHERE status IN ('registered','visited');

-- The approved reward of a referral: at most one (the primary key), paid once.
CREATE TABLE referral_rewards (
    referral_id TEXT PRIMARY KEY NOT NULL REFERENCES referrals(id),
    company_id TEXT NOT NULL,
    project_id TEXT NOT NULL,
    reward TEXT NOT NULL CHECK (reward IN ('property_fees','shopping_card')),
    amount_fen BIGINT NOT NULL CHECK (amount_fen >= 0),
    rule TEXT NOT NULL,
    approved_by TEXT,
    approved_at TIMESTAMP NOT NULL,
    paid_by TEXT,
    paid_at TIMESTAMP,
    payment_reference TEXT NOT NULL DEFAULT '',
    clawback_fen BIGINT,
    clawed_back_at TIMESTAMP
);
CREATE INDEX referral_rewards_approved_idx ON referral_rewards (company_id, approved_at);
CREATE INDEX referral_rewards_paid_idx ON referral_rewards (company_id, paid_at);
CREATE INDEX referral_rewards_clawed_idx ON referral_rewards (company_id, clawed_back_at);

CREATE TABLE referral_events (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    referral_id TEXT NOT NULL REFERENCES referrals(id),
    kind TEXT NOT NULL,
    from_status TEXT,
    to_status TEXT,
    reason TEXT NOT NULL DEFAULT '',
    actor_kind TEXT NOT NULL,
    actor_id TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, created_at, id);

-- A customer's household (家庭成员): relatives cannot be referred by them.
CREATE TABLE customer_relatives (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL,
    customer_id TEXT NOT NULL REFERENCES customers(id),
    name TEXT NOT NULL,
    relation TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_bidx TEXT NOT NULL,
    created_by TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX customer_relatives_customer_idx ON customer_relatives (customer_id, id);
CREATE UNIQUE INDEX customer_relatives_phone_uq ON customer_relatives (customer_id, phone_bidx);

-- Phones of project sales staff and agencies: excluded as referred friends.
CREATE TABLE staff_phones (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    project_id TEXT REFERENCES projects(id),
    kind TEXT NOT NULL CHECK (kind IN ('staff','agency')),
    name TEXT NOT NULL,
    phone_enc TEXT NOT NULL,
    phone_bidx TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    created_by TEXT,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX staff_phones_company_idx ON staff_phones (company_id, id);
CREATE INDEX staff_phones_phone_idx ON staff_phones (company_id, phone_bidx);

-- Reports: contracts signed per company and period.
CREATE INDEX deals_company_signed_idx ON deals (company_id, signed_at);
