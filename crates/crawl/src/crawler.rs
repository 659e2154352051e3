//! The crawler: polls sources into the URL queue, and turns due URLs into
//! pages for the ingest pipeline.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Duration, Utc};
use futures_util::future::join_all;
use newsdesk_fetch::{check_url, FetchStats, Fetcher};
use newsdesk_model::article_id;
use newsdesk_store::{
    CrawlCounts, CrawlStore, FoundUrl, PollRecord, SourceRecord, Store, UrlOutcome, UrlRecord, UrlState,
};
use url::Url;

use crate::harvest::Harvest;
use crate::{CrawlConfig, CrawlError, Result};

/// What the crawler's tasks share: the fetcher, the settings, and the
/// store connection that keeps the crawl state (behind a lock held only
/// for single statements, never across a fetch).
pub(crate) struct Shared<S> {
    pub fetcher: Fetcher,
    pub config: CrawlConfig,
    state: Mutex<S>,
}

impl<S> Shared<S> {
    pub(crate) fn lock(&self) -> MutexGuard<'_, S> {
        // A panic elsewhere while holding the lock leaves SQLite consistent
        // (statements are atomic), so the state stays usable.
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Runs `f` on the state from the crawler's async tasks, off the
    /// runtime: a store whose client blocks on a runtime of its own (the
    /// PostgreSQL one) may not be called on a runtime's thread.
    pub(crate) fn in_async<T>(&self, f: impl FnOnce(&mut S) -> T) -> T {
        tokio::task::block_in_place(|| f(&mut self.lock()))
    }
}

/// A URL given to [`Crawler::add_urls`] that cannot be fetched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadUrl {
    pub url: String,
    pub reason: String,
}

/// How one source's poll went.
#[derive(Debug, Clone)]
pub struct PollReport {
    pub source: SourceRecord,
    /// `Err` is the failure, also recorded as the source's last error.
    pub outcome: std::result::Result<(), String>,
    /// Article URLs the source listed, and how many were new to the queue.
    pub listed: usize,
    pub queued: u64,
    /// Documents unchanged since the last poll (304).
    pub not_modified: u32,
}

/// Polls sources and fetches the URLs they list, keeping its state in a
/// store (`S` is a connection of its own, beside the one ingest writes to).
pub struct Crawler<S> {
    shared: Arc<Shared<S>>,
    runtime: tokio::runtime::Runtime,
}

impl<S: Store + CrawlStore + 'static> Crawler<S> {
    /// Starts a crawler on its state, first recording as fetched the URLs
    /// whose articles a killed crawl stored without recording them.
    pub fn new(mut state: S, config: CrawlConfig) -> Result<Self> {
        if config.batch_size == 0 || config.round_size == 0 || config.batch_secs.is_nan() || config.batch_secs <= 0.0 {
            return Err(CrawlError::Config("batch_size, round_size and batch_secs must be above 0".into()));
        }
        // Two workers: fetching waits on the network, and decompressing and
        // reading bodies is light next to extraction on the other threads.
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .map_err(|e| CrawlError::Runtime(e.to_string()))?;
        state.settle_stored(Utc::now())?;
        let fetcher = {
            let _guard = runtime.enter();
            Fetcher::new(config.fetch.clone())?
        };
        Ok(Crawler { shared: Arc::new(Shared { fetcher, config, state: Mutex::new(state) }), runtime })
    }

    pub fn config(&self) -> &CrawlConfig {
        &self.shared.config
    }

    /// Polls the sources (those due at `now` when `due_only`), all at once,
    /// and queues the new article URLs they list. A URL whose article the
    /// store already holds is recorded as fetched, not fetched again.
    pub fn poll(&self, due_only: bool, now: DateTime<Utc>) -> Result<Vec<PollReport>> {
        let sources: Vec<SourceRecord> =
            self.sources()?.into_iter().filter(|s| !due_only || self.is_due(s, now)).collect();
        let shared = &self.shared;
        let polled = self.runtime.block_on(join_all(sources.iter().map(|s| shared.poll_source(s))));
        let mut reports = Vec::with_capacity(sources.len());
        for (source, polled) in sources.into_iter().zip(polled) {
            let at = Utc::now();
            let mut state = self.shared.lock();
            state.record_poll(source.id, &PollRecord { at, outcome: polled.outcome.clone() })?;
            let listed = polled.found.len();
            let queued = self.queue(&mut *state, polled.found, at)?;
            reports.push(PollReport {
                source,
                outcome: polled.outcome.map(|_| ()),
                listed,
                queued,
                not_modified: polled.not_modified,
            });
        }
        Ok(reports)
    }

    fn is_due(&self, s: &SourceRecord, now: DateTime<Utc>) -> bool {
        s.last_polled.is_none_or(|t| now >= t + self.poll_interval())
    }

    fn poll_interval(&self) -> Duration {
        Duration::milliseconds((self.shared.config.poll_interval_secs * 1000.0) as i64)
    }

    /// Queues URLs not stored yet; stored ones are recorded as fetched.
    fn queue(&self, state: &mut S, found: Vec<FoundUrl>, at: DateTime<Utc>) -> Result<u64> {
        let fetch = &self.shared.config.fetch;
        let mut fresh = Vec::with_capacity(found.len());
        let mut stored = Vec::new();
        for f in found {
            let Ok(url) = Url::parse(&f.url) else { continue };
            if check_url(&url, fetch.allows_private(&url)).is_err() {
                continue;
            }
            if state.url_record(&f.url)?.is_some() {
                continue;
            }
            let id = article_id(Some(&f.url), "", "");
            if state.get(&id)?.is_some() {
                stored.push(UrlOutcome::Stored { url: f.url, article_id: id, at });
            } else {
                fresh.push(f);
            }
        }
        let queued = state.enqueue(&fresh, at)?;
        state.record_outcomes(&stored)?;
        Ok(queued)
    }

    /// Queues URLs given by hand (`newsdesk fetch`) and returns those to
    /// fetch: all of them with `refetch`, else those not fetched yet.
    /// Unusable URLs come back as errors, one per URL.
    pub fn add_urls(&self, urls: &[String], refetch: bool) -> Result<(Vec<UrlRecord>, Vec<BadUrl>)> {
        let fetch = &self.shared.config.fetch;
        let mut state = self.shared.lock();
        let mut bad = Vec::new();
        let mut good = Vec::new();
        for u in urls {
            match Url::parse(u)
                .map_err(|e| e.to_string())
                .and_then(|p| check_url(&p, fetch.allows_private(&p)).map(|()| p).map_err(|e| e.to_string()))
            {
                Ok(p) => good.push(FoundUrl { url: p.to_string(), source: None, published: None }),
                Err(e) => bad.push(BadUrl { url: u.clone(), reason: e }),
            }
        }
        let now = Utc::now();
        state.enqueue(&good, now)?;
        let mut todo = Vec::new();
        for f in good {
            let Some(mut rec) = state.url_record(&f.url)? else { continue };
            if refetch || matches!(rec.state, UrlState::Queued) {
                rec.attempts = 0;
                todo.push(rec);
            }
        }
        Ok((todo, bad))
    }

    /// Queued URLs due at `now`, at most one round's worth.
    pub fn due(&self, now: DateTime<Utc>) -> Result<Vec<UrlRecord>> {
        Ok(self.shared.lock().due_urls(now, self.shared.config.round_size)?)
    }

    /// Puts off `urls` until `until`: handed to workers as fetch jobs, they
    /// are not due again unless a job is lost.
    pub fn lease(&self, urls: &[String], until: DateTime<Utc>) -> Result<()> {
        Ok(self.shared.lock().lease_urls(urls, until)?)
    }

    /// Starts fetching `urls` (many hosts at once, one request at a time per
    /// host) and returns the batches of pages for
    /// [`newsdesk_ingest::Ingester::run_batches`], with the follower that
    /// records each URL as fetched once the store has committed its
    /// article. Fetch failures are recorded as they happen.
    pub fn harvest(&self, urls: Vec<UrlRecord>) -> Result<(Harvest<S>, crate::CrawlFollower<S>)> {
        let sources: HashMap<i64, SourceRecord> = self.sources()?.into_iter().map(|s| (s.id, s)).collect();
        let pending = Arc::new(Mutex::new(HashMap::new()));
        let harvest = Harvest::start(self.shared.clone(), self.runtime.handle(), urls, &sources, pending.clone());
        let follower = crate::CrawlFollower::new(self.shared.clone(), pending);
        Ok((harvest, follower))
    }

    /// Records that a fetched page held no article (ingest skipped it).
    pub fn record_skipped(&self, url: &str, reason: &str) -> Result<()> {
        let o = UrlOutcome::Skipped { url: url.into(), reason: reason.into(), at: Utc::now() };
        Ok(self.shared.lock().record_outcomes(&[o])?)
    }

    /// Records that a fetched page could not be extracted: fetching it
    /// again would give the same page, so it is not retried.
    pub fn record_failed(&self, url: &str, reason: &str) -> Result<()> {
        let o = UrlOutcome::Failed { url: url.into(), reason: reason.into(), at: Utc::now(), retry_at: None };
        Ok(self.shared.lock().record_outcomes(&[o])?)
    }

    /// When there is next something to do: a source due, or a failed URL's
    /// retry time. `None` when there are no sources and nothing to retry.
    pub fn next_wake(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let state = self.shared.lock();
        let polls = state.sources()?.iter().map(|s| s.last_polled.map_or(now, |t| t + self.poll_interval())).min();
        let retry = state.next_retry(now)?;
        Ok(polls.into_iter().chain(retry).min())
    }

    /// Every source, with its health.
    pub fn sources(&self) -> Result<Vec<SourceRecord>> {
        Ok(self.shared.lock().sources()?)
    }

    pub fn counts(&self) -> Result<CrawlCounts> {
        Ok(self.shared.lock().crawl_counts()?)
    }

    pub fn fetch_stats(&self) -> FetchStats {
        self.shared.fetcher.stats()
    }
}
