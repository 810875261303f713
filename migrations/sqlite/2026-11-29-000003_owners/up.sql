-- Owners' mini-program foundation (issue 4 point 6): the message outbox, owner
-- one-time login codes, and sessions that belong to an owner (a customer)
-- instead of a staff user. A session has exactly one subject.
--
-- SQLite cannot drop NOT NULL from sessions.user_id, so the table is rebuilt
-- the documented way (foreign keys off, new table, copy, drop, rename);
-- this migration runs outside diesel's transaction (metadata.toml) and opens
-- its own.
PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
CREATE TABLE sessions_new (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT REFERENCES users(id),
    customer_id TEXT REFERENCES customers(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT,
    CHECK ((user_id IS NULL) <> (customer_id IS NULL))
);
INSERT INTO sessions_new (id, user_id, customer_id, created_at, revoked_at, revoked_reason)
    SELECT id, user_id, NULL, created_at, revoked_at, revoked_reason FROM sessions;
DROP TABLE sessions;
ALTER TABLE sessions_new RENAME TO sessions;
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_customer_idx ON sessions (customer_id);

-- Outgoing messages (SMS now; other channels later). The recipient is stored
-- encrypted (personal_data) with a blind index; `confidential` bodies (one-time
-- codes) are masked when listed in production.
CREATE TABLE outbox_messages (
    id TEXT PRIMARY KEY NOT NULL,
    company_id TEXT NOT NULL REFERENCES companies(id),
    channel TEXT NOT NULL CHECK (channel IN ('sms')),
    recipient_enc TEXT NOT NULL,
    recipient_bidx TEXT NOT NULL,
    purpose TEXT NOT NULL,
    body TEXT NOT NULL,
    confidential BOOLEAN NOT NULL DEFAULT 0,
    status TEXT NOT NULL CHECK (status IN ('pending','sent','recorded','failed')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP,
    last_error TEXT,
    sender TEXT,
    sent_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX outbox_messages_due_idx ON outbox_messages (status, next_attempt_at, id);
CREATE INDEX outbox_messages_company_idx ON outbox_messages (company_id, id);
CREATE INDEX outbox_messages_company_status_idx ON outbox_messages (company_id, status, id);

-- One-time login codes of owners, per phone (blind index): only the newest
-- code of a phone counts. The code is stored as a keyed hash.
CREATE TABLE owner_login_codes (
    id TEXT PRIMARY KEY NOT NULL,
    phone_bidx TEXT NOT NULL,
    code_hash TEXT NOT NULL,
    attempts INTEGER NOT NULL DEFAULT 0,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX owner_login_codes_phone_idx ON owner_login_codes (phone_bidx, id);

COMMIT;
PRAGMA foreign_keys = ON;
