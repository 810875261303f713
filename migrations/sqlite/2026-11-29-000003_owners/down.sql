PRAGMA foreign_keys = OFF;
BEGIN IMMEDIATE;
DROP TABLE owner_login_codes;
DROP TABLE outbox_messages;
DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE customer_id IS NOT NULL);
CREATE TABLE sessions_old (
    id TEXT PRIMARY KEY NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id),
    created_at TIMESTAMP NOT NULL,
    revoked_at TIMESTAMP,
    revoked_reason TEXT
);
INSERT INTO sessions_old (id, user_id, created_at, revoked_at, revoked_reason)
    SELECT id, user_id, created_at, revoked_at, revoked_reason FROM sessions WHERE user_id IS NOT NULL;
DROP TABLE sessions;
ALTER TABLE sessions_old RENAME TO sessions;
CREATE INDEX sessions_user_idx ON sessions (user_id);
COMMIT;
PRAGMA foreign_keys = ON;
