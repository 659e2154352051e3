//! Counters kept by the fetcher.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

/// What a [`Fetcher`](crate::Fetcher) has done so far.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FetchStats {
    /// HTTP requests sent (robots.txt, redirects and retries included).
    pub requests: u64,
    /// Body bytes received, after decompression.
    pub bytes: u64,
    /// Requests sent again after a timeout, network error, 429 or 5xx.
    pub retries: u64,
    /// URLs refused before any request: bad URL, private address, robots.txt.
    pub refused: u64,
    /// robots.txt files requested.
    pub robots_fetches: u64,
    /// Fetches answered 304 Not Modified.
    pub not_modified: u64,
    /// Fetches that returned a body.
    pub ok: u64,
    /// Fetches that ended in an error (refusals included).
    pub failed: u64,
    /// Per host (`scheme://host:port`).
    pub hosts: BTreeMap<String, HostStats>,
}

/// Per-host politeness figures.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HostStats {
    /// Requests sent to the host.
    pub requests: u64,
    /// Total time requests waited for their turn (host busy, pause, global limit).
    pub waited_secs: f64,
    /// `waited_secs / requests`.
    pub mean_wait_secs: f64,
    /// Current pause between requests (configured delay or Crawl-delay).
    pub delay_secs: f64,
}

#[derive(Debug, Default)]
pub(crate) struct Counters {
    pub requests: AtomicU64,
    pub bytes: AtomicU64,
    pub retries: AtomicU64,
    pub refused: AtomicU64,
    pub robots_fetches: AtomicU64,
    pub not_modified: AtomicU64,
    pub ok: AtomicU64,
    pub failed: AtomicU64,
}

impl Counters {
    pub(crate) fn add(counter: &AtomicU64, n: u64) {
        counter.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn snapshot(&self, hosts: BTreeMap<String, HostStats>) -> FetchStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        FetchStats {
            requests: get(&self.requests),
            bytes: get(&self.bytes),
            retries: get(&self.retries),
            refused: get(&self.refused),
            robots_fetches: get(&self.robots_fetches),
            not_modified: get(&self.not_modified),
            ok: get(&self.ok),
            failed: get(&self.failed),
            hosts,
        }
    }
}
