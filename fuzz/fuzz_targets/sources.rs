//! Any bytes through every source parser: feeds, sitemaps, sniffing, feed
//! discovery, robots.txt and source lists return a result or an error, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_sources::{
    classify, discover_feeds, parse_feed, parse_sitemap, parse_source_list, robots_sitemaps, MAX_ENTRIES,
};

fuzz_target!(|data: &[u8]| {
    let Ok(base) = url::Url::parse("https://fuzz.example/news/feed.xml") else { return };
    let _ = classify(data, Some("text/html"));
    if let Ok(feed) = parse_feed(data, &base) {
        assert!(feed.entries.len() <= MAX_ENTRIES);
        assert!(feed.entries.iter().all(|e| matches!(e.url.scheme(), "http" | "https")));
    }
    let _ = parse_sitemap(data, &base);
    assert!(discover_feeds(data, &base).iter().all(|u| matches!(u.scheme(), "http" | "https")));
    let _ = robots_sitemaps(&String::from_utf8_lossy(data), &base);
    let _ = parse_source_list(data);
});
