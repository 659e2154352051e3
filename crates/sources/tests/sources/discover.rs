use newsdesk_sources::{common_feed_urls, discover_feeds, robots_sitemaps, COMMON_FEED_PATHS};

use crate::url;

fn strs(v: &[url::Url]) -> Vec<&str> {
    v.iter().map(url::Url::as_str).collect()
}

#[test]
fn link_alternate_with_base() {
    let html = br#"<!DOCTYPE html><html><head>
<base href="/section/">
<link rel="stylesheet" href="style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">
<LINK REL="Alternate feed" TYPE="Application/Atom+XML" HREF="https://cdn.example/atom.xml">
<link rel="alternate" type="application/feed+json" href="../feed.json">
<link rel="alternate" type="application/json" href="/wp-json/wp/v2/posts/1">
<link rel="alternate" hreflang="fr" href="/fr/">
<link rel="alternate" type="application/rss+xml" href="javascript:void(0)">
<link rel="alternate" type="application/rss+xml" href="feed.xml">
</head><body><!-- <link rel="alternate" type="application/rss+xml" href="/commented"> --></body></html>"#;
    let got = discover_feeds(html, &url("https://site.example/a/page.html"));
    assert_eq!(
        strs(&got),
        ["https://site.example/section/feed.xml", "https://cdn.example/atom.xml", "https://site.example/feed.json"]
    );
}

#[test]
fn relative_href_without_base() {
    let html = br#"<head><link rel=alternate type="application/rss+xml" href="rss"></head>"#;
    assert_eq!(strs(&discover_feeds(html, &url("https://s.example/news/"))), ["https://s.example/news/rss"]);
    assert!(discover_feeds(b"<p>no feeds</p>", &url("https://s.example/")).is_empty());
}

#[test]
fn common_paths_on_site_root() {
    assert!(COMMON_FEED_PATHS.contains(&"/feed") && COMMON_FEED_PATHS.contains(&"/sitemap_news.xml"));
    let urls = common_feed_urls(&url("https://s.example/deep/page?q=1"));
    assert_eq!(urls.len(), COMMON_FEED_PATHS.len());
    assert_eq!(urls[0].as_str(), "https://s.example/feed");
}

#[test]
fn robots_sitemap_lines() {
    let robots = "User-agent: *\nDisallow: /private\n# Sitemap: https://r.example/commented.xml\nSitemap: https://r.example/sitemap.xml\nsitemap:/news-sitemap.xml # news\n  SITEMAP :  https://other.example/s.xml.gz\r\nSitemap: https://r.example/sitemap.xml\nSitemap: ftp://r.example/x\nSitemap:\n";
    let got = robots_sitemaps(robots, &url("https://r.example/robots.txt"));
    assert_eq!(
        strs(&got),
        ["https://r.example/sitemap.xml", "https://r.example/news-sitemap.xml", "https://other.example/s.xml.gz"]
    );
}
