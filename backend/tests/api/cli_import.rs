//! `estate-crm import leads FILE`, run as a process against the test
//! database: it imports as the company's first head of CRM unless `--as`
//! names another user, and refuses a user whose role may not capture leads.

use std::process::Output;

use api_types::Role;
use base64::Engine;
use reqwest::StatusCode;

use crate::helpers::{spawn_app, TestApp};

/// Runs the binary with `args` on the test app's database and secrets.
async fn cli(app: &TestApp, args: Vec<String>) -> Output {
    let c = &app.state.config;
    let b64 = base64::engine::general_purpose::STANDARD;
    let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_estate-crm"));
    cmd.args(args)
        .env("DATABASE_URL", &c.database_url)
        .env("ESTATE_CRM_DATA_DIR", &c.data_dir)
        .env("ESTATE_CRM_ENV", "development")
        .env(
            "ESTATE_CRM_TOKEN_SECRET",
            String::from_utf8(c.secrets.token_key.clone()).expect("text key"),
        )
        .env("ESTATE_CRM_PII_KEY_ID", &c.secrets.pii_key.0)
        .env("ESTATE_CRM_PII_KEY", b64.encode(c.secrets.pii_key.1))
        .env(
            "ESTATE_CRM_BLIND_INDEX_KEY",
            b64.encode(&c.secrets.blind_index_key),
        );
    actix_web::rt::task::spawn_blocking(move || cmd.output().expect("the binary runs"))
        .await
        .expect("joined")
}

/// The names of the leads the head of CRM sees.
async fn lead_names(app: &TestApp, head: &str) -> Vec<String> {
    let (s, b) = app.get("/api/v1/leads?limit=200", head).await;
    assert_eq!(s, StatusCode::OK, "{b}");
    b["data"]
        .as_array()
        .expect("data")
        .iter()
        .map(|l| l["customer_name"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[actix_web::test]
async fn the_cli_imports_as_the_first_head_of_crm_and_refuses_a_user_who_may_not_capture() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("leads.csv");
    std::fs::write(
        &file,
        "姓名,手机,项目,渠道,购房时间\n命令行导入,13900040001,滨江壹号院,贝壳,有计划，未定时间\n",
    )
    .expect("csv");
    let args = |extra: &[&str]| {
        let mut a: Vec<String> = ["import", "leads", &file.to_string_lossy()]
            .iter()
            .map(|s| s.to_string())
            .collect();
        a.extend(
            [
                "--consent-purpose",
                "sales_contact",
                "--notice-version",
                "2026-01",
            ]
            .iter()
            .chain(extra)
            .map(|s| s.to_string()),
        );
        a
    };

    let refused = cli(&app, args(&["--as", "admin@demo.example"])).await;
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(!refused.status.success(), "the admin may not import leads");
    assert!(stderr.contains("may not capture leads"), "{stderr}");
    assert!(!lead_names(&app, &head)
        .await
        .contains(&"命令行导入".to_string()));

    let done = cli(&app, args(&[])).await;
    let stdout = String::from_utf8_lossy(&done.stdout);
    assert!(
        done.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&done.stderr)
    );
    assert!(stdout.contains("as crm_head@demo.example"), "{stdout}");
    assert!(stdout.contains("imported: 1"), "{stdout}");
    assert!(lead_names(&app, &head)
        .await
        .contains(&"命令行导入".to_string()));
}
