//! Exports: the defect list as XLSX (e.g. for one contractor). The
//! printable reports are in [`super::print`].

use std::collections::HashMap;

use actix_web::http::header;
use actix_web::{get, web, HttpResponse};
use api_types::{DefectCategory, DefectSeverity, DefectStatus};
use diesel::prelude::*;
use rust_xlsxwriter::{Format, Workbook};
use serde::Deserialize;
use utoipa::IntoParams;

use super::defects::{DefectRow, UNFIXED};
use super::scope::{self, DeliveryReaders};
use crate::auth::RequireRole;
use crate::db;
use crate::error::ApiError;
use crate::schema::{buildings, defects as d, projects, units};
use crate::state::AppState;

/// Most rows in one export.
pub const MAX_ROWS: i64 = 10_000;

/// Filters of the export.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct ExportQuery {
    /// Only this contractor (exact name).
    pub contractor: Option<String>,
    /// Only this project.
    pub project_id: Option<String>,
    /// Only this status.
    pub status: Option<DefectStatus>,
}

fn xlsx(
    rows: &[(DefectRow, String, String, String)],
) -> Result<Vec<u8>, rust_xlsxwriter::XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name("缺陷清单")?;
    let bold = Format::new().set_bold();
    let head = [
        "缺陷编号",
        "项目",
        "楼栋",
        "房号",
        "房间",
        "位置",
        "类别",
        "严重程度",
        "描述",
        "承包方",
        "状态",
        "整改期限(UTC)",
        "超期",
        "登记时间(UTC)",
    ];
    for (c, h) in head.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, *h, &bold)?;
    }
    let now = db::now();
    for (i, (r, project, building, number)) in rows.iter().enumerate() {
        let row = (i + 1) as u32;
        let cells = [
            r.id.clone(),
            project.clone(),
            building.clone(),
            number.clone(),
            r.room.clone(),
            r.location.clone(),
            DefectCategory::parse(&r.category).map_or(r.category.clone(), |c| c.label_zh().into()),
            DefectSeverity::parse(&r.severity).map_or(r.severity.clone(), |s| s.label_zh().into()),
            r.description.clone(),
            r.contractor.clone(),
            DefectStatus::parse(&r.status).map_or(r.status.clone(), |s| s.label_zh().into()),
            r.fix_due_at.format("%Y-%m-%d %H:%M").to_string(),
            if UNFIXED.contains(&r.status.as_str()) && r.fix_due_at < now {
                "是".into()
            } else {
                "否".into()
            },
            r.created_at.format("%Y-%m-%d %H:%M").to_string(),
        ];
        for (c, v) in cells.iter().enumerate() {
            sheet.write_string(row, c as u16, v)?;
        }
    }
    sheet.autofit();
    book.save_to_buffer()
}

/// The defect list as an XLSX workbook, e.g. `?contractor=` for one
/// contractor's rectification list (at most 10,000 rows, newest first).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ExportQuery),
    responses(
        (status = 200, description = "The workbook", body = String, content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/delivery/defects.xlsx")]
pub async fn export_defects(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    query: web::Query<ExportQuery>,
) -> Result<HttpResponse, ApiError> {
    let q = query.into_inner();
    let staff = (*staff).clone();
    let rows = db::run(&state.pool, move |conn| {
        let mut query = scope::visible_defects(&staff);
        if let Some(c) = q.contractor {
            query = query.filter(d::contractor.eq(c));
        }
        if let Some(p) = q.project_id {
            query = query.filter(d::project_id.eq(p));
        }
        if let Some(s) = q.status {
            query = query.filter(d::status.eq(s.as_str()));
        }
        let rows: Vec<DefectRow> = query
            .order(d::id.desc())
            .limit(MAX_ROWS)
            .select(DefectRow::as_select())
            .load(conn)?;
        let unit_ids: Vec<String> = rows.iter().map(|r| r.unit_id.clone()).collect();
        let places: HashMap<String, (String, String, String)> = units::table
            .inner_join(projects::table.on(projects::id.eq(units::project_id)))
            .inner_join(buildings::table.on(buildings::id.eq(units::building_id)))
            .filter(units::id.eq_any(unit_ids))
            .select((units::id, projects::name, buildings::name, units::number))
            .load::<(String, String, String, String)>(conn)?
            .into_iter()
            .map(|(id, p, b, n)| (id, (p, b, n)))
            .collect();
        Ok(rows
            .into_iter()
            .map(|r| {
                let (p, b, n) = places.get(&r.unit_id).cloned().unwrap_or_default();
                (r, p, b, n)
            })
            .collect::<Vec<_>>())
    })
    .await?;
    // Writing the workbook is CPU work: off the async threads.
    let bytes = web::block(move || xlsx(&rows))
        .await
        .map_err(|e| ApiError::internal(format!("blocking task failed: {e}")))?
        .map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok()
        .content_type("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        .insert_header((
            header::CONTENT_DISPOSITION,
            "attachment; filename=\"defects.xlsx\"",
        ))
        .body(bytes))
}
