//! `/api/v1/reports/leads/…`: the lead KPIs of DOMAIN §11.
//!
//! Each handler resolves the filter (422 on a bad period), checks the project
//! (404 `project_not_found` outside the caller's scope) and runs its grouped
//! queries in one blocking task.

use actix_web::{get, web, HttpResponse};
use api_types::{
    ChannelConversionReport, LeadSummaryReport, LostReasonsReport, SlaBreachesReport,
    TargetComparison,
};

use super::build::{self, A_LEAD_CONVERSION_TARGET, CAPTURED, DUPLICATE_RATE_TARGET};
use super::params::{ReportFilter, ReportQuery};
use super::{queries, ReportReaders};
use crate::auth::{RequireRole, Staff};
use crate::db;
use crate::error::ApiError;
use crate::state::AppState;

const CHANNEL_DEFINITION: &str = "Per source: `leads` = leads captured in the period \
    (leads.created_at in [from, to), UTC) in the projects of `scope`; `subscribed` = those \
    whose status is now `subscribed`; `conversion_rate` = subscribed / leads, a fraction \
    rounded to 4 places, null when leads = 0. Groups and the total are sums over sources.";

const LOST_DEFINITION: &str = "Leads captured in the period (leads.created_at in [from, to), \
    UTC) in the projects of `scope` whose status is now `lost`, per lost_reason (none \
    recorded counts as `other`), ranked by count descending, ties by reason name; \
    `share` = lost with the reason / all lost leads, a fraction rounded to 4 places.";

const BREACH_DEFINITION: &str = "`sla_breached` lead events recorded in the period \
    (lead_events.created_at in [from, to), UTC: when the breach happened, not when the \
    lead was captured) on leads of the projects of `scope`; each event is one missed \
    first-contact or follow-up deadline. `by_grade` uses the lead's grade now; `by_owner` \
    the owner recorded on the event at breach time (null: the lead was in the pool), \
    because a lead that outlives its grace period is returned to the pool.";

const A_CONVERSION_DEFINITION: &str = "Leads captured in the period whose grade is now A \
    and whose status is now `subscribed` / leads captured in the period whose grade is now A; \
    target at least 0.60 (DOMAIN §11).";

const DUPLICATE_DEFINITION: &str = "Leads captured in the period whose capture recorded a \
    `duplicate` event (the phone already belonged to a customer) / all leads captured in \
    the period; target at most 0.05 (DOMAIN §11).";

/// Validates the query for the caller.
fn filter(
    staff: &RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<(Staff, ReportFilter), ApiError> {
    let staff: Staff = (**staff).clone();
    let f = ReportFilter::new(&staff, query.into_inner(), db::now())?;
    Ok((staff, f))
}

/// Lead conversion per source channel: leads → subscribed.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Conversion of every source and source group", body = ChannelConversionReport),
        (status = 403, description = "Only admin, crm_head, data_analyst and sales_manager (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/leads/channel-conversion")]
pub async fn get_channel_conversion_report(
    state: web::Data<AppState>,
    staff: RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (staff, f) = filter(&staff, query)?;
    let report = db::run(&state.pool, move |conn| {
        f.check_project(conn, &staff)?;
        let rows = queries::by_source(conn, &f)?;
        let (sources, groups) = build::conversions(&rows);
        let leads = sources.iter().map(|s| s.leads).sum();
        let subscribed = sources.iter().map(|s| s.subscribed).sum();
        Ok(ChannelConversionReport {
            period: f.period(),
            project_id: f.project_id.clone(),
            scope: f.scope(),
            definition: CHANNEL_DEFINITION.into(),
            sources,
            groups,
            leads,
            subscribed,
            conversion_rate: build::rate(subscribed, leads),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// Why leads were lost, ranked.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Lost reasons, most frequent first", body = LostReasonsReport),
        (status = 403, description = "Only admin, crm_head, data_analyst and sales_manager (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/leads/lost-reasons")]
pub async fn get_lost_reasons_report(
    state: web::Data<AppState>,
    staff: RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (staff, f) = filter(&staff, query)?;
    let report = db::run(&state.pool, move |conn| {
        f.check_project(conn, &staff)?;
        let (lost, reasons) = build::ranked_reasons(&queries::lost_by_reason(conn, &f)?);
        Ok(LostReasonsReport {
            period: f.period(),
            project_id: f.project_id.clone(),
            scope: f.scope(),
            definition: LOST_DEFINITION.into(),
            lost,
            reasons,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// SLA breaches by lead grade and by owner.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Breaches per grade and per owner, most first", body = SlaBreachesReport),
        (status = 403, description = "Only admin, crm_head, data_analyst and sales_manager (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/leads/sla-breaches")]
pub async fn get_sla_breaches_report(
    state: web::Data<AppState>,
    staff: RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (staff, f) = filter(&staff, query)?;
    let report = db::run(&state.pool, move |conn| {
        f.check_project(conn, &staff)?;
        let by_grade = build::by_grade(queries::breaches_by_grade(conn, &f)?);
        let by_owner = build::by_owner(queries::breaches_by_owner(conn, &f)?);
        Ok(SlaBreachesReport {
            period: f.period(),
            project_id: f.project_id.clone(),
            scope: f.scope(),
            definition: BREACH_DEFINITION.into(),
            breaches: by_grade.iter().map(|g| g.breaches).sum(),
            by_grade,
            by_owner,
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}

/// The lead KPIs: totals, A-lead conversion and duplicate rate against their targets.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Lead totals and KPI rates with their targets", body = LeadSummaryReport),
        (status = 403, description = "Only admin, crm_head, data_analyst and sales_manager (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/leads/summary")]
pub async fn get_lead_summary_report(
    state: web::Data<AppState>,
    staff: RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let (staff, f) = filter(&staff, query)?;
    let report = db::run(&state.pool, move |conn| {
        f.check_project(conn, &staff)?;
        let t = queries::totals(conn, &f)?;
        let breaches = queries::breaches_by_grade(conn, &f)?;
        Ok(LeadSummaryReport {
            period: f.period(),
            project_id: f.project_id.clone(),
            scope: f.scope(),
            definition: format!(
                "{CAPTURED}; `sla_breaches` counts `sla_breached` events recorded in the \
                 period, as in the SLA breaches report."
            ),
            leads: t.leads,
            a_leads: t.a_leads,
            subscribed: t.subscribed,
            lost: t.lost,
            duplicates: t.duplicates,
            sla_breaches: breaches.iter().map(|g| g.breaches).sum(),
            a_lead_conversion: build::kpi(
                A_CONVERSION_DEFINITION,
                t.a_subscribed,
                t.a_leads,
                A_LEAD_CONVERSION_TARGET,
                TargetComparison::AtLeast,
            ),
            duplicate_rate: build::kpi(
                DUPLICATE_DEFINITION,
                t.duplicates,
                t.leads,
                DUPLICATE_RATE_TARGET,
                TargetComparison::AtMost,
            ),
        })
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}
