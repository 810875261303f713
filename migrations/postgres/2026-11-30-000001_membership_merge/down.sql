DELETE FROM membership_tier_changes WHERE cause_kind = 'customer_merged';
ALTER TABLE membership_tier_changes DROP CONSTRAINT membership_tier_changes_cause_kind_check;
ALTER TABLE membership_tier_changes ADD CONSTRAINT membership_tier_changes_cause_kind_check
    CHECK (cause_kind IN ('deal_subscribed','contract_signed','deal_withdrawn','referral_succeeded','referral_revoked'));
