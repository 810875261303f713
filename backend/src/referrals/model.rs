//! Referral rows, their history and the two views: staff (every reason and
//! signal) and owner (progress only; ineligible is `not_eligible` with one
//! generic note, whatever the reason).

use api_types::{
    IneligibleReason, MyReferral, MyReferralStatus, Referral, ReferralEvent, ReferralReward,
    ReferralSignalEntry, ReferralStatus, ReviewStatus,
};
use diesel::prelude::*;

use crate::audit::AuditCtx;
use crate::db::{self, DbConn};
use crate::personal_data::PersonalData;
use crate::schema::{referral_events, referral_rewards, referrals};

/// Entity type of referrals (audit).
pub const ENTITY: &str = "referral";

/// What an owner is told about any ineligible registration: the same words
/// whatever the rule, so the answer never says whether the friend is known.
pub const NOT_ELIGIBLE_NOTE: &str =
    "该推荐不符合老带新活动规则 / this registration does not meet the referral programme's rules";

/// A referral row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = referrals)]
pub struct ReferralRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project of interest.
    pub project_id: String,
    /// Referrer.
    pub referrer_customer_id: String,
    /// Friend's name.
    pub friend_name: String,
    /// Friend's phone, encrypted.
    pub friend_phone_enc: String,
    /// Friend's phone, blind index.
    pub friend_phone_bidx: String,
    /// Friend's customer.
    pub friend_customer_id: Option<String>,
    /// Friend's lead.
    pub lead_id: Option<String>,
    /// Friend's deal.
    pub deal_id: Option<String>,
    /// Status name.
    pub status: String,
    /// Valid when made.
    pub eligible: bool,
    /// Why not.
    pub ineligible_reason: Option<String>,
    /// Full decision.
    pub decision: String,
    /// Deciding setting.
    pub rule: String,
    /// Protection end.
    pub protected_until: Option<chrono::NaiveDateTime>,
    /// Reward name.
    pub reward: Option<String>,
    /// Review status name.
    pub review_status: String,
    /// Signals (JSON array of `ReferralSignalEntry`).
    pub signals_json: String,
    /// Review deadline.
    pub review_due_at: Option<chrono::NaiveDateTime>,
    /// Review note.
    pub review_note: String,
    /// Reviewer.
    pub reviewed_by: Option<String>,
    /// Reviewed at.
    pub reviewed_at: Option<chrono::NaiveDateTime>,
    /// Friend signed at.
    pub signed_at: Option<chrono::NaiveDateTime>,
    /// `owner` or `staff`.
    pub registered_via: String,
    /// Staff registrant.
    pub registered_by: Option<String>,
    /// Owner's idempotency key.
    pub idempotency_key: Option<String>,
    /// Version.
    pub version: i32,
    /// The owner's version: changed only by owner-visible changes (status, reward).
    pub owner_version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

/// The approved reward of a referral.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = referral_rewards)]
pub struct RewardRow {
    /// The referral.
    pub referral_id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Reward name.
    pub reward: String,
    /// Worth, fen.
    pub amount_fen: i64,
    /// The setting that valued it.
    pub rule: String,
    /// Approver.
    pub approved_by: Option<String>,
    /// Approved at.
    pub approved_at: chrono::NaiveDateTime,
    /// Who recorded the payment.
    pub paid_by: Option<String>,
    /// Paid at.
    pub paid_at: Option<chrono::NaiveDateTime>,
    /// Payment reference.
    pub payment_reference: String,
    /// Clawed back, fen.
    pub clawback_fen: Option<i64>,
    /// Clawed back at.
    pub clawed_back_at: Option<chrono::NaiveDateTime>,
}

/// The reward of a referral, if approved.
pub fn reward(conn: &mut DbConn, referral_id: &str) -> QueryResult<Option<RewardRow>> {
    referral_rewards::table
        .find(referral_id)
        .select(RewardRow::as_select())
        .first(conn)
        .optional()
}

impl ReferralRow {
    /// The parsed status.
    pub fn status(&self) -> ReferralStatus {
        ReferralStatus::parse(&self.status).unwrap_or(ReferralStatus::Ineligible)
    }

    /// The parsed signals.
    pub fn signals(&self) -> Vec<ReferralSignalEntry> {
        serde_json::from_str(&self.signals_json).unwrap_or_default()
    }
}

/// Reloads a referral (no visibility check: call after one).
pub fn reload(conn: &mut DbConn, id: &str) -> QueryResult<ReferralRow> {
    referrals::table
        .find(id)
        .select(ReferralRow::as_select())
        .first(conn)
}

/// Records one step of a referral's history.
pub fn record_event(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    kind: &str,
    from: Option<ReferralStatus>,
    to: Option<ReferralStatus>,
    reason: &str,
) -> QueryResult<()> {
    diesel::insert_into(referral_events::table)
        .values((
            referral_events::id.eq(db::new_id()),
            referral_events::company_id.eq(&r.company_id),
            referral_events::referral_id.eq(&r.id),
            referral_events::kind.eq(kind),
            referral_events::from_status.eq(from.map(ReferralStatus::as_str)),
            referral_events::to_status.eq(to.map(ReferralStatus::as_str)),
            referral_events::reason.eq(reason),
            referral_events::actor_kind.eq(ctx.actor_kind),
            referral_events::actor_id.eq(&ctx.actor_id),
            referral_events::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Moves a referral from one of `from` to `to` (version + 1) if it is still
/// there, and records the event; `false` when another change came first.
pub fn transition(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    r: &ReferralRow,
    from: &[ReferralStatus],
    to: ReferralStatus,
    reason: &str,
) -> QueryResult<bool> {
    let from_names: Vec<&str> = from.iter().map(|s| s.as_str()).collect();
    let n = diesel::update(
        referrals::table
            .filter(referrals::id.eq(&r.id))
            .filter(referrals::status.eq_any(from_names)),
    )
    .set((
        referrals::status.eq(to.as_str()),
        referrals::version.eq(referrals::version + 1),
        referrals::owner_version.eq(referrals::owner_version + 1),
        referrals::updated_at.eq(db::now()),
    ))
    .execute(conn)?;
    if n == 1 {
        record_event(
            conn,
            ctx,
            r,
            to.as_str(),
            Some(r.status()),
            Some(to),
            reason,
        )?;
    }
    Ok(n == 1)
}

type EventTuple = (
    String,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    Option<String>,
    chrono::NaiveDateTime,
);

/// The events of many referrals in one query, oldest first.
fn events_of(conn: &mut DbConn, ids: Vec<String>) -> QueryResult<Vec<(String, ReferralEvent)>> {
    let rows: Vec<EventTuple> = referral_events::table
        .filter(referral_events::referral_id.eq_any(ids))
        .order((referral_events::created_at.asc(), referral_events::id.asc()))
        .select((
            referral_events::id,
            referral_events::referral_id,
            referral_events::kind,
            referral_events::from_status,
            referral_events::to_status,
            referral_events::reason,
            referral_events::actor_kind,
            referral_events::actor_id,
            referral_events::created_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|e| {
            (
                e.1,
                ReferralEvent {
                    id: e.0,
                    kind: e.2,
                    from_status: e.3.as_deref().and_then(ReferralStatus::parse),
                    to_status: e.4.as_deref().and_then(ReferralStatus::parse),
                    reason: e.5,
                    actor_kind: e.6,
                    actor_id: e.7,
                    at: db::utc(e.8),
                },
            )
        })
        .collect())
}

/// Staff views of rows, with their events (two queries for any number of rows).
pub fn views(
    conn: &mut DbConn,
    pd: &PersonalData,
    rows: Vec<ReferralRow>,
) -> QueryResult<Vec<Referral>> {
    let ids: Vec<String> = rows.iter().map(|r| r.id.clone()).collect();
    let mut events = events_of(conn, ids.clone())?;
    let rewards: Vec<RewardRow> = referral_rewards::table
        .filter(referral_rewards::referral_id.eq_any(ids))
        .select(RewardRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let (mine, rest): (Vec<_>, Vec<_>) = events.drain(..).partition(|(id, _)| *id == r.id);
            events = rest;
            let reward = rewards.iter().find(|w| w.referral_id == r.id).cloned();
            staff_view(pd, r, reward, mine.into_iter().map(|(_, e)| e).collect())
        })
        .collect())
}

/// The staff view of one row.
pub fn view(conn: &mut DbConn, pd: &PersonalData, row: ReferralRow) -> QueryResult<Referral> {
    let mut v = views(conn, pd, vec![row])?;
    v.pop().ok_or(diesel::result::Error::NotFound)
}

fn staff_view(
    pd: &PersonalData,
    r: ReferralRow,
    w: Option<RewardRow>,
    events: Vec<ReferralEvent>,
) -> Referral {
    let status = r.status();
    let signals = r.signals();
    Referral {
        friend_phone_masked: pd.masked_phone(&r.friend_phone_enc),
        id: r.id,
        project_id: r.project_id,
        referrer_customer_id: r.referrer_customer_id,
        friend_name: r.friend_name,
        friend_customer_id: r.friend_customer_id,
        lead_id: r.lead_id,
        deal_id: r.deal_id,
        status,
        eligible: r.eligible,
        ineligible_reason: r
            .ineligible_reason
            .as_deref()
            .and_then(IneligibleReason::parse),
        decision: r.decision,
        rule: r.rule,
        protected_until: r.protected_until.map(db::utc),
        reward: r.reward.as_deref().and_then(ReferralReward::parse),
        reward_amount_fen: w.as_ref().map(|w| w.amount_fen),
        reward_rule: w.as_ref().map(|w| w.rule.clone()).unwrap_or_default(),
        review_status: ReviewStatus::parse(&r.review_status).unwrap_or(ReviewStatus::None),
        signals,
        review_due_at: r.review_due_at.map(db::utc),
        review_note: r.review_note,
        reviewed_by: r.reviewed_by,
        approved_by: w.as_ref().and_then(|w| w.approved_by.clone()),
        approved_at: w.as_ref().map(|w| db::utc(w.approved_at)),
        paid_by: w.as_ref().and_then(|w| w.paid_by.clone()),
        paid_at: w.as_ref().and_then(|w| w.paid_at).map(db::utc),
        payment_reference: w
            .as_ref()
            .map(|w| w.payment_reference.clone())
            .unwrap_or_default(),
        clawback_fen: w.as_ref().and_then(|w| w.clawback_fen),
        signed_at: r.signed_at.map(db::utc),
        registered_via: r.registered_via,
        registered_by: r.registered_by,
        events,
        version: r.version,
        created_at: db::utc(r.created_at),
    }
}

/// The owner's status: every ineligible registration (any rule, or a
/// rejected review) is `not_eligible`.
pub fn my_status(s: ReferralStatus) -> MyReferralStatus {
    use ReferralStatus as S;
    match s {
        S::Registered => MyReferralStatus::Registered,
        S::Visited => MyReferralStatus::Visited,
        S::Subscribed => MyReferralStatus::Subscribed,
        S::Signed | S::RewardPending => MyReferralStatus::RewardPending,
        S::Approved => MyReferralStatus::Approved,
        S::Paid => MyReferralStatus::Paid,
        S::Ineligible => MyReferralStatus::NotEligible,
        S::Cancelled => MyReferralStatus::Cancelled,
        S::ClawedBack => MyReferralStatus::ClawedBack,
        S::Expired => MyReferralStatus::Expired,
    }
}

/// The owner's view of one of their rows (already scoped to the owner).
pub fn my_view(pd: &PersonalData, r: ReferralRow, project_name: String) -> MyReferral {
    let status = my_status(r.status());
    let not_eligible = status == MyReferralStatus::NotEligible;
    MyReferral {
        friend_phone_masked: pd.masked_phone(&r.friend_phone_enc),
        id: r.id,
        friend_name: r.friend_name,
        project_id: r.project_id,
        project_name,
        status,
        status_note: if not_eligible {
            NOT_ELIGIBLE_NOTE.into()
        } else {
            String::new()
        },
        protected_until: if not_eligible {
            None
        } else {
            r.protected_until.map(db::utc)
        },
        reward: r.reward.as_deref().and_then(ReferralReward::parse),
        version: r.owner_version,
        created_at: db::utc(r.created_at),
    }
}
