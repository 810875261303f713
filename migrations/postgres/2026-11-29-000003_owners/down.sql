DROP TABLE owner_login_codes;
DROP TABLE outbox_messages;
DELETE FROM refresh_tokens WHERE session_id IN (SELECT id FROM sessions WHERE customer_id IS NOT NULL);
DELETE FROM sessions WHERE customer_id IS NOT NULL;
DROP INDEX sessions_customer_idx;
ALTER TABLE sessions DROP CONSTRAINT sessions_one_subject;
ALTER TABLE sessions DROP COLUMN customer_id;
ALTER TABLE sessions ALTER COLUMN user_id SET NOT NULL;
