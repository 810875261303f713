DROP INDEX deals_company_signed_idx;
DROP TABLE staff_phones;
DROP TABLE customer_relatives;
DROP TABLE referral_events;
DROP TABLE referral_rewards;
DROP TABLE referrals;
