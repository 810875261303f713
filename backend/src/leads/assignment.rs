//! Automatic assignment (issue 3 point 5): A → a sales manager of the project,
//! B → a sales rep, C → a customer specialist (roles are a setting, per
//! project too), chosen among eligible staff (enabled, granted the project)
//! with the fewest open leads; ties go round-robin to whoever was assigned
//! least recently.

use api_types::GradeRoles;
use diesel::prelude::*;
use diesel::sql_types::{Nullable, Text, Timestamp};

use super::model::LeadRow;
use crate::db::{self, DbConn};
use crate::schema::leads;

/// The outcome of an automatic assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assigned {
    /// Chosen user.
    pub user_id: String,
    /// Why: the rule that decided, for the lead's timeline.
    pub reason: String,
}

#[derive(QueryableByName)]
struct Candidate {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    open_leads: i64,
    #[diesel(sql_type = Nullable<Timestamp>)]
    #[allow(dead_code)]
    last_assigned: Option<chrono::NaiveDateTime>,
}

/// Picks the owner for a graded lead, or `None` when nobody is eligible (the lead stays in the pool).
pub fn choose(
    conn: &mut DbConn,
    lead: &LeadRow,
    roles: &GradeRoles,
    rule: &str,
) -> QueryResult<Option<Assigned>> {
    let Some(grade) = lead.grade() else {
        return Ok(None);
    };
    let role = roles.role_for(grade);
    const SQL: &str = "SELECT u.id AS id, \
           (SELECT COUNT(*) FROM leads l WHERE l.owner_id = u.id \
              AND l.status IN ('new','contacted','visited')) AS open_leads, \
           (SELECT MAX(l.assigned_at) FROM leads l WHERE l.owner_id = u.id) AS last_assigned \
         FROM users u JOIN user_projects up ON up.user_id = u.id AND up.project_id = $1 \
         WHERE u.company_id = $2 AND u.role = $3 AND u.disabled = $4 \
         ORDER BY open_leads ASC, last_assigned ASC NULLS FIRST, u.id ASC LIMIT 1";
    let sql = db::placeholders(conn, SQL);
    let found: Option<Candidate> = diesel::sql_query(sql)
        .bind::<Text, _>(&lead.project_id)
        .bind::<Text, _>(&lead.company_id)
        .bind::<Text, _>(role.as_str())
        .bind::<diesel::sql_types::Bool, _>(false)
        .get_result(conn)
        .optional()?;
    Ok(found.map(|c| Assigned {
        reason: format!(
            "grade {} → {} ({rule}); fewest open leads ({}), then round-robin",
            grade.as_str(),
            role.as_str(),
            c.open_leads
        ),
        user_id: c.id,
    }))
}

/// Sets the owner of a lead (version + 1).
pub fn set_owner(conn: &mut DbConn, lead_id: &str, owner: Option<&str>) -> QueryResult<()> {
    let now = db::now();
    diesel::update(leads::table.find(lead_id))
        .set((
            leads::owner_id.eq(owner),
            leads::assigned_at.eq(owner.map(|_| now)),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
