ALTER TABLE referrals DROP COLUMN owner_version;
