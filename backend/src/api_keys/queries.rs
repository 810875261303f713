//! API keys in the database and their API view. The secret's hash is written
//! once, read only to authenticate, and never part of a view.

use api_types::{ApiKey, ApiKeyScope};
use diesel::prelude::*;

use crate::db::{self, DbConn, MultiBackend};
use crate::schema::api_keys;

/// An API key row, without its hash.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = api_keys)]
pub struct ApiKeyRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// What the key is for.
    pub name: String,
    /// Clear prefix of the secret.
    pub prefix: String,
    /// Scopes, comma-separated.
    pub scopes: String,
    /// Creating user id.
    pub created_by: String,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Last used.
    pub last_used_at: Option<chrono::NaiveDateTime>,
    /// Revoked.
    pub revoked_at: Option<chrono::NaiveDateTime>,
}

/// Columns of [`ApiKeyRow`], in order.
type ApiKeyColumns = (
    api_keys::id,
    api_keys::company_id,
    api_keys::name,
    api_keys::prefix,
    api_keys::scopes,
    api_keys::created_by,
    api_keys::created_at,
    api_keys::last_used_at,
    api_keys::revoked_at,
);

const COLUMNS: ApiKeyColumns = (
    api_keys::id,
    api_keys::company_id,
    api_keys::name,
    api_keys::prefix,
    api_keys::scopes,
    api_keys::created_by,
    api_keys::created_at,
    api_keys::last_used_at,
    api_keys::revoked_at,
);

/// Stores scopes as a sorted, de-duplicated, comma-separated list.
pub fn join_scopes(scopes: &[ApiKeyScope]) -> String {
    let mut scopes = scopes.to_vec();
    scopes.sort();
    scopes.dedup();
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Reads stored scopes; names this build does not know grant nothing.
pub fn parse_scopes(stored: &str) -> Vec<ApiKeyScope> {
    stored.split(',').filter_map(ApiKeyScope::parse).collect()
}

impl ApiKeyRow {
    /// The API view (never the secret or its hash).
    pub fn view(self) -> ApiKey {
        ApiKey {
            scopes: parse_scopes(&self.scopes),
            id: self.id,
            name: self.name,
            prefix: self.prefix,
            created_by: self.created_by,
            created_at: db::utc(self.created_at),
            last_used_at: self.last_used_at.map(db::utc),
            revoked_at: self.revoked_at.map(db::utc),
        }
    }
}

/// What a new key is made of; the secret itself is not among it.
#[derive(Debug)]
pub struct NewApiKey<'a> {
    /// Id.
    pub id: &'a str,
    /// Company.
    pub company_id: &'a str,
    /// What the key is for.
    pub name: &'a str,
    /// Clear prefix.
    pub prefix: &'a str,
    /// SHA-256 of the secret, hex.
    pub key_hash: &'a str,
    /// Granted scopes.
    pub scopes: &'a [ApiKeyScope],
    /// Creating user id.
    pub created_by: &'a str,
}

/// Inserts a key.
pub fn insert(conn: &mut DbConn, key: &NewApiKey<'_>) -> QueryResult<()> {
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::id.eq(key.id),
            api_keys::company_id.eq(key.company_id),
            api_keys::name.eq(key.name),
            api_keys::prefix.eq(key.prefix),
            api_keys::key_hash.eq(key.key_hash),
            api_keys::scopes.eq(join_scopes(key.scopes)),
            api_keys::created_by.eq(key.created_by),
            api_keys::created_at.eq(db::now()),
        ))
        .execute(conn)
        .map(|_| ())
}

/// One key of the company.
pub fn find(conn: &mut DbConn, company_id: &str, id: &str) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .filter(api_keys::company_id.eq(company_id))
        .filter(api_keys::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// The key whose secret hashes to `key_hash`, revoked or not (one unique-index lookup).
pub fn find_by_hash(conn: &mut DbConn, key_hash: &str) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .filter(api_keys::key_hash.eq(key_hash))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// One page of the company's keys, by id; `revoked` filters when given.
pub fn list(
    conn: &mut DbConn,
    company_id: &str,
    revoked: Option<bool>,
    after: Option<&str>,
    fetch: i64,
) -> QueryResult<Vec<ApiKeyRow>> {
    let mut q = api_keys::table
        .filter(api_keys::company_id.eq(company_id))
        .select(COLUMNS)
        .into_boxed::<MultiBackend>();
    match revoked {
        Some(true) => q = q.filter(api_keys::revoked_at.is_not_null()),
        Some(false) => q = q.filter(api_keys::revoked_at.is_null()),
        None => {}
    }
    if let Some(id) = after {
        q = q.filter(api_keys::id.gt(id.to_string()));
    }
    q.order(api_keys::id).limit(fetch).load(conn)
}

/// Revokes a live key; `false` when it was already revoked.
pub fn revoke(conn: &mut DbConn, company_id: &str, id: &str) -> QueryResult<bool> {
    diesel::update(
        api_keys::table
            .filter(api_keys::company_id.eq(company_id))
            .filter(api_keys::id.eq(id))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(db::now()))
    .execute(conn)
    .map(|n| n > 0)
}

/// How stale `last_used_at` may get, in seconds: a busy integration costs one
/// write a minute, not one per request.
pub const LAST_USED_RESOLUTION_SECS: i64 = 60;

/// Records a use of the key, unless one was recorded within the last minute.
/// Returns whether a row was written.
pub fn touch(conn: &mut DbConn, id: &str) -> QueryResult<bool> {
    let now = db::now();
    let cutoff = now - chrono::Duration::seconds(LAST_USED_RESOLUTION_SECS);
    diesel::update(
        api_keys::table.filter(api_keys::id.eq(id)).filter(
            api_keys::last_used_at
                .is_null()
                .or(api_keys::last_used_at.lt(cutoff)),
        ),
    )
    .set(api_keys::last_used_at.eq(now))
    .execute(conn)
    .map(|n| n > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_are_stored_sorted_and_unique_and_unknown_ones_dropped() {
        use ApiKeyScope::*;
        let stored = join_scopes(&[LeadsRead, LeadsWrite, LeadsRead]);
        assert_eq!(stored, "leads:write,leads:read");
        assert_eq!(parse_scopes(&stored), vec![LeadsWrite, LeadsRead]);
        assert_eq!(parse_scopes("leads:read,admin:all"), vec![LeadsRead]);
        assert!(parse_scopes("").is_empty());
    }
}
