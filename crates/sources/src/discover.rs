//! Where a site's feeds and sitemaps are: `<link rel="alternate">` in its
//! pages, the usual paths, and the `Sitemap:` lines of robots.txt.

use std::collections::HashSet;

use url::Url;

use crate::body::decode;
use crate::html::scan_tags;
use crate::urls::{is_http, resolve_http};
use crate::MAX_ENTRIES;

/// Paths where sites commonly publish feeds and news sitemaps, to try (in
/// this order) when a page announces none. Resolve them against the site
/// root, e.g. with [`common_feed_urls`].
pub const COMMON_FEED_PATHS: &[&str] = &[
    "/feed",
    "/rss",
    "/rss.xml",
    "/feed.xml",
    "/atom.xml",
    "/index.xml",
    "/feeds/posts/default",
    "/news-sitemap.xml",
    "/sitemap_news.xml",
];

/// Feed types announced by `<link rel="alternate" type=...>`.
const FEED_TYPES: &[&str] = &[
    "application/rss+xml",
    "application/atom+xml",
    "application/feed+json",
    "application/json",
    "application/rdf+xml",
    "application/x.atom+xml",
    "application/x-atom+xml",
    "text/xml",
    "application/xml",
];

/// [`COMMON_FEED_PATHS`] on the host of `site`.
pub fn common_feed_urls(site: &Url) -> Vec<Url> {
    COMMON_FEED_PATHS.iter().filter_map(|p| resolve_http(site, p)).collect()
}

/// Feed URLs a page announces with `<link rel="alternate" type="...">` (RSS,
/// Atom, JSON Feed types), resolved against `<base href>` (itself resolved
/// against `page_url`) or `page_url`; http(s) only, deduplicated, in page
/// order. `text/xml` and `application/xml` count too: some sites use them;
/// WordPress REST links (`/wp-json/`) do not. Check what they serve with
/// [`crate::classify`].
pub fn discover_feeds(html: &[u8], page_url: &Url) -> Vec<Url> {
    let text = decode(html);
    let mut base: Option<Url> = None;
    let mut links = Vec::new();
    scan_tags(&text, &["base", "link"], |tag| {
        if tag.name == "base" {
            // The first <base href> counts, as in browsers.
            if base.is_none() {
                base = tag.attr("href").and_then(|h| resolve_http(page_url, h));
            }
        } else if links.len() < MAX_ENTRIES {
            links.push(tag);
        }
    });
    let base = base.unwrap_or_else(|| page_url.clone());
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for e in &links {
        let rel_ok =
            e.attr("rel").is_some_and(|r| r.split_ascii_whitespace().any(|t| t.eq_ignore_ascii_case("alternate")));
        let mime = e.attr("type").unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
        if !rel_ok || !FEED_TYPES.contains(&mime.as_str()) {
            continue;
        }
        let Some(url) = e.attr("href").and_then(|h| resolve_http(&base, h)) else { continue };
        // WordPress announces its REST API as alternate application/json.
        if mime == "application/json" && url.path().contains("/wp-json/") {
            continue;
        }
        if seen.insert(url.clone()) {
            out.push(url);
        }
    }
    out
}

/// The `Sitemap:` URLs of a robots.txt (any case, comments stripped),
/// resolved against `base`; http(s) only, deduplicated, in order.
pub fn robots_sitemaps(robots_txt: &str, base: &Url) -> Vec<Url> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for line in robots_txt.lines() {
        let line = line.split('#').next().unwrap_or_default();
        let Some((key, value)) = line.split_once(':') else { continue };
        if !key.trim().eq_ignore_ascii_case("sitemap") {
            continue;
        }
        if let Some(url) = resolve_http(base, value).filter(is_http) {
            if seen.insert(url.clone()) {
                out.push(url);
                if out.len() == MAX_ENTRIES {
                    break;
                }
            }
        }
    }
    out
}
