//! `newsdesk sources`, `fetch` and `watch` against simulated sites on
//! 127.0.0.1 (private addresses allowed only where a test says so).

use std::time::{Duration, Instant};

use newsdesk_testsite::{Reply, TestSite};

use crate::{article_page, json_lines, newsdesk, run, stderr, stdout};

fn rss(site: &TestSite, paths: &[String]) -> String {
    let items: String =
        paths.iter().map(|p| format!("<item><title>{p}</title><link>{}</link></item>", site.url(p))).collect();
    format!(r#"<?xml version="1.0"?><rss version="2.0"><channel><title>Gazette</title>{items}</channel></rss>"#)
}

/// A site with a robots.txt, `n` articles under /news/ and a feed of them.
pub fn gazette(n: usize, delay: Duration) -> (TestSite, Vec<String>) {
    let site = TestSite::start();
    site.set("/robots.txt", Reply::ok("text/plain", "User-agent: *\nAllow: /\n"));
    let paths: Vec<String> = (0..n).map(|i| format!("/news/{i}")).collect();
    for (i, p) in paths.iter().enumerate() {
        site.set(p, Reply::html(article_page(i, &format!("variant {i}"))).delay(delay));
    }
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss(&site, &paths)));
    (site, paths)
}

fn stored_urls(data: &std::path::Path) -> Vec<String> {
    let o = run(newsdesk(data).args(["export", "--format", "jsonl"]));
    json_lines(&o).iter().filter_map(|a| a["url"].as_str().map(String::from)).collect()
}

#[test]
fn sources_are_added_imported_listed_and_removed() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let o = run(newsdesk(d).args(["sources", "add", "https://a.example/feed", "--name", "A", "--country", "PT"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let list = dir.path().join("list.txt");
    std::fs::write(&list, "# my outlets\nhttps://b.example/rss B News\nhttps://a.example/feed\nnot a url at all\n")
        .unwrap();
    let o = run(newsdesk(d).args(["sources", "import"]).arg(&list));
    assert_eq!(o.status.code(), Some(1), "a bad line is reported: {}", stderr(&o));
    assert!(stderr(&o).contains(":4:"), "the bad line is named: {}", stderr(&o));
    assert!(stderr(&o).contains("imported 1 new sources"), "{}", stderr(&o));
    let o = run(newsdesk(d).args(["sources", "list", "--format", "json"]));
    let sources: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(sources.len(), 2);
    assert_eq!((sources[0]["name"].as_str(), sources[0]["country"].as_str()), (Some("A"), Some("PT")));
    assert_eq!(sources[1]["name"].as_str(), Some("B News"));
    let o = run(newsdesk(d).args(["sources", "list"]));
    assert!(stdout(&o).contains("https://b.example/rss"), "{}", stdout(&o));
    assert!(run(newsdesk(d).args(["sources", "remove", "1"])).status.success());
    assert_eq!(run(newsdesk(d).args(["sources", "remove", "1"])).status.code(), Some(1));
    let o = run(newsdesk(d).args(["sources", "list", "--format", "json"]));
    assert_eq!(serde_json::from_str::<Vec<serde_json::Value>>(&stdout(&o)).unwrap().len(), 1);
}

#[test]
fn fetch_stores_an_article_once_unless_asked_again() {
    let (site, paths) = gazette(1, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let url = site.url(&paths[0]);
    let fetch = |extra: &[&str]| run(newsdesk(dir.path()).args(["fetch", "--allow-private", &url]).args(extra));
    let o = fetch(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("1 new"), "{}", stderr(&o));
    assert_eq!(stored_urls(dir.path()), std::slice::from_ref(&url));
    let o = fetch(&[]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("already fetched"), "{}", stderr(&o));
    assert_eq!(site.hits(&paths[0]), 1, "a stored URL is not fetched again");
    let o = fetch(&["--refetch"]);
    assert!(stderr(&o).contains("1 unchanged"), "{}", stderr(&o));
    assert_eq!(site.hits(&paths[0]), 2);
}

#[test]
fn fetch_refuses_private_addresses_unless_allowed() {
    let (site, paths) = gazette(1, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).args(["fetch", &site.url(&paths[0])]));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("private"), "{}", stderr(&o));
    assert_eq!(site.log().len(), 0, "nothing was requested");
    let o = run(newsdesk(dir.path()).args(["fetch", "file:///etc/passwd", "ftp://a.example/x"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("file:///etc/passwd"), "{}", stderr(&o));
    assert!(stored_urls(dir.path()).is_empty());
}

#[test]
fn watch_once_stores_a_feeds_articles_with_the_sources_settings() {
    let (site, paths) = gazette(3, Duration::ZERO);
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let feed = site.url("/feed.xml");
    assert!(run(newsdesk(d).args(["sources", "add", &feed, "--country", "PT", "--name", "Gazette"])).status.success());
    let o = run(newsdesk(d).args(["watch", "--once", "--allow-private", "--host-delay", "0"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("3 new article URLs queued"), "{}", stderr(&o));
    let mut urls = stored_urls(d);
    urls.sort();
    let mut want: Vec<String> = paths.iter().map(|p| site.url(p)).collect();
    want.sort();
    assert_eq!(urls, want);
    let o = run(newsdesk(d).args(["list", "--format", "jsonl"]));
    assert!(json_lines(&o).iter().all(|a| a["country"] == "PT"), "the source's country: {}", stdout(&o));
    let o = run(newsdesk(d).args(["search", "council", "--format", "json"]));
    assert!(stdout(&o).contains("\"total\": 3") || stdout(&o).contains("\"total\":3"), "indexed: {}", stdout(&o));
    let o = run(newsdesk(d).args(["sources", "list", "--format", "json"]));
    let s: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (s[0]["kind"].as_str(), s[0]["articles_found"].as_u64(), s[0]["fetched"].as_u64()),
        (Some("feed"), Some(3), Some(3))
    );
    // Polled again: the feed is fetched, nothing new is.
    let o = run(newsdesk(d).args(["watch", "--once", "--allow-private", "--host-delay", "0"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(paths.iter().all(|p| site.hits(p) == 1), "{:?}", site.log().iter().map(|h| &h.path).collect::<Vec<_>>());
}

#[test]
fn a_killed_watch_resumes_without_losing_or_refetching_stored_urls() {
    // 40 articles at 100 ms each from one host: about 4 s of crawling, with
    // a batch stored every half second.
    let (site, paths) = gazette(40, Duration::from_millis(100));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("newsdesk.toml"), "[crawl]\nbatch_secs = 0.5\n\n[crawl.fetch]\nhost_delay_secs = 0.0\n")
        .unwrap();
    assert!(run(newsdesk(d).args(["sources", "add", &site.url("/feed.xml")])).status.success());
    let mut child =
        newsdesk(d).args(["watch", "--once", "--allow-private"]).stderr(std::process::Stdio::null()).spawn().unwrap();
    let started = Instant::now();
    let before_kill = loop {
        let stored = stored_urls(d);
        if stored.len() >= 5 || started.elapsed() > Duration::from_secs(20) {
            break stored;
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let stored_at_kill = stored_urls(d);
    assert!(stored_at_kill.len() >= before_kill.len() && stored_at_kill.len() < paths.len(), "killed mid-crawl");
    let o = run(newsdesk(d).args(["watch", "--once", "--allow-private"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let mut all = stored_urls(d);
    all.sort();
    let mut want: Vec<String> = paths.iter().map(|p| site.url(p)).collect();
    want.sort();
    assert_eq!(all, want, "nothing lost");
    for url in &stored_at_kill {
        let path = url.trim_start_matches(&site.url(""));
        assert_eq!(site.hits(path), 1, "{url} was stored before the kill and fetched again");
    }
}

#[test]
fn a_sites_news_sitemap_is_found_through_its_robots_txt() {
    let site = TestSite::start();
    site.set("/", Reply::html("<html><head><title>Gazette</title></head><body><p>Front page</p></body></html>"));
    site.set(
        "/robots.txt",
        Reply::ok("text/plain", format!("User-agent: *\nAllow: /\nSitemap: {}\n", site.url("/maps/news.xml"))),
    );
    let urls: String = (0..2)
        .map(|i| {
            site.set(&format!("/story/{i}"), Reply::html(article_page(i, "from the sitemap")));
            format!(
                "<url><loc>{}</loc><news:news><news:publication><news:name>Gazette</news:name><news:language>en</news:language></news:publication><news:publication_date>2025-03-14T08:30:00+01:00</news:publication_date><news:title>Vote {i}</news:title></news:news></url>",
                site.url(&format!("/story/{i}"))
            )
        })
        .collect();
    site.set(
        "/maps/news.xml",
        Reply::ok(
            "application/xml",
            format!(r#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}</urlset>"#),
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    assert!(run(newsdesk(d).args(["sources", "add", &site.url("/")])).status.success());
    let o = run(newsdesk(d).args(["watch", "--once", "--allow-private", "--host-delay", "0"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stored_urls(d).len(), 2, "{}", stderr(&o));
    let o = run(newsdesk(d).args(["sources", "list", "--format", "json"]));
    let s: Vec<serde_json::Value> = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(s[0]["kind"].as_str(), Some("site"));
    assert_eq!(s[0]["poll_url"].as_str(), Some(site.url("/maps/news.xml").as_str()));
}
