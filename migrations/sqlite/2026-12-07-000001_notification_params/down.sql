ALTER TABLE notifications DROP COLUMN params_json;
