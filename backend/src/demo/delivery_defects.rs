//! The demo pre-inspection (see [`super::delivery`]): a completed checklist
//! and defects in every state, one of them overdue.

use api_types::{
    AssignDefect, CheckResult, CreateDefect, CreateInspection, DefectCategory, DefectSeverity,
    InspectionKind, UpdateChecklist,
};
use chrono::Duration;
use diesel::prelude::*;

use crate::auth::Staff;
use crate::db::DbConn;
use crate::delivery::defect_flow::{self, Step};
use crate::delivery::{defects, inspections};
use crate::error::ApiError;
use crate::schema::{defect_events, defects as d, sla_clocks};

/// The engineer's pre-inspection of the first unit: a completed checklist
/// and four defects (open; assigned and overdue; fixed; verified).
pub fn inspect(
    conn: &mut DbConn,
    engineer: &Staff,
    head: &Staff,
    unit_id: &str,
) -> Result<(), ApiError> {
    let id = inspections::create(
        conn,
        engineer,
        &CreateInspection {
            unit_id: unit_id.into(),
            kind: InspectionKind::PreInspection,
            inspector_id: None,
            participants: vec!["监理".into(), "施工方".into()],
        },
    )?;
    let row = inspections::find(conn, engineer, &id)?;
    let mut lines = inspections::view_without_defects(row.clone()).checklist;
    for (i, l) in lines.iter_mut().enumerate() {
        l.result = Some(if i % 5 == 1 {
            CheckResult::No
        } else {
            CheckResult::Yes
        });
    }
    let answers = UpdateChecklist {
        lines,
        note: Some("整体良好，个别项需整改".into()),
    };
    inspections::answer(conn, &row, row.version, &answers, true)?;

    let defect = |room: &str, location: &str, category, severity, description: &str| CreateDefect {
        unit_id: None,
        inspection_id: Some(id.clone()),
        phase: None,
        room: room.into(),
        location: location.into(),
        category,
        severity,
        description: description.into(),
        contractor: None,
    };
    use DefectCategory as C;
    use DefectSeverity as S;
    defects::create(
        conn,
        engineer,
        &defect(
            "次卧",
            "北墙",
            C::WallCrack,
            S::Minor,
            "墙面发丝裂缝约 30 厘米",
        ),
    )?;
    let overdue = defects::create(
        conn,
        engineer,
        &defect(
            "卫生间",
            "淋浴区",
            C::Plumbing,
            S::Major,
            "地漏排水缓慢，有积水",
        ),
    )?;
    assign(conn, engineer, &overdue, "华建水电安装")?;
    backdate(conn, &overdue, Duration::days(35))?;
    let fixed = defects::create(
        conn,
        engineer,
        &defect("厨房", "操作台", C::Electrical, S::Minor, "插座面板松动"),
    )?;
    let row = assign(conn, engineer, &fixed, "华建水电安装")?;
    defect_flow::apply(conn, &engineer.audit(), &row, Step::Fix, "已重新固定面板")?;
    let verified = defects::create(
        conn,
        engineer,
        &defect(
            "客厅",
            "阳台推拉门",
            C::DoorsWindows,
            S::Minor,
            "推拉门关闭不严",
        ),
    )?;
    let row = assign(conn, engineer, &verified, "金盾门窗")?;
    let row = defect_flow::apply(conn, &engineer.audit(), &row, Step::Fix, "已调整滑轮")?;
    defect_flow::apply(conn, &head.audit(), &row, Step::Verify, "复验合格")?;
    Ok(())
}

/// Gives the defect to a contractor with the engineer following it up.
fn assign(
    conn: &mut DbConn,
    engineer: &Staff,
    id: &str,
    contractor: &str,
) -> Result<defects::DefectRow, ApiError> {
    let row = defects::load(conn, id)?;
    defect_flow::assign(
        conn,
        engineer,
        &row,
        &AssignDefect {
            contractor: contractor.into(),
            assignee_id: None,
            solution: "更换部件并复查".into(),
        },
    )
}

/// Moves a defect, its history and its open clock into the past, as if
/// recorded `by` ago (its deadlines keep the distance the rules gave them).
fn backdate(conn: &mut DbConn, id: &str, by: Duration) -> Result<(), ApiError> {
    let row = defects::load(conn, id)?;
    diesel::update(d::table.find(id))
        .set((
            d::created_at.eq(row.created_at - by),
            d::updated_at.eq(row.updated_at - by),
            d::fix_due_at.eq(row.fix_due_at - by),
            d::solution_due_at.eq(row.solution_due_at.map(|t| t - by)),
            d::solution_at.eq(row.solution_at.map(|t| t - by)),
        ))
        .execute(conn)?;
    let events: Vec<(String, chrono::NaiveDateTime)> = defect_events::table
        .filter(defect_events::defect_id.eq(id))
        .select((defect_events::id, defect_events::created_at))
        .load(conn)?;
    for (eid, at) in events {
        diesel::update(defect_events::table.find(eid))
            .set(defect_events::created_at.eq(at - by))
            .execute(conn)?;
    }
    let clocks: Vec<(
        String,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
        chrono::NaiveDateTime,
    )> = sla_clocks::table
        .filter(sla_clocks::entity_type.eq(defects::ENTITY))
        .filter(sla_clocks::entity_id.eq(id))
        .select((
            sla_clocks::id,
            sla_clocks::warn_at,
            sla_clocks::due_at,
            sla_clocks::grace_until,
        ))
        .load(conn)?;
    for (cid, warn, due, grace) in clocks {
        diesel::update(sla_clocks::table.find(cid))
            .set((
                sla_clocks::warn_at.eq(warn - by),
                sla_clocks::due_at.eq(due - by),
                sla_clocks::grace_until.eq(grace - by),
            ))
            .execute(conn)?;
    }
    Ok(())
}
