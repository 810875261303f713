CREATE TABLE membership_tier_changes_new (
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
INSERT INTO membership_tier_changes_new SELECT * FROM membership_tier_changes WHERE cause_kind <> 'customer_merged';
DROP TABLE membership_tier_changes;
ALTER TABLE membership_tier_changes_new RENAME TO membership_tier_changes;
CREATE INDEX membership_tier_changes_customer_idx ON membership_tier_changes (customer_id, id);
