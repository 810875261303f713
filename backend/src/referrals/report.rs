//! `GET /api/v1/reports/referrals`: the referral KPIs of DOMAIN §5 and §11
//! per company, project and period — referral share of signed deals (target
//! at least 20 %), registration → signing conversion and reward cost — by
//! three grouped statements (per project) whatever the number of rows.

use std::collections::BTreeMap;

use actix_web::{get, web, HttpResponse};
use api_types::{ReferralKpis, ReferralProjectKpis, ReferralReport};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};

use crate::auth::RequireRole;
use crate::db::{self, DbConn};
use crate::error::ApiError;
use crate::reports::build::rate;
use crate::reports::params::{ReportFilter, ReportQuery};
use crate::reports::sql::Sql;
use crate::reports::ReportReaders;
use crate::schema::projects;
use crate::state::AppState;

/// DOMAIN §11: referral share of deals at least 20 %.
pub const SHARE_TARGET: f64 = 0.20;

const COUNTED: &str = "('signed','reward_pending','approved','paid')";

const DEFINITION: &str = "`signed_deals` = contracts signed in the period (deals.signed_at in \
    [from, to), UTC) not withdrawn since; `referral_deals` = those bought by a referred friend \
    whose referral counts (signed, reward pending, approved or paid); `referral_share` = \
    referral_deals / signed_deals (target at least 0.20). `registrations` = registrations made \
    in the period; `valid_registrations` = of those, eligible when made; \
    `signed_registrations` = of the valid ones, the friend has signed and the referral counts; \
    `conversion_rate` = signed / valid. `reward_cost_fen` = rewards approved in the period, less those voided \
    (the friend withdrew before payment: referral cancelled); \
    `paid_fen` = paid in the period; `clawback_fen` = clawed back in the period. Rates are \
    fractions rounded to 4 places, null without a denominator.";

/// Appends the scope of a table alias `a` (company, project, granted projects).
fn scope(sql: &mut Sql, f: &ReportFilter, a: &str) {
    sql.push(&format!(" {a}.company_id = ")).text(&f.company_id);
    if let Some(p) = &f.project_id {
        sql.push(&format!(" AND {a}.project_id = ")).text(p);
    }
    if let Some(uid) = &f.granted_to {
        sql.push(&format!(
            " AND {a}.project_id IN (SELECT up.project_id FROM user_projects up WHERE up.user_id = "
        ))
        .text(uid)
        .push(")");
    }
}

#[derive(QueryableByName)]
struct Counts {
    #[diesel(sql_type = Text)]
    project_id: String,
    #[diesel(sql_type = BigInt)]
    a: i64,
    #[diesel(sql_type = BigInt)]
    b: i64,
    #[diesel(sql_type = BigInt)]
    c: i64,
}

fn deals(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<Counts>> {
    let mut q = Sql::new(&format!(
        "SELECT d.project_id AS project_id, COUNT(*) AS a, COUNT(CASE WHEN EXISTS (SELECT 1 FROM \
         referrals r WHERE r.deal_id = d.id AND r.status IN {COUNTED}) THEN 1 END) AS b, CAST(0 AS BIGINT) AS c \
         FROM deals d WHERE"
    ));
    scope(&mut q, f, "d");
    q.push(" AND d.stage <> 'withdrawn' AND d.signed_at >= ")
        .timestamp(f.from)
        .push(" AND d.signed_at < ")
        .timestamp(f.to)
        .push(" GROUP BY d.project_id");
    q.query(conn).load(conn)
}

fn registrations(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<Counts>> {
    let mut q = Sql::new(&format!(
        "SELECT r.project_id AS project_id, COUNT(*) AS a, \
         COUNT(CASE WHEN r.eligible THEN 1 END) AS b, \
         COUNT(CASE WHEN r.eligible AND r.status IN {COUNTED} THEN 1 END) AS c \
         FROM referrals r WHERE"
    ));
    scope(&mut q, f, "r");
    q.push(" AND r.created_at >= ")
        .timestamp(f.from)
        .push(" AND r.created_at < ")
        .timestamp(f.to)
        .push(" GROUP BY r.project_id");
    q.query(conn).load(conn)
}

fn costs(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<Vec<Counts>> {
    let mut q = Sql::new("SELECT w.project_id AS project_id");
    for (col, amount, alias) in [
        ("w.approved_at", "w.amount_fen", "a"),
        ("w.paid_at", "w.amount_fen", "b"),
        ("w.clawed_back_at", "w.clawback_fen", "c"),
    ] {
        q.push(&format!(", CAST(COALESCE(SUM(CASE WHEN {col} >= "))
            .timestamp(f.from)
            .push(&format!(" AND {col} < "))
            .timestamp(f.to)
            .push(&format!(" THEN {amount} END), 0) AS BIGINT) AS {alias}"));
    }
    // A reward voided by a withdrawal before payment (the referral is
    // `cancelled`) costs nothing; a paid one is clawed back instead.
    q.push(" FROM referral_rewards w JOIN referrals r ON r.id = w.referral_id WHERE");
    scope(&mut q, f, "w");
    q.push(" AND r.status <> 'cancelled'");
    q.push(" GROUP BY w.project_id");
    q.query(conn).load(conn)
}

fn finish(mut k: ReferralKpis) -> ReferralKpis {
    k.referral_share = rate(k.referral_deals, k.signed_deals);
    k.conversion_rate = rate(k.signed_registrations, k.valid_registrations);
    k
}

fn empty() -> ReferralKpis {
    ReferralKpis {
        signed_deals: 0,
        referral_deals: 0,
        referral_share: None,
        registrations: 0,
        valid_registrations: 0,
        signed_registrations: 0,
        conversion_rate: None,
        reward_cost_fen: 0,
        paid_fen: 0,
        clawback_fen: 0,
    }
}

fn build(conn: &mut DbConn, f: &ReportFilter) -> QueryResult<ReferralReport> {
    let mut per: BTreeMap<String, ReferralKpis> = BTreeMap::new();
    for c in deals(conn, f)? {
        let k = per.entry(c.project_id).or_insert_with(empty);
        (k.signed_deals, k.referral_deals) = (c.a, c.b);
    }
    for c in registrations(conn, f)? {
        let k = per.entry(c.project_id).or_insert_with(empty);
        (
            k.registrations,
            k.valid_registrations,
            k.signed_registrations,
        ) = (c.a, c.b, c.c);
    }
    for c in costs(conn, f)? {
        let k = per.entry(c.project_id).or_insert_with(empty);
        (k.reward_cost_fen, k.paid_fen, k.clawback_fen) = (c.a, c.b, c.c);
    }
    let names: Vec<(String, String)> = projects::table
        .filter(projects::id.eq_any(per.keys().cloned().collect::<Vec<_>>()))
        .select((projects::id, projects::name))
        .load(conn)?;
    let mut total = empty();
    let mut rows = Vec::new();
    for (project_id, k) in per {
        total.signed_deals += k.signed_deals;
        total.referral_deals += k.referral_deals;
        total.registrations += k.registrations;
        total.valid_registrations += k.valid_registrations;
        total.signed_registrations += k.signed_registrations;
        total.reward_cost_fen += k.reward_cost_fen;
        total.paid_fen += k.paid_fen;
        total.clawback_fen += k.clawback_fen;
        let project_name = names
            .iter()
            .find(|(id, _)| *id == project_id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default();
        rows.push(ReferralProjectKpis {
            project_id,
            project_name,
            kpis: finish(k),
        });
    }
    rows.sort_by(|a, b| {
        a.project_name
            .cmp(&b.project_name)
            .then(a.project_id.cmp(&b.project_id))
    });
    let totals = finish(total);
    Ok(ReferralReport {
        period: f.period(),
        project_id: f.project_id.clone(),
        scope: f.scope(),
        definition: DEFINITION.into(),
        meets_target: totals.referral_share.map(|s| s >= SHARE_TARGET),
        totals,
        share_target: SHARE_TARGET,
        projects: rows,
    })
}

/// Referral KPIs: share of signed deals (target ≥ 20 %), registration →
/// signing conversion and reward cost, per project and period.
#[utoipa::path(
    tag = "reports",
    security(("bearer" = [])),
    params(ReportQuery),
    responses(
        (status = 200, description = "Totals and one row per project", body = ReferralReport),
        (status = 403, description = "Only admin, crm_head, data_analyst and sales_manager (`forbidden`)", body = api_types::Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such project, or not granted (`project_not_found`)", body = api_types::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/reports/referrals")]
pub async fn get_referral_report(
    state: web::Data<AppState>,
    staff: RequireRole<ReportReaders>,
    query: web::Query<ReportQuery>,
) -> Result<HttpResponse, ApiError> {
    let staff = (*staff).clone();
    let f = ReportFilter::new(&staff, query.into_inner(), db::now())?;
    let report = db::run(&state.pool, move |conn| {
        f.check_project(conn, &staff)?;
        Ok(build(conn, &f)?)
    })
    .await?;
    Ok(HttpResponse::Ok().json(report))
}
