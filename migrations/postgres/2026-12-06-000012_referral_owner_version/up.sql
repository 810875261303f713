-- The owner's own version of a referral (ETag of /me/referrals): changed only
-- by what the owner sees (status, reward), never by staff-only changes such as
-- fraud signals or a cleared review, so it cannot tell whether the friend was
-- already a customer.
ALTER TABLE referrals ADD COLUMN owner_version INTEGER NOT NULL DEFAULT 1;
