//! Printable reports (HTML with print styles, every text escaped): one
//! inspection with its checklist and defects, and a unit's whole record —
//! every inspection, every defect and, for those who may see owners' data,
//! the sign-off.

use actix_web::{get, web, HttpResponse};
use api_types::{CheckResult, Defect, Handover, Inspection};
use diesel::prelude::*;

use super::defects::DefectRow;
use super::inspections::{self, InspectionRow};
use super::scope::{self, DeliveryReaders, OwnerDataReaders};
use super::{defects, handover};
use crate::auth::principal::RolePolicy;
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{buildings, defects as d, inspections as i, projects, units};
use crate::state::AppState;

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// (project, building, unit number) of a unit.
fn place(conn: &mut DbConn, unit_id: &str) -> QueryResult<(String, String, String)> {
    units::table
        .inner_join(projects::table.on(projects::id.eq(units::project_id)))
        .inner_join(buildings::table.on(buildings::id.eq(units::building_id)))
        .filter(units::id.eq(unit_id))
        .select((projects::name, buildings::name, units::number))
        .first(conn)
}

fn head(title: &str) -> String {
    format!(
        "<!doctype html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><title>{}</title>\
         <style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;width:100%;margin:1em 0}}\
         td,th{{border:1px solid #999;padding:4px 8px;text-align:left}}.no{{color:#b00;font-weight:bold}}\
         @media print{{button{{display:none}}}}</style></head><body>\
         <button onclick=\"window.print()\">打印</button>",
        esc(title)
    )
}

fn inspection_section(out: &mut String, view: &Inspection, level: &str) {
    out.push_str(&format!(
        "<{level}>{kind}</{level}><p>状态:{status} | 开始:{start} | 完成:{done}</p><p>参与人:{who}</p>",
        kind = view.kind.label_zh(),
        status = view.status.label_zh(),
        start = view.started_at.format("%Y-%m-%d %H:%M UTC"),
        done = view.completed_at.map_or("—".into(), |t| t.format("%Y-%m-%d %H:%M UTC").to_string()),
        who = esc(&view.participants.join("、")),
    ));
    out.push_str("<table><tr><th>房间</th><th>项目</th><th>结果</th><th>备注</th></tr>");
    for l in &view.checklist {
        let (class, label) = match l.result {
            Some(CheckResult::No) => ("no", CheckResult::No.label_zh()),
            Some(r) => ("", r.label_zh()),
            None => ("", "未检查"),
        };
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"{class}\">{label}</td><td>{}</td></tr>",
            esc(&l.room),
            esc(&l.item),
            esc(&l.note)
        ));
    }
    out.push_str(&format!("</table><p>备注:{}</p>", esc(&view.note)));
}

fn defects_table(out: &mut String, found: &[Defect]) {
    out.push_str("<table><tr><th>房间</th><th>类别</th><th>描述</th><th>承包方</th><th>状态</th><th>整改期限</th></tr>");
    for f in found {
        out.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            esc(&f.room),
            f.category.label_zh(),
            esc(&f.description),
            esc(&f.contractor),
            f.status.label_zh(),
            f.fix_due_at.format("%Y-%m-%d")
        ));
    }
    out.push_str("</table>");
}

fn handover_section(out: &mut String, h: &Handover) {
    out.push_str(&format!(
        "<h2>交房</h2><p>验收:{} | 钥匙:{} | 保留意见:{} 项</p>",
        h.signed_at.format("%Y-%m-%d %H:%M UTC"),
        if h.keys_handed { "已交" } else { "未交" },
        h.reservations.len()
    ));
    if !h.reservations.is_empty() {
        out.push_str("<table><tr><th>房间</th><th>描述</th><th>验收时状态</th></tr>");
        for r in &h.reservations {
            out.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(&r.room),
                esc(&r.description),
                r.status.label_zh()
            ));
        }
        out.push_str("</table>");
    }
}

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header((
            "content-security-policy",
            "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'",
        ))
        .body(body)
}

/// The printable report of an inspection: unit, kind, participants, the
/// checklist with each answer, and the defects recorded (HTML; print it).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Inspection id")),
    responses(
        (status = 200, description = "The report page", body = String, content_type = "text/html"),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such inspection, or not yours (`inspection_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/inspections/{id}/report")]
pub async fn get_inspection_report(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff = (*staff).clone();
    let page = db::run(&state.pool, move |conn| {
        let row = inspections::find(conn, &staff, &id)?;
        let (project, building, number) = place(conn, &row.unit_id)?;
        let view = inspections::view(conn, row)?;
        let found: Vec<DefectRow> = d::table
            .filter(d::id.eq_any(&view.defect_ids))
            .order(d::id.asc())
            .select(DefectRow::as_select())
            .load(conn)?;
        let found = defects::views(conn, found, false)?;
        let mut out = head(&format!("验房报告 {number}"));
        out.push_str(&format!(
            "<h1>{}报告</h1><p>{} · {}栋 · {}</p>",
            view.kind.label_zh(),
            esc(&project),
            esc(&building),
            esc(&number)
        ));
        inspection_section(&mut out, &view, "h2");
        out.push_str("<h2>缺陷</h2>");
        defects_table(&mut out, &found);
        out.push_str("<p>业主签字:____________ 验房人:____________</p></body></html>");
        Ok(out)
    })
    .await?;
    Ok(html(page))
}

/// The printable delivery record of a unit: every inspection (oldest first)
/// with its checklist, every defect of the unit and where it stands, and
/// the sign-off with its reservations (the sign-off only for crm_head,
/// service and customer specialists: it is the owner's).
#[utoipa::path(
    tag = "delivery",
    security(("bearer" = [])),
    params(("id" = String, Path, description = "Unit id")),
    responses(
        (status = 200, description = "The report page", body = String, content_type = "text/html"),
        (status = 403, description = "Only delivery roles (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such unit, or not yours (`unit_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/units/{id}/inspection-report")]
pub async fn get_unit_inspection_report(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReaders>,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = path.into_inner();
    let staff: Staff = (*staff).clone();
    let page = db::run(&state.pool, move |conn| {
        let unit = crate::projects::scope::unit(conn, &staff, &id)?;
        let (project, building, number) = place(conn, &unit.id)?;
        let rows: Vec<InspectionRow> = scope::visible_inspections(&staff)
            .filter(i::unit_id.eq(unit.id.clone()))
            .order((i::started_at.asc(), i::id.asc()))
            .limit(100)
            .select(InspectionRow::as_select())
            .load(conn)?;
        let found: Vec<DefectRow> = scope::visible_defects(&staff)
            .filter(d::unit_id.eq(unit.id.clone()))
            .order(d::id.asc())
            .limit(1000)
            .select(DefectRow::as_select())
            .load(conn)?;
        let found = defects::views(conn, found, false)?;
        let signed = if OwnerDataReaders::allows(staff.role) {
            handover::of_unit(conn, &unit.id)?.map(|h| h.view())
        } else {
            None
        };
        let mut out = head(&format!("交付验房记录 {number}"));
        out.push_str(&format!(
            "<h1>交付验房记录</h1><p>{} · {}栋 · {}</p>",
            esc(&project),
            esc(&building),
            esc(&number)
        ));
        if rows.is_empty() {
            out.push_str("<p>尚无验房记录</p>");
        }
        for row in rows {
            inspection_section(&mut out, &inspections::view_without_defects(row), "h2");
        }
        out.push_str("<h2>缺陷</h2>");
        defects_table(&mut out, &found);
        if let Some(h) = &signed {
            handover_section(&mut out, h);
        }
        out.push_str("</body></html>");
        Ok(out)
    })
    .await?;
    Ok(html(page))
}
