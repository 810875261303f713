-- The notification bell asks for the unread count on every page: a partial
-- index over only the unread rows keeps that an index-only count, however
-- long a user's read history grows.
CREATE INDEX notifications_unread_idx ON notifications (user_id, company_id) WHERE read_at IS NULL;
