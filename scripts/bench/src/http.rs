//! The HTTP figures, in one run against a running `estate-crm serve` and a
//! running `estate-bench bare` on the same database:
//!
//! 1. closed-loop throughput of the bare endpoint and of the authenticated
//!    list (`GET /api/v1/leads?grade=B&owner_id=…&limit=50` as the head of
//!    CRM), and their ratio;
//! 2. open-loop latency of both at a fixed rate (default 1,000 requests/s);
//! 3. the first page against a deep page (the cursor after following
//!    `next_cursor` `--deep-pages` times), in the default order and by next
//!    due time, one connection, request after request.

use diesel::prelude::*;
use estate_crm::schema::{leads, users};

use crate::load::{self, Measured, Target};
use crate::{result, Args};

fn report(name: &str, m: &Measured) {
    result(&format!("{name}.rps"), format!("{:.0}", m.rps));
    result(&format!("{name}.p50_ms"), format!("{:.2}", m.p50_ms));
    result(&format!("{name}.p99_ms"), format!("{:.2}", m.p99_ms));
    result(&format!("{name}.max_ms"), format!("{:.2}", m.max_ms));
    result(&format!("{name}.errors"), m.errors);
    result(&format!("{name}.requests"), m.count);
}

/// `estate-bench http --app 127.0.0.1:8090 --bare 127.0.0.1:8091 [--secs 10]
/// [--conns 16] [--rate 1000] [--deep-pages 200] [--as crm_head@demo.example]
/// [--owner sales_rep@demo.example] [--grade B]`.
pub fn run(args: &Args) -> Result<(), String> {
    let app = args.str("app", "127.0.0.1:8090");
    let bare = args.str("bare", "127.0.0.1:8091");
    let secs: f64 = args.num("secs", 10.0)?;
    let conns: usize = args.num("conns", 16)?;
    let rate: f64 = args.num("rate", 1000.0)?;
    let deep_pages: usize = args.num("deep-pages", 200)?;
    let grade = args.str("grade", "B");
    let (owner_id, lead_id) = ids(&args.str("owner", "sales_rep@demo.example"))?;
    let token = login(&app, &args.str("as", "crm_head@demo.example"))?;
    let auth = vec![("Authorization".to_string(), format!("Bearer {token}"))];
    let list = format!("/api/v1/leads?grade={grade}&owner_id={owner_id}&limit=50");
    let bare_t = Target {
        addr: bare.clone(),
        path: format!("/bare/leads/{lead_id}"),
        headers: vec![],
    };
    let list_t = Target {
        addr: app.clone(),
        path: list.clone(),
        headers: auth.clone(),
    };
    let (_, first_body) = checked(&list_t)?;
    let first_rows = rows(&first_body)?;
    result("list.rows_per_page", first_rows);

    let b = load::closed_loop(&bare_t, conns, secs)?;
    report("bare.closed", &b);
    let l = load::closed_loop(&list_t, conns, secs)?;
    report("list.closed", &l);
    result(
        "list_to_bare_ratio",
        format!("{:.2}", l.rps / b.rps.max(1.0)),
    );

    let b = load::open_loop(&bare_t, rate, 64, secs)?;
    report("bare.fixed_rate", &b);
    let l = load::open_loop(&list_t, rate, 64, secs)?;
    report("list.fixed_rate", &l);

    for (name, sort) in [("created", ""), ("next_due", "&sort=next_due")] {
        let first = Target {
            path: format!("{list}{sort}"),
            ..list_t.clone()
        };
        let (deep, depth) = walk(&first, deep_pages)?;
        result(&format!("page.{name}.depth_rows"), depth);
        let f = load::closed_loop(&first, 1, secs / 2.0)?;
        report(&format!("page.{name}.first"), &f);
        let d = load::closed_loop(&deep, 1, secs / 2.0)?;
        report(&format!("page.{name}.deep"), &d);
        result(
            &format!("page.{name}.deep_to_first_p50"),
            format!("{:.2}", d.p50_ms / f.p50_ms.max(0.001)),
        );
    }
    Ok(())
}

/// The owner's id, and some lead's id for the bare endpoint.
fn ids(owner_email: &str) -> Result<(String, String), String> {
    let config = crate::config()?;
    let pool = estate_crm::db::build_pool(&config.database_url, 1)?;
    let mut conn = pool.get().map_err(|e| e.to_string())?;
    let e = |e: diesel::result::Error| e.to_string();
    let owner: String = users::table
        .filter(users::email.eq(owner_email))
        .select(users::id)
        .first(&mut *conn)
        .map_err(e)?;
    let lead: String = leads::table
        .filter(leads::owner_id.eq(&owner))
        .order(leads::id.desc())
        .select(leads::id)
        .first(&mut *conn)
        .map_err(e)?;
    Ok((owner, lead))
}

fn login(app: &str, email: &str) -> Result<String, String> {
    let body = serde_json::json!({"email": email, "password": estate_crm::demo::DEMO_PASSWORD});
    let (status, out) = load::fetch(
        app,
        "POST",
        "/api/v1/auth/login",
        &[("Content-Type", "application/json")],
        body.to_string().as_bytes(),
    )?;
    if status != 200 {
        return Err(format!("login as {email}: {status}"));
    }
    let v: serde_json::Value = serde_json::from_slice(&out).map_err(|e| e.to_string())?;
    v["access_token"]
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| "login answer without access_token".into())
}

fn checked(t: &Target) -> Result<(u16, serde_json::Value), String> {
    let headers: Vec<(&str, &str)> = t
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let (status, out) = load::fetch(&t.addr, "GET", &t.path, &headers, b"")?;
    if status != 200 {
        return Err(format!(
            "GET {}: {status} {}",
            t.path,
            String::from_utf8_lossy(&out)
        ));
    }
    let v = serde_json::from_slice(&out).map_err(|e| e.to_string())?;
    Ok((status, v))
}

fn rows(page: &serde_json::Value) -> Result<usize, String> {
    page["data"]
        .as_array()
        .map(Vec::len)
        .ok_or_else(|| "a page without data".into())
}

/// Follows `next_cursor` up to `pages` times (or for at most 30 seconds);
/// the deepest full page (one with a next cursor, so as long as the first)
/// and how many rows come before it.
fn walk(first: &Target, pages: usize) -> Result<(Target, usize), String> {
    let mut t = first.clone();
    let mut deepest = (first.clone(), 0);
    let mut depth = 0;
    let started = std::time::Instant::now();
    for _ in 0..pages {
        if started.elapsed().as_secs() >= 30 {
            break;
        }
        let (_, page) = checked(&t)?;
        let Some(cursor) = page["next_cursor"].as_str() else {
            break;
        };
        deepest = (t.clone(), depth);
        depth += rows(&page)?;
        t.path = format!("{}&cursor={}", first.path, urlencoding::encode(cursor));
    }
    Ok(deepest)
}
