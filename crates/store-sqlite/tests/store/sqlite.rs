//! What is about SQLite itself: the database file and its mode, the schema
//! version in `user_version` and its migrations, and failures injected or
//! rows damaged with SQL behind the store's back.

use std::path::Path;

use newsdesk_store::{ListQuery, Store, StoreError};
use newsdesk_store_sqlite::{SqliteStore, DB_FILE, SCHEMA_VERSION};
use newsdesk_store_tests::fixtures::{article, check_a_refused_batch_leaves_nothing_behind, dated, page, put, report};

/// A second handle on a store's file, to do what no newsdesk would.
fn raw_conn(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(DB_FILE)).unwrap()
}

#[test]
fn creates_the_directory_and_a_wal_database() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("nested/data");
    let store = SqliteStore::open(&data).unwrap();
    assert_eq!(store.path().unwrap(), data.join(DB_FILE));
    assert!(data.join(DB_FILE).is_file());
    let conn = raw_conn(&data);
    let mode: String = conn.query_row("PRAGMA journal_mode", [], |r| r.get(0)).unwrap();
    assert_eq!(mode, "wal");
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, SCHEMA_VERSION);
}

/// The suite runs on stores in a directory; an in-memory one (one per
/// handle, so not suite material) behaves the same.
#[test]
fn an_in_memory_store_keeps_articles_and_versions() {
    let mut store = SqliteStore::open_in_memory().unwrap();
    assert_eq!(store.path(), None);
    let v1 = article("a");
    let mut v2 = v1.clone();
    v2.title = Some("revised".into());
    assert_eq!(store.put_batch(&[page(&v1, Some(b"<p>1</p>"))]).unwrap(), report(1, 0, 0));
    assert_eq!(store.put_batch(&[page(&v2, None)]).unwrap(), report(0, 1, 0));
    assert_eq!(put(&mut store, std::slice::from_ref(&v2)), report(0, 0, 1));
    assert_eq!(store.get("a").unwrap().unwrap().article, v2);
    assert_eq!(store.previous_versions("a").unwrap()[0].article, v1);
    assert_eq!(store.version_raw_html("a", 1).unwrap().unwrap(), b"<p>1</p>");
    // Each in-memory store is a store of its own.
    assert!(SqliteStore::open_in_memory().unwrap().get("a").unwrap().is_none());
}

#[test]
fn a_failing_batch_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    put(&mut store, &[article("kept")]);
    // Make one record of the next batch fail halfway through.
    raw_conn(dir.path())
        .execute_batch(
            "CREATE TRIGGER boom BEFORE INSERT ON articles WHEN NEW.id = 'bad'
             BEGIN SELECT RAISE(ABORT, 'refused'); END;",
        )
        .unwrap();
    check_a_refused_batch_leaves_nothing_behind(&mut store, "sqlite");
}

/// Schema 7 fills the counts a story page reads from the stories a
/// store already holds: take a store back to schema 6 and reopen it.
#[test]
fn story_counts_are_filled_for_a_store_of_schema_6() {
    use newsdesk_store::{CopyRecord, CoverageUpdate};
    let dir = tempfile::tempdir().unwrap();
    let arts = [
        dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
        dated("b", Some("Daily"), Some("2024-03-04T09:00:00Z")),
        dated("c", Some("Wire"), None),
    ];
    let kept = {
        let mut store = SqliteStore::open(dir.path()).unwrap();
        put(&mut store, &arts);
        let copies = arts
            .iter()
            .map(|a| CopyRecord { article_id: a.id.clone(), copy_of: None, similarity: 1.0, band_keys: vec![] })
            .collect();
        let placements = vec![("a".into(), 1), ("b".into(), 1), ("c".into(), 1)];
        store.put_coverage(&CoverageUpdate { copies, placements, ..Default::default() }).unwrap();
        (store.story_outlets(1).unwrap(), store.story_days(1).unwrap(), store.story_articles(1).unwrap())
    };
    raw_conn(dir.path())
        .execute_batch(
            "DROP TABLE story_days;
             DROP INDEX story_articles_in_order;
             ALTER TABLE story_articles DROP COLUMN sort_ts;
             CREATE INDEX story_articles_by_story ON story_articles (story);
             DROP TABLE story_outlets;
             CREATE TABLE story_outlets (story INTEGER NOT NULL, outlet TEXT NOT NULL, country TEXT NOT NULL,
                 articles INTEGER NOT NULL, PRIMARY KEY (story, outlet, country)) WITHOUT ROWID;
             INSERT INTO story_outlets VALUES (1, 'wire', '', 2), (1, 'daily', '', 1);
             PRAGMA user_version = 6;",
        )
        .unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!((store.story_outlets(1).unwrap(), store.story_days(1).unwrap(), store.story_articles(1).unwrap()), kept);
    assert_eq!(kept.2, ["b", "a", "c"]);
    assert_eq!(kept.0[0].name.as_deref(), Some("Daily"));
}

#[test]
fn a_newer_schema_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    drop(SqliteStore::open(dir.path()).unwrap());
    raw_conn(dir.path()).execute_batch("PRAGMA user_version = 99").unwrap();
    match SqliteStore::open(dir.path()) {
        Err(StoreError::SchemaTooNew { found, supported }) => {
            assert_eq!((found, supported), (99, SCHEMA_VERSION));
        }
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

#[test]
fn a_corrupt_row_is_reported_with_its_id() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();
    put(&mut store, &[article("good"), article("broken")]);
    store.put_batch(&[page(&article("zipped"), Some(b"<p>x</p>"))]).unwrap();
    let conn = raw_conn(dir.path());
    conn.execute("UPDATE articles SET article_json = '{\"id\": \"broken\", \"text\": ' WHERE id = 'broken'", [])
        .unwrap();
    conn.execute("UPDATE raw_pages SET html = x'00ff00ff' WHERE article_id = 'zipped'", []).unwrap();

    let corrupt_id = |e: StoreError| match e {
        StoreError::Corrupt { id, .. } => id,
        other => panic!("expected Corrupt, got {other:?}"),
    };
    assert_eq!(corrupt_id(store.get("broken").unwrap_err()), "broken");
    assert_eq!(corrupt_id(store.list(&ListQuery::default()).unwrap_err()), "broken");
    assert_eq!(corrupt_id(store.raw_html("zipped").unwrap_err()), "zipped");
    assert!(store.get("good").unwrap().is_some());
}
