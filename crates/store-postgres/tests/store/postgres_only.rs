//! What is about PostgreSQL itself: writers on many connections at once,
//! schemas, reconnecting, and failures injected with SQL.

use std::sync::Barrier;
use std::time::Duration;

use newsdesk_model::Article;
use newsdesk_store::{BatchReport, CrawlStore, DocValidators, FoundUrl, ListQuery, Store, StoreError};
use newsdesk_store_postgres::{PgHostPace, SCHEMA_VERSION};
use newsdesk_store_tests::fixtures::{article, check_a_refused_batch_leaves_nothing_behind, dated, page, put, report};

use crate::pg::Pg;

/// Two workers storing the same 50 articles at the same moment, in
/// batches that name them in opposite orders: every article is stored
/// once, the other worker finding it unchanged, and neither fails.
#[test]
fn concurrent_writers_store_each_article_once() {
    let Some(pg) = Pg::new() else { return };
    let arts: Vec<Article> = (0..50).map(|i| dated(&format!("art{i:02}"), Some("Wire"), None)).collect();
    let chunks: Vec<&[Article]> = arts.chunks(10).collect();
    let barrier = Barrier::new(2);
    // Each worker meets the other at the barrier before every batch, and
    // keeps meeting it after a failure (which is only reported at the end),
    // so that one worker failing cannot leave the other waiting forever.
    let write = |reversed: bool| -> Result<BatchReport, String> {
        let mut store = pg.connect().map_err(|e| e.to_string());
        let mut total = BatchReport::default();
        let mut failure = None;
        for chunk in &chunks {
            let mut batch: Vec<_> = chunk.iter().map(|a| page(a, Some(b"<p>same page</p>"))).collect();
            if reversed {
                batch.reverse();
            }
            barrier.wait();
            match store.as_mut().map_err(|e| e.clone()).and_then(|s| s.put_batch(&batch).map_err(|e| e.to_string())) {
                Ok(r) => total += r,
                Err(e) => failure = failure.or(Some(e)),
            }
        }
        failure.map_or(Ok(total), Err)
    };
    let (one, two) = std::thread::scope(|s| {
        let one = s.spawn(|| write(false));
        let two = s.spawn(|| write(true));
        (one.join().unwrap(), two.join().unwrap())
    });
    let (one, two) = (one.expect("the first worker failed"), two.expect("the second worker failed"));
    assert_eq!(one.inserted + two.inserted, 50, "{one:?} {two:?}");
    assert_eq!(one.unchanged + two.unchanged, 50, "{one:?} {two:?}");
    assert_eq!(one.updated + two.updated, 0, "{one:?} {two:?}");
    let store = pg.connect().unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.versions, stats.with_raw_html), (50, 50, 50));
    assert_eq!(store.list(&ListQuery::default()).unwrap().len(), 50);
    assert!(arts.iter().all(|a| store.previous_versions(&a.id).unwrap().is_empty()));
}

/// A worker connecting to a schema another one made finds everything
/// there, and connecting (migrating) again changes nothing.
#[test]
fn reconnecting_to_an_existing_schema_keeps_the_data() {
    let Some(pg) = Pg::new() else { return };
    let v1 = dated("a", Some("Daily"), Some("2024-03-05T10:00:00+01:00"));
    let mut v2 = v1.clone();
    v2.title = Some("revised".into());
    let before = {
        let mut store = pg.connect().unwrap();
        store.put_batch(&[page(&v1, Some(b"<p>1</p>"))]).unwrap();
        store.put_batch(&[page(&v2, Some(b"<p>2</p>"))]).unwrap();
        store.put_embeddings("m", &[(&v2, &[0.5, -0.5])]).unwrap();
        store.put_analyses("an/1", &[(&v2, r#"{"ok":true}"#)]).unwrap();
        let found = FoundUrl { url: "https://a.example/1".into(), source: None, published: None };
        store.enqueue(&[found], chrono::Utc::now()).unwrap();
        let v = DocValidators { etag: Some("\"e\"".into()), last_modified: None };
        store.set_validators("https://a.example/feed", &v).unwrap();
        store.get("a").unwrap().unwrap()
    };
    let mut store = pg.connect().unwrap();
    let again = pg.connect().unwrap();
    for s in [&store, &again] {
        let got = s.get("a").unwrap().unwrap();
        assert_eq!(got.article, v2);
        assert_eq!((got.first_seen, got.last_changed, got.versions), (before.first_seen, before.last_changed, 2));
        assert_eq!(s.raw_html("a").unwrap().unwrap(), b"<p>2</p>");
        assert_eq!(s.previous_versions("a").unwrap()[0].article, v1);
        assert_eq!(s.version_raw_html("a", 1).unwrap().unwrap(), b"<p>1</p>");
        assert_eq!(s.embedding("m", "a").unwrap().unwrap(), [0.5, -0.5]);
        assert_eq!(s.analysis("an/1", "a").unwrap().as_deref(), Some(r#"{"ok":true}"#));
        assert_eq!(s.crawl_counts().unwrap().queued, 1);
        assert_eq!(s.validators("https://a.example/feed").unwrap().etag.as_deref(), Some("\"e\""));
    }
    assert_eq!(put(&mut store, &[v2]), report(0, 0, 1));
    let version: i64 = pg.raw().query_one("SELECT version FROM newsdesk_schema", &[]).unwrap().get(0);
    assert_eq!(version, SCHEMA_VERSION);
}

/// Each test's schema is a store of its own (what the suite relies on).
#[test]
fn schemas_are_separate_stores() {
    let (Some(one), Some(two)) = (Pg::new(), Pg::new()) else { return };
    assert_ne!(one.schema(), two.schema());
    put(&mut one.connect().unwrap(), &[article("a")]);
    assert!(two.connect().unwrap().get("a").unwrap().is_none());
    assert_eq!(two.connect().unwrap().stats().unwrap().articles, 0);
    let in_one: i64 = one.raw().query_one("SELECT COUNT(*) FROM articles", &[]).unwrap().get(0);
    assert_eq!(in_one, 1);
}

#[test]
fn a_failing_batch_leaves_nothing_behind() {
    let Some(pg) = Pg::new() else { return };
    let mut store = pg.connect().unwrap();
    put(&mut store, &[article("kept")]);
    // Make one record of the next batch fail halfway through.
    pg.raw()
        .batch_execute(
            "CREATE FUNCTION boom() RETURNS trigger LANGUAGE plpgsql AS $$
             BEGIN
                 IF NEW.id = 'bad' THEN RAISE EXCEPTION 'refused'; END IF;
                 RETURN NEW;
             END $$;
             CREATE TRIGGER boom BEFORE INSERT ON articles FOR EACH ROW EXECUTE FUNCTION boom();",
        )
        .unwrap();
    check_a_refused_batch_leaves_nothing_behind(&mut store, "postgres");
}

#[test]
fn a_newer_schema_is_refused() {
    let Some(pg) = Pg::new() else { return };
    drop(pg.connect().unwrap());
    pg.raw().batch_execute("UPDATE newsdesk_schema SET version = 99").unwrap();
    match pg.connect() {
        Err(StoreError::SchemaTooNew { found, supported }) => assert_eq!((found, supported), (99, SCHEMA_VERSION)),
        other => panic!("expected SchemaTooNew, got {other:?}"),
    }
}

/// Workers crawling one host book its requests in `host_pace`: bookings
/// made at once from two connections come out one spacing apart, in some
/// order, and a host held off (it sent Retry-After) is booked after the
/// hold, whoever heard it.
#[test]
fn two_workers_booking_one_host_are_spaced_apart() {
    let Some(pg) = Pg::new() else { return };
    drop(pg.connect().unwrap()); // migrates
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    runtime.block_on(async {
        let one = PgHostPace::connect(&pg.url()).await.unwrap();
        let two = PgHostPace::connect(&pg.url()).await.unwrap();
        let spacing = Duration::from_millis(200);
        let host = "https://news.example:443";
        let bookings = (0..6).map(|i| if i % 2 == 0 { one.book(host, spacing) } else { two.book(host, spacing) });
        let mut waits: Vec<Duration> =
            futures_util::future::join_all(bookings).await.into_iter().collect::<Result<_, _>>().unwrap();
        waits.sort();
        assert!(waits[0] < Duration::from_millis(50), "{waits:?}");
        for w in waits.windows(2) {
            // One spacing, less the moments between the bookings.
            let gap = w[1] - w[0];
            assert!(gap > Duration::from_millis(150) && gap <= spacing, "{waits:?}");
        }
        // Another host is not held back by this one.
        assert!(two.book("https://other.example:443", spacing).await.unwrap() < Duration::from_millis(50));

        two.hold_off("https://slow.example:443", Duration::from_secs(30)).await.unwrap();
        let wait = one.book("https://slow.example:443", spacing).await.unwrap();
        assert!(wait > Duration::from_secs(29) && wait <= Duration::from_secs(30), "{wait:?}");
        // A hold shorter than what is booked changes nothing.
        one.hold_off("https://slow.example:443", Duration::from_secs(1)).await.unwrap();
        let next = two.book("https://slow.example:443", spacing).await.unwrap();
        assert!(next > wait + Duration::from_millis(150), "{wait:?} then {next:?}");
    });
}
