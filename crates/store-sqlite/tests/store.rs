//! The SQLite store against the `Store` contract, by topic.

use std::path::Path;

use chrono::{NaiveDate, Utc};
use newsdesk_model::{Article, Block, BlockKind, Extraction, PubDate, Strategy};
use newsdesk_store::{BatchReport, ListQuery, PageRecord, Store, StoreError, StoredArticle};
use newsdesk_store_sqlite::{SqliteStore, DB_FILE, SCHEMA_VERSION};

fn article(id: &str) -> Article {
    let mut a = Article::new(id.into());
    a.title = Some(format!("Title {id}"));
    a.blocks = vec![Block::new(BlockKind::Paragraph, format!("Body of {id}."))];
    a.finish_text();
    a
}

fn dated(id: &str, site: Option<&str>, published: Option<&str>) -> Article {
    let mut a = article(id);
    a.site_name = site.map(Into::into);
    a.published = published.map(|p| PubDate::parse(p).unwrap());
    a
}

fn page(a: &Article, html: Option<&[u8]>) -> PageRecord {
    PageRecord { article: a.clone(), raw_html: html.map(<[u8]>::to_vec), fetched_at: Some(Utc::now()) }
}

fn put(store: &mut SqliteStore, articles: &[Article]) -> BatchReport {
    let batch: Vec<_> = articles.iter().map(|a| page(a, None)).collect();
    store.put_batch(&batch).unwrap()
}

fn report(inserted: u64, updated: u64, unchanged: u64) -> BatchReport {
    BatchReport { inserted, updated, unchanged }
}

fn ids(list: &[StoredArticle]) -> Vec<&str> {
    list.iter().map(|s| s.article.id.as_str()).collect()
}

/// A second handle on a store's file, to do what no newsdesk would.
fn raw_conn(dir: &Path) -> rusqlite::Connection {
    rusqlite::Connection::open(dir.join(DB_FILE)).unwrap()
}

mod roundtrip {
    use super::*;

    fn full_article() -> Article {
        let mut a = Article::new("full-1".into());
        a.url = Some("https://example.com/news/a?x=1".into());
        a.canonical_url = Some("https://example.com/news/a".into());
        a.title = Some("Rain fell in Lisbon".into());
        a.authors = vec!["Ana Silva".into(), "João Costa".into()];
        a.published = Some(PubDate::parse("2024-03-05T10:00:00+01:00").unwrap());
        a.modified = Some(PubDate::parse("2024-03-05T12:30:00").unwrap());
        a.site_name = Some("Diário de Lisboa".into());
        a.language = Some("pt".into());
        a.country = Some("PT".into());
        a.blocks = vec![
            Block::new(BlockKind::Heading, "Storm"),
            Block::new(BlockKind::Paragraph, "Rain fell in Lisbon."),
            Block::new(BlockKind::Quote, "\"It never stops\", said a resident."),
            Block::new(BlockKind::ListItem, "Trains delayed"),
            Block::new(BlockKind::Caption, "A wet street."),
        ];
        a.finish_text();
        a.image = Some("https://example.com/rain.jpg".into());
        a.extraction = Some(Extraction { strategy: Strategy::Semantic, confidence: 0.875 });
        a.extra.insert("label".into(), 7.into());
        a.extra.insert("meta".into(), serde_json::json!({"tags": ["weather", "lisbon"], "score": 1.5, "ok": true}));
        a
    }

    #[test]
    fn insert_then_get_keeps_every_field() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let a = full_article();
        let html = "<html><body><h1>Storm</h1><p>Rain fell in Lisbon.</p></body></html>".repeat(20);
        let r = store.put_batch(&[page(&a, Some(html.as_bytes()))]).unwrap();
        assert_eq!(r, report(1, 0, 0));

        let got = store.get("full-1").unwrap().unwrap();
        assert_eq!(got.article, a);
        assert_eq!(got.versions, 1);
        assert_eq!(got.first_seen, got.last_changed);
        assert_eq!(store.raw_html("full-1").unwrap().unwrap(), html.as_bytes());
        assert!(store.previous_versions("full-1").unwrap().is_empty());
    }

    #[test]
    fn missing_ids_are_none() {
        let store = SqliteStore::open_in_memory().unwrap();
        assert!(store.get("nope").unwrap().is_none());
        assert!(store.raw_html("nope").unwrap().is_none());
        assert!(store.previous_versions("nope").unwrap().is_empty());
        assert!(store.version_raw_html("nope", 1).unwrap().is_none());
    }

    #[test]
    fn empty_batch_is_a_no_op() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        assert_eq!(store.put_batch(&[]).unwrap(), BatchReport::default());
    }
}

mod versions {
    use super::*;

    #[test]
    fn same_article_again_is_unchanged_and_not_rewritten() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let a = article("a");
        store.put_batch(&[page(&a, Some(b"<p>one</p>"))]).unwrap();
        let before = store.get("a").unwrap().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        // Same article, different page bytes and fetch time: still unchanged.
        let r = store.put_batch(&[page(&a, Some(b"<p>one, refetched</p>"))]).unwrap();
        assert_eq!(r, report(0, 0, 1));
        let after = store.get("a").unwrap().unwrap();
        assert_eq!(after.last_changed, before.last_changed);
        assert_eq!(after.versions, 1);
        assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>one</p>");
        assert_eq!(store.stats().unwrap().versions, 1);
    }

    #[test]
    fn changed_content_keeps_the_previous_version_with_its_page() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let v1 = article("a");
        store.put_batch(&[page(&v1, Some(b"<p>first</p>"))]).unwrap();
        let first = store.get("a").unwrap().unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));

        let mut v2 = v1.clone();
        v2.blocks.push(Block::new(BlockKind::Paragraph, "A correction."));
        v2.finish_text();
        let r = store.put_batch(&[page(&v2, Some(b"<p>second</p>"))]).unwrap();
        assert_eq!(r, report(0, 1, 0));

        let now = store.get("a").unwrap().unwrap();
        assert_eq!(now.article, v2);
        assert_eq!(now.versions, 2);
        assert_eq!(now.first_seen, first.first_seen);
        assert!(now.last_changed > first.last_changed);
        assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>second</p>");

        let old = store.previous_versions("a").unwrap();
        assert_eq!(old.len(), 1);
        assert_eq!(old[0].article, v1);
        assert_eq!(old[0].versions, 1);
        assert_eq!(old[0].first_seen, first.first_seen);
        assert_eq!(old[0].last_changed, first.last_changed);
        assert_eq!(store.version_raw_html("a", 1).unwrap().unwrap(), b"<p>first</p>");
        assert_eq!(store.stats().unwrap().versions, 2);
    }

    #[test]
    fn metadata_change_alone_is_an_update() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let v1 = article("a");
        let mut v2 = v1.clone();
        v2.extra.insert("label".into(), 1.into());
        assert_eq!(put(&mut store, std::slice::from_ref(&v1)), report(1, 0, 0));
        assert_eq!(put(&mut store, &[v2]), report(0, 1, 0));
        // Going back to the first content is a third version, not a no-op.
        assert_eq!(put(&mut store, &[v1]), report(0, 1, 0));
        assert_eq!(store.get("a").unwrap().unwrap().versions, 3);
    }

    #[test]
    fn update_without_a_page_drops_the_current_page_but_not_the_archived_one() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let v1 = article("a");
        store.put_batch(&[page(&v1, Some(b"<p>first</p>"))]).unwrap();
        let mut v2 = v1.clone();
        v2.title = Some("New title".into());
        assert_eq!(store.put_batch(&[page(&v2, None)]).unwrap(), report(0, 1, 0));
        assert!(store.raw_html("a").unwrap().is_none());
        assert_eq!(store.version_raw_html("a", 1).unwrap().unwrap(), b"<p>first</p>");
    }

    #[test]
    fn several_updates_come_back_oldest_first() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        for n in 1..=4 {
            let mut a = article("a");
            a.title = Some(format!("take {n}"));
            put(&mut store, &[a]);
        }
        let old = store.previous_versions("a").unwrap();
        let titles: Vec<_> = old.iter().map(|s| s.article.title.clone().unwrap()).collect();
        assert_eq!(titles, ["take 1", "take 2", "take 3"]);
        assert_eq!(old.iter().map(|s| s.versions).collect::<Vec<_>>(), [1, 2, 3]);
        assert_eq!(store.get("a").unwrap().unwrap().versions, 4);
    }
}

mod batches {
    use super::*;

    #[test]
    fn a_repeated_id_applies_in_order() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let v1 = article("a");
        let mut v2 = v1.clone();
        v2.title = Some("second".into());
        let batch = [
            page(&v1, Some(b"one")),
            page(&v2, Some(b"two")),
            page(&v2, Some(b"two again")),
            page(&article("b"), None),
        ];
        assert_eq!(store.put_batch(&batch).unwrap(), report(2, 1, 1));
        let a = store.get("a").unwrap().unwrap();
        assert_eq!(a.article.title.as_deref(), Some("second"));
        assert_eq!(a.versions, 2);
        assert_eq!(store.raw_html("a").unwrap().unwrap(), b"two");
        assert_eq!(store.version_raw_html("a", 1).unwrap().unwrap(), b"one");
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
        let mut changed = article("kept");
        changed.title = Some("changed".into());
        let batch = [page(&article("new"), Some(b"x")), page(&changed, None), page(&article("bad"), None)];
        let err = store.put_batch(&batch).unwrap_err();
        match &err {
            StoreError::Backend { backend, message } => {
                assert_eq!(*backend, "sqlite");
                assert!(message.contains("bad") && message.contains("refused"), "{message}");
            }
            other => panic!("expected a backend error, got {other:?}"),
        }
        assert!(store.get("new").unwrap().is_none());
        assert!(store.raw_html("new").unwrap().is_none());
        let kept = store.get("kept").unwrap().unwrap();
        assert_eq!(kept.article.title.as_deref(), Some("Title kept"));
        assert_eq!(kept.versions, 1);
        assert!(store.previous_versions("kept").unwrap().is_empty());
        // And the store still takes writes afterwards.
        assert_eq!(put(&mut store, &[article("new")]), report(1, 0, 0));
    }
}

mod on_disk {
    use super::*;

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

    #[test]
    fn reopening_keeps_everything() {
        let dir = tempfile::tempdir().unwrap();
        let v1 = dated("a", Some("Daily"), Some("2024-03-05"));
        let mut v2 = v1.clone();
        v2.title = Some("revised".into());
        {
            let mut store = SqliteStore::open(dir.path()).unwrap();
            store.put_batch(&[page(&v1, Some(b"<p>1</p>"))]).unwrap();
            store.put_batch(&[page(&v2, Some(b"<p>2</p>"))]).unwrap();
        }
        let mut store = SqliteStore::open(dir.path()).unwrap();
        assert_eq!(store.get("a").unwrap().unwrap().article, v2);
        assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>2</p>");
        assert_eq!(store.previous_versions("a").unwrap()[0].article, v1);
        assert_eq!(store.version_raw_html("a", 1).unwrap().unwrap(), b"<p>1</p>");
        assert_eq!(put(&mut store, &[v2]), report(0, 0, 1));
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
        assert_eq!(
            (store.story_outlets(1).unwrap(), store.story_days(1).unwrap(), store.story_articles(1).unwrap()),
            kept
        );
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
}

mod scanning {
    use super::*;

    fn sample() -> SqliteStore {
        let mut store = SqliteStore::open_in_memory().unwrap();
        put(
            &mut store,
            &[
                dated("d1", Some("Daily"), Some("2024-03-01")),
                dated("d2", Some("daily"), Some("2024-03-06T08:00:00Z")),
                dated("d3", Some("DAILY"), None),
                // The 5th in its own zone, still the 4th in UTC.
                dated("z1", Some("Zeitung"), Some("2024-03-05T01:00:00+05:00")),
                dated("o2", Some("Other"), Some("2024-03-06T08:00:00Z")),
                dated("o1", Some("Other"), Some("2024-03-06T08:00:00Z")),
                dated("n1", None, None),
                dated("s1", Some("Süddeutsche"), Some("2024-03-02")),
            ],
        );
        store
    }

    fn list(store: &SqliteStore, source: Option<&str>, since: Option<&str>, limit: Option<usize>) -> Vec<String> {
        let q = ListQuery {
            source: source.map(Into::into),
            since: since.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
            limit,
            ..Default::default()
        };
        ids(&store.list(&q).unwrap()).into_iter().map(String::from).collect()
    }

    #[test]
    fn changed_since_selects_what_was_written_after_an_instant() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        store.put_batch(&[PageRecord::new(Article::new("old".into()))]).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(5));
        let mark = chrono::Utc::now();
        store.put_batch(&[PageRecord::new(Article::new("new".into()))]).unwrap();
        let q = ListQuery { changed_since: Some(mark), ..Default::default() };
        assert_eq!(ids(&store.list(&q).unwrap()), vec!["new"]);
        let all = ListQuery { changed_since: Some(mark - chrono::Duration::seconds(60)), ..Default::default() };
        assert_eq!(store.list(&all).unwrap().len(), 2);
    }

    #[test]
    fn changed_ids_are_oldest_first_then_undated_as_stored() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        put(
            &mut store,
            &[
                dated("zu", None, None),
                dated("late", None, Some("2024-03-06T08:00:00Z")),
                dated("au", None, None),
                dated("early", None, Some("2024-03-05T08:00:00Z")),
            ],
        );
        std::thread::sleep(std::time::Duration::from_millis(5));
        let mark = Utc::now();
        put(&mut store, &[dated("mu", None, None)]);
        assert_eq!(store.changed_ids(None).unwrap(), ["early", "late", "zu", "au", "mu"]);
        assert_eq!(store.changed_ids(Some(mark)).unwrap(), ["mu"]);
        // An update keeps the article's place among the undated.
        let mut zu = dated("zu", None, None);
        zu.text.push_str(" Corrected.");
        put(&mut store, &[zu]);
        assert_eq!(store.changed_ids(None).unwrap(), ["early", "late", "zu", "au", "mu"]);
    }

    #[test]
    fn newest_first_undated_last_ties_by_id() {
        let store = sample();
        assert_eq!(list(&store, None, None, None), ["d2", "o1", "o2", "z1", "s1", "d1", "d3", "n1"]);
    }

    #[test]
    fn source_is_case_insensitive() {
        let store = sample();
        assert_eq!(list(&store, Some("dAiLy"), None, None), ["d2", "d1", "d3"]);
        assert_eq!(list(&store, Some("SÜDDEUTSCHE"), None, None), ["s1"]);
        assert!(list(&store, Some("Dail"), None, None).is_empty());
    }

    #[test]
    fn since_is_the_publication_day_in_the_source_zone() {
        let store = sample();
        assert_eq!(list(&store, None, Some("2024-03-05"), None), ["d2", "o1", "o2", "z1"]);
        assert_eq!(list(&store, None, Some("2024-03-06"), None), ["d2", "o1", "o2"]);
        assert_eq!(list(&store, Some("daily"), Some("2024-03-02"), None), ["d2"]);
        assert!(list(&store, None, Some("2030-01-01"), None).is_empty());
    }

    #[test]
    fn limit_cuts_after_ordering() {
        let store = sample();
        assert_eq!(list(&store, None, None, Some(2)), ["d2", "o1"]);
        assert_eq!(list(&store, Some("other"), None, Some(1)), ["o1"]);
        assert!(list(&store, None, None, Some(0)).is_empty());
    }

    #[test]
    fn a_visitor_error_stops_the_scan() {
        let store = sample();
        let mut seen = 0;
        let err = store
            .scan(&ListQuery::default(), &mut |_| {
                seen += 1;
                if seen == 3 {
                    return Err(StoreError::Backend { backend: "test", message: "enough".into() });
                }
                Ok(())
            })
            .unwrap_err();
        assert_eq!(seen, 3);
        assert!(err.to_string().contains("enough"));
    }

    #[test]
    fn streams_many_rows_in_order() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
        let all: Vec<_> = (0..5000)
            .map(|i| {
                let day = start + chrono::Days::new(i % 1500);
                dated(&format!("id{i:05}"), Some(["A", "B", "C"][i as usize % 3]), Some(&day.to_string()))
            })
            .collect();
        for chunk in all.chunks(500) {
            put(&mut store, chunk);
        }
        let mut count = 0;
        let mut last: Option<(i64, String)> = None;
        store
            .scan(&ListQuery::default(), &mut |s| {
                let key = (-s.article.published.unwrap().timestamp(), s.article.id.clone());
                if let Some(prev) = &last {
                    assert!(prev < &key, "{prev:?} before {key:?}");
                }
                last = Some(key);
                count += 1;
                Ok(())
            })
            .unwrap();
        assert_eq!(count, 5000);
        let q = ListQuery { source: Some("b".into()), ..Default::default() };
        assert_eq!(store.list(&q).unwrap().len(), 1667);
    }
}

mod statistics {
    use super::*;

    #[test]
    fn empty_store() {
        let s = SqliteStore::open_in_memory().unwrap().stats().unwrap();
        assert_eq!((s.articles, s.versions, s.with_raw_html, s.raw_html_bytes, s.words), (0, 0, 0, 0, 0));
        assert!(s.oldest_published.is_none() && s.newest_published.is_none());
        assert!(s.sources.is_empty() && s.languages.is_empty());
    }

    #[test]
    fn counts_everything() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut arts = [
            dated("a", Some("Daily"), Some("2024-03-05T10:00:00+01:00")),
            dated("b", Some("daily"), Some("2023-12-31")),
            dated("c", Some("Other"), Some("2024-06-01T00:00:00")),
            dated("d", None, None),
        ];
        for (a, lang) in arts.iter_mut().zip([Some("en"), Some("en"), Some("pt"), None]) {
            a.language = lang.map(Into::into);
        }
        let html = b"<html>".repeat(100);
        let batch: Vec<_> = arts.iter().take(3).map(|a| page(a, Some(&html))).collect();
        store.put_batch(&batch).unwrap();
        put(&mut store, &arts[3..]);
        let mut revised = arts[0].clone();
        revised.title = Some("revised".into());
        put(&mut store, &[revised]);

        let s = store.stats().unwrap();
        assert_eq!(s.articles, 4);
        assert_eq!(s.versions, 5);
        // The revision came without a page, so "a" no longer has one.
        assert_eq!(s.with_raw_html, 2);
        assert!(s.raw_html_bytes > 0 && s.raw_html_bytes < 2 * html.len() as u64);
        assert_eq!(s.words, 4 * 3);
        assert_eq!(s.oldest_published.as_deref(), Some("2023-12-31"));
        assert_eq!(s.newest_published.as_deref(), Some("2024-06-01T00:00:00"));
        assert_eq!(s.sources, [("Daily".to_string(), 2), ("Other".to_string(), 1)]);
        assert_eq!(s.languages, [("en".to_string(), 2), ("pt".to_string(), 1)]);
    }

    #[test]
    fn lists_the_top_twenty() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let arts: Vec<_> = (0..30)
            .flat_map(|s| (0..=s).map(move |i| dated(&format!("{s}-{i}"), Some(&format!("site{s:02}")), None)))
            .collect();
        put(&mut store, &arts);
        let s = store.stats().unwrap();
        assert_eq!(s.sources.len(), 20);
        assert_eq!(s.sources[0], ("site29".to_string(), 30));
        assert_eq!(s.sources[19], ("site10".to_string(), 11));
    }
}

/// `cargo test --release -p newsdesk-store-sqlite --test store -- --ignored --nocapture throughput`
mod throughput {
    use super::*;
    use std::time::Instant;

    /// Deterministic filler text from a small vocabulary, so pages compress
    /// like real prose rather than like noise or like one repeated line.
    struct Words(u64);

    impl Words {
        const VOCAB: &'static [&'static str] = &[
            "the",
            "minister",
            "said",
            "on",
            "Tuesday",
            "that",
            "rain",
            "fell",
            "across",
            "Lisbon",
            "and",
            "trains",
            "were",
            "delayed",
            "for",
            "hours",
            "while",
            "officials",
            "promised",
            "new",
            "funding",
            "to",
            "repair",
            "bridges",
            "in",
            "northern",
            "districts",
            "after",
            "a",
            "report",
            "found",
            "cracks",
            "council",
            "vote",
            "budget",
            "river",
            "flooding",
            "residents",
            "complained",
            "about",
            "slow",
            "response",
            "of",
            "city",
        ];

        fn next(&mut self) -> &'static str {
            self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            Self::VOCAB[(self.0 >> 33) as usize % Self::VOCAB.len()]
        }

        fn sentence(&mut self, n: usize) -> String {
            (0..n).map(|_| self.next()).collect::<Vec<_>>().join(" ") + "."
        }
    }

    fn realistic(i: usize) -> PageRecord {
        let mut w = Words(i as u64 + 1);
        let mut a = Article::new(format!("{i:016x}"));
        a.url = Some(format!("https://news.example.com/2024/03/{i}/story"));
        a.title = Some(w.sentence(9));
        a.site_name = Some(["Daily", "Herald", "Gazette"][i % 3].into());
        a.language = Some("en".into());
        a.published = Some(PubDate::parse(&format!("2024-03-{:02}T10:00:00Z", i % 28 + 1)).unwrap());
        a.authors = vec!["Ana Silva".into()];
        a.blocks = (0..20).map(|_| Block::new(BlockKind::Paragraph, w.sentence(30))).collect();
        a.finish_text();
        a.extraction = Some(Extraction { strategy: Strategy::Semantic, confidence: 0.9 });

        let mut html = String::with_capacity(52_000);
        html.push_str("<!doctype html><html><head><title>");
        html.push_str(a.title.as_deref().unwrap());
        html.push_str("</title><script>window.dataLayer=window.dataLayer||[];</script></head><body><nav>");
        for k in 0..40 {
            html.push_str(&format!("<li><a href=\"/section/{k}\" class=\"nav-link\">{}</a></li>", w.next()));
        }
        html.push_str("</nav><article>");
        for b in &a.blocks {
            html.push_str("<p class=\"story-body__paragraph\">");
            html.push_str(&b.text);
            html.push_str("</p>\n");
        }
        html.push_str("</article><aside>");
        while html.len() < 50_000 {
            html.push_str(&format!(
                "<div class=\"teaser\"><a href=\"/2024/{}\"><img src=\"/img/{}.jpg\">{}</a></div>\n",
                w.0 % 100_000,
                w.0 % 7777,
                w.sentence(12)
            ));
        }
        html.push_str("</aside></body></html>");
        PageRecord { article: a, raw_html: Some(html.into_bytes()), fetched_at: Some(Utc::now()) }
    }

    /// CPU seconds this process used so far (all threads; Linux only), to
    /// tell the store's own cost from waiting on other work on a busy box.
    fn process_cpu() -> Option<f64> {
        let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
        // Fields after the parenthesised command name; utime and stime are
        // the 14th and 15th of the line, in clock ticks of (nearly always) 10 ms.
        let rest = &stat[stat.rfind(')')? + 2..];
        let f: Vec<&str> = rest.split_whitespace().collect();
        let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
        Some(ticks / 100.0)
    }

    /// CPU seconds of the calling thread alone: the part of `put_batch`
    /// that extra cores cannot shorten.
    fn thread_cpu() -> Option<f64> {
        let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
        Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
    }

    #[test]
    #[ignore = "measurement; run in release"]
    fn put_batch_throughput() {
        let records: Vec<_> = (0..10_000).map(realistic).collect();
        let words: usize = records.iter().map(|r| r.article.word_count).sum();
        let html: usize = records.iter().map(|r| r.raw_html.as_ref().unwrap().len()).sum();
        let dir = tempfile::tempdir().unwrap();
        let mut store = SqliteStore::open(dir.path()).unwrap();

        let (t, c, tc) = (Instant::now(), process_cpu(), thread_cpu());
        for chunk in records.chunks(500) {
            assert_eq!(store.put_batch(chunk).unwrap().inserted, chunk.len() as u64);
        }
        let (insert, insert_cpu) = (t.elapsed(), process_cpu().zip(c).map(|(b, a)| b - a));
        let insert_serial = thread_cpu().zip(tc).map(|(b, a)| b - a);
        let (t, c) = (Instant::now(), process_cpu());
        for chunk in records.chunks(500) {
            assert_eq!(store.put_batch(chunk).unwrap().unchanged, chunk.len() as u64);
        }
        let (unchanged, unchanged_cpu) = (t.elapsed(), process_cpu().zip(c).map(|(b, a)| b - a));

        let s = store.stats().unwrap();
        let n = records.len() as f64;
        println!(
            "{} articles, {:.0} words and {:.1} KB raw HTML each (compressed to {:.1} KB)",
            records.len(),
            words as f64 / n,
            html as f64 / n / 1000.0,
            s.raw_html_bytes as f64 / n / 1000.0
        );
        let threads = rayon::current_num_threads();
        println!("rayon threads: {threads}");
        for (what, wall, cpu) in [("insert", insert, insert_cpu), ("unchanged", unchanged, unchanged_cpu)] {
            print!("{what:>9}: {wall:.2?} = {:.0} articles/s", n / wall.as_secs_f64());
            match cpu {
                Some(cpu) => println!(", {cpu:.2} CPU s = {:.0} articles per CPU second", n / cpu),
                None => println!(),
            }
        }
        if let Some(serial) = insert_serial {
            println!("insert on the calling thread: {serial:.2} CPU s (the SQL; the rest ran on the rayon pool)");
        }
        let file = std::fs::metadata(dir.path().join(DB_FILE)).unwrap().len();
        println!("database file: {:.1} MB", file as f64 / 1e6);
    }
}

mod coverage {
    use newsdesk_store::{CopyRecord, CoverageUpdate, StoryMember, StoryOutlet, StoryQuery};

    use super::*;

    fn copy(id: &str, of: Option<&str>, keys: &[u64]) -> CopyRecord {
        CopyRecord {
            article_id: id.into(),
            copy_of: of.map(Into::into),
            similarity: if of.is_some() { 0.8 } else { 1.0 },
            band_keys: keys.to_vec(),
        }
    }

    #[test]
    fn groups_candidates_and_story_merges() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut arts = vec![
            dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
            dated("b", Some("Daily"), Some("2024-03-05T09:00:00Z")),
            dated("c", Some("Daily"), Some("2024-03-06T09:00:00Z")),
            dated("d", Some("Weekly"), None),
        ];
        arts[1].country = Some("FR".into());
        arts[2].country = Some("DE".into());
        put(&mut store, &arts);
        assert_eq!(store.coverage_watermark().unwrap(), None);
        assert_eq!(store.next_story_id().unwrap(), 1);
        // Stored to the microsecond (truncating is safe: a catch-up re-reads a little more).
        let at = chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap();
        store
            .put_coverage(&CoverageUpdate {
                copies: vec![
                    copy("a", None, &[1, 2, 3]),
                    copy("b", Some("a"), &[2, 3, 4]),
                    copy("c", Some("b"), &[3, 9, u64::MAX]),
                    copy("d", None, &[]),
                ],
                placements: vec![("a".into(), 1), ("b".into(), 1), ("c".into(), 2), ("d".into(), 3)],
                story_merges: vec![],
                watermark: Some(at),
            })
            .unwrap();
        assert_eq!(store.coverage_watermark().unwrap(), Some(at));
        let g = store.copy_group("c").unwrap().unwrap();
        assert_eq!(g.group, "a");
        assert_eq!(g.members.iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["a", "b", "c"]);
        assert_eq!(store.copy_group("d").unwrap().unwrap().members.len(), 1);
        assert_eq!(store.copy_group("zzz").unwrap(), None);
        // Newest first, keys round-trip.
        let keys = |store: &SqliteStore, last| {
            let mut v = Vec::new();
            store
                .copy_keys(last, &mut |id, k| {
                    v.push((id.to_owned(), k));
                    Ok(())
                })
                .unwrap();
            v
        };
        assert_eq!(keys(&store, 2), [("d".to_owned(), vec![]), ("c".to_owned(), vec![3, 9, u64::MAX])]);
        assert_eq!(keys(&store, 10).len(), 4);

        let s1 = store.story(1).unwrap().unwrap();
        assert_eq!((s1.articles, s1.outlets), (2, 2));
        assert_eq!(s1.countries, ["FR"]);
        assert_eq!(s1.first_published.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert_eq!(store.story(3).unwrap().unwrap().first_published, None);

        // Story 2 converges with story 1.
        store
            .put_coverage(&CoverageUpdate { story_merges: vec![(2, 1)], watermark: None, ..Default::default() })
            .unwrap();
        assert_eq!(store.coverage_watermark().unwrap(), Some(at), "no watermark: unchanged");
        let merged = store.story(2).unwrap().unwrap();
        assert_eq!(merged.id, 1);
        assert_eq!(merged.merged_from, [2]);
        assert_eq!((merged.articles, merged.outlets), (3, 2));
        assert_eq!(merged.countries, ["DE", "FR"]);
        assert_eq!(merged.last_published.as_deref(), Some("2024-03-06T09:00:00Z"));
        assert_eq!(store.story_of("c").unwrap(), Some(1));
        assert_eq!(store.story_articles(1).unwrap(), ["a", "b", "c"]);
        // The one-query listing says what reading each article says.
        let members = store.story_members(1, 0, usize::MAX).unwrap();
        let expected: Vec<StoryMember> = ["a", "b", "c"]
            .iter()
            .map(|id| {
                let a = store.get(id).unwrap().unwrap().article;
                StoryMember {
                    id: a.id.clone(),
                    published: a.published.as_ref().map(|p| p.to_string()),
                    site_name: a.site_name.clone(),
                    country: a.country.clone(),
                    title: a.title.clone(),
                    url: a.url.clone(),
                    copy_group: store.copy_group(id).unwrap().map(|g| g.group),
                }
            })
            .collect();
        assert_eq!(members, expected);
        assert_eq!(members[2].copy_group.as_deref(), Some("a"));
        assert!(store.story_members(99, 0, 10).unwrap().is_empty());
        assert_eq!(store.next_story_id().unwrap(), 4);
        let listed = store.stories(&StoryQuery::default()).unwrap();
        assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 3], "dated first, undated last");
        let q = StoryQuery { since: NaiveDate::from_ymd_opt(2024, 3, 6), ..Default::default() };
        assert_eq!(store.stories(&q).unwrap().len(), 1);
        let q = StoryQuery { min_articles: 2, ..Default::default() };
        assert_eq!(store.stories(&q).unwrap().len(), 1);
        assert_eq!(store.recent_stories(86_400).unwrap().len(), 2);

        store.clear_coverage().unwrap();
        assert_eq!(store.story_of("a").unwrap(), None);
        assert_eq!(store.coverage_watermark().unwrap(), None);
        assert!(keys(&store, 10).is_empty());
    }

    /// What reading every member of a story says of its outlets and days:
    /// what the counts kept at ingest must say.
    fn counted_from_members(store: &SqliteStore, story: u64) -> (Vec<StoryOutlet>, Vec<(String, u64)>) {
        let members = store.story_members(story, 0, usize::MAX).unwrap();
        (newsdesk_store::outlets_of(&members), newsdesk_store::days_of(&members))
    }

    fn assert_counts_kept(store: &SqliteStore, stories: &[u64], when: &str) {
        for &s in stories {
            let kept = (store.story_outlets(s).unwrap(), store.story_days(s).unwrap());
            assert_eq!(kept, counted_from_members(store, s), "story {s} {when}");
        }
    }

    /// A story page reads its outlets and days from counts kept as
    /// articles join, move, change date and merge, and a window of its
    /// members along an index; each must agree with reading the members.
    #[test]
    fn story_counts_follow_joins_moves_date_changes_and_merges() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let mut arts = vec![
            dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
            dated("b", Some("Daily"), Some("2024-03-05T09:00:00Z")),
            dated("c", Some("daily"), Some("2024-03-04T09:00:00Z")),
            dated("d", None, None),
            dated("e", Some("Wire"), Some("2024-03-07T10:00:00+02:00")),
            dated("f", Some("Weekly"), Some("2024-03-06")),
        ];
        arts[1].country = Some("FR".into());
        arts[2].country = Some("FR".into());
        put(&mut store, &arts);
        let place = |store: &mut SqliteStore, placed: &[(&str, u64)], merges: &[(u64, u64)]| {
            let update = CoverageUpdate {
                copies: placed.iter().map(|(id, _)| copy(id, None, &[])).collect(),
                placements: placed.iter().map(|(id, s)| ((*id).into(), *s)).collect(),
                story_merges: merges.to_vec(),
                watermark: None,
            };
            store.put_coverage(&update).unwrap();
        };
        place(&mut store, &[("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 2), ("f", 2)], &[]);
        assert_counts_kept(&store, &[1, 2], "after joining");
        let outlets = store.story_outlets(1).unwrap();
        // "Daily" and "daily" are one outlet, named after its first article (c, a day earlier).
        assert_eq!(
            outlets[0],
            StoryOutlet {
                name: Some("daily".into()),
                country: Some("FR".into()),
                articles: 2,
                first_published: Some("2024-03-04T09:00:00Z".into()),
            }
        );
        assert_eq!(outlets.last().unwrap().name, None, "the undated one last");
        assert_eq!(store.story_days(2).unwrap(), [("2024-03-06".to_string(), 1), ("2024-03-07".to_string(), 1)]);

        // Paged along publication order, undated last.
        let page = |offset, limit| -> Vec<String> {
            store.story_members(1, offset, limit).unwrap().into_iter().map(|m| m.id).collect()
        };
        assert_eq!(page(0, 10), ["c", "a", "b", "d"]);
        assert_eq!(page(1, 2), ["a", "b"]);
        assert_eq!(page(3, 2), ["d"]);
        assert!(page(9, 2).is_empty());
        assert_eq!(store.story_articles(1).unwrap(), ["c", "a", "b", "d"]);

        // "b" moves to story 2, and "a" changes its date: recounted.
        arts[0].published = Some(newsdesk_model::PubDate::parse("2024-03-09T08:00:00Z").unwrap());
        put(&mut store, &arts[..1]);
        place(&mut store, &[("b", 2), ("a", 1)], &[]);
        assert_counts_kept(&store, &[1, 2], "after a move and a date change");
        assert_eq!(
            store.story_members(1, 0, 10).unwrap().iter().map(|m| m.id.as_str()).collect::<Vec<_>>(),
            ["c", "a", "d"]
        );

        // Story 2 merges into 1: counts added without reading articles.
        place(&mut store, &[], &[(2, 1)]);
        assert_counts_kept(&store, &[1], "after a merge");
        assert!(store.story_outlets(2).unwrap().iter().all(|o| o.articles > 0));
        assert_eq!(store.story(1).unwrap().unwrap().articles, 6);

        store.clear_coverage().unwrap();
        assert!(store.story_outlets(1).unwrap().is_empty());
        assert!(store.story_days(1).unwrap().is_empty());
    }

    /// The headline is picked again as a small story grows (at the sizes
    /// it crosses, however many join in one update) and after a merge, not
    /// at every update.
    #[test]
    fn headline_follows_a_growing_story() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let titled = |id: &str, title: &str, hour: u32| {
            let mut a = dated(id, Some(id), Some(&format!("2024-03-05T{hour:02}:00:00Z")));
            a.title = Some(title.into());
            a
        };
        let arts = vec![
            titled("a", "Odd one out", 1),
            titled("b", "Storm hits the coast of Chile", 2),
            titled("c", "Storm hits Chile coast", 3),
            titled("d", "Chile coast hit by storm", 4),
            titled("e", "Storm hits the coast of Chile, thousands evacuated", 5),
        ];
        put(&mut store, &arts);
        let place = |store: &mut SqliteStore, ids: &[&str], story| {
            let update = CoverageUpdate {
                copies: ids.iter().map(|id| copy(id, None, &[])).collect(),
                placements: ids.iter().map(|id| ((*id).into(), story)).collect(),
                ..Default::default()
            };
            store.put_coverage(&update).unwrap();
        };
        let headline = |store: &SqliteStore, id| store.story(id).unwrap().unwrap().headline;
        let medoid = |arts: &[Article]| {
            let titles: Vec<&str> = arts.iter().filter_map(|a| a.title.as_deref()).collect();
            newsdesk_store::representative_title(&titles).map(|i| titles[i].to_owned())
        };
        place(&mut store, &["a"], 1);
        assert_eq!(headline(&store, 1).as_deref(), Some("Odd one out"));
        // 1 -> 4 articles crosses the size 3: picked again.
        place(&mut store, &["b", "c", "d"], 1);
        assert_eq!(headline(&store, 1), medoid(&arts[..4]));
        assert_ne!(headline(&store, 1).as_deref(), Some("Odd one out"));
        // A story of its own, then merged in: picked again from all five.
        place(&mut store, &["e"], 2);
        store.put_coverage(&CoverageUpdate { story_merges: vec![(2, 1)], ..Default::default() }).unwrap();
        let s = store.story(1).unwrap().unwrap();
        assert_eq!((s.articles, s.outlets), (5, 5));
        assert_eq!(s.headline, medoid(&arts));
    }
}

mod analyses {
    use super::*;

    #[test]
    fn current_while_the_analyzer_and_the_article_are_unchanged() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let arts = [article("a"), article("b")];
        put(&mut store, &arts);
        assert_eq!(store.unanalysed_ids("v1").unwrap(), ["a", "b"]);
        store.put_analyses("v1", &[(&arts[0], r#"{"summary":["A."]}"#)]).unwrap();
        assert_eq!(store.analysis("v1", "a").unwrap().as_deref(), Some(r#"{"summary":["A."]}"#));
        assert_eq!(store.analysis("v2", "a").unwrap(), None, "another analyzer's is not current");
        assert_eq!(store.unanalysed_ids("v1").unwrap(), ["b"]);
        assert_eq!(store.unanalysed_ids("v2").unwrap(), ["a", "b"]);

        // A changed article needs a new analysis.
        let mut changed = arts[0].clone();
        changed.blocks = vec![Block::new(BlockKind::Paragraph, "Another body.")];
        changed.finish_text();
        put(&mut store, &[changed]);
        assert_eq!(store.analysis("v1", "a").unwrap(), None);
        assert_eq!(store.unanalysed_ids("v1").unwrap(), ["a", "b"]);

        // An unknown id fails the batch, and nothing of it is written.
        let ghost = article("ghost");
        let err = store.put_analyses("v1", &[(&arts[1], "{}"), (&ghost, "{}")]).unwrap_err();
        assert!(matches!(err, StoreError::UnknownArticle(ref id) if id == "ghost"), "{err}");
        assert_eq!(store.analysis("v1", "b").unwrap(), None);
    }
}
