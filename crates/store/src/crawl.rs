//! What the crawler keeps in the store: the sources it polls, with their
//! health, and every article URL it has found, with its fetch state. Kept
//! in the store (not in memory) so that a crawl killed at any point resumes
//! where it stopped and never fetches a stored URL again.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::Result;

/// A source's id: increasing, never reused.
pub type SourceId = i64;

/// A source as the user adds it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewSource {
    /// A feed, a (news) sitemap or sitemap index, or a site's home page.
    pub url: String,
    pub name: Option<String>,
    /// ISO 3166-1 alpha-2, given to its articles that do not say.
    pub country: Option<String>,
    /// ISO 639-1, given to its articles that do not say.
    pub language: Option<String>,
}

/// A source with what polling it has shown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SourceRecord {
    pub id: SourceId,
    pub url: String,
    pub name: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
    /// What the last successful poll found `url` to be: `feed`, `sitemap`,
    /// `sitemap_index` or `site` (a page whose feed was discovered).
    pub kind: Option<String>,
    /// The document actually polled: `url`, or the feed discovered from it.
    pub poll_url: Option<String>,
    pub added_at: DateTime<Utc>,
    pub last_polled: Option<DateTime<Utc>>,
    pub last_success: Option<DateTime<Utc>>,
    /// The last failure, kept until a poll succeeds.
    pub last_error: Option<String>,
    pub polls: u64,
    pub failures: u64,
    /// Article URLs queued from it (new ones only).
    pub articles_found: u64,
    /// Its article URLs fetched, and the mean seconds from finding one to
    /// fetching it.
    pub fetched: u64,
    pub mean_delay_secs: Option<f64>,
}

/// How one poll of a source went.
#[derive(Debug, Clone, PartialEq)]
pub struct PollRecord {
    pub at: DateTime<Utc>,
    /// `Ok((kind, poll_url))`, or the error.
    pub outcome: std::result::Result<(String, String), String>,
}

/// A URL's conditional-GET validators, as the server last gave them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DocValidators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// An article URL found in a source (or given to `fetch`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundUrl {
    pub url: String,
    pub source: Option<SourceId>,
    /// The publication time the source gave, when it did.
    pub published: Option<DateTime<Utc>>,
}

/// Where a URL stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum UrlState {
    /// Waiting to be fetched (again, after a failure that may pass).
    Queued,
    /// Fetched and its article stored.
    Fetched,
    /// Fetched but not an article (not HTML, nothing extractable).
    Skipped,
    /// Failed for good, or as many times as allowed.
    Failed,
}

impl UrlState {
    pub fn as_str(self) -> &'static str {
        match self {
            UrlState::Queued => "queued",
            UrlState::Fetched => "fetched",
            UrlState::Skipped => "skipped",
            UrlState::Failed => "failed",
        }
    }

    pub fn parse(s: &str) -> Option<UrlState> {
        Some(match s {
            "queued" => UrlState::Queued,
            "fetched" => UrlState::Fetched,
            "skipped" => UrlState::Skipped,
            "failed" => UrlState::Failed,
            _ => return None,
        })
    }
}

/// A URL with its fetch state.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UrlRecord {
    pub url: String,
    pub source: Option<SourceId>,
    pub state: UrlState,
    pub found_at: DateTime<Utc>,
    pub published: Option<DateTime<Utc>>,
    pub attempts: u32,
    /// A queued URL that failed is not tried again before this.
    pub next_attempt: Option<DateTime<Utc>>,
    /// The last failure's reason (`kind: message`).
    pub last_error: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// The stored article it became.
    pub article_id: Option<String>,
}

/// What became of one fetched URL.
#[derive(Debug, Clone, PartialEq)]
pub enum UrlOutcome {
    /// Its article is stored (the store has committed it).
    Stored { url: String, article_id: String, at: DateTime<Utc> },
    /// Fetched, but there was no article to store.
    Skipped { url: String, reason: String, at: DateTime<Utc> },
    /// Failed; `retry_at` is when it may be tried again, `None` never.
    Failed { url: String, reason: String, at: DateTime<Utc>, retry_at: Option<DateTime<Utc>> },
}

/// URLs per state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct CrawlCounts {
    pub queued: u64,
    pub fetched: u64,
    pub skipped: u64,
    pub failed: u64,
}

/// The crawler's state, kept by a store backend beside its articles.
pub trait CrawlStore: Send {
    /// Adds a source; an URL already added is left as it is. Returns its id
    /// and whether it is new.
    fn add_source(&mut self, source: &NewSource) -> Result<(SourceId, bool)>;

    /// Removes the source with this id or URL; its URLs stay (stored
    /// articles are not touched). Returns whether there was one.
    fn remove_source(&mut self, id_or_url: &str) -> Result<bool>;

    /// Every source, oldest first.
    fn sources(&self) -> Result<Vec<SourceRecord>>;

    /// Records a poll: health counters, and on success what the source is.
    fn record_poll(&mut self, id: SourceId, poll: &PollRecord) -> Result<()>;

    /// The validators last stored for a document URL (a feed, a sitemap).
    fn validators(&self, url: &str) -> Result<DocValidators>;

    /// Stores a document URL's validators, replacing earlier ones.
    fn set_validators(&mut self, url: &str, validators: &DocValidators) -> Result<()>;

    /// Queues the URLs not seen before, in one transaction; a URL already
    /// known (in any state) is left alone. Returns how many were new.
    fn enqueue(&mut self, urls: &[FoundUrl], at: DateTime<Utc>) -> Result<u64>;

    /// Up to `limit` queued URLs due at `now` (never tried, or failed with
    /// `next_attempt <= now`), oldest found first.
    fn due_urls(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<UrlRecord>>;

    /// Puts off queued URLs handed to workers (fetch jobs) until `until`, so
    /// that the scheduler does not hand them out again meanwhile; a URL whose
    /// job is lost comes due again then. Neither an attempt nor a failure.
    fn lease_urls(&mut self, urls: &[String], until: DateTime<Utc>) -> Result<()>;

    /// The earliest `next_attempt` among queued URLs not due at `now`.
    fn next_retry(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>>;

    /// Records outcomes, in one transaction. A failure counts an attempt; a
    /// URL not queued yet (given to `fetch` directly) is added.
    fn record_outcomes(&mut self, outcomes: &[UrlOutcome]) -> Result<()>;

    /// Records as fetched every queued URL whose article the store holds
    /// (an article's `url` is the URL its page was fetched from): what a
    /// crash between storing a batch and recording its URLs leaves behind.
    /// Returns how many there were.
    fn settle_stored(&mut self, at: DateTime<Utc>) -> Result<u64>;

    /// One URL's state.
    fn url_record(&self, url: &str) -> Result<Option<UrlRecord>>;

    /// URLs per state.
    fn crawl_counts(&self) -> Result<CrawlCounts>;
}
