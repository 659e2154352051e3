//! Work is never done twice: an unchanged feed answers 304, a changed one
//! yields only its new articles, and a crawl killed mid-way resumes where
//! it stopped without fetching stored articles again.

use std::collections::BTreeSet;

use chrono::Utc;
use newsdesk_store::{CrawlStore, ListQuery, Store, UrlState};
use newsdesk_testsite::{Reply, TestSite};

use crate::helpers::*;

#[test]
fn feed_with_etag_is_fetched_conditionally() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "viaduct", 3);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items[..2])).etag("\"v1\""));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    let (polls, summary) = env.round();
    assert_eq!((polls[0].queued, polls[0].not_modified), (2, 0));
    assert_eq!(summary.stored.inserted, 2);

    // Unchanged: the crawler sends the ETag back and gets 304.
    let (polls, summary) = env.round();
    assert!(polls[0].outcome.is_ok(), "{:?}", polls[0].outcome);
    assert_eq!((polls[0].listed, polls[0].queued, polls[0].not_modified), (0, 0, 1));
    assert_eq!(summary.read, 0);
    let feed_hits: Vec<_> = site.log().into_iter().filter(|h| h.path == "/feed.xml").collect();
    assert_eq!(feed_hits.len(), 2);
    assert!(feed_hits[0].headers.get("if-none-match").is_none());
    assert_eq!(feed_hits[1].headers.get("if-none-match").and_then(|v| v.to_str().ok()), Some("\"v1\""));
    assert_eq!(feed_hits[1].status, 304);
    let s = &env.sources()[0];
    assert_eq!((s.kind.as_deref(), s.polls, s.failures), (Some("feed"), 2, 0), "a 304 keeps what the source is");

    // Changed: a new ETag and a third item; only that one is fetched.
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)).etag("\"v2\""));
    let (polls, summary) = env.round();
    assert_eq!((polls[0].listed, polls[0].queued, polls[0].not_modified), (3, 1, 0));
    assert_eq!(summary.stored.inserted, 1);
    assert_eq!(site.log().last().map(|h| h.path.clone()), Some(path_of(&items[2].0)));
    for (url, _) in &items {
        assert_eq!(site.hits(&path_of(url)), 1, "{url}");
        assert_eq!(env.state(url), UrlState::Fetched, "{url}");
    }
    assert_eq!(env.stored_urls().len(), 3);
    assert_eq!(env.sources()[0].articles_found, 3);

    // The new ETag is the one sent next.
    env.poll();
    let last = site.log().into_iter().rfind(|h| h.path == "/feed.xml").expect("a feed request");
    assert_eq!(last.headers.get("if-none-match").and_then(|v| v.to_str().ok()), Some("\"v2\""));
    assert_eq!(last.status, 304);
}

#[test]
fn killed_crawl_resumes_without_refetching_stored_articles() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "harbour", 30);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.batch_size = 5;
    // Long enough that a batch ends at 5 pages, never on time.
    c.batch_secs = 30.0;
    let dir = tempfile::tempdir().unwrap();

    let first_run: BTreeSet<String> = {
        let (crawler, mut store) = open(dir.path(), c.clone());
        store.add_source(&newsdesk_store::NewSource { url: site.url("/feed.xml"), ..Default::default() }).unwrap();
        let polls = crawler.poll(false, Utc::now()).unwrap();
        assert_eq!(polls[0].queued, 30);
        let due = crawler.due(Utc::now()).unwrap();
        assert_eq!(due.len(), 30);
        // One batch is stored, then everything is dropped mid-harvest.
        let summary = harvest(&crawler, &mut store, due, Some(1));
        assert_eq!(summary.stored.inserted, 5);
        store.list(&ListQuery::default()).unwrap().into_iter().filter_map(|a| a.article.url).collect()
    };
    assert_eq!(first_run.len(), 5);
    let hits_before: Vec<usize> = first_run.iter().map(|u| site.hits(&path_of(u))).collect();
    assert_eq!(hits_before, [1; 5]);

    let (crawler, mut store) = open(dir.path(), c);
    let due: BTreeSet<String> = crawler.due(Utc::now()).unwrap().into_iter().map(|r| r.url).collect();
    let all: BTreeSet<String> = items.iter().map(|(u, _)| u.clone()).collect();
    let not_stored: BTreeSet<String> = all.difference(&first_run).cloned().collect();
    assert_eq!(due, not_stored, "due after the kill must be exactly the URLs not stored");
    for url in &first_run {
        assert_eq!(store.url_record(url).unwrap().map(|r| r.state), Some(UrlState::Fetched), "{url}");
    }
    let counts = crawler.counts().unwrap();
    assert_eq!((counts.queued, counts.fetched), (25, 5));

    // A full round: the feed again (nothing new), then the rest.
    let polls = crawler.poll(false, Utc::now()).unwrap();
    assert_eq!((polls[0].listed, polls[0].queued), (30, 0));
    let summary = harvest(&crawler, &mut store, crawler.due(Utc::now()).unwrap(), None);
    assert_eq!(summary.stored.inserted, 25);
    let stored: BTreeSet<String> =
        store.list(&ListQuery::default()).unwrap().into_iter().filter_map(|a| a.article.url).collect();
    assert_eq!(stored, all);
    for url in &first_run {
        assert_eq!(site.hits(&path_of(url)), 1, "{url} was stored before the kill and fetched again");
    }
    for url in &all {
        let hits = site.hits(&path_of(url));
        assert!((1..=2).contains(&hits), "{url}: {hits} requests");
    }
    let counts = crawler.counts().unwrap();
    assert_eq!((counts.queued, counts.fetched, counts.failed), (0, 30, 0));
    assert!(crawler.due(Utc::now()).unwrap().is_empty());
}
