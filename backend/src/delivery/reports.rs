//! `GET /api/v1/reports/delivery`: defects by project, building, category and
//! contractor; the on-time rectification rate; overdue open defects; each
//! batch's handover rate; visit completion. Grouped SQL over the caller's
//! projects (no row-by-row counting).

use std::collections::HashMap;

use actix_web::{get, web, HttpResponse};
use api_types::{BatchHandoverRate, DefectCategory, DefectGroup, DeliveryReport};
use chrono::NaiveDateTime;
use diesel::dsl::{count_star, sql};
use diesel::prelude::*;
use diesel::sql_types::BigInt;
use serde::Deserialize;
use utoipa::IntoParams;

use super::scope::{self, DeliveryReportReaders};
use crate::auth::{RequireRole, Staff};
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::schema::{
    buildings, defects as d, delivery_batch_units, handover_visits as v, projects, units,
};
use crate::state::AppState;

/// Filters of the report.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
#[into_params(parameter_in = Query)]
pub struct DeliveryReportQuery {
    /// Only this project.
    pub project_id: Option<String>,
    /// Start of the period, inclusive: an RFC 3339 date-time or a date. With
    /// a period, the report counts the defects recorded, the defects fixed,
    /// the batches handed over and the visits due within it; without `from`
    /// and `to` it covers all time. Default with `to` only: 30 days before it.
    #[param(example = "2026-11-01")]
    pub from: Option<String>,
    /// End of the period: a date-time (exclusive) or a date (inclusive).
    /// Default with `from` only: now.
    #[param(example = "2026-11-30")]
    pub to: Option<String>,
}

/// `[from, to)`, or all time.
type Period = Option<(NaiveDateTime, NaiveDateTime)>;

/// The whole range stored dates may take, for "all time".
fn all_time() -> (NaiveDateTime, NaiveDateTime) {
    db::time::accepted_range()
}

type Counts = (String, i64, i64, i64);

#[derive(QueryableByName)]
struct GroupRow {
    #[diesel(sql_type = diesel::sql_types::Text)]
    key: String,
    #[diesel(sql_type = BigInt)]
    total: i64,
    #[diesel(sql_type = BigInt)]
    open: i64,
    #[diesel(sql_type = BigInt)]
    overdue: i64,
}

/// Counts per value of `col` (a fixed column name): total, unfixed, overdue.
/// Raw SQL because diesel cannot group a boxed (scoped) query; the scope is
/// the same as [`scope::visible_defects`]: the company, then the caller's
/// granted projects unless they see all.
fn grouped(
    conn: &mut DbConn,
    staff: &Staff,
    project: &Option<String>,
    period: Period,
    col: &'static str,
    now: NaiveDateTime,
) -> QueryResult<Vec<Counts>> {
    let (from, to) = period.unwrap_or_else(all_time);
    let sql = format!(
        "SELECT {col} AS key, COUNT(*) AS total, \
         COALESCE(SUM(CASE WHEN status IN ('open','assigned') THEN 1 ELSE 0 END), 0) AS open, \
         COALESCE(SUM(CASE WHEN status IN ('open','assigned') AND fix_due_at < $2 THEN 1 ELSE 0 END), 0) AS overdue \
         FROM defects WHERE company_id = $1 AND ($3 = '' OR project_id = $3) \
         AND ($4 = '' OR project_id IN (SELECT project_id FROM user_projects WHERE user_id = $4)) \
         AND created_at >= $5 AND created_at < $6 \
         GROUP BY {col} ORDER BY {col}"
    );
    let rows: Vec<GroupRow> = diesel::sql_query(db::placeholders(conn, &sql))
        .bind::<diesel::sql_types::Text, _>(&staff.company_id)
        .bind::<diesel::sql_types::Timestamp, _>(now)
        .bind::<diesel::sql_types::Text, _>(project.clone().unwrap_or_default())
        .bind::<diesel::sql_types::Text, _>(scope::granted(staff).unwrap_or_default())
        .bind::<diesel::sql_types::Timestamp, _>(from)
        .bind::<diesel::sql_types::Timestamp, _>(to)
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|r| (r.key, r.total, r.open, r.overdue))
        .collect())
}

fn groups(rows: Vec<Counts>, label: impl Fn(&str) -> String) -> Vec<DefectGroup> {
    rows.into_iter()
        .map(|(key, total, open, overdue)| DefectGroup {
            label: label(&key),
            key,
            total,
            open,
            overdue,
        })
        .collect()
}

fn names(
    conn: &mut DbConn,
    project_ids: bool,
    ids: Vec<String>,
) -> QueryResult<HashMap<String, String>> {
    let rows: Vec<(String, String)> = if project_ids {
        projects::table
            .filter(projects::id.eq_any(ids))
            .select((projects::id, projects::name))
            .load(conn)?
    } else {
        buildings::table
            .filter(buildings::id.eq_any(ids))
            .select((buildings::id, buildings::name))
            .load(conn)?
    };
    Ok(rows.into_iter().collect())
}

fn rate(n: i64, of: i64) -> Option<f64> {
    (of > 0).then(|| (n as f64 / of as f64 * 10_000.0).round() / 10_000.0)
}

/// Builds the report for the caller's scope.
pub fn build(
    conn: &mut DbConn,
    staff: &Staff,
    project: Option<String>,
    period: Period,
) -> QueryResult<DeliveryReport> {
    let now = db::now();
    let by_project = grouped(conn, staff, &project, period, "project_id", now)?;
    let by_building = grouped(conn, staff, &project, period, "building_id", now)?;
    let by_category = grouped(conn, staff, &project, period, "category", now)?;
    let by_contractor = grouped(conn, staff, &project, period, "contractor", now)?;
    let pnames = names(conn, true, by_project.iter().map(|r| r.0.clone()).collect())?;
    let bnames = names(
        conn,
        false,
        by_building.iter().map(|r| r.0.clone()).collect(),
    )?;
    let overdue_open = by_project.iter().map(|r| r.3).sum();

    let mut fixed_q = scope::visible_defects(staff).filter(
        d::fixed_at
            .is_not_null()
            .or(d::status.eq_any(["verified", "closed"])),
    );
    if let Some(p) = &project {
        fixed_q = fixed_q.filter(d::project_id.eq(p.clone()));
    }
    if let Some((from, to)) = period {
        fixed_q = fixed_q
            .filter(d::fixed_at.ge(from))
            .filter(d::fixed_at.lt(to));
    }
    let (fixed, on_time): (i64, Option<i64>) = fixed_q
        .select((
            count_star(),
            sql::<diesel::sql_types::Nullable<BigInt>>(
                "SUM(CASE WHEN fixed_at IS NOT NULL AND fixed_at <= fix_due_at THEN 1 ELSE 0 END)",
            ),
        ))
        .first(conn)?;
    let fixed_on_time = on_time.unwrap_or(0);

    let mut bq = scope::visible_batches(staff);
    if let Some(p) = &project {
        bq = bq.filter(crate::schema::delivery_batches::project_id.eq(p.clone()));
    }
    if let Some((from, to)) = period {
        bq = bq
            .filter(crate::schema::delivery_batches::handover_at.ge(from))
            .filter(crate::schema::delivery_batches::handover_at.lt(to));
    }
    let batch_rows: Vec<(String, String)> = bq
        .order(crate::schema::delivery_batches::id.desc())
        .limit(200)
        .select((
            crate::schema::delivery_batches::id,
            crate::schema::delivery_batches::name,
        ))
        .load(conn)?;
    let ids: Vec<String> = batch_rows.iter().map(|b| b.0.clone()).collect();
    let counts: Vec<(String, i64, Option<i64>)> = delivery_batch_units::table
        .inner_join(units::table.on(units::id.eq(delivery_batch_units::unit_id)))
        .filter(delivery_batch_units::batch_id.eq_any(&ids))
        .group_by(delivery_batch_units::batch_id)
        .select((
            delivery_batch_units::batch_id,
            count_star(),
            sql::<diesel::sql_types::Nullable<BigInt>>(
                "SUM(CASE WHEN units.status = 'handed_over' THEN 1 ELSE 0 END)",
            ),
        ))
        .load(conn)?;
    let batches = batch_rows
        .into_iter()
        .map(|(id, name)| {
            let (units, handed) = counts
                .iter()
                .find(|c| c.0 == id)
                .map_or((0, 0), |c| (c.1, c.2.unwrap_or(0)));
            BatchHandoverRate {
                batch_id: id,
                name,
                units,
                handed_over: handed,
                rate: rate(handed, units).unwrap_or(0.0),
            }
        })
        .collect();

    let mut count = |statuses: &[&'static str], due_only: bool| -> QueryResult<i64> {
        let mut q = scope::visible_visits(staff).filter(v::status.eq_any(statuses.to_vec()));
        if due_only {
            q = q.filter(v::due_at.le(now));
        }
        if let Some(p) = &project {
            q = q.filter(v::project_id.eq(p.clone()));
        }
        if let Some((from, to)) = period {
            q = q.filter(v::due_at.ge(from)).filter(v::due_at.lt(to));
        }
        q.count().get_result(conn)
    };
    let (visits_completed, visits_skipped) =
        (count(&["completed"], false)?, count(&["skipped"], false)?);
    let visits_due = visits_completed + visits_skipped + count(&["scheduled", "noticed"], true)?;

    Ok(DeliveryReport {
        by_project: groups(by_project, |k| pnames.get(k).cloned().unwrap_or_default()),
        by_building: groups(by_building, |k| bnames.get(k).cloned().unwrap_or_default()),
        by_category: groups(by_category, |k| {
            DefectCategory::parse(k).map_or(k.to_string(), |c| c.label_zh().to_string())
        }),
        by_contractor: groups(by_contractor, |k| {
            if k.is_empty() {
                "未分派".into()
            } else {
                k.to_string()
            }
        }),
        fixed,
        fixed_on_time,
        on_time_rate: rate(fixed_on_time, fixed),
        overdue_open,
        batches,
        visits_due,
        visits_completed,
        visits_skipped,
        visit_completion_rate: rate(visits_completed, visits_due - visits_skipped),
        period: period.map(|(from, to)| api_types::ReportPeriod {
            from: db::utc(from),
            to: db::utc(to),
        }),
    })
}

/// Delivery KPIs (DOMAIN §6): defects by project, building, category and
/// contractor, on-time rectification, overdue open defects, batch handover
/// rates and visit completion, over the projects you may see, for all time or
/// a period (`from`/`to`, validated as in the lead reports).
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(DeliveryReportQuery),
    responses(
        (status = 200, description = "The report", body = DeliveryReport),
        (status = 403, description = "Only delivery roles and the data analyst (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 422, description = "A bad period (`from`/`to`: `invalid` or `range`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/delivery")]
pub async fn get_delivery_report(
    state: web::Data<AppState>,
    staff: RequireRole<DeliveryReportReaders>,
    query: web::Query<DeliveryReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let staff = (*staff).clone();
    let q = query.into_inner();
    let period = match (&q.from, &q.to) {
        (None, None) => None,
        (from, to) => Some(crate::reports::params::period(
            from.as_deref(),
            to.as_deref(),
            db::now(),
        )?),
    };
    let project = q.project_id;
    let report = db::run(&state.pool, move |conn| {
        Ok(build(conn, &staff, project, period)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}
