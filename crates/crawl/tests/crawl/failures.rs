//! Articles that cannot be fetched: failures that may pass stay queued for
//! a later retry, failures that will not are final.

use chrono::Utc;
use newsdesk_store::{CrawlStore, UrlState};
use newsdesk_testsite::{Reply, TestSite};

use crate::helpers::*;

#[test]
fn slow_article_times_out_and_waits_for_a_retry() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "marina", 3);
    let slow = &items[1];
    site.set(&path_of(&slow.0), Reply::html(article_page("marina 1", 1)).delay(std::time::Duration::from_millis(2500)));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.fetch.timeout_secs = 0.8;
    // One request per fetch: the crawler's own retry is what is tested.
    c.fetch.max_attempts = 1;
    c.retry_secs = 600.0;

    let mut env = Env::new(c);
    env.add_source(&site.url("/feed.xml"));
    let before = Utc::now();
    let (_, summary) = env.round();
    assert_eq!((summary.stored.inserted, summary.failed), (2, 0));

    let rec = env.url(&slow.0);
    assert_eq!((rec.state, rec.attempts), (UrlState::Queued, 1));
    assert!(rec.last_error.as_deref().is_some_and(|e| e.starts_with("timeout")), "{:?}", rec.last_error);
    let next = rec.next_attempt.expect("a retry time");
    assert!(next > before + chrono::Duration::seconds(590), "retry at {next}, {before} + 600 s expected");
    assert!(env.article(&slow.0).is_none());
    for (url, _) in [&items[0], &items[2]] {
        assert_eq!(env.state(url), UrlState::Fetched, "{url}");
        assert!(env.article(url).is_some(), "{url}");
    }

    let now = Utc::now();
    assert!(env.crawler.due(now).unwrap().is_empty(), "not due before its retry time");
    assert_eq!(env.store.next_retry(now).unwrap(), Some(next));
    // The source is due in 15 minutes, the retry in 10: the retry comes first.
    assert_eq!(env.crawler.next_wake(now).unwrap(), Some(next));
    let due_then: Vec<String> = env.crawler.due(next).unwrap().into_iter().map(|r| r.url).collect();
    assert_eq!(due_then, std::slice::from_ref(&slow.0));
    let counts = env.store.crawl_counts().unwrap();
    assert_eq!((counts.queued, counts.fetched, counts.failed), (1, 2, 0));
}

#[test]
fn body_over_the_limit_fails_for_good() {
    let site = TestSite::start();
    let mut items = serve_articles(&site, "/news", "reservoir", 1);
    let mut huge = article_page("reservoir huge", 9);
    let padding = "<p>".to_string() + &"Archive listing entry with nothing new. ".repeat(1200) + "</p>";
    huge = huge.replace("</article>", &(padding + "</article>"));
    assert!(huge.len() > 40_000);
    site.set("/news/huge", Reply::html(huge));
    items.push((site.url("/news/huge"), "Huge".into()));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.fetch.max_body_bytes = 32 * 1024;

    let mut env = Env::new(c);
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 1);

    let rec = env.url(&site.url("/news/huge"));
    assert_eq!((rec.state, rec.attempts, rec.next_attempt), (UrlState::Failed, 1, None));
    assert!(rec.last_error.as_deref().is_some_and(|e| e.starts_with("too_large")), "{:?}", rec.last_error);
    assert!(env.article(&site.url("/news/huge")).is_none());
    assert_eq!(env.state(&items[0].0), UrlState::Fetched);
    assert_eq!(env.store.next_retry(Utc::now()).unwrap(), None);

    // Another round, even far in the future, does not ask for it again.
    let (polls, summary) = env.round();
    assert_eq!((polls[0].queued, summary.read), (0, 0));
    assert!(env.crawler.due(Utc::now() + chrono::Duration::days(30)).unwrap().is_empty());
    assert_eq!(site.hits("/news/huge"), 1);
}

#[test]
fn missing_article_is_not_retried_but_a_server_error_is() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "lighthouse", 3);
    site.set(&path_of(&items[0].0), Reply::status(404));
    site.set(&path_of(&items[1].0), Reply::status(503));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.fetch.max_attempts = 1;

    let mut env = Env::new(c);
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 1);

    let gone = env.url(&items[0].0);
    assert_eq!((gone.state, gone.next_attempt), (UrlState::Failed, None));
    assert_eq!(gone.last_error.as_deref().map(|e| e.split(':').next()), Some(Some("status_404")));
    let down = env.url(&items[1].0);
    assert_eq!((down.state, down.attempts), (UrlState::Queued, 1));
    assert!(down.next_attempt.is_some_and(|t| t > Utc::now()));
    assert_eq!(down.last_error.as_deref().map(|e| e.split(':').next()), Some(Some("status_503")));
    assert_eq!(env.state(&items[2].0), UrlState::Fetched);
}

#[test]
fn page_without_an_article_is_not_fetched_again() {
    let site = TestSite::start();
    let mut items = serve_articles(&site, "/news", "boatyard", 1);
    site.set("/news/empty", Reply::html(""));
    site.set("/news/binary", Reply::ok("text/html", vec![0u8, 159, 146, 150, 0, 0, 7, 1, 2, 3]));
    items.push((site.url("/news/empty"), "Empty".into()));
    items.push((site.url("/news/binary"), "Binary".into()));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 1);
    assert_eq!((summary.failed, summary.skipped), (2, 0));
    for path in ["/news/empty", "/news/binary"] {
        let rec = env.url(&site.url(path));
        assert_eq!((rec.state, rec.next_attempt), (UrlState::Failed, None), "{path}");
        assert!(rec.last_error.as_deref().is_some_and(|e| e.starts_with("extract: ")), "{path}: {rec:?}");
    }
    let (_, summary) = env.round();
    assert_eq!(summary.read, 0);
    assert_eq!((site.hits("/news/empty"), site.hits("/news/binary")), (1, 1));
}
