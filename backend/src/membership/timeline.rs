//! Membership in the customer 360 timeline (`GET /customers/{id}/timeline`):
//! tier changes with their cause and rule, points entries (earn, redeem,
//! reverse, expire, with reason) and benefit redemptions. A points
//! redemption appears as its `redeem` entry (reference: the redemption), not
//! twice. Shown to the roles that read membership ([`MembershipReaders`]);
//! the timeline endpoint has already checked the customer is visible.

use api_types::TimelineEntry;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::scope::MembershipReaders;
use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::customers::timeline::{Before, TimelineSource};
use crate::db::{self, DbConn};
use crate::schema::{benefit_redemptions, membership_tier_changes, points_entries};

fn may_read(staff: &Staff) -> bool {
    MembershipReaders::ROLES.contains(&staff.role)
}

/// Tier changes (`source` `membership_tier`, `kind` the cause).
pub struct TierChanges;
impl TimelineSource for TierChanges {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        if !may_read(staff) {
            return Ok(Vec::new());
        }
        use membership_tier_changes as t;
        let q = t::table
            .filter(t::company_id.eq(staff.company_id.clone()))
            .filter(t::customer_id.eq(customer_id.to_string()))
            .into_boxed::<db::MultiBackend>();
        let q = crate::older_than!(q, t::created_at, t::id, before);
        type Row = (
            String,
            Option<String>,
            Option<String>,
            String,
            String,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((t::created_at.desc(), t::id.desc()))
            .limit(limit)
            .select((
                t::id,
                t::from_tier,
                t::to_tier,
                t::cause_kind,
                t::cause_id,
                t::rule,
                t::actor_id,
                t::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let tier = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".into());
                let entry = TimelineEntry {
                    id: r.0.clone(),
                    source: "membership_tier".into(),
                    summary: format!("{} → {}: {} ({})", tier(&r.1), tier(&r.2), r.3, r.5),
                    kind: r.3.clone(),
                    at: db::utc(r.7),
                    entity_type: "customer".into(),
                    entity_id: customer_id.to_string(),
                    actor_id: r.6,
                    names: Default::default(),
                    detail: Some(serde_json::json!({
                        "from_tier": r.1, "to_tier": r.2, "cause_kind": r.3,
                        "cause_id": r.4, "rule": r.5,
                    })),
                };
                (r.7, entry)
            })
            .collect())
    }
}

/// Points ledger entries (`source` `points`, `kind` earn/redeem/reverse/expire).
pub struct PointsEntries;
impl TimelineSource for PointsEntries {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        if !may_read(staff) {
            return Ok(Vec::new());
        }
        use points_entries as p;
        let q = p::table
            .filter(p::company_id.eq(staff.company_id.clone()))
            .filter(p::customer_id.eq(customer_id.to_string()))
            .into_boxed::<db::MultiBackend>();
        let q = crate::older_than!(q, p::created_at, p::id, before);
        type Row = (
            String,
            String,
            i64,
            String,
            String,
            String,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((p::created_at.desc(), p::id.desc()))
            .limit(limit)
            .select((
                p::id,
                p::kind,
                p::points,
                p::reason_code,
                p::reason,
                p::reference_type,
                p::reference_id,
                p::actor_id,
                p::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = TimelineEntry {
                    id: r.0,
                    source: "points".into(),
                    summary: format!("{} {:+}: {}", r.1, r.2, r.4),
                    kind: r.1,
                    at: db::utc(r.8),
                    entity_type: r.5.clone(),
                    entity_id: r.6.clone(),
                    actor_id: r.7,
                    names: Default::default(),
                    detail: Some(serde_json::json!({
                        "points": r.2, "reason_code": r.3,
                        "reference_type": r.5, "reference_id": r.6,
                    })),
                };
                (r.8, entry)
            })
            .collect())
    }
}

/// Benefit redemptions (`source` `benefit_redemption`).
pub struct BenefitRedemptions;
impl TimelineSource for BenefitRedemptions {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        if !may_read(staff) {
            return Ok(Vec::new());
        }
        use benefit_redemptions as b;
        let q = b::table
            .filter(b::company_id.eq(staff.company_id.clone()))
            .filter(b::customer_id.eq(customer_id.to_string()))
            .into_boxed::<db::MultiBackend>();
        let q = crate::older_than!(q, b::created_at, b::id, before);
        type Row = (
            String,
            String,
            String,
            String,
            String,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((b::created_at.desc(), b::id.desc()))
            .limit(limit)
            .select((
                b::id,
                b::benefit_id,
                b::period_key,
                b::tier,
                b::note,
                b::actor_kind,
                b::actor_id,
                b::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let entry = TimelineEntry {
                    id: r.0,
                    source: "benefit_redemption".into(),
                    summary: format!("benefit redeemed ({}, {}) by {}", r.2, r.3, r.5),
                    kind: "benefit_redeemed".into(),
                    at: db::utc(r.7),
                    entity_type: "membership_benefit".into(),
                    entity_id: r.1,
                    actor_id: r.6,
                    names: Default::default(),
                    detail: Some(serde_json::json!({
                        "period": r.2, "tier": r.3, "note": r.4, "actor_kind": r.5,
                    })),
                };
                (r.7, entry)
            })
            .collect())
    }
}
