//! Lead reports: exact counts and rates, the period and project filters, a
//! sales manager's scope, and who may read them. The seeded data and what
//! becomes of each lead are in [`fixture`].

mod fixture;

use api_types::Role;
use chrono::{Duration, NaiveDateTime};
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};

use crate::helpers::{assert_problem, send, spawn_app};
use fixture::{pick, report, seed, sources, KPIS, TOTALS};

const REPORTS: [&str; 4] = [
    "channel-conversion",
    "lost-reasons",
    "sla-breaches",
    "summary",
];

#[actix_web::test]
async fn lead_reports_count_exactly_what_their_definitions_say() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let t = &seed.head;
    let b = report(&app, t, "channel-conversion", "").await;
    assert_eq!(
        pick(&b, &["scope", "project_id"]),
        json!({"scope": "company", "project_id": null})
    );
    let (from, to) = (&b["period"]["from"], &b["period"]["to"]);
    let at = |v: &Value| chrono::DateTime::parse_from_rfc3339(v.as_str().expect("t")).expect("t");
    assert_eq!(at(to) - at(from), Duration::days(30), "the default period");
    assert_eq!(
        sources(&b),
        json!([
            ["wechat", 2, 0, 0.0],
            ["beike", 1, 0, 0.0],
            ["douyin", 2, 0, 0.0],
            ["walk_in", 3, 2, 0.6667],
            ["exhibition", 2, 1, 0.5],
            ["owner_referral", 1, 0, 0.0]
        ])
    );
    assert_eq!(
        b["sources"][0]["conversion_rate"],
        Value::Null,
        "no leads: null"
    );
    assert_eq!(
        b["groups"],
        json!([{"source_group": "online", "leads": 5, "subscribed": 0, "conversion_rate": 0.0},
               {"source_group": "offline", "leads": 6, "subscribed": 3, "conversion_rate": 0.5},
               {"source_group": "internal", "leads": 0, "subscribed": 0, "conversion_rate": null}])
    );
    let totals = pick(&b, &["leads", "subscribed", "conversion_rate"]);
    assert_eq!(
        totals,
        json!({"leads": 11, "subscribed": 3, "conversion_rate": 0.2727})
    );

    let b = report(&app, t, "lost-reasons", "").await;
    assert_eq!(
        pick(&b, &["lost", "reasons"]),
        json!({"lost": 5, "reasons": [
            {"rank": 1, "reason": "price_objection", "lost": 3, "share": 0.6},
            {"rank": 2, "reason": "competitor", "lost": 1, "share": 0.2},
            {"rank": 2, "reason": "location", "lost": 1, "share": 0.2}]})
    );

    let b = report(&app, t, "sla-breaches", "").await;
    let (rep, mgr) = (&seed.rep, &seed.manager);
    assert_eq!(
        pick(&b, &["breaches", "by_grade", "by_owner"]),
        json!({"breaches": 6,
               "by_grade": [{"grade": "B", "breaches": 4}, {"grade": "A", "breaches": 2}],
               "by_owner": [{"owner_id": rep.0, "owner_name": rep.1, "breaches": 3},
                            {"owner_id": mgr.0, "owner_name": mgr.1, "breaches": 2},
                            {"owner_id": null, "owner_name": null, "breaches": 1}]})
    );

    for role in [Role::Admin, Role::CrmHead, Role::DataAnalyst] {
        let b = report(&app, &app.token(role).await, "summary", "").await;
        assert_eq!(
            pick(&b, &TOTALS),
            json!({"leads": 11, "a_leads": 5, "subscribed": 3, "lost": 5, "duplicates": 2, "sla_breaches": 6}),
            "{role:?}"
        );
        let (a, d) = (&b["a_lead_conversion"], &b["duplicate_rate"]);
        let kpi = [
            "numerator",
            "denominator",
            "rate",
            "target",
            "target_comparison",
            "meets_target",
        ];
        assert_eq!(
            pick(a, &kpi),
            json!({"numerator": 3, "denominator": 5, "rate": 0.6, "target": 0.6,
                   "target_comparison": "at_least", "meets_target": true})
        );
        assert_eq!(
            pick(d, &kpi),
            json!({"numerator": 2, "denominator": 11, "rate": 0.1818, "target": 0.05,
                   "target_comparison": "at_most", "meets_target": false})
        );
        assert!(a["definition"]
            .as_str()
            .is_some_and(|s| s.contains("grade is now A")));
        assert!(d["definition"]
            .as_str()
            .is_some_and(|s| s.contains("`duplicate` event")));
    }
}

#[actix_web::test]
async fn the_period_filter_counts_captures_and_breaches_in_the_period() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let t = &seed.head;
    let z = |t: NaiveDateTime| t.format("%Y-%m-%dT%H:%M:%SZ").to_string();
    let d = |t: NaiveDateTime| t.format("%Y-%m-%d").to_string();
    let (a, b) = (seed.old - Duration::days(1), seed.old + Duration::days(1));
    for q in [
        format!("from={}&to={}", z(a), z(b)),
        format!("from={}&to={}", d(a), d(b)),
    ] {
        let c = report(&app, t, "channel-conversion", &q).await;
        assert_eq!(
            sources(&c),
            json!([["walk_in", 1, 1, 1.0]]),
            "only L12: {q}"
        );
        let l = report(&app, t, "lost-reasons", &q).await;
        assert_eq!(
            pick(&l, &["lost", "reasons"]),
            json!({"lost": 0, "reasons": []})
        );
        let s = report(&app, t, "sla-breaches", &q).await;
        assert_eq!(
            pick(&s, &["by_grade", "by_owner"]),
            json!({"by_grade": [{"grade": "A", "breaches": 1}],
                   "by_owner": [{"owner_id": seed.manager.0, "owner_name": seed.manager.1, "breaches": 1}]})
        );
        let m = report(&app, t, "summary", &q).await;
        assert_eq!(
            pick(&m, &[&TOTALS[..], &KPIS[..]].concat()),
            json!({"leads": 1, "a_leads": 1, "subscribed": 1, "lost": 0, "duplicates": 0, "sla_breaches": 1,
                   "a_lead_conversion.rate": 1.0, "a_lead_conversion.meets_target": true,
                   "duplicate_rate.rate": 0.0, "duplicate_rate.meets_target": true})
        );
    }
    let m = report(&app, t, "summary", &format!("from={}&to={}", d(a), d(b))).await;
    let day_after = d(b + Duration::days(1));
    assert_eq!(
        m["period"],
        json!({"from": format!("{}T00:00:00Z", d(a)), "to": format!("{day_after}T00:00:00Z")}),
        "a date `from` starts its day, a date `to` includes its day"
    );
}

#[actix_web::test]
async fn a_sales_manager_reads_only_granted_projects_and_projects_filter_every_report() {
    let app = spawn_app().await;
    let seed = seed(&app).await;
    let (m, p) = (&seed.sales_manager, &seed.pids);
    let b = report(&app, m, "summary", "").await;
    assert_eq!(
        pick(
            &b,
            &[&["scope", "project_id"], &TOTALS[..], &KPIS[..]].concat()
        ),
        json!({"scope": "granted_projects", "project_id": null,
               "leads": 9, "a_leads": 4, "subscribed": 2, "lost": 4, "duplicates": 1, "sla_breaches": 5,
               "a_lead_conversion.rate": 0.5, "a_lead_conversion.meets_target": false,
               "duplicate_rate.rate": 0.1111, "duplicate_rate.meets_target": false}),
        "P2's leads and breaches are not counted"
    );
    let c = report(&app, m, "channel-conversion", "").await;
    let totals = pick(&c, &["leads", "subscribed", "conversion_rate"]);
    assert_eq!(
        totals,
        json!({"leads": 9, "subscribed": 2, "conversion_rate": 0.2222})
    );
    let l = report(&app, m, "lost-reasons", "").await;
    let reasons: Vec<Value> = l["reasons"]
        .as_array()
        .expect("r")
        .iter()
        .map(|r| pick(r, &["reason", "lost"]))
        .collect();
    assert_eq!(
        reasons,
        [
            json!({"reason": "price_objection", "lost": 2}),
            json!({"reason": "competitor", "lost": 1}),
            json!({"reason": "location", "lost": 1})
        ]
    );
    let s = report(&app, m, "sla-breaches", "").await;
    let owners: Vec<Value> = s["by_owner"]
        .as_array()
        .expect("o")
        .iter()
        .map(|r| pick(r, &["owner_id", "breaches"]))
        .collect();
    assert_eq!(
        owners,
        [
            json!({"owner_id": seed.rep.0, "breaches": 3}),
            json!({"owner_id": seed.manager.0, "breaches": 2})
        ]
    );

    let q = format!("project_id={}", p[1]);
    let b = report(&app, m, "summary", &q).await;
    assert_eq!(
        pick(
            &b,
            &[
                "scope",
                "project_id",
                "leads",
                "a_leads",
                "lost",
                "sla_breaches",
                "a_lead_conversion.rate"
            ]
        ),
        json!({"scope": "project", "project_id": p[1], "leads": 2, "a_leads": 1, "lost": 1,
               "sla_breaches": 1, "a_lead_conversion.rate": 0.0})
    );
    let c = report(&app, m, "channel-conversion", &q).await;
    assert_eq!(
        sources(&c),
        json!([["beike", 1, 0, 0.0], ["walk_in", 1, 0, 0.0]])
    );

    for name in REPORTS {
        let (s, b) = app
            .get(
                &format!("/api/v1/reports/leads/{name}?project_id={}", p[2]),
                m,
            )
            .await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "project_not_found");
        let (s, b) = app
            .get(
                &format!("/api/v1/reports/leads/{name}?project_id=nope"),
                &seed.head,
            )
            .await;
        assert_problem(s, &b, StatusCode::NOT_FOUND, "project_not_found");
    }
    let q = format!("project_id={}", p[2]);
    let b = report(&app, &seed.head, "summary", &q).await;
    assert_eq!(
        pick(&b, &[&TOTALS[..], &KPIS[..]].concat()),
        json!({"leads": 2, "a_leads": 1, "subscribed": 1, "lost": 1, "duplicates": 1, "sla_breaches": 1,
               "a_lead_conversion.rate": 1.0, "a_lead_conversion.meets_target": true,
               "duplicate_rate.rate": 0.5, "duplicate_rate.meets_target": false})
    );
    let s = report(&app, &seed.head, "sla-breaches", &q).await;
    let pool = json!([{"owner_id": null, "owner_name": null, "breaches": 1}]);
    assert_eq!(s["by_owner"], pool, "L11 breached in the pool");
}

#[actix_web::test]
async fn only_report_readers_may_read_reports_and_bad_periods_are_422() {
    let app = spawn_app().await;
    // Every role but the admin, the head of CRM, the sales manager and the data analyst.
    let readers = [
        Role::Admin,
        Role::CrmHead,
        Role::SalesManager,
        Role::DataAnalyst,
    ];
    for role in Role::ALL.into_iter().filter(|r| !readers.contains(r)) {
        let token = app.token(role).await;
        for name in REPORTS {
            let (s, b) = app
                .get(&format!("/api/v1/reports/leads/{name}"), &token)
                .await;
            assert_problem(s, &b, StatusCode::FORBIDDEN, "forbidden");
        }
    }
    for name in REPORTS {
        let (s, b) = send(app.req(Method::GET, &format!("/api/v1/reports/leads/{name}"))).await;
        assert_problem(s, &b, StatusCode::UNAUTHORIZED, "unauthenticated");
    }
    let analyst = app.token(Role::DataAnalyst).await;
    let empty = report(&app, &analyst, "summary", "").await;
    assert_eq!(
        pick(
            &empty,
            &[
                "leads",
                "a_lead_conversion.rate",
                "duplicate_rate.meets_target"
            ]
        ),
        json!({"leads": 0, "a_lead_conversion.rate": null, "duplicate_rate.meets_target": null})
    );
    for (query, field) in [
        ("from=yesterday", "from"),
        ("to=2026-13-01", "to"),
        ("from=2026-11-02&to=2026-11-01", "from"),
        ("from=1900-01-01", "from"),
        ("since=2026-11-01", "query"),
    ] {
        let (s, b) = app
            .get(&format!("/api/v1/reports/leads/summary?{query}"), &analyst)
            .await;
        assert_problem(s, &b, StatusCode::UNPROCESSABLE_ENTITY, "validation_failed");
        assert_eq!(b["errors"][0]["field"], field, "{query}: {b}");
    }
}
