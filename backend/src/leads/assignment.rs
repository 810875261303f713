//! Automatic assignment (issue 3 point 5): A → a sales manager of the project,
//! B → a sales rep, C → a customer specialist (roles are a setting, per
//! project too), chosen among eligible staff (enabled, granted the project)
//! with the fewest open leads; ties go round-robin to whoever was assigned
//! least recently.

use std::collections::HashMap;

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
    /// The same as data, for the `assigned` event's detail: grade, role, rule, open leads.
    pub facts: serde_json::Value,
}

/// An eligible staff user with what the policy ranks by.
#[derive(Debug, Clone, QueryableByName)]
pub struct Candidate {
    /// User id.
    #[diesel(sql_type = Text)]
    pub id: String,
    /// Leads they own that are still open.
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    pub open_leads: i64,
    /// When they were last given a lead.
    #[diesel(sql_type = Nullable<Timestamp>)]
    pub last_assigned: Option<chrono::NaiveDateTime>,
}

/// The eligible staff for a lead of `project_id` whose grade `role` takes
/// (enabled, granted the project), in the policy's order: fewest open leads,
/// then least recently assigned (never first), then id.
pub fn candidates(
    conn: &mut DbConn,
    company_id: &str,
    project_id: &str,
    role: api_types::Role,
) -> QueryResult<Vec<Candidate>> {
    const SQL: &str = "SELECT u.id AS id, \
           (SELECT COUNT(*) FROM leads l WHERE l.owner_id = u.id \
              AND l.status IN ('new','contacted','visited')) AS open_leads, \
           (SELECT MAX(l.assigned_at) FROM leads l WHERE l.owner_id = u.id) AS last_assigned \
         FROM users u JOIN user_projects up ON up.user_id = u.id AND up.project_id = $1 \
         WHERE u.company_id = $2 AND u.role = $3 AND u.disabled = $4 \
         ORDER BY open_leads ASC, last_assigned ASC NULLS FIRST, u.id ASC";
    let sql = db::placeholders(conn, SQL);
    diesel::sql_query(sql)
        .bind::<Text, _>(project_id)
        .bind::<Text, _>(company_id)
        .bind::<Text, _>(role.as_str())
        .bind::<diesel::sql_types::Bool, _>(false)
        .load(conn)
}

/// An automatic assignment of `user_id`, and why (the timeline's reason and its facts).
fn assigned(
    user_id: String,
    grade: api_types::Grade,
    role: api_types::Role,
    rule: &str,
    open_leads: i64,
) -> Assigned {
    Assigned {
        reason: format!(
            "grade {} → {} ({rule}); fewest open leads ({open_leads}), then round-robin",
            grade.as_str(),
            role.as_str(),
        ),
        facts: serde_json::json!({
            "owner_id": user_id, "grade": grade.as_str(), "role": role.as_str(),
            "rule": rule, "open_leads": open_leads,
        }),
        user_id,
    }
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
    let found = candidates(conn, &lead.company_id, &lead.project_id, role)?;
    Ok(found
        .into_iter()
        .next()
        .map(|c| assigned(c.id, grade, role, rule, c.open_leads)))
}

/// The same policy as [`choose`] for many leads at once (the import's fast
/// path): each (project, role)'s candidates are loaded once, and every
/// assignment is counted in memory as the database would count it, so lead
/// after lead gets the owner that [`choose`] would have picked.
#[derive(Debug, Default)]
pub struct Roster {
    /// (project, role) → eligible user ids.
    eligible: HashMap<(String, api_types::Role), Vec<String>>,
    /// User id → (open leads, last assigned).
    load: HashMap<String, (i64, Option<chrono::NaiveDateTime>)>,
}

impl Roster {
    /// Chooses and counts the owner of a new lead of `grade` assigned at `now`.
    #[allow(clippy::too_many_arguments)]
    pub fn assign(
        &mut self,
        conn: &mut DbConn,
        company_id: &str,
        project_id: &str,
        grade: api_types::Grade,
        roles: &GradeRoles,
        rule: &str,
        now: chrono::NaiveDateTime,
    ) -> QueryResult<Option<Assigned>> {
        let role = roles.role_for(grade);
        let key = (project_id.to_string(), role);
        if !self.eligible.contains_key(&key) {
            let found = candidates(conn, company_id, project_id, role)?;
            for c in &found {
                self.load
                    .entry(c.id.clone())
                    .or_insert((c.open_leads, c.last_assigned));
            }
            self.eligible
                .insert(key.clone(), found.into_iter().map(|c| c.id).collect());
        }
        let best = self.eligible[&key]
            .iter()
            .filter_map(|id| self.load.get(id).map(|l| (l.0, l.1, id)))
            .min()
            .map(|(open, _, id)| (open, id.clone()));
        Ok(best.map(|(open, id)| {
            self.load.insert(id.clone(), (open + 1, Some(now)));
            assigned(id, grade, role, rule, open)
        }))
    }
}

/// Sets the owner of a lead (version + 1).
pub fn set_owner(conn: &mut DbConn, lead_id: &str, owner: Option<&str>) -> QueryResult<()> {
    set_owners(conn, &[lead_id.to_string()], owner)
}

/// Sets the owner of several leads (each version + 1), in one statement.
pub fn set_owners(conn: &mut DbConn, lead_ids: &[String], owner: Option<&str>) -> QueryResult<()> {
    let now = db::now();
    diesel::update(leads::table.filter(leads::id.eq_any(lead_ids)))
        .set((
            leads::owner_id.eq(owner),
            leads::assigned_at.eq(owner.map(|_| now)),
            leads::version.eq(leads::version + 1),
            leads::updated_at.eq(now),
        ))
        .execute(conn)
        .map(|_| ())
}
