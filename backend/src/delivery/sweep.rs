//! The delivery part of the jobs sweep, set-based and safe to run in several
//! processes (each message is claimed by a conditional UPDATE before it is
//! enqueued, so it goes out once):
//!
//! * due handover notices (入伙通告, −5 days): the task is marked done and
//!   every owner of the batch gets an SMS through the outbox (set-based over
//!   all due batches);
//! * appointment reminders, `appointment_reminder_hours` before the slot, to
//!   the customer who booked (an appointment cancelled meanwhile gets none);
//! * post-handover visits whose notice date came: first skipped with the
//!   reason (major complaint, renovating, not living there), the rest noticed
//!   to the visit's customer.

use std::collections::HashMap;

use chrono::NaiveDateTime;
use diesel::prelude::*;

use api_types::DeliveryRules;

use super::buyers;
use crate::db::{self, DbConn};
use crate::outbox::{self, SealedMessage};
use crate::schema::{
    appointments, customer_service_flags, delivery_batch_units, delivery_batches, delivery_tasks,
    handover_visits as v, handovers, projects, units,
};
use crate::settings;

/// What one delivery sweep did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct DeliverySweep {
    /// Handover notices sent (tasks completed).
    pub notices: usize,
    /// SMS enqueued in all.
    pub messages: usize,
    /// Appointment reminders sent.
    pub reminders: usize,
    /// Visits skipped by the exclusions.
    pub visits_skipped: usize,
    /// Visits noticed to the owner.
    pub visits_noticed: usize,
}

/// Runs the delivery sweep at `now`.
pub fn run(conn: &mut DbConn, now: NaiveDateTime) -> QueryResult<DeliverySweep> {
    let mut out = DeliverySweep::default();
    db::write_tx(conn, |conn| handover_notices(conn, now, &mut out))?;
    db::write_tx(conn, |conn| reminders(conn, now, &mut out))?;
    db::write_tx(conn, |conn| visits(conn, now, &mut out))?;
    Ok(out)
}

/// Each company's local-time offset (`delivery_rules.utc_offset_minutes`):
/// owners read dates and times in local time, never UTC.
#[derive(Default)]
struct LocalTime(HashMap<String, i32>);

impl LocalTime {
    fn offset(&mut self, conn: &mut DbConn, company: &str) -> QueryResult<chrono::Duration> {
        let minutes = match self.0.get(company) {
            Some(m) => *m,
            None => {
                let m = settings::get::<DeliveryRules>(conn, company)?
                    .value
                    .utc_offset_minutes;
                self.0.insert(company.to_string(), m);
                m
            }
        };
        Ok(chrono::Duration::minutes(i64::from(minutes)))
    }

    /// The local day of `t`, e.g. `2027-03-01`.
    fn day(&mut self, conn: &mut DbConn, company: &str, t: NaiveDateTime) -> QueryResult<String> {
        Ok((t + self.offset(conn, company)?)
            .format("%Y-%m-%d")
            .to_string())
    }

    /// The local day and time of `t`, e.g. `2027-03-01 09:30`.
    fn minute(
        &mut self,
        conn: &mut DbConn,
        company: &str,
        t: NaiveDateTime,
    ) -> QueryResult<String> {
        Ok((t + self.offset(conn, company)?)
            .format("%Y-%m-%d %H:%M")
            .to_string())
    }
}

fn handover_notices(
    conn: &mut DbConn,
    now: NaiveDateTime,
    out: &mut DeliverySweep,
) -> QueryResult<()> {
    let due: Vec<String> = delivery_tasks::table
        .filter(delivery_tasks::kind.eq("handover_notice"))
        .filter(delivery_tasks::status.eq("open"))
        .filter(delivery_tasks::due_at.le(now))
        .order(delivery_tasks::due_at.asc())
        .limit(100)
        .select(delivery_tasks::id)
        .load(conn)?;
    let (notices, messages) = send_handover_notices(conn, &due, now, None, "")?;
    out.notices += notices;
    out.messages += messages;
    Ok(())
}

/// Sends the handover notices of open `handover_notice` tasks to every owner
/// of their batches through the outbox and marks the tasks done, in the
/// caller's transaction: the one path used by the sweep and by staff
/// completing the task by hand (`by`, with their `note`). Set-based: the
/// batches, their units and their owners are read in three queries for all
/// the tasks; each task is then claimed by a conditional UPDATE, so a notice
/// goes out once. Returns (tasks sent, messages enqueued).
pub fn send_handover_notices(
    conn: &mut DbConn,
    tasks: &[String],
    now: NaiveDateTime,
    by: Option<&str>,
    note: &str,
) -> QueryResult<(usize, usize)> {
    type Due = (String, String, String, String, NaiveDateTime);
    let due: Vec<Due> = delivery_tasks::table
        .inner_join(delivery_batches::table.on(delivery_batches::id.eq(delivery_tasks::batch_id)))
        .inner_join(projects::table.on(projects::id.eq(delivery_batches::project_id)))
        .filter(delivery_tasks::id.eq_any(tasks))
        .filter(delivery_tasks::kind.eq("handover_notice"))
        .filter(delivery_tasks::status.eq("open"))
        .select((
            delivery_tasks::id,
            delivery_batches::id,
            delivery_batches::company_id,
            projects::name,
            delivery_batches::handover_at,
        ))
        .load(conn)?;
    let batch_ids: Vec<&String> = due.iter().map(|d| &d.1).collect();
    let members: Vec<(String, String)> = delivery_batch_units::table
        .filter(delivery_batch_units::batch_id.eq_any(batch_ids))
        .select((
            delivery_batch_units::batch_id,
            delivery_batch_units::unit_id,
        ))
        .load(conn)?;
    let unit_ids: Vec<String> = members.iter().map(|m| m.1.clone()).collect();
    let mut owners_of: HashMap<String, Vec<buyers::Buyer>> = HashMap::new();
    for b in buyers::of_units(conn, &unit_ids)? {
        owners_of.entry(b.unit_id.clone()).or_default().push(b);
    }
    let (mut sent, mut msgs, mut local) = (0, Vec::new(), LocalTime::default());
    for (task, batch, company, project, at) in due {
        let owners: Vec<&buyers::Buyer> = members
            .iter()
            .filter(|m| m.0 == batch)
            .flat_map(|m| owners_of.get(&m.1).into_iter().flatten())
            .collect();
        let mut outcome = format!("入伙通告已发送给 {} 位业主", owners.len());
        if !note.trim().is_empty() {
            outcome = format!("{outcome};{}", note.trim());
        }
        let claimed = diesel::update(
            delivery_tasks::table
                .filter(delivery_tasks::id.eq(&task))
                .filter(delivery_tasks::status.eq("open")),
        )
        .set((
            delivery_tasks::status.eq("done"),
            delivery_tasks::outcome.eq(outcome),
            delivery_tasks::completed_by.eq(by),
            delivery_tasks::completed_at.eq(now),
            delivery_tasks::version.eq(delivery_tasks::version + 1),
            delivery_tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
        if claimed != 1 {
            continue;
        }
        sent += 1;
        let body = format!(
            "业主朋友您好!您购买的{project}定于 {} 集中交付,请携带身份证及购房合同前往交付现场办理入伙手续。",
            local.day(conn, &company, at)?
        );
        msgs.extend(owners.into_iter().map(|b| SealedMessage {
            company_id: company.clone(),
            recipient_enc: b.phone_enc.clone(),
            recipient_bidx: b.phone_bidx.clone(),
            purpose: "handover_notice",
            body: body.clone(),
            expires_at: Some(at),
        }));
    }
    Ok((sent, outbox::enqueue_sealed(conn, &msgs)?))
}

fn reminders(conn: &mut DbConn, now: NaiveDateTime, out: &mut DeliverySweep) -> QueryResult<()> {
    let due: Vec<String> = appointments::table
        .filter(appointments::status.eq("booked"))
        .filter(appointments::reminded_at.is_null())
        .filter(appointments::reminder_at.le(now))
        .order(appointments::reminder_at.asc())
        .limit(500)
        .select(appointments::id)
        .load(conn)?;
    // The claim re-checks the status: an appointment cancelled since it was
    // read gets no reminder.
    let claimed: Vec<(String, String, String, NaiveDateTime)> = diesel::update(
        appointments::table
            .filter(appointments::id.eq_any(&due))
            .filter(appointments::status.eq("booked"))
            .filter(appointments::reminded_at.is_null()),
    )
    .set(appointments::reminded_at.eq(now))
    .returning((
        appointments::company_id,
        appointments::unit_id,
        appointments::customer_id,
        appointments::starts_at,
    ))
    .get_results(conn)?;
    let unit_ids: Vec<&String> = claimed.iter().map(|c| &c.1).collect();
    let numbers: HashMap<String, String> = units::table
        .filter(units::id.eq_any(unit_ids))
        .select((units::id, units::number))
        .load::<(String, String)>(conn)?
        .into_iter()
        .collect();
    let customer_ids: Vec<String> = claimed.iter().map(|c| c.2.clone()).collect();
    let phones = buyers::phones(conn, &customer_ids)?;
    let (mut msgs, mut local) = (Vec::new(), LocalTime::default());
    for (company, unit, customer, starts) in &claimed {
        let Some((enc, bidx)) = phones.get(customer) else {
            continue;
        };
        let number = numbers.get(unit).map_or("", String::as_str);
        msgs.push(SealedMessage {
            company_id: company.clone(),
            recipient_enc: enc.clone(),
            recipient_bidx: bidx.clone(),
            purpose: "inspection_reminder",
            body: format!(
                "业主朋友您好!您预约的 {number} 验房时间为 {},请准时到场。",
                local.minute(conn, company, *starts)?
            ),
            expires_at: Some(*starts),
        });
    }
    out.reminders += claimed.len();
    out.messages += outbox::enqueue_sealed(conn, &msgs)?;
    Ok(())
}

fn visits(conn: &mut DbConn, now: NaiveDateTime, out: &mut DeliverySweep) -> QueryResult<()> {
    let due = || {
        v::table
            .filter(v::status.eq("scheduled"))
            .filter(v::notice_at.le(now))
    };
    let skip = |reason: &'static str| {
        (
            v::status.eq("skipped"),
            v::skip_reason.eq(reason),
            v::version.eq(v::version + 1),
            v::updated_at.eq(now),
        )
    };
    let flagged = customer_service_flags::table
        .filter(customer_service_flags::major_complaint.eq(true))
        .select(customer_service_flags::customer_id);
    out.visits_skipped += diesel::update(due().filter(v::customer_id.eq_any(flagged)))
        .set(skip("major_complaint"))
        .execute(conn)?;
    for occupancy in ["renovating", "not_living"] {
        let homes = handovers::table
            .filter(handovers::occupancy.eq(occupancy))
            .select(handovers::id);
        out.visits_skipped += diesel::update(due().filter(v::handover_id.eq_any(homes)))
            .set(skip(occupancy))
            .execute(conn)?;
    }
    let noticed: Vec<(String, String, String, NaiveDateTime)> = diesel::update(due())
        .set((
            v::status.eq("noticed"),
            v::version.eq(v::version + 1),
            v::updated_at.eq(now),
        ))
        .returning((v::company_id, v::customer_id, v::kind, v::due_at))
        .get_results(conn)?;
    let customer_ids: Vec<String> = noticed.iter().map(|n| n.1.clone()).collect();
    let phones = buyers::phones(conn, &customer_ids)?;
    let (mut msgs, mut local) = (Vec::new(), LocalTime::default());
    for (company, customer, kind, at) in &noticed {
        let Some((enc, bidx)) = phones.get(customer) else {
            continue;
        };
        let what = if kind == "one_year" {
            "一年房屋检查上门回访"
        } else {
            "三个月居住体验回访"
        };
        msgs.push(SealedMessage {
            company_id: company.clone(),
            recipient_enc: enc.clone(),
            recipient_bidx: bidx.clone(),
            purpose: "visit_notice",
            body: format!(
                "业主朋友您好!我们将于 {} 前后为您进行{what},届时客服将与您联系确认时间。",
                local.day(conn, company, *at)?
            ),
            expires_at: Some(*at),
        });
    }
    out.visits_noticed += noticed.len();
    out.messages += outbox::enqueue_sealed(conn, &msgs)?;
    Ok(())
}
