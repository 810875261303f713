-- A customer merge is a cause of tier changes: the survivor takes over the
-- merged-away customer's purchases, referrals and points.
ALTER TABLE membership_tier_changes DROP CONSTRAINT membership_tier_changes_cause_kind_check;
ALTER TABLE membership_tier_changes ADD CONSTRAINT membership_tier_changes_cause_kind_check
    CHECK (cause_kind IN ('deal_subscribed','contract_signed','deal_withdrawn','referral_succeeded','referral_revoked','customer_merged'));
