//! The value tier (客户分层, DOMAIN §3): VIP, key, ordinary, potential,
//! computed by the company's rules ([`ValueTierRules`], setting
//! `customer_value`) from the customer's facts — live units bought, the total
//! of signed contracts and the best lead grade — and stored per customer so
//! lists can filter by it. A manual override (who, why, when) takes
//! precedence; the computed tier and its rule are kept beside it.
//!
//! Refreshed in the transaction of every change of the facts: each deal write,
//! every lead pipeline run (grading), a merge, and for the whole company when
//! the rules change.

use api_types::{CustomerValue, Grade, TierCriteria, TierOverride, ValueTier, ValueTierRules};
use diesel::prelude::*;

use crate::db::{self, DbConn};
use crate::schema::{customer_values, customers, deals, leads};
use crate::settings::{self, Setting};

impl Setting for ValueTierRules {
    const KEY: &'static str = "customer_value";

    fn defaults() -> ValueTierRules {
        ValueTierRules::default()
    }
}

/// What the rules look at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    /// Live deals: subscribed, signed or paid.
    pub units_bought: i32,
    /// Net price of signed and paid deals, fen.
    pub signed_amount_fen: i64,
    /// Best grade of the customer's leads that are not lost.
    pub best_grade: Option<Grade>,
}

/// The condition of `c` that `f` meets, as rule text, if any.
fn fired(name: &str, c: &TierCriteria, f: &Facts) -> Option<String> {
    if let Some(n) = c.min_units.filter(|n| f.units_bought >= *n) {
        return Some(format!(
            "customer_value.{name}.min_units={n} (units_bought={})",
            f.units_bought
        ));
    }
    if let Some(a) = c
        .min_signed_amount_fen
        .filter(|a| f.signed_amount_fen >= *a)
    {
        return Some(format!(
            "customer_value.{name}.min_signed_amount_fen={a} (signed_amount_fen={})",
            f.signed_amount_fen
        ));
    }
    if let (Some(want), Some(got)) = (c.lead_grade_at_least, f.best_grade) {
        // Grades order A < B < C: "at least B" is A or B.
        if got <= want {
            return Some(format!(
                "customer_value.{name}.lead_grade_at_least={} (best_lead_grade={})",
                want.as_str(),
                got.as_str()
            ));
        }
    }
    None
}

/// The tier the rules give, and the rule that decided.
pub fn evaluate(rules: &ValueTierRules, f: &Facts) -> (ValueTier, String) {
    let ordered = [
        (ValueTier::Vip, "vip", &rules.vip),
        (ValueTier::Key, "key", &rules.key),
        (ValueTier::Ordinary, "ordinary", &rules.ordinary),
    ];
    for (tier, name, c) in ordered {
        if let Some(rule) = fired(name, c, f) {
            return (tier, rule);
        }
    }
    (
        ValueTier::Potential,
        "customer_value: no vip, key or ordinary rule applies (potential)".into(),
    )
}

/// The customer's facts now.
pub fn facts(conn: &mut DbConn, customer_id: &str) -> QueryResult<Facts> {
    let live: Vec<(String, i64)> = deals::table
        .filter(deals::customer_id.eq(customer_id))
        .filter(deals::stage.ne("withdrawn"))
        .select((deals::stage, deals::net_price_fen))
        .load(conn)?;
    let best: Option<String> = leads::table
        .filter(leads::customer_id.eq(customer_id))
        .filter(leads::status.ne("lost"))
        .select(diesel::dsl::min(leads::grade))
        .first(conn)?;
    Ok(Facts {
        units_bought: i32::try_from(live.len()).unwrap_or(i32::MAX),
        signed_amount_fen: live
            .iter()
            .filter(|(s, _)| s != "subscribed")
            .map(|(_, n)| *n)
            .fold(0i64, i64::saturating_add),
        best_grade: best.as_deref().and_then(Grade::parse),
    })
}

/// Recomputes and stores the customer's tier (the override, if any, stays in force).
pub fn refresh(conn: &mut DbConn, company_id: &str, customer_id: &str) -> QueryResult<()> {
    let rules = settings::get::<ValueTierRules>(conn, company_id)?.value;
    let f = facts(conn, customer_id)?;
    store(conn, company_id, customer_id, &rules, &f)
}

fn store(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    rules: &ValueTierRules,
    f: &Facts,
) -> QueryResult<()> {
    let (tier, rule) = evaluate(rules, f);
    let now = db::now();
    // Portable upsert: the row may not exist yet, and two writers may race to create it.
    let sql = db::placeholders(
        conn,
        "INSERT INTO customer_values (customer_id, company_id, tier, computed_tier, rule, \
         units_bought, signed_amount_fen, best_grade, version, updated_at) \
         VALUES ($1, $2, $3, $3, $4, $5, $6, $7, 1, $8) ON CONFLICT (customer_id) DO NOTHING",
    );
    use diesel::sql_types::{BigInt, Integer, Nullable, Text, Timestamp};
    let inserted = diesel::sql_query(sql)
        .bind::<Text, _>(customer_id)
        .bind::<Text, _>(company_id)
        .bind::<Text, _>(tier.as_str())
        .bind::<Text, _>(&rule)
        .bind::<Integer, _>(f.units_bought)
        .bind::<BigInt, _>(f.signed_amount_fen)
        .bind::<Nullable<Text>, _>(f.best_grade.map(|g| g.as_str()))
        .bind::<Timestamp, _>(now)
        .execute(conn)?;
    if inserted == 1 {
        return Ok(());
    }
    type Current = (String, String, i32, i64, Option<String>, Option<String>);
    let cur: Current = customer_values::table
        .find(customer_id)
        .select((
            customer_values::computed_tier,
            customer_values::rule,
            customer_values::units_bought,
            customer_values::signed_amount_fen,
            customer_values::best_grade,
            customer_values::override_tier,
        ))
        .first(conn)?;
    let best = f.best_grade.map(|g| g.as_str().to_string());
    if cur.0 == tier.as_str()
        && cur.1 == rule
        && cur.2 == f.units_bought
        && cur.3 == f.signed_amount_fen
        && cur.4 == best
    {
        return Ok(());
    }
    let effective = cur.5.unwrap_or_else(|| tier.as_str().to_string());
    diesel::update(customer_values::table.find(customer_id))
        .set((
            customer_values::tier.eq(effective),
            customer_values::computed_tier.eq(tier.as_str()),
            customer_values::rule.eq(&rule),
            customer_values::units_bought.eq(f.units_bought),
            customer_values::signed_amount_fen.eq(f.signed_amount_fen),
            customer_values::best_grade.eq(best),
            customer_values::version.eq(customer_values::version + 1),
            customer_values::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Recomputes every customer of the company (after the rules changed); returns how many.
pub fn refresh_all(conn: &mut DbConn, company_id: &str) -> QueryResult<usize> {
    let rules = settings::get::<ValueTierRules>(conn, company_id)?.value;
    let ids: Vec<String> = customers::table
        .filter(customers::company_id.eq(company_id))
        .filter(customers::merged_into.is_null())
        .select(customers::id)
        .load(conn)?;
    for id in &ids {
        let f = facts(conn, id)?;
        store(conn, company_id, id, &rules, &f)?;
    }
    Ok(ids.len())
}

/// The customer's value: the stored row, or (never stored yet, e.g. a
/// customer from before deals existed) computed now at version 0.
pub fn current(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
) -> QueryResult<CustomerValue> {
    type Row = (
        String,
        String,
        String,
        i32,
        i64,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<chrono::NaiveDateTime>,
        i32,
    );
    let found: Option<Row> = customer_values::table
        .find(customer_id)
        .select((
            customer_values::tier,
            customer_values::computed_tier,
            customer_values::rule,
            customer_values::units_bought,
            customer_values::signed_amount_fen,
            customer_values::best_grade,
            customer_values::override_tier,
            customer_values::override_reason,
            customer_values::override_by,
            customer_values::override_at,
            customer_values::version,
        ))
        .first(conn)
        .optional()?;
    let Some(r) = found else {
        let rules = settings::get::<ValueTierRules>(conn, company_id)?.value;
        let f = facts(conn, customer_id)?;
        let (tier, rule) = evaluate(&rules, &f);
        return Ok(CustomerValue {
            tier,
            decided_by: "rules".into(),
            computed_tier: tier,
            rule,
            units_bought: f.units_bought,
            signed_amount_fen: f.signed_amount_fen,
            best_lead_grade: f.best_grade,
            override_: None,
            version: 0,
        });
    };
    let parse = |s: &str| ValueTier::parse(s).unwrap_or(ValueTier::Potential);
    let override_ = match (r.6.as_deref(), r.7, r.8, r.9) {
        (Some(t), Some(reason), Some(by), Some(at)) => Some(TierOverride {
            tier: parse(t),
            reason,
            by,
            at: db::utc(at),
        }),
        _ => None,
    };
    Ok(CustomerValue {
        tier: parse(&r.0),
        decided_by: if override_.is_some() {
            "manual"
        } else {
            "rules"
        }
        .into(),
        computed_tier: parse(&r.1),
        rule: r.2,
        units_bought: r.3,
        signed_amount_fen: r.4,
        best_lead_grade: r.5.as_deref().and_then(Grade::parse),
        override_,
        version: r.10,
    })
}

/// Sets (or with `None` clears) the manual tier; returns the new value.
pub fn set_override(
    conn: &mut DbConn,
    company_id: &str,
    customer_id: &str,
    tier: Option<ValueTier>,
    reason: &str,
    by: &str,
) -> QueryResult<CustomerValue> {
    refresh(conn, company_id, customer_id)?;
    let now = db::now();
    let computed: String = customer_values::table
        .find(customer_id)
        .select(customer_values::computed_tier)
        .first(conn)?;
    let effective = tier.map_or(computed, |t| t.as_str().to_string());
    let (reason, by, at) = match tier {
        Some(_) => (Some(reason), Some(by), Some(now)),
        None => (None, None, None),
    };
    diesel::update(customer_values::table.find(customer_id))
        .set((
            customer_values::tier.eq(effective),
            customer_values::override_tier.eq(tier.map(|t| t.as_str())),
            customer_values::override_reason.eq(reason),
            customer_values::override_by.eq(by),
            customer_values::override_at.eq(at),
            customer_values::version.eq(customer_values::version + 1),
            customer_values::updated_at.eq(now),
        ))
        .execute(conn)?;
    current(conn, company_id, customer_id)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(units: i32, signed: i64, grade: Option<Grade>) -> Facts {
        Facts {
            units_bought: units,
            signed_amount_fen: signed,
            best_grade: grade,
        }
    }

    #[test]
    fn default_rules_rank_buyers_and_grades_and_say_which_rule_decided() {
        let r = ValueTierRules::default();
        let (t, rule) = evaluate(&r, &facts(2, 0, None));
        assert_eq!(
            (t, rule.as_str()),
            (
                ValueTier::Vip,
                "customer_value.vip.min_units=2 (units_bought=2)"
            )
        );
        let (t, rule) = evaluate(&r, &facts(1, 1_000_000_000, None));
        assert_eq!(t, ValueTier::Vip);
        assert!(rule.contains("min_signed_amount_fen=1000000000"));
        assert_eq!(evaluate(&r, &facts(1, 0, Some(Grade::C))).0, ValueTier::Key);
        assert_eq!(evaluate(&r, &facts(0, 0, Some(Grade::A))).0, ValueTier::Key);
        let (t, rule) = evaluate(&r, &facts(0, 0, Some(Grade::B)));
        assert_eq!(
            (t, rule.as_str()),
            (
                ValueTier::Ordinary,
                "customer_value.ordinary.lead_grade_at_least=B (best_lead_grade=B)"
            )
        );
        assert_eq!(
            evaluate(&r, &facts(0, 0, Some(Grade::C))).0,
            ValueTier::Potential
        );
        assert_eq!(evaluate(&r, &facts(0, 0, None)).0, ValueTier::Potential);
    }

    #[test]
    fn a_tier_without_conditions_never_applies() {
        let r = ValueTierRules {
            vip: TierCriteria::default(),
            ..ValueTierRules::default()
        };
        assert_eq!(
            evaluate(&r, &facts(5, i64::MAX, Some(Grade::A))).0,
            ValueTier::Key
        );
    }
}
