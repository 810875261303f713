//! The membership rules as pure functions over the company settings: which
//! tier counts decide, what discount a tier grants, how many points an event
//! earns, when points expire and which quota period a moment falls in. Each
//! answer names the setting that decided it.

use api_types::{FieldError, MemberTier, MembershipPointsRules, MembershipTierRules, QuotaPeriod};
use chrono::{Datelike, Months, NaiveDateTime};

use crate::settings::Setting;

impl Setting for MembershipTierRules {
    const KEY: &'static str = "membership_tiers";

    fn defaults() -> MembershipTierRules {
        MembershipTierRules::default()
    }

    fn check(&self) -> Result<(), Vec<FieldError>> {
        let mut errors = Vec::new();
        if self.gold_min_referrals <= self.silver_min_referrals {
            errors.push(FieldError {
                field: "gold_min_referrals".into(),
                code: "order".into(),
                message: "gold needs more referrals than silver".into(),
            });
        }
        if self.gold_discount_bp < self.silver_discount_bp {
            errors.push(FieldError {
                field: "gold_discount_bp".into(),
                code: "order".into(),
                message: "gold's discount must be at least silver's".into(),
            });
        }
        if errors.is_empty() {
            Ok(())
        } else {
            Err(errors)
        }
    }
}

impl Setting for MembershipPointsRules {
    const KEY: &'static str = "membership_points";

    fn defaults() -> MembershipPointsRules {
        MembershipPointsRules::default()
    }
}

/// The tier the counts earn, with the rule that decided.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// `None`: no counting purchase, not a member.
    pub tier: Option<MemberTier>,
    /// E.g. `membership_tiers.gold_min_referrals=2 (referrals=2)`.
    pub rule: String,
}

/// The tier of a customer with `purchases` counting purchases and
/// `referrals` counting successful referrals.
///
/// Membership begins with a purchase (DOMAIN §4: ordinary "by buying a
/// unit"), so referrals raise the tier of a buyer only.
pub fn evaluate(r: &MembershipTierRules, purchases: i64, referrals: i64) -> Evaluation {
    let counts = format!("purchases={purchases}, referrals={referrals}");
    let (tier, rule) = if purchases < 1 {
        (
            None,
            format!("membership_tiers: no counting purchase ({counts})"),
        )
    } else if referrals >= i64::from(r.gold_min_referrals) {
        (
            Some(MemberTier::Gold),
            format!(
                "membership_tiers.gold_min_referrals={} ({counts})",
                r.gold_min_referrals
            ),
        )
    } else if purchases >= i64::from(r.silver_min_purchases) {
        (
            Some(MemberTier::Silver),
            format!(
                "membership_tiers.silver_min_purchases={} ({counts})",
                r.silver_min_purchases
            ),
        )
    } else if referrals >= i64::from(r.silver_min_referrals) {
        (
            Some(MemberTier::Silver),
            format!(
                "membership_tiers.silver_min_referrals={} ({counts})",
                r.silver_min_referrals
            ),
        )
    } else {
        (
            Some(MemberTier::Ordinary),
            format!("membership_tiers: first purchase ({counts})"),
        )
    };
    Evaluation { tier, rule }
}

/// The purchase discount of a tier (basis points) with its rule; `None` when
/// the tier grants none.
pub fn discount(r: &MembershipTierRules, tier: MemberTier) -> Option<(i64, String)> {
    let (bp, key) = match tier {
        MemberTier::Ordinary => return None,
        MemberTier::Silver => (r.silver_discount_bp, "silver_discount_bp"),
        MemberTier::Gold => (r.gold_discount_bp, "gold_discount_bp"),
    };
    (bp > 0).then(|| (bp, format!("membership_tiers.{key}={bp}")))
}

/// Points a signed contract of `amount_fen` earns (rounded down), with the rule.
pub fn contract_points(r: &MembershipPointsRules, amount_fen: i64) -> (i64, String) {
    let points = i128::from(amount_fen) * i128::from(r.contract_points)
        / (i128::from(r.contract_yuan) * 100);
    (
        i64::try_from(points).unwrap_or(i64::MAX),
        format!(
            "membership_points.contract_points={} per contract_yuan={}",
            r.contract_points, r.contract_yuan
        ),
    )
}

/// When points earned at `at` expire (`None`: never).
pub fn expires_at(r: &MembershipPointsRules, at: NaiveDateTime) -> Option<NaiveDateTime> {
    let months = u32::try_from(r.expiry_months).ok().filter(|m| *m > 0)?;
    at.checked_add_months(Months::new(months))
}

/// China Standard Time (UTC+8, no daylight saving): quota periods follow the
/// calendar staff and owners live by.
const CST_OFFSET_HOURS: i64 = 8;

/// The quota period `at` (UTC) falls in: `2026`, `2026-11` or `lifetime`.
pub fn period_key(period: QuotaPeriod, at: NaiveDateTime) -> String {
    let local = at + chrono::Duration::hours(CST_OFFSET_HOURS);
    match period {
        QuotaPeriod::Year => format!("{:04}", local.year()),
        QuotaPeriod::Month => format!("{:04}-{:02}", local.year(), local.month()),
        QuotaPeriod::Lifetime => "lifetime".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time")
    }

    #[test]
    fn tiers_follow_the_domain_defaults() {
        let r = MembershipTierRules::default();
        assert_eq!(evaluate(&r, 0, 5).tier, None);
        assert_eq!(evaluate(&r, 1, 0).tier, Some(MemberTier::Ordinary));
        assert_eq!(evaluate(&r, 2, 0).tier, Some(MemberTier::Silver));
        assert_eq!(evaluate(&r, 1, 1).tier, Some(MemberTier::Silver));
        let gold = evaluate(&r, 1, 2);
        assert_eq!(gold.tier, Some(MemberTier::Gold));
        assert_eq!(
            gold.rule,
            "membership_tiers.gold_min_referrals=2 (purchases=1, referrals=2)"
        );
    }

    #[test]
    fn discounts_name_their_setting_and_ordinary_has_none() {
        let r = MembershipTierRules::default();
        assert_eq!(discount(&r, MemberTier::Ordinary), None);
        assert_eq!(
            discount(&r, MemberTier::Silver),
            Some((100, "membership_tiers.silver_discount_bp=100".into()))
        );
    }

    #[test]
    fn contract_points_round_down_and_expiry_adds_months() {
        let r = MembershipPointsRules::default();
        assert_eq!(contract_points(&r, 416_000_000).0, 41_600);
        assert_eq!(contract_points(&r, 19_999).0, 1);
        assert_eq!(
            expires_at(&r, t("2026-01-31 00:00:00")),
            Some(t("2028-01-31 00:00:00"))
        );
        let never = MembershipPointsRules {
            expiry_months: 0,
            ..r
        };
        assert_eq!(expires_at(&never, t("2026-01-31 00:00:00")), None);
    }

    #[test]
    fn periods_follow_china_time() {
        let at = t("2026-12-31 17:00:00"); // 2027-01-01 01:00 in Beijing
        assert_eq!(period_key(QuotaPeriod::Year, at), "2027");
        assert_eq!(period_key(QuotaPeriod::Month, at), "2027-01");
        assert_eq!(period_key(QuotaPeriod::Lifetime, at), "lifetime");
    }

    #[test]
    fn gold_must_be_harder_than_silver() {
        let bad = MembershipTierRules {
            gold_min_referrals: 1,
            gold_discount_bp: 50,
            ..MembershipTierRules::default()
        };
        let errors = bad.check().expect_err("refused");
        assert_eq!(errors.len(), 2);
    }
}
