//! Referrals in the customer 360 timeline: the history of registrations in
//! which the customer is the referrer or the friend (`source` `referral`,
//! `kind` the event). Shown to the roles that follow referrals, limited to
//! the referrals they may see ([`super::visible`]); a sales rep sees only
//! their own events of a referral whose friend's lead is another's, as on
//! the referral itself ([`super::redact`]).

use api_types::TimelineEntry;
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::ReferralWorkers;
use crate::auth::principal::RolePolicy;
use crate::auth::Staff;
use crate::customers::timeline::{Before, TimelineSource};
use crate::db::{self, DbConn};
use crate::schema::{referral_events, referrals};

/// Referral events (`source` `referral`).
pub struct ReferralEvents;

impl TimelineSource for ReferralEvents {
    fn page(
        &self,
        conn: &mut DbConn,
        staff: &Staff,
        customer_id: &str,
        before: Option<&Before>,
        limit: i64,
    ) -> QueryResult<Vec<(NaiveDateTime, TimelineEntry)>> {
        if !ReferralWorkers::ROLES.contains(&staff.role) {
            return Ok(Vec::new());
        }
        let ids: Vec<(String, String, Option<String>)> = super::visible(staff)
            .filter(
                referrals::referrer_customer_id
                    .eq(customer_id.to_string())
                    .or(referrals::friend_customer_id.eq(customer_id.to_string())),
            )
            .select((
                referrals::id,
                referrals::referrer_customer_id,
                referrals::lead_id,
            ))
            .load(conn)?;
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let as_referrer: Vec<String> = ids
            .iter()
            .filter(|(_, r, _)| r == customer_id)
            .map(|(id, _, _)| id.clone())
            .collect();
        use referral_events as e;
        let mut q = e::table.into_boxed::<db::MultiBackend>();
        if staff.role == api_types::Role::SalesRep {
            let leads = ids.iter().filter_map(|(_, _, l)| l.clone()).collect();
            let owned = super::owned_leads(conn, staff, leads)?;
            let (whole, partly): (Vec<_>, Vec<_>) = ids
                .into_iter()
                .partition(|(_, _, l)| l.as_ref().is_some_and(|l| owned.contains(l)));
            let whole: Vec<String> = whole.into_iter().map(|(id, _, _)| id).collect();
            let partly: Vec<String> = partly.into_iter().map(|(id, _, _)| id).collect();
            q = q.filter(
                e::referral_id.eq_any(whole).or(e::referral_id
                    .eq_any(partly)
                    .and(e::actor_id.eq(staff.user_id.clone()))),
            );
        } else {
            q = q.filter(
                e::referral_id.eq_any(ids.into_iter().map(|(id, _, _)| id).collect::<Vec<_>>()),
            );
        }
        let q = crate::older_than!(q, e::created_at, e::id, before);
        type Row = (
            String,
            String,
            String,
            Option<String>,
            String,
            Option<String>,
            NaiveDateTime,
        );
        let rows: Vec<Row> = q
            .order((e::created_at.desc(), e::id.desc()))
            .limit(limit)
            .select((
                e::id,
                e::referral_id,
                e::kind,
                e::to_status,
                e::reason,
                e::actor_id,
                e::created_at,
            ))
            .load(conn)?;
        Ok(rows
            .into_iter()
            .map(|r| {
                let role = if as_referrer.contains(&r.1) {
                    "referrer"
                } else {
                    "friend"
                };
                let entry = TimelineEntry {
                    id: r.0,
                    source: "referral".into(),
                    summary: format!("老带新 {} ({role}): {}", r.2, r.4),
                    kind: r.2,
                    at: db::utc(r.6),
                    entity_type: "referral".into(),
                    entity_id: r.1,
                    actor_id: r.5,
                    names: Default::default(),
                    detail: Some(serde_json::json!({"role": role, "to_status": r.3})),
                };
                (r.6, entry)
            })
            .collect())
    }
}
