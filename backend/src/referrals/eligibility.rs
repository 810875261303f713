//! Eligibility of a registration (DOMAIN §5), as facts gathered by a few
//! indexed queries and a pure decision over them. Rules are checked in a
//! fixed order and the first that fails decides, naming its setting:
//!
//! 1. no self-referral (`referral: no self-referral`);
//! 2. no relative on the referrer's household list (`referral_rules.exclude_relatives`);
//! 3. no phone on the staff and agency list nor of an active system user of
//!    the company (`referral_rules.exclude_staff_phones`);
//! 4. no visit, call, subscription or signing within `referral_rules.no_contact_days` before;
//! 5. the first valid registration wins while protected (`referral_rules.protection_days`).
//!
//! Fraud signals are gathered beside the decision: a staff or agency phone,
//! a burst of registrations by one owner, a phone already in the CRM.

use api_types::{
    IneligibleReason, ReferralRules, ReferralSignal, ReferralSignalEntry, ReferralStatus,
};
use chrono::{Duration, NaiveDateTime};
use diesel::prelude::*;

use crate::db::DbConn;
use crate::schema::{
    customer_relatives, customers, deals, follow_ups, leads, referrals, staff_phones, users,
};

/// What the decision looks at.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Facts {
    /// The friend is the referrer (same phone or same customer).
    pub is_self: bool,
    /// The relation, when the phone is on the referrer's household list.
    pub relative: Option<String>,
    /// `(kind, name)` when the phone is on the staff and agency list.
    pub staff: Option<(String, String)>,
    /// The friend's last visit or call `(when, how)` within the window.
    pub last_contact: Option<(NaiveDateTime, String)>,
    /// `(registered at, protected until)` of a live registration of the friend.
    pub registered: Option<(NaiveDateTime, Option<NaiveDateTime>)>,
    /// The phone belongs to a customer already.
    pub known: bool,
    /// The referrer's registrations within the burst window, this one included.
    pub recent_registrations: i64,
}

/// The outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    /// Valid.
    pub eligible: bool,
    /// The failed rule.
    pub reason: Option<IneligibleReason>,
    /// In words, for staff.
    pub decision: String,
    /// The setting that decided.
    pub rule: String,
}

fn no(reason: IneligibleReason, decision: String, rule: String) -> Decision {
    Decision {
        eligible: false,
        reason: Some(reason),
        decision,
        rule,
    }
}

fn day(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d").to_string()
}

/// The decision over the facts.
pub fn decide(r: &ReferralRules, f: &Facts) -> Decision {
    use IneligibleReason as R;
    if f.is_self {
        return no(
            R::SelfReferral,
            "the friend is the referrer".into(),
            "referral: no self-referral".into(),
        );
    }
    if let (true, Some(rel)) = (r.exclude_relatives, &f.relative) {
        return no(
            R::Relative,
            format!("the friend is on the referrer's household list ({rel})"),
            "referral_rules.exclude_relatives=true".into(),
        );
    }
    if let (true, Some((kind, name))) = (r.exclude_staff_phones, &f.staff) {
        return no(
            R::StaffPhone,
            format!("the phone is on the staff and agency list ({kind}: {name})"),
            "referral_rules.exclude_staff_phones=true".into(),
        );
    }
    if let Some((at, how)) = &f.last_contact {
        return no(
            R::RecentContact,
            format!(
                "the friend already made contact ({how} on {}), within {} days before the registration",
                day(*at),
                r.no_contact_days
            ),
            format!("referral_rules.no_contact_days={}", r.no_contact_days),
        );
    }
    if let Some((at, until)) = &f.registered {
        let until = until.map_or_else(|| "the deal".to_string(), day);
        return no(
            R::AlreadyRegistered,
            format!(
                "another owner registered the friend first (on {}, protected until {until})",
                day(*at)
            ),
            format!("referral_rules.protection_days={}", r.protection_days),
        );
    }
    Decision {
        eligible: true,
        reason: None,
        decision: format!(
            "eligible: no self-referral, relative or staff phone; no contact within {} days; first registration",
            r.no_contact_days
        ),
        rule: format!(
            "referral_rules.no_contact_days={}, protection_days={}",
            r.no_contact_days, r.protection_days
        ),
    }
}

/// The fraud signals over the facts.
pub fn signals(r: &ReferralRules, f: &Facts) -> Vec<ReferralSignalEntry> {
    let mut out = Vec::new();
    if let Some((kind, _)) = &f.staff {
        out.push(ReferralSignalEntry {
            signal: ReferralSignal::StaffPhone,
            detail: format!("the phone is on the staff and agency list ({kind})"),
        });
    }
    if f.recent_registrations >= i64::from(r.burst_count) {
        out.push(ReferralSignalEntry {
            signal: ReferralSignal::RegistrationBurst,
            detail: format!(
                "{} registrations by this owner within {} hours (referral_rules.burst_count={})",
                f.recent_registrations, r.burst_hours, r.burst_count
            ),
        });
    }
    if f.known {
        out.push(ReferralSignalEntry {
            signal: ReferralSignal::KnownPhone,
            detail: "the friend's phone was already in the CRM".into(),
        });
    }
    out
}

/// Who and what is being registered.
#[derive(Debug, Clone)]
pub struct Subject<'a> {
    /// Company.
    pub company_id: &'a str,
    /// Project of interest.
    pub project_id: &'a str,
    /// Referrer.
    pub referrer_id: &'a str,
    /// Blind index of the friend's phone.
    pub phone_bidx: &'a str,
    /// The friend's customer, if the phone is known.
    pub friend_customer_id: Option<&'a str>,
}

/// Gathers the facts (a handful of indexed queries).
pub fn facts(
    conn: &mut DbConn,
    r: &ReferralRules,
    s: &Subject<'_>,
    now: NaiveDateTime,
) -> QueryResult<Facts> {
    let referrer_bidx: String = customers::table
        .find(s.referrer_id)
        .select(customers::phone_bidx)
        .first(conn)?;
    let relative = customer_relatives::table
        .filter(customer_relatives::customer_id.eq(s.referrer_id))
        .filter(customer_relatives::phone_bidx.eq(s.phone_bidx))
        .select(customer_relatives::relation)
        .first::<String>(conn)
        .optional()?;
    let staff = staff_phones::table
        .filter(staff_phones::company_id.eq(s.company_id))
        .filter(staff_phones::phone_bidx.eq(s.phone_bidx))
        .filter(
            staff_phones::project_id
                .is_null()
                .or(staff_phones::project_id.eq(s.project_id)),
        )
        .select((staff_phones::kind, staff_phones::name))
        .first::<(String, String)>(conn)
        .optional()?;
    let staff = match staff {
        Some(s) => Some(s),
        None => system_user(conn, s.company_id, s.phone_bidx)?,
    };
    let last_contact = match (s.friend_customer_id, r.no_contact_days) {
        (Some(c), days) if days > 0 => last_contact(conn, c, now - Duration::days(days.into()))?,
        _ => None,
    };
    let live: Vec<&str> = ReferralStatus::LIVE.iter().map(|s| s.as_str()).collect();
    let registered = referrals::table
        .filter(referrals::company_id.eq(s.company_id))
        .filter(referrals::friend_phone_bidx.eq(s.phone_bidx))
        .filter(referrals::status.eq_any(live))
        .select((referrals::created_at, referrals::protected_until))
        .first::<(NaiveDateTime, Option<NaiveDateTime>)>(conn)
        .optional()?;
    let since = now - Duration::hours(r.burst_hours.into());
    let earlier: i64 = referrals::table
        .filter(referrals::referrer_customer_id.eq(s.referrer_id))
        .filter(referrals::created_at.ge(since))
        .count()
        .get_result(conn)?;
    Ok(Facts {
        is_self: referrer_bidx == s.phone_bidx || s.friend_customer_id == Some(s.referrer_id),
        relative,
        staff,
        last_contact,
        registered,
        known: s.friend_customer_id.is_some(),
        recent_registrations: earlier + 1,
    })
}

/// An active system user of the company with the phone (staff of every
/// project; `users_phone_bidx_idx`), as `("user", display name)`.
fn system_user(
    conn: &mut DbConn,
    company_id: &str,
    phone_bidx: &str,
) -> QueryResult<Option<(String, String)>> {
    Ok(users::table
        .filter(users::phone_bidx.eq(phone_bidx))
        .filter(users::company_id.eq(company_id))
        .filter(users::disabled.eq(false))
        .select(users::display_name)
        .first::<String>(conn)
        .optional()?
        .map(|name| ("user".to_string(), name)))
}

/// The friend's latest contact since `cutoff`: a call or visit follow-up,
/// a lead captured with visits (a walk-in), or a deal subscribed or signed.
fn last_contact(
    conn: &mut DbConn,
    customer_id: &str,
    cutoff: NaiveDateTime,
) -> QueryResult<Option<(NaiveDateTime, String)>> {
    let lead_ids = leads::table
        .filter(leads::customer_id.eq(customer_id))
        .select(leads::id);
    let follow_up: Option<(NaiveDateTime, String)> = follow_ups::table
        .filter(follow_ups::lead_id.eq_any(lead_ids))
        .filter(follow_ups::channel.eq_any(["call", "visit"]))
        .filter(follow_ups::occurred_at.ge(cutoff))
        .order(follow_ups::occurred_at.desc())
        .select((follow_ups::occurred_at, follow_ups::channel))
        .first(conn)
        .optional()?;
    let walk_in: Option<NaiveDateTime> = leads::table
        .filter(leads::customer_id.eq(customer_id))
        .filter(leads::created_at.ge(cutoff))
        .filter(leads::visits.gt(0).or(leads::source.eq("walk_in")))
        .order(leads::created_at.desc())
        .select(leads::created_at)
        .first(conn)
        .optional()?;
    let subscribed: Option<NaiveDateTime> = deals::table
        .filter(deals::customer_id.eq(customer_id))
        .filter(deals::subscribed_at.ge(cutoff))
        .order(deals::subscribed_at.desc())
        .select(deals::subscribed_at)
        .first(conn)
        .optional()?;
    let signed: Option<Option<NaiveDateTime>> = deals::table
        .filter(deals::customer_id.eq(customer_id))
        .filter(deals::signed_at.ge(cutoff))
        .order(deals::signed_at.desc())
        .select(deals::signed_at)
        .first(conn)
        .optional()?;
    let candidates = [
        follow_up,
        walk_in.map(|w| (w, "visit".to_string())),
        subscribed.map(|d| (d, "subscription".to_string())),
        signed
            .flatten()
            .map(|d| (d, "contract signing".to_string())),
    ];
    Ok(candidates.into_iter().flatten().max_by_key(|c| c.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S").expect("time")
    }

    #[test]
    fn a_clean_registration_is_eligible_and_names_its_rules() {
        let d = decide(&ReferralRules::default(), &Facts::default());
        assert!(d.eligible);
        assert_eq!(
            d.rule,
            "referral_rules.no_contact_days=90, protection_days=90"
        );
    }

    #[test]
    fn each_rule_decides_in_order_with_its_setting() {
        let r = ReferralRules::default();
        let mut f = Facts {
            is_self: true,
            relative: Some("配偶".into()),
            staff: Some(("agency".into(), "链家".into())),
            last_contact: Some((at("2026-11-20 10:00:00"), "call".into())),
            registered: Some((at("2026-11-01 10:00:00"), Some(at("2027-01-30 10:00:00")))),
            ..Facts::default()
        };
        let mut seen = Vec::new();
        for _ in 0..5 {
            let d = decide(&r, &f);
            seen.push((d.reason, d.rule.clone()));
            match d.reason {
                Some(IneligibleReason::SelfReferral) => f.is_self = false,
                Some(IneligibleReason::Relative) => f.relative = None,
                Some(IneligibleReason::StaffPhone) => f.staff = None,
                Some(IneligibleReason::RecentContact) => f.last_contact = None,
                _ => f.registered = None,
            }
        }
        let reasons: Vec<_> = seen.iter().map(|s| s.0).collect();
        use IneligibleReason as R;
        assert_eq!(
            reasons,
            vec![
                Some(R::SelfReferral),
                Some(R::Relative),
                Some(R::StaffPhone),
                Some(R::RecentContact),
                Some(R::AlreadyRegistered)
            ]
        );
        assert_eq!(seen[3].1, "referral_rules.no_contact_days=90");
        assert!(decide(&r, &f).eligible);
    }

    #[test]
    fn switched_off_exclusions_let_relatives_and_staff_through_but_staff_is_still_a_signal() {
        let r = ReferralRules {
            exclude_relatives: false,
            exclude_staff_phones: false,
            ..ReferralRules::default()
        };
        let f = Facts {
            relative: Some("父亲".into()),
            staff: Some(("staff".into(), "张三".into())),
            known: true,
            recent_registrations: 3,
            ..Facts::default()
        };
        assert!(decide(&r, &f).eligible);
        let s: Vec<_> = signals(&r, &f).into_iter().map(|s| s.signal).collect();
        assert_eq!(
            s,
            vec![
                ReferralSignal::StaffPhone,
                ReferralSignal::RegistrationBurst,
                ReferralSignal::KnownPhone
            ]
        );
    }
}
