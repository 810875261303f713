//! Moving a merged-away customer's rows that carry a per-customer unique key
//! (an `Idempotency-Key`, a redemption's dedupe key) to the survivor.

/// Moves `$table`'s rows of customer `$from` to `$into` through `$owner`,
/// first clearing the `$key` of each moved row whose key the survivor already
/// holds (the unique index on `($owner, $key)` would refuse it; the
/// survivor's row is the one a retry replays). Evaluates to the rows moved.
macro_rules! move_keyed_rows {
    ($conn:expr, $table:ident, $owner:ident, $key:ident, $from:expr, $into:expr) => {{
        let taken: Vec<Option<String>> = $table::table
            .filter($table::$owner.eq($into))
            .filter($table::$key.is_not_null())
            .select($table::$key)
            .load($conn)?;
        diesel::update(
            $table::table
                .filter($table::$owner.eq($from))
                .filter($table::$key.eq_any(taken.into_iter().flatten())),
        )
        .set($table::$key.eq(None::<String>))
        .execute($conn)?;
        diesel::update($table::table.filter($table::$owner.eq($from)))
            .set($table::$owner.eq($into))
            .execute($conn)?
    }};
}

pub(crate) use move_keyed_rows;
