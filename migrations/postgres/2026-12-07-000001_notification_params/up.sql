-- What a notification says as data (api_types::NotificationParams, JSON), so the SPA
-- can word it in the reader's language; NULL for notifications sent before.
ALTER TABLE notifications ADD COLUMN params_json TEXT;
