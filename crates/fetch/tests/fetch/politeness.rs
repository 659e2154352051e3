//! robots.txt, per-host pacing and concurrency across hosts.

use std::time::{Duration, Instant};

use axum::http::StatusCode;
use axum::routing::get;
use axum::Router;
use newsdesk_fetch::{FetchConfig, Fetched, Validators};

use crate::server::{config, fetcher, gap, serve};

fn app(robots: &'static str) -> Router {
    Router::new()
        .route("/robots.txt", get(move || async move { robots }))
        .route("/private/page", get(|| async { "secret" }))
        .route("/news/{n}", get(|| async { "news" }))
        .route(
            "/slow/{n}",
            get(|| async {
                tokio::time::sleep(Duration::from_millis(150)).await;
                "slow"
            }),
        )
}

#[tokio::test]
async fn robots_disallow_is_obeyed_and_cached() {
    let robots = "User-agent: *\nDisallow: /\n\nUser-agent: newsdesk\nDisallow: /private\n";
    let server = serve(app(robots)).await;
    let fetcher = fetcher(config());
    let err = fetcher.fetch(&server.url("/private/page"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "robots", "{err}");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("/private/page") && err.to_string().contains("newsdesk"), "{err}");
    for n in 0..2 {
        let fetched = fetcher.fetch(&server.url(&format!("/news/{n}")), &Validators::default()).await.unwrap();
        assert!(matches!(fetched, Fetched::Body(ref p) if p.body == b"news"));
    }
    assert!(server.hits("/private/page").is_empty());
    assert_eq!(server.hits("/robots.txt").len(), 1, "robots.txt is fetched once per host");

    // another product token falls under `*`, which disallows everything
    let other = crate::server::fetcher(FetchConfig { user_agent: "OtherBot/2.0".into(), ..config() });
    let err = other.fetch(&server.url("/news/9"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "robots");
    assert_eq!(other.stats().refused, 1);
}

#[tokio::test]
async fn robots_errors_follow_rfc_9309() {
    // 5xx: the whole host is off limits, and the error says so
    let down = serve(
        Router::new()
            .route("/robots.txt", get(|| async { StatusCode::INTERNAL_SERVER_ERROR }))
            .route("/a", get(|| async { "a" })),
    )
    .await;
    let fetcher = fetcher(FetchConfig { max_attempts: 1, ..config() });
    let err = fetcher.fetch(&down.url("/a"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "robots_unavailable", "{err}");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("500"), "{err}");
    assert!(down.hits("/a").is_empty());
    // cached: no second robots.txt request
    assert!(fetcher.fetch(&down.url("/a"), &Validators::default()).await.is_err());
    assert_eq!(down.hits("/robots.txt").len(), 1);

    // 404: everything is allowed
    let missing = serve(Router::new().route("/a", get(|| async { "a" }))).await;
    assert!(fetcher.fetch(&missing.url("/a"), &Validators::default()).await.is_ok());

    // respect_robots = false: not even asked
    let ignoring = crate::server::fetcher(FetchConfig { respect_robots: false, ..config() });
    assert!(ignoring.fetch(&down.url("/a"), &Validators::default()).await.is_ok());
    assert_eq!(down.hits("/robots.txt").len(), 1);
}

#[tokio::test]
async fn crawl_delay_spaces_requests() {
    let server = serve(app("User-agent: newsdesk\nCrawl-delay: 0.4\n")).await;
    let fetcher = fetcher(config());
    for n in 0..3 {
        fetcher.fetch(&server.url(&format!("/news/{n}")), &Validators::default()).await.unwrap();
    }
    let hits = server.all_hits();
    assert_eq!(hits.len(), 4, "robots.txt and three pages");
    // the robots.txt request goes through the gate too, and its Crawl-delay
    // applies from there on
    for w in hits.windows(2) {
        assert!(gap(w[0].end, w[1].start) >= Duration::from_millis(390), "{:?}", gap(w[0].end, w[1].start));
    }
    let stats = fetcher.stats();
    let host = &stats.hosts[&format!("http://{}", server.addr)];
    assert!((host.delay_secs - 0.4).abs() < 1e-6, "{host:?}");
    assert_eq!(host.requests, 4);
    assert!(host.mean_wait_secs > 0.1, "{host:?}");
}

#[tokio::test]
async fn one_request_per_host_at_a_time_but_hosts_in_parallel() {
    let a = serve(app("")).await;
    let b = serve(app("")).await;
    let fetcher = fetcher(FetchConfig { respect_robots: false, ..config() });
    let started = Instant::now();
    let mut tasks = Vec::new();
    for n in 0..3 {
        for server in [&a, &b] {
            let (fetcher, url) = (fetcher.clone(), server.url(&format!("/slow/{n}")));
            tasks.push(tokio::spawn(async move { fetcher.fetch(&url, &Validators::default()).await }));
        }
    }
    for t in tasks {
        assert!(t.await.unwrap().is_ok());
    }
    let elapsed = started.elapsed();
    for server in [&a, &b] {
        let mut hits = server.all_hits();
        assert_eq!(hits.len(), 3);
        hits.sort_by_key(|h| h.start);
        for w in hits.windows(2) {
            // never overlapping, and the host's pause between them
            assert!(gap(w[0].end, w[1].start) >= Duration::from_millis(45), "{:?}", gap(w[0].end, w[1].start));
        }
    }
    // serial per host: >= 3 * 150 ms + 2 * 50 ms; both hosts at once: well under twice that
    assert!(elapsed >= Duration::from_millis(550), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1000), "hosts were not fetched concurrently: {elapsed:?}");
    let (ha, hb) = (a.all_hits(), b.all_hits());
    let overlap = ha.iter().any(|x| hb.iter().any(|y| x.start < y.end && y.start < x.end));
    assert!(overlap, "requests to the two hosts never overlapped");
}
