//! What the crawler does not fetch, and how it paces what it does:
//! robots.txt, Retry-After, the pause between requests to one host, and
//! private addresses.

use std::time::Duration;

use chrono::Utc;
use newsdesk_store::{CrawlStore, UrlState};
use newsdesk_testsite::{Reply, TestSite};

use crate::helpers::*;

#[test]
fn robots_txt_disallowed_url_is_never_requested() {
    let site = TestSite::start();
    site.set("/robots.txt", Reply::ok("text/plain", "User-agent: *\nDisallow: /private/\n"));
    let mut items = serve_articles(&site, "/news", "tunnel", 2);
    let secret = serve_articles(&site, "/private", "memo", 1);
    items.insert(1, secret[0].clone());
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 2);

    let rec = env.url(&secret[0].0);
    assert_eq!(rec.state, UrlState::Failed);
    assert!(rec.last_error.as_deref().is_some_and(|e| e.starts_with("robots")), "{:?}", rec.last_error);
    assert_eq!(rec.next_attempt, None, "a disallowed URL is not retried");
    assert!(env.crawler.due(Utc::now()).unwrap().is_empty());
    assert!(env.article(&secret[0].0).is_none());
    assert!(site.log().iter().all(|h| !h.path.starts_with("/private/")), "the site saw a request for /private/");
    for (url, _) in items.iter().filter(|(u, _)| !u.contains("/private/")) {
        assert_eq!(env.state(url), UrlState::Fetched, "{url}");
        assert!(env.article(url).is_some(), "{url}");
    }
    assert_eq!(site.hits("/robots.txt"), 1, "robots.txt is cached for the host");
    let counts = env.store.crawl_counts().unwrap();
    assert_eq!((counts.queued, counts.fetched, counts.failed), (0, 2, 1));
}

#[test]
fn retry_after_on_429_is_waited_for() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "pier", 2);
    let busy = path_of(&items[1].0);
    site.once(&busy, Reply::status(429).header("retry-after", "1"));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 2);

    let tries: Vec<_> = site.log().into_iter().filter(|h| h.path == busy).collect();
    assert_eq!(tries.iter().map(|h| h.status).collect::<Vec<_>>(), [429, 200]);
    let waited = tries[1].at.duration_since(tries[0].at);
    assert!(waited >= Duration::from_secs(1), "asked again after {waited:?}");
    let rec = env.url(&items[1].0);
    assert_eq!((rec.state, rec.attempts), (UrlState::Fetched, 0));
    assert!(env.article(&items[1].0).is_some());
}

#[test]
fn one_host_is_asked_one_request_at_a_time_with_a_pause() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "canal", 4);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.fetch.host_delay_secs = 0.15;

    let mut env = Env::new(c);
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 4);

    // A request is logged once answered; the next one to the host may only
    // start host_delay after the previous answer.
    let log = site.log();
    assert_eq!(
        log.len(),
        6,
        "robots.txt, the feed and 4 articles: {:?}",
        log.iter().map(|h| &h.path).collect::<Vec<_>>()
    );
    let articles: Vec<_> = log.iter().filter(|h| h.path.starts_with("/news/")).collect();
    assert_eq!(articles.len(), 4);
    for pair in articles.windows(2) {
        let gap = pair[1].at.duration_since(pair[0].at);
        assert!(gap >= Duration::from_millis(150), "{} then {} after {gap:?}", pair[0].path, pair[1].path);
    }
}

#[test]
fn private_addresses_are_refused_by_default() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "depot", 1);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    let mut c = config();
    c.fetch.allow_private = false;

    let mut env = Env::new(c);
    env.add_source(&site.url("/feed.xml"));
    let polls = env.poll();
    let err = polls[0].outcome.as_ref().expect_err("a poll of 127.0.0.1 must fail");
    assert!(err.contains("private_address"), "{err}");
    let s = &env.sources()[0];
    assert_eq!((s.polls, s.failures), (1, 1));
    assert!(s.last_error.as_deref().is_some_and(|e| e.contains("private_address")), "{:?}", s.last_error);
    assert_eq!(s.kind, None);

    let urls = vec![items[0].0.clone(), "http://[::1]/news/x".to_string(), "http://10.1.2.3/a".to_string()];
    let (todo, bad) = env.crawler.add_urls(&urls, false).unwrap();
    assert!(todo.is_empty(), "{todo:?}");
    let bad_urls: Vec<&str> = bad.iter().map(|b| b.url.as_str()).collect();
    assert_eq!(bad_urls, urls.iter().map(String::as_str).collect::<Vec<_>>());
    assert!(bad.iter().all(|b| b.reason.contains("private") || b.reason.contains("refused")), "{bad:?}");

    assert!(site.log().is_empty(), "the site saw {:?}", site.log().iter().map(|h| &h.path).collect::<Vec<_>>());
    let counts = env.store.crawl_counts().unwrap();
    assert_eq!(counts.queued + counts.fetched + counts.failed + counts.skipped, 0);
}
