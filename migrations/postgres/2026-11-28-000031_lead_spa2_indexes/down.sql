DROP INDEX notifications_unread_idx;
