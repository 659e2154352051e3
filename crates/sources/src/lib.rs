//! Pure parsing of what news sources publish, for the crawler: RSS, Atom and
//! JSON feeds ([`parse_feed`]), news sitemaps and sitemap indexes
//! ([`parse_sitemap`]), feed links in HTML pages and robots.txt
//! ([`discover_feeds`], [`robots_sitemaps`], [`COMMON_FEED_PATHS`]), lists of
//! sources (OPML or one URL per line, [`parse_source_list`]), and sniffing a
//! fetched body ([`classify`]). No network: bytes in, URLs out.
//!
//! Every input is untrusted: gzip is detected by its magic bytes and capped
//! at [`MAX_DECOMPRESSED_BYTES`], documents keep at most [`MAX_ENTRIES`]
//! entries (and say `truncated`), XML is streamed without entity expansion or
//! recursion, and only http(s) URLs come out.
//!
//! ```
//! use newsdesk_sources::{classify, parse_sitemap, DocumentKind, ParsedSitemap};
//! use url::Url;
//!
//! let body = br#"<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
//!   <url><loc>/2026/12/01/story</loc><lastmod>2026-12-01</lastmod></url>
//! </urlset>"#;
//! assert_eq!(classify(body, None), DocumentKind::Sitemap);
//! let base = Url::parse("https://news.example/sitemap.xml").unwrap();
//! let sitemap = parse_sitemap(body, &base).unwrap();
//! let ParsedSitemap::Urls(urls) = sitemap.kind else { panic!("a urlset") };
//! assert_eq!(urls[0].url.as_str(), "https://news.example/2026/12/01/story");
//! assert!(urls[0].lastmod.is_some());
//! ```

mod body;
mod classify;
mod date;
mod discover;
mod error;
mod feed;
mod html;
mod list;
mod sitemap;
mod urls;

pub use classify::{classify, DocumentKind};
pub use discover::{common_feed_urls, discover_feeds, robots_sitemaps, COMMON_FEED_PATHS};
pub use error::{Result, SourceError};
pub use feed::{parse_feed, FeedEntry, ParsedFeed};
pub use list::{parse_source_list, ListProblem, SourceSpec};
pub use sitemap::{parse_sitemap, ParsedSitemap, Sitemap, SitemapRef, SitemapUrl};

/// Most entries kept from one document (the sitemaps.org limit per sitemap).
pub const MAX_ENTRIES: usize = 50_000;

/// Most bytes a gzipped body may decompress to (the sitemaps.org limit).
pub const MAX_DECOMPRESSED_BYTES: u64 = 50 * 1024 * 1024;
