//! Demo delivery (`estate-crm demo load`): three units of 滨江壹号院 sold and
//! signed to new owners, put in a delivery batch whose handover day is today;
//! the timeline's early steps done, two inspection slots with one booking, a
//! completed pre-inspection with defects in every state (one overdue), and one
//! unit handed over with its post-handover visits scheduled. Everything goes
//! through the delivery, deals and capture code the API uses; only the overdue
//! defect is moved into the past (as the demo leads are), with its clock.

use api_types::{
    BookAppointment, CaptureLead, ConsentInput, CreateDeal, CreateDeliveryBatch, DealTransition,
    HandoverChannel, LeadSource, Occupancy, OptOuts, Role, SignOff,
};
use chrono::{Duration, DurationRound};
use diesel::prelude::*;

use crate::audit::{self, snapshot, AuditCtx};
use crate::auth::Staff;
use crate::db::{self, DbConn};
use crate::deals::{service, transitions};
use crate::delivery::{appointments, batches, handover};
use crate::error::ApiError;
use crate::leads::capture::{self, Origin};
use crate::personal_data::PersonalData;
use crate::schema::{buildings, delivery_slots as s, delivery_tasks, projects, units, users};

/// The delivered project and building.
const PROJECT: &str = "滨江壹号院";
const BUILDING: &str = "2";

/// The new owners: name and phone.
const OWNERS: &[(&str, &str)] = &[
    ("陈志远", "13900002001"),
    ("林晓燕", "13900002002"),
    ("赵德明", "13900002003"),
];

/// A demo user of the company acting in `role`.
fn staff_of(conn: &mut DbConn, company_id: &str, role: Role) -> Result<Staff, ApiError> {
    let user_id: String = users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::email.eq(super::demo_email(role)))
        .select(users::id)
        .first(conn)?;
    Ok(Staff {
        user_id,
        company_id: company_id.to_string(),
        role,
        session_id: "demo-load".into(),
        request_id: "demo-load".into(),
    })
}

/// Loads the demo delivery. Call after the demo leads and deals, in one transaction.
/// Returns the batch id (`None` when the project has too few units on sale).
pub fn load(
    conn: &mut DbConn,
    pd: &PersonalData,
    company_id: &str,
) -> Result<Option<String>, ApiError> {
    let head = staff_of(conn, company_id, Role::CrmHead)?;
    let manager = staff_of(conn, company_id, Role::SalesManager)?;
    let engineer = staff_of(conn, company_id, Role::Engineering)?;
    let Some(project_id) = projects::table
        .filter(projects::company_id.eq(company_id))
        .filter(projects::name.eq(PROJECT))
        .select(projects::id)
        .first::<String>(conn)
        .optional()?
    else {
        return Ok(None);
    };
    // The top floors of building 2 still on sale.
    let unit_ids: Vec<String> = units::table
        .inner_join(buildings::table)
        .filter(units::project_id.eq(&project_id))
        .filter(buildings::name.eq(BUILDING))
        .filter(units::status.eq("available"))
        .order((units::floor.desc(), units::number.asc()))
        .limit(OWNERS.len() as i64)
        .select(units::id)
        .load(conn)?;
    if unit_ids.len() < OWNERS.len() {
        return Ok(None);
    }
    for (unit_id, owner) in unit_ids.iter().zip(OWNERS) {
        sell(conn, pd, &manager, &project_id, unit_id, *owner)?;
    }

    let now = db::now();
    let today = now
        .duration_trunc(Duration::hours(1))
        .map_err(ApiError::internal)?
        + Duration::hours(2);
    let batch_id = batches::create(
        conn,
        &head,
        &CreateDeliveryBatch {
            project_id: project_id.clone(),
            name: "滨江壹号院 2 栋首批交付".into(),
            handover_at: db::utc(today),
            unit_ids: unit_ids.clone(),
        },
    )?;
    let row = batches::find(conn, &head, &batch_id)?;
    let view = batches::views(conn, vec![row], true)?.remove(0);
    audit::record(
        conn,
        &head.audit(),
        "delivery_batch.create",
        batches::ENTITY,
        &batch_id,
        None,
        snapshot(&view),
    )?;
    complete_task(
        conn,
        &head,
        &batch_id,
        "risk_check",
        "工程进度、消防与水电验收均已完成，风险可控",
    )?;
    complete_task(
        conn,
        &head,
        &batch_id,
        "pre_inspection",
        "预验收完成，问题已录入缺陷清单",
    )?;

    // Two slots tomorrow; the second owner booked by customer service.
    let tomorrow = today + Duration::days(1);
    let first = slot(conn, &head, &batch_id, tomorrow, 5)?;
    slot(conn, &head, &batch_id, tomorrow + Duration::hours(5), 5)?;
    let owner = crate::delivery::buyers::of_units(conn, std::slice::from_ref(&unit_ids[1]))?
        .into_iter()
        .next()
        .ok_or_else(|| ApiError::internal("demo owner without a deal"))?;
    let booked = appointments::book(
        conn,
        company_id,
        &owner.customer_id,
        &BookAppointment {
            slot_id: first,
            unit_id: unit_ids[1].clone(),
        },
        "staff",
    )?;
    audit::record(
        conn,
        &head.audit(),
        "appointment.book",
        appointments::ENTITY,
        &booked.id,
        None,
        snapshot(&booked.view()),
    )?;

    super::delivery_defects::inspect(conn, &engineer, &head, &unit_ids[0])?;

    // The third owner accepted the unit in the mini-program: visits are scheduled.
    let unit = crate::projects::scope::unit(conn, &head, &unit_ids[2])?;
    handover::sign_off(
        conn,
        &AuditCtx::system(company_id),
        &unit,
        None,
        HandoverChannel::MiniProgram,
        &SignOff {
            with_reservations: false,
            signature_file_id: None,
            // Keys are handed by staff, never declared from the mini-program.
            keys_handed: None,
            occupancy: Some(Occupancy::Living),
            note: "业主已在小程序确认收楼".into(),
        },
    )?;
    Ok(Some(batch_id))
}

/// Captures the owner as a lead, subscribes the unit and signs the contract.
fn sell(
    conn: &mut DbConn,
    pd: &PersonalData,
    manager: &Staff,
    project_id: &str,
    unit_id: &str,
    (name, phone): (&str, &str),
) -> Result<(), ApiError> {
    let origin = Origin {
        ctx: manager.audit(),
        via: "staff",
        allowed_projects: None,
    };
    let input = CaptureLead {
        name: name.into(),
        phone: phone.into(),
        project_id: project_id.into(),
        source: LeadSource::WalkIn,
        budget_fen: None,
        purchase_timeframe: None,
        ability_to_pay: None,
        family_structure: String::new(),
        occupation: String::new(),
        preferred_layouts: Vec::new(),
        notes: String::new(),
        visits: 1,
        consent: ConsentInput {
            purpose: "sales_contact".into(),
            notice_version: "2026-01".into(),
        },
        opt_outs: OptOuts::default(),
    };
    capture::capture(conn, pd, &origin, &input)?;
    let customer_id = crate::customers::queries::by_phone(conn, pd, &manager.company_id, phone)?
        .ok_or_else(|| ApiError::internal("demo owner not captured"))?;
    let deal = service::subscribe(
        conn,
        manager,
        &CreateDeal {
            unit_id: unit_id.into(),
            customer_id,
            occurred_at: None,
            reason: "演示认购".into(),
            discounts: Vec::new(),
        },
    )?;
    let signed = DealTransition {
        occurred_at: None,
        reason: "演示签约".into(),
    };
    transitions::sign(conn, &manager.audit(), manager, &deal.id, &signed)?;
    Ok(())
}

/// Completes a timeline step with its outcome, as `POST /delivery-tasks/{id}/complete` does.
fn complete_task(
    conn: &mut DbConn,
    staff: &Staff,
    batch_id: &str,
    kind: &str,
    outcome: &str,
) -> Result<(), ApiError> {
    let now = db::now();
    let id: String = delivery_tasks::table
        .filter(delivery_tasks::batch_id.eq(batch_id))
        .filter(delivery_tasks::kind.eq(kind))
        .select(delivery_tasks::id)
        .first(conn)?;
    diesel::update(delivery_tasks::table.find(&id))
        .set((
            delivery_tasks::status.eq("done"),
            delivery_tasks::outcome.eq(outcome),
            delivery_tasks::completed_by.eq(&staff.user_id),
            delivery_tasks::completed_at.eq(now),
            delivery_tasks::version.eq(delivery_tasks::version + 1),
            delivery_tasks::updated_at.eq(now),
        ))
        .execute(conn)?;
    audit::record(
        conn,
        &staff.audit(),
        "delivery_task.complete",
        batches::TASK_ENTITY,
        &id,
        None,
        None,
    )?;
    Ok(())
}

/// Opens a three-hour slot, as `POST /delivery-batches/{id}/slots` does; returns its id.
fn slot(
    conn: &mut DbConn,
    staff: &Staff,
    batch_id: &str,
    starts_at: chrono::NaiveDateTime,
    capacity: i32,
) -> Result<String, ApiError> {
    let id = db::new_id();
    diesel::insert_into(s::table)
        .values((
            s::id.eq(&id),
            s::company_id.eq(&staff.company_id),
            s::batch_id.eq(batch_id),
            s::starts_at.eq(starts_at),
            s::ends_at.eq(starts_at + Duration::hours(3)),
            s::capacity.eq(capacity),
            s::created_at.eq(db::now()),
        ))
        .execute(conn)?;
    let row: appointments::SlotRow = s::table
        .find(&id)
        .select(appointments::SlotRow::as_select())
        .first(conn)?;
    audit::record(
        conn,
        &staff.audit(),
        "delivery_slot.create",
        "delivery_slot",
        &id,
        None,
        snapshot(&row.view()),
    )?;
    Ok(id)
}
