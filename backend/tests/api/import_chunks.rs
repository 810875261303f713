//! Big imports: chunks of one write transaction each, duplicates across
//! chunks, a database failure in the middle, and SQLite's checkpoint setting
//! given back to the pool afterwards.

use api_types::Role;

use crate::helpers::{spawn_app, TestApp};
use crate::import::{import_ok, CSV};

/// How many leads the database holds.
fn lead_count(app: &TestApp) -> i64 {
    use diesel::prelude::*;
    let mut conn = app.state.pool.get().expect("conn");
    estate_crm::schema::leads::table
        .count()
        .get_result(&mut *conn)
        .expect("count")
}

/// Rows per write transaction of the import on the test's database.
fn chunk(app: &TestApp) -> usize {
    let conn = app.state.pool.get().expect("conn");
    estate_crm::leads::import::chunk_rows(&conn, app.state.config.import_chunk_rows)
}

#[actix_web::test]
async fn a_file_bigger_than_a_chunk_is_imported_whole_with_duplicates_across_chunks() {
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    let before = lead_count(&app);
    let rows = chunk(&app) + 30;
    let mut csv = String::from("name,phone,project,source,purchase_timeframe\n");
    for i in 0..rows {
        csv.push_str(&format!("客户{i},1391000{i:04},滨江壹号院,官网,no_plan\n"));
    }
    // The last line: row 2's phone again, in the second chunk.
    csv.push_str("客户重复,13910000000,西溪云庐,官网,no_plan\n");
    let report = import_ok(&app, &head, CSV, csv.into_bytes()).await;
    assert_eq!(report["total_rows"], rows + 1, "{report}");
    assert_eq!(report["imported"], rows + 1);
    assert_eq!(report["duplicates"], 1);
    assert_eq!(report["failed_rows"], 0);
    assert_eq!(lead_count(&app) - before, (rows + 1) as i64);
    assert_checkpoints_restored(&app);
}

#[actix_web::test]
async fn a_database_failure_stops_the_import_and_the_report_says_what_was_imported() {
    use diesel::connection::SimpleConnection;
    let app = spawn_app().await;
    let head = app.token(Role::CrmHead).await;
    // A trigger makes the database refuse one lead, as a failing disk would.
    let sql = if crate::helpers::on_postgres() {
        "CREATE FUNCTION boom() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'boom'; END $$ LANGUAGE plpgsql;
         CREATE TRIGGER boom BEFORE INSERT ON leads FOR EACH ROW WHEN (NEW.notes = 'boom') EXECUTE FUNCTION boom();"
    } else {
        "CREATE TRIGGER boom BEFORE INSERT ON leads WHEN NEW.notes = 'boom'
         BEGIN SELECT RAISE(ABORT, 'boom'); END;"
    };
    app.state
        .pool
        .get()
        .expect("conn")
        .batch_execute(sql)
        .expect("trigger");
    let before = lead_count(&app);
    let chunk = chunk(&app);
    let mut csv = String::from("name,phone,project,source,notes\n");
    for i in 0..chunk + 30 {
        let notes = if i == chunk + 10 { "boom" } else { "" };
        csv.push_str(&format!("客户{i},1392000{i:04},滨江壹号院,官网,{notes}\n"));
    }
    let report = import_ok(&app, &head, CSV, csv.into_bytes()).await;
    // The first chunk (lines 2 to chunk + 1) is committed; the second rolled back whole.
    assert_eq!(report["imported"], chunk, "{report}");
    assert_eq!(report["aborted"]["line"], chunk + 2, "{report}");
    assert_eq!(report["failed_rows"], 0);
    assert_eq!(
        lead_count(&app) - before,
        chunk as i64,
        "nothing of the second chunk stayed"
    );
    assert_checkpoints_restored(&app);
}

/// On SQLite an import checkpoints its log less often while it runs
/// (leads/import/run.rs); afterwards every pooled connection must be back at
/// the pool's 1,000 pages (`db::SQLITE_CHECKPOINT_PAGES`), whichever connection ran the import.
fn assert_checkpoints_restored(app: &TestApp) {
    use diesel::prelude::*;
    use diesel::sql_types::Integer;
    #[derive(QueryableByName)]
    struct Setting {
        #[diesel(sql_type = Integer)]
        wal_autocheckpoint: i32,
    }
    let held: Vec<_> = (0..app.state.config.db_pool_size)
        .map(|_| app.state.pool.get().expect("conn"))
        .collect();
    for mut conn in held {
        if let estate_crm::db::DbConn::Sqlite(c) = &mut *conn {
            let s: Setting = diesel::sql_query("PRAGMA wal_autocheckpoint")
                .get_result(c)
                .expect("pragma");
            assert_eq!(s.wal_autocheckpoint, 1000);
        }
    }
}
