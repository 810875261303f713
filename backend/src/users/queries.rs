//! Users in the database and their API view.

use std::collections::HashMap;

use api_types::{Role, User};
use diesel::prelude::*;

use crate::db::{self, DbConn, MultiBackend};
use crate::personal_data::PersonalData;
use crate::schema::{projects, user_projects, users};

/// Display names of the company's users among `ids`, by id, in one query
/// (an id that names no user of the company is left out).
pub fn display_names<'a>(
    conn: &mut DbConn,
    company_id: &str,
    ids: impl IntoIterator<Item = &'a str>,
) -> QueryResult<HashMap<String, String>> {
    let mut ids: Vec<&str> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, String)> = users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::id.eq_any(ids))
        .select((users::id, users::display_name))
        .load(conn)?;
    Ok(rows.into_iter().collect())
}

/// Gives each of `items` the display names of the users it names (`named`),
/// by id, through `set`: one [`display_names`] query for them all.
pub fn name_each<T>(
    conn: &mut DbConn,
    company_id: &str,
    items: &mut [T],
    named: impl Fn(&T) -> Vec<&str>,
    set: impl Fn(&mut T, std::collections::BTreeMap<String, String>),
) -> QueryResult<()> {
    let known = display_names(conn, company_id, items.iter().flat_map(&named))?;
    for item in items.iter_mut() {
        let names = named(item)
            .into_iter()
            .filter_map(|id| known.get(id).map(|n| (id.to_string(), n.clone())))
            .collect();
        set(item, names);
    }
    Ok(())
}

/// A user row.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = users)]
pub struct UserRow {
    /// Id.
    pub id: String,
    /// Company.
    pub company_id: String,
    /// Login.
    pub email: String,
    /// Display name.
    pub display_name: String,
    /// Role name.
    pub role: String,
    /// Disabled?
    pub disabled: bool,
    /// Encrypted phone.
    pub phone_enc: Option<String>,
    /// Version.
    pub version: i32,
    /// Created.
    pub created_at: chrono::NaiveDateTime,
    /// Updated.
    pub updated_at: chrono::NaiveDateTime,
}

/// Columns of [`UserRow`], in order.
type UserColumns = (
    users::id,
    users::company_id,
    users::email,
    users::display_name,
    users::role,
    users::disabled,
    users::phone_enc,
    users::version,
    users::created_at,
    users::updated_at,
);

const COLUMNS: UserColumns = (
    users::id,
    users::company_id,
    users::email,
    users::display_name,
    users::role,
    users::disabled,
    users::phone_enc,
    users::version,
    users::created_at,
    users::updated_at,
);

impl UserRow {
    /// The API view, phone masked.
    pub fn view(self, pd: &PersonalData, project_ids: Vec<String>) -> User {
        let phone_masked = self.phone_enc.as_deref().map(|enc| pd.masked_phone(enc));
        User {
            id: self.id,
            email: self.email,
            display_name: self.display_name,
            role: Role::parse(&self.role).unwrap_or(Role::Service),
            disabled: self.disabled,
            phone_masked,
            project_ids,
            version: self.version,
            created_at: db::utc(self.created_at),
            updated_at: db::utc(self.updated_at),
        }
    }
}

/// One user of the company.
pub fn find(conn: &mut DbConn, company_id: &str, id: &str) -> QueryResult<Option<UserRow>> {
    users::table
        .filter(users::company_id.eq(company_id))
        .filter(users::id.eq(id))
        .select(COLUMNS)
        .first(conn)
        .optional()
}

/// Granted projects of several users, in one query.
pub fn grants_of(
    conn: &mut DbConn,
    user_ids: &[String],
) -> QueryResult<HashMap<String, Vec<String>>> {
    let rows: Vec<(String, String)> = user_projects::table
        .filter(user_projects::user_id.eq_any(user_ids))
        .select((user_projects::user_id, user_projects::project_id))
        .order((user_projects::user_id, user_projects::project_id))
        .load(conn)?;
    let mut map: HashMap<String, Vec<String>> = HashMap::new();
    for (uid, pid) in rows {
        map.entry(uid).or_default().push(pid);
    }
    Ok(map)
}

/// The API view of one user, with grants.
pub fn view_one(conn: &mut DbConn, pd: &PersonalData, row: UserRow) -> QueryResult<User> {
    let mut grants = grants_of(conn, std::slice::from_ref(&row.id))?;
    let ids = grants.remove(&row.id).unwrap_or_default();
    Ok(row.view(pd, ids))
}

/// Filters of the users list.
#[derive(Debug, Default)]
pub struct UserFilter {
    /// Only this role.
    pub role: Option<Role>,
    /// Only enabled (`false`) or disabled (`true`) users.
    pub disabled: Option<bool>,
    /// Text in the e-mail or display name.
    pub q: Option<String>,
}

/// One page of users, by id.
pub fn list(
    conn: &mut DbConn,
    company_id: &str,
    f: &UserFilter,
    after: Option<&str>,
    fetch: i64,
) -> QueryResult<Vec<UserRow>> {
    let mut q = users::table
        .filter(users::company_id.eq(company_id))
        .select(COLUMNS)
        .into_boxed::<MultiBackend>();
    if let Some(role) = f.role {
        q = q.filter(users::role.eq(role.as_str()));
    }
    if let Some(d) = f.disabled {
        q = q.filter(users::disabled.eq(d));
    }
    if let Some(text) = &f.q {
        let pattern = format!("%{}%", escape_like(text));
        q = q.filter(
            users::email
                .like(pattern.clone())
                .escape('\\')
                .or(users::display_name.like(pattern).escape('\\')),
        );
    }
    if let Some(id) = after {
        q = q.filter(users::id.gt(id.to_string()));
    }
    q.order(users::id).limit(fetch).load(conn)
}

/// Escapes `%`, `_` and `\` for a LIKE pattern.
pub fn escape_like(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Which of `ids` are not projects of the company.
pub fn unknown_projects(
    conn: &mut DbConn,
    company_id: &str,
    ids: &[String],
) -> QueryResult<Vec<String>> {
    let known: Vec<String> = projects::table
        .filter(projects::company_id.eq(company_id))
        .filter(projects::id.eq_any(ids))
        .select(projects::id)
        .load(conn)?;
    Ok(ids
        .iter()
        .filter(|id| !known.contains(id))
        .cloned()
        .collect())
}

/// Replaces a user's granted projects.
pub fn set_grants(conn: &mut DbConn, user_id: &str, project_ids: &[String]) -> QueryResult<()> {
    diesel::delete(user_projects::table.filter(user_projects::user_id.eq(user_id)))
        .execute(conn)?;
    let mut ids: Vec<&String> = project_ids.iter().collect();
    ids.sort();
    ids.dedup();
    let rows: Vec<_> = ids
        .into_iter()
        .map(|pid| {
            (
                user_projects::user_id.eq(user_id),
                user_projects::project_id.eq(pid),
            )
        })
        .collect();
    if !rows.is_empty() {
        crate::batch_insert!(&mut *conn, user_projects::table, rows)?;
    }
    Ok(())
}

/// Inserts a user. The password hash and encrypted phone are prepared by the caller.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    conn: &mut DbConn,
    id: &str,
    company_id: &str,
    email: &str,
    password_hash: &str,
    display_name: &str,
    role: Role,
    phone: Option<(String, String)>,
) -> QueryResult<()> {
    let now = db::now();
    let (enc, bidx) = match phone {
        Some((e, b)) => (Some(e), Some(b)),
        None => (None, None),
    };
    diesel::insert_into(users::table)
        .values((
            users::id.eq(id),
            users::company_id.eq(company_id),
            users::email.eq(email),
            users::password_hash.eq(password_hash),
            users::display_name.eq(display_name),
            users::role.eq(role.as_str()),
            users::disabled.eq(false),
            users::phone_enc.eq(enc),
            users::phone_bidx.eq(bidx),
            users::version.eq(1),
            users::created_at.eq(now),
            users::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
