//! Crawler settings.

use newsdesk_fetch::FetchConfig;
use serde::{Deserialize, Serialize};

/// How the crawler polls and fetches; every field has a default. Read from
/// the `[crawl]` table of `newsdesk.toml` in the data directory.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct CrawlConfig {
    /// HTTP: user agent, timeouts, body limit, politeness, private addresses.
    pub fetch: FetchConfig,
    /// Seconds between two polls of one source.
    pub poll_interval_secs: f64,
    /// Child sitemaps fetched per poll of a sitemap index, most recently
    /// modified first (news sitemap indexes list every day of their archive).
    pub max_child_sitemaps: usize,
    /// Candidate feed URLs tried when a source is a site's page.
    pub max_feed_candidates: usize,
    /// Fetches of one article URL before it is given up (failures that may
    /// pass: timeouts, 5xx, network errors).
    pub max_url_attempts: u32,
    /// Seconds before a failed URL is tried again; doubled after each failure.
    pub retry_secs: f64,
    /// A batch of fetched pages is stored after this many seconds, or at
    /// `batch_size` pages: what a kill can cost in fetches to redo.
    pub batch_secs: f64,
    pub batch_size: usize,
    /// URLs taken from the queue per round.
    pub round_size: usize,
}

impl Default for CrawlConfig {
    fn default() -> Self {
        CrawlConfig {
            fetch: FetchConfig::default(),
            poll_interval_secs: 900.0,
            max_child_sitemaps: 20,
            max_feed_candidates: 12,
            max_url_attempts: 3,
            retry_secs: 600.0,
            batch_secs: 2.0,
            batch_size: 256,
            round_size: 5_000,
        }
    }
}
