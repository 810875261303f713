//! The owners' `/me/…` endpoints over deals and membership (owner isolation:
//! another owner's record is 404, staff tokens 401, owner tokens refused on
//! staff routes), and the glue between deals, membership, the customer 360
//! and customer merges.

mod benefits;
mod deals;
mod merge;
mod points;
mod referral;
mod sales;
mod visibility;

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::TestApp;

/// GET as the owner, expecting 200.
pub async fn read(app: &TestApp, owner: &str, path: &str) -> Value {
    let (s, b) = app.get(path, owner).await;
    assert_eq!(s, StatusCode::OK, "{path}: {b}");
    b
}

/// Fails if the JSON carries any of `keys` anywhere (internal fields).
pub fn assert_no_keys(v: &Value, keys: &[&str]) {
    match v {
        Value::Object(map) => {
            for (k, inner) in map {
                assert!(!keys.contains(&k.as_str()), "internal field {k} in {v}");
                assert_no_keys(inner, keys);
            }
        }
        Value::Array(items) => items.iter().for_each(|i| assert_no_keys(i, keys)),
        _ => {}
    }
}
