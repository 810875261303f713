//! `LIMIT n` written into the SQL text instead of bound as a parameter.
//!
//! PostgreSQL plans a prepared statement afresh on every execution while the
//! generic plan looks costlier than the custom ones, and a bound `LIMIT $n`
//! makes it look costlier: the planner must assume a tenth of the matching
//! rows instead of one page (and so even considers a parallel scan). With the
//! page size in the text, the generic plan of a list query is the custom one,
//! so after five executions PostgreSQL stops planning it (measured on the
//! leads list: planning was 43 % of PostgreSQL's CPU per request; see
//! `scripts/bench/RESULTS.md`). Each page size is its own prepared statement;
//! callers pass a validated page size (1–200), so there are few.

use diesel::backend::Backend;
use diesel::query_builder::{AstPass, Query, QueryFragment, QueryId};
use diesel::{QueryResult, RunQueryDsl};

/// `query LIMIT n`, `n` in the SQL text; `query` must have no limit of its own.
#[derive(Debug, Clone, Copy)]
pub struct LiteralLimit<Q> {
    query: Q,
    limit: i64,
}

/// Adds `LIMIT limit` to `query` as literal SQL (see the module docs).
pub fn literal_limit<Q>(query: Q, limit: i64) -> LiteralLimit<Q> {
    LiteralLimit { query, limit }
}

impl<Q> QueryId for LiteralLimit<Q> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<Q: Query> Query for LiteralLimit<Q> {
    type SqlType = Q::SqlType;
}

impl<Q, DB> QueryFragment<DB> for LiteralLimit<Q>
where
    DB: Backend,
    Q: QueryFragment<DB>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, DB>) -> QueryResult<()> {
        self.query.walk_ast(out.reborrow())?;
        out.push_sql(" LIMIT ");
        out.push_sql(&self.limit.to_string());
        Ok(())
    }
}

impl<Q, Conn> RunQueryDsl<Conn> for LiteralLimit<Q> {}

#[cfg(test)]
mod tests {
    use diesel::prelude::*;
    use diesel::sqlite::Sqlite;

    use super::literal_limit;
    use crate::schema::leads;

    #[test]
    fn the_page_size_is_sql_text_not_a_bind_parameter() {
        let q = leads::table
            .filter(leads::grade.eq("B"))
            .order(leads::id.asc())
            .select(leads::id);
        let sql = diesel::debug_query::<Sqlite, _>(&literal_limit(q, 51)).to_string();
        assert!(sql.contains("ORDER BY `leads`.`id` ASC LIMIT 51"), "{sql}");
        // The one bind is the grade: the limit adds none.
        assert!(sql.ends_with("-- binds: [\"B\"]"), "{sql}");
    }
}
