//! Tests of the configuration: defaults, limits and secrets.

use std::collections::HashMap;

use super::*;

fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
    let map: HashMap<String, String> = vars
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    Config::from_lookup(&move |name| map.get(name).cloned())
}

#[test]
fn production_refuses_to_start_without_secrets() {
    let dir = tempfile::tempdir().expect("tmp");
    let err = config(&[
        ("ESTATE_CRM_ENV", "production"),
        ("ESTATE_CRM_DATA_DIR", dir.path().to_str().expect("utf8")),
    ])
    .expect_err("must refuse");
    assert!(err.0.contains("ESTATE_CRM_TOKEN_SECRET"));
    assert!(
        !dir.path().join("secrets.json").exists(),
        "nothing generated in production"
    );
}

#[test]
fn the_import_chunk_size_is_unset_by_default_and_refused_out_of_range() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().to_str().expect("utf8");
    let default = config(&[("ESTATE_CRM_DATA_DIR", d)]).expect("config");
    assert_eq!(default.import_chunk_rows, None);
    let set = config(&[
        ("ESTATE_CRM_DATA_DIR", d),
        ("ESTATE_CRM_IMPORT_CHUNK_ROWS", "5000"),
    ])
    .expect("config");
    assert_eq!(set.import_chunk_rows, Some(5000));
    for bad in ["50", "20001", "many"] {
        let err = config(&[
            ("ESTATE_CRM_DATA_DIR", d),
            ("ESTATE_CRM_IMPORT_CHUNK_ROWS", bad),
        ])
        .expect_err("refused");
        assert!(
            err.0.contains("ESTATE_CRM_IMPORT_CHUNK_ROWS"),
            "{bad}: {}",
            err.0
        );
    }
}

#[test]
fn development_generates_secrets_once_and_reuses_them() {
    let dir = tempfile::tempdir().expect("tmp");
    let d = dir.path().to_str().expect("utf8");
    let a = config(&[("ESTATE_CRM_DATA_DIR", d)]).expect("dev config");
    let b = config(&[("ESTATE_CRM_DATA_DIR", d)]).expect("dev config");
    assert_eq!(a.secrets.token_key, b.secrets.token_key);
    assert_eq!(a.secrets.pii_key.1, b.secrets.pii_key.1);
    assert!(a.database_url.starts_with("sqlite://"));
    assert_eq!(a.bind, "127.0.0.1:8080");
}

#[test]
fn production_accepts_given_secrets_and_rejects_short_ones() {
    let key = "MDEyMzQ1Njc4OTAxMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";
    let ok = config(&[
        ("ESTATE_CRM_ENV", "production"),
        (
            "ESTATE_CRM_TOKEN_SECRET",
            "0123456789abcdef0123456789abcdef-long",
        ),
        ("ESTATE_CRM_PII_KEY", key),
        ("ESTATE_CRM_BLIND_INDEX_KEY", key),
        ("DATABASE_URL", "postgres://db/x"),
    ])
    .expect("valid");
    assert_eq!(ok.environment, Environment::Production);
    let short = config(&[
        ("ESTATE_CRM_ENV", "production"),
        ("ESTATE_CRM_TOKEN_SECRET", "short"),
        ("ESTATE_CRM_PII_KEY", key),
        ("ESTATE_CRM_BLIND_INDEX_KEY", key),
    ]);
    assert!(short.is_err());
    assert!(config(&[("ESTATE_CRM_ENV", "staging")]).is_err());
}
