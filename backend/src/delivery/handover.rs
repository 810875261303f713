//! Owner sign-off (验收交房): the buyer of a signed unit accepts it, on the
//! staff tablet (with a drawn signature) or in the mini-program; keys are
//! handed over and the unit moves `signed → handed_over` by the same
//! conditional move deals use. Open defects refuse the sign-off unless the
//! owner accepts "with reservations": they are then marked `reserved` and
//! listed on the record. The post-handover visits are scheduled at once.

use actix_web::http::StatusCode;
use api_types::{
    DefectStatus, DeliveryRules, Handover, HandoverChannel, Occupancy, Reservation, SignOff,
    UnitStatus,
};
use chrono::NaiveDateTime;
use diesel::prelude::*;

use super::defects::{ENTITY as DEFECT, UNVERIFIED};
use super::{batches, buyers, rules, visits};
use crate::audit::{self, snapshot, AuditCtx};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::projects::model::UnitRow;
use crate::schema::{defects, delivery_batch_units, delivery_batches, delivery_files, handovers};
use crate::settings;

/// Audit entity of a sign-off.
pub const ENTITY: &str = "handover";

/// A stored sign-off.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = handovers)]
pub struct HandoverRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Project.
    pub project_id: String,
    /// Unit.
    pub unit_id: String,
    /// Batch.
    pub batch_id: Option<String>,
    /// Owner.
    pub customer_id: String,
    /// Channel.
    pub channel: String,
    /// Signature file.
    pub signature_file_id: Option<String>,
    /// Reservations (JSON).
    pub reservations_json: String,
    /// Keys handed.
    pub keys_handed: bool,
    /// Occupancy.
    pub occupancy: String,
    /// Remark.
    pub note: String,
    /// Signed at.
    pub signed_at: chrono::NaiveDateTime,
    /// Staff who took it (tablet).
    pub signed_by: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

impl HandoverRow {
    /// The wire view.
    pub fn view(&self) -> Handover {
        Handover {
            id: self.id.clone(),
            unit_id: self.unit_id.clone(),
            batch_id: self.batch_id.clone(),
            customer_id: self.customer_id.clone(),
            channel: HandoverChannel::parse(&self.channel).unwrap_or(HandoverChannel::Tablet),
            signature_file_id: self.signature_file_id.clone(),
            reservations: serde_json::from_str(&self.reservations_json).unwrap_or_default(),
            keys_handed: self.keys_handed,
            occupancy: Occupancy::parse(&self.occupancy).unwrap_or(Occupancy::Living),
            note: self.note.clone(),
            signed_at: db::utc(self.signed_at),
            version: self.version,
        }
    }
}

/// The sign-off of a unit, if any.
pub fn of_unit(conn: &mut DbConn, unit_id: &str) -> QueryResult<Option<HandoverRow>> {
    handovers::table
        .filter(handovers::unit_id.eq(unit_id))
        .select(HandoverRow::as_select())
        .first(conn)
        .optional()
}

/// The owner may accept `unit_id` only once its batch's handover day has come
/// (local day, `delivery_rules.utc_offset_minutes`): 409 `unit_not_in_batch`
/// or `handover_day_not_come` otherwise.
pub fn handover_day_has_come(
    conn: &mut DbConn,
    company_id: &str,
    unit_id: &str,
) -> Result<(), ApiError> {
    let at: NaiveDateTime = delivery_batch_units::table
        .inner_join(
            delivery_batches::table.on(delivery_batches::id.eq(delivery_batch_units::batch_id)),
        )
        .filter(delivery_batch_units::unit_id.eq(unit_id))
        .select(delivery_batches::handover_at)
        .first(conn)
        .optional()?
        .ok_or_else(|| {
            ApiError::new(
                StatusCode::CONFLICT,
                "unit_not_in_batch",
                "the unit is not in a delivery batch yet: it cannot be accepted",
            )
        })?;
    let r = settings::get::<DeliveryRules>(conn, company_id)?.value;
    let day = rules::start_of_local_day(at, r.utc_offset_minutes);
    if db::now() < day {
        return Err(ApiError::new(
            StatusCode::CONFLICT,
            "handover_day_not_come",
            format!(
                "the unit can be accepted from its handover day, {}",
                (at + chrono::Duration::minutes(i64::from(r.utc_offset_minutes)))
                    .format("%Y-%m-%d")
            ),
        ));
    }
    Ok(())
}

/// The buyer (`customer_id`) accepts `unit` through `channel`.
pub fn sign_off(
    conn: &mut DbConn,
    ctx: &AuditCtx,
    unit: &UnitRow,
    customer_id: Option<&str>,
    channel: HandoverChannel,
    input: &SignOff,
) -> Result<HandoverRow, ApiError> {
    db::lock_row(conn, "units", &unit.id)?;
    if of_unit(conn, &unit.id)?.is_some() || unit.status == UnitStatus::HandedOver.as_str() {
        return Err(ApiError::conflict(
            "already_handed_over",
            "the unit is already handed over",
        ));
    }
    let buyer = buyers::of_units(conn, std::slice::from_ref(&unit.id))?
        .into_iter()
        .find(|b| {
            buyers::SIGNED.contains(&b.stage.as_str())
                && customer_id.is_none_or(|c| c == b.customer_id)
        })
        .ok_or_else(|| {
            ApiError::conflict(
                "no_signed_deal",
                "the unit has no signed contract with this owner",
            )
        })?;
    if let Some(f) = &input.signature_file_id {
        let ok: i64 = delivery_files::table
            .filter(delivery_files::id.eq(f))
            .filter(delivery_files::unit_id.eq(&unit.id))
            .filter(delivery_files::kind.eq("signature"))
            .count()
            .get_result(conn)?;
        if ok == 0 {
            return Err(ApiError::invalid_field(
                "signature_file_id",
                "not_found",
                "no signature uploaded for this unit with this id",
            ));
        }
    }
    let open: Vec<(String, String, String, String)> = defects::table
        .filter(defects::unit_id.eq(&unit.id))
        .filter(defects::status.eq_any(UNVERIFIED))
        .order(defects::id.asc())
        .select((
            defects::id,
            defects::room,
            defects::description,
            defects::status,
        ))
        .load(conn)?;
    if !open.is_empty() && !input.with_reservations {
        return Err(ApiError::conflict(
            "open_defects",
            format!(
                "{} defects are not yet verified: accept with reservations, or fix them first",
                open.len()
            ),
        ));
    }
    let reservations: Vec<Reservation> = open
        .iter()
        .map(|(id, room, description, status)| Reservation {
            defect_id: id.clone(),
            room: room.clone(),
            description: description.clone(),
            status: DefectStatus::parse(status).unwrap_or(DefectStatus::Open),
        })
        .collect();
    let ids: Vec<&String> = open.iter().map(|o| &o.0).collect();
    diesel::update(defects::table.filter(defects::id.eq_any(ids)))
        .set((
            defects::reserved.eq(true),
            defects::version.eq(defects::version + 1),
        ))
        .execute(conn)?;
    for r in &reservations {
        audit::record(
            conn,
            ctx,
            "defect.reserve",
            DEFECT,
            &r.defect_id,
            None,
            snapshot(r),
        )?;
    }
    if !crate::deals::service::move_unit(
        conn,
        &unit.id,
        UnitStatus::Signed.as_str(),
        UnitStatus::HandedOver.as_str(),
    )? {
        return Err(ApiError::conflict(
            "unit_not_signed",
            "only a signed unit can be handed over",
        ));
    }
    let id = db::new_id();
    let now = db::now();
    diesel::insert_into(handovers::table)
        .values((
            handovers::id.eq(&id),
            handovers::company_id.eq(&unit.company_id),
            handovers::project_id.eq(&unit.project_id),
            handovers::unit_id.eq(&unit.id),
            handovers::batch_id.eq(batches::batch_of_unit(conn, &unit.id)?),
            handovers::customer_id.eq(&buyer.customer_id),
            handovers::channel.eq(channel.as_str()),
            handovers::signature_file_id.eq(&input.signature_file_id),
            handovers::reservations_json
                .eq(serde_json::to_string(&reservations).map_err(ApiError::internal)?),
            handovers::keys_handed.eq(input
                .keys_handed
                .unwrap_or(channel == HandoverChannel::Tablet)),
            handovers::occupancy.eq(input.occupancy.unwrap_or(Occupancy::Living).as_str()),
            handovers::note.eq(input.note.trim()),
            handovers::signed_at.eq(now),
            handovers::signed_by.eq(if channel == HandoverChannel::Tablet {
                ctx.actor_id.clone()
            } else {
                None
            }),
            handovers::created_at.eq(now),
            handovers::updated_at.eq(now),
        ))
        .execute(conn)?;
    let row = handovers::table
        .find(&id)
        .select(HandoverRow::as_select())
        .first(conn)?;
    visits::schedule(conn, &row)?;
    audit::record(
        conn,
        ctx,
        "handover.sign_off",
        ENTITY,
        &id,
        None,
        snapshot(&row.view()),
    )?;
    Ok(row)
}
