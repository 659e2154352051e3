//! Fetching queued URLs into batches of pages for the ingest pipeline, and
//! recording each URL's outcome: failures as they happen, stored articles
//! only once the store has committed them (so a kill loses no URL).

use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use newsdesk_fetch::{FetchError, Fetched, Validators};
use newsdesk_ingest::{Input, InputError, Page, SourceHints};
use newsdesk_store::{CrawlStore, Follower, PageRecord, SourceRecord, UrlOutcome, UrlRecord};
use tokio::sync::mpsc;

use crate::crawler::Shared;
use crate::CrawlConfig;

/// Final URL of a fetched page (what its article's `url` will be) to the
/// queued URLs it was fetched for: several when links redirect to one page.
pub(crate) type Pending = Arc<Mutex<HashMap<String, Vec<String>>>>;

/// Counters of a harvest, readable while it runs (for progress displays).
#[derive(Debug, Default)]
pub struct Tally {
    pub fetched: AtomicU64,
    pub failed: AtomicU64,
    pub bytes: AtomicU64,
    /// Failure lines not yet shown; [`Tally::take_messages`] drains them.
    messages: Mutex<Vec<String>>,
}

impl Tally {
    pub fn take_messages(&self) -> Vec<String> {
        self.messages.lock().map(|mut m| std::mem::take(&mut *m)).unwrap_or_default()
    }

    fn failed(&self, line: String) {
        self.failed.fetch_add(1, Ordering::Relaxed);
        self.say(line);
    }

    /// A line to show that is not a failed fetch of its own.
    fn say(&self, line: String) {
        if let Ok(mut m) = self.messages.lock() {
            m.push(line);
        }
    }
}

type Message = (UrlRecord, SourceHints, Result<Fetched, FetchError>);

/// The pages of a harvest in batches, as they are fetched: a batch ends at
/// `batch_size` pages or `batch_secs` after its first page.
pub struct Harvest<S> {
    shared: Arc<Shared<S>>,
    rx: mpsc::Receiver<Message>,
    runtime: tokio::runtime::Handle,
    pending: Pending,
    tally: Arc<Tally>,
}

impl<S: CrawlStore + 'static> Harvest<S> {
    pub(crate) fn start(
        shared: Arc<Shared<S>>,
        runtime: &tokio::runtime::Handle,
        urls: Vec<UrlRecord>,
        sources: &HashMap<i64, SourceRecord>,
        pending: Pending,
    ) -> Self {
        // Bounded, and each fetch first reserves its slot (in spawn order:
        // the channel's waiters are served first come, first served): pages
        // fetched and not yet extracted never exceed two batches, however
        // long the round, instead of a whole round's pages in memory.
        let (tx, rx) = mpsc::channel(shared.config.batch_size.max(1) * 2);
        for rec in interleave_hosts(urls) {
            let hints = rec.source.and_then(|id| sources.get(&id)).map(source_hints).unwrap_or_default();
            let tx = tx.clone();
            let fetcher = shared.fetcher.clone();
            runtime.spawn(async move {
                // A closed channel means the harvest was dropped: nothing to do.
                let Ok(slot) = tx.reserve().await else { return };
                let result = fetcher.fetch(&rec.url, &Validators::default()).await;
                slot.send((rec, hints, result));
            });
        }
        Harvest { shared, rx, runtime: runtime.clone(), pending, tally: Arc::default() }
    }

    pub fn tally(&self) -> Arc<Tally> {
        self.tally.clone()
    }

    /// Turns one fetch result into an input for ingest, or records its
    /// failure and returns `None`.
    fn input_of(&self, (rec, hints, result): Message) -> Option<Result<Input, InputError>> {
        if let Ok(Fetched::Body(resp)) = &result {
            self.tally.fetched.fetch_add(1, Ordering::Relaxed);
            self.tally.bytes.fetch_add(resp.body.len() as u64, Ordering::Relaxed);
        }
        match fetch_outcome(&self.shared.config, &rec, hints, result, Utc::now()) {
            FetchOutcome::Input(input) => {
                if let Input::Page(page) = &input {
                    if let (Some(final_url), Ok(mut p)) = (&page.url, self.pending.lock()) {
                        p.entry(final_url.clone()).or_default().push(rec.url.clone());
                    }
                }
                Some(Ok(input))
            }
            FetchOutcome::NotModified => None,
            FetchOutcome::Failed(o) => {
                if let UrlOutcome::Failed { reason, retry_at, .. } = &o {
                    let later = retry_at.map(|t| format!(", retry after {}", t.format("%H:%M:%S"))).unwrap_or_default();
                    self.tally.failed(format!("{reason}{later}"));
                }
                if let Err(e) = self.shared.lock().record_outcomes(&[o]) {
                    self.tally.say(format!("store: {e}"));
                }
                None
            }
        }
    }
}

/// What the fetch of a queued URL gives.
#[derive(Debug)]
pub enum FetchOutcome {
    /// A page for the ingest pipeline, or a document that is no article
    /// ([`Input::Skipped`]).
    Input(Input),
    /// 304 for a request sent without validators: tried again later.
    NotModified,
    /// The fetch failed: the URL's outcome, with when it may be tried again.
    Failed(UrlOutcome),
}

/// Turns the result of fetching queued URL `rec` into what ingest takes or
/// the failure to record (the crawler's rules, for `watch` and for workers
/// that take fetch jobs alike).
pub fn fetch_outcome(
    config: &CrawlConfig,
    rec: &UrlRecord,
    hints: SourceHints,
    result: Result<Fetched, FetchError>,
    now: DateTime<Utc>,
) -> FetchOutcome {
    match result {
        Ok(Fetched::Body(resp)) => {
            if !is_html(resp.content_type.as_deref()) {
                let reason = format!("not HTML ({})", resp.content_type.as_deref().unwrap_or("no content type"));
                return FetchOutcome::Input(Input::Skipped { origin: rec.url.clone(), reason });
            }
            FetchOutcome::Input(Input::Page(Page {
                origin: rec.url.clone(),
                bytes: resp.body,
                url: Some(resp.final_url.to_string()),
                content_type: resp.content_type,
                fetched_at: Some(resp.fetched_at),
                source_hints: hints,
            }))
        }
        // No validators were sent for an article, so no 304 is expected;
        // should a server send one anyway, try again next round.
        Ok(Fetched::NotModified { .. }) => FetchOutcome::NotModified,
        Err(e) => {
            let retry_at = retry_at(config, rec, &e, now);
            let reason = format!("{}: {e}", e.kind());
            FetchOutcome::Failed(UrlOutcome::Failed { url: rec.url.clone(), reason, at: now, retry_at })
        }
    }
}

/// When a failed URL may be tried again: after `retry_secs`, doubled per
/// earlier failure, or when the server said; never for a failure that
/// will not pass, or once the attempts are used up.
fn retry_at(c: &CrawlConfig, rec: &UrlRecord, e: &FetchError, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
    if !e.is_retryable() || rec.attempts + 1 >= c.max_url_attempts {
        return None;
    }
    let secs = c.retry_secs * f64::from(1u32 << rec.attempts.min(16));
    let backoff = now + chrono::Duration::milliseconds((secs * 1000.0) as i64);
    match e {
        FetchError::RetryLater { at, .. } => Some(backoff.max(*at)),
        _ => Some(backoff),
    }
}

impl<S: CrawlStore + 'static> Iterator for Harvest<S> {
    type Item = Vec<Result<Input, InputError>>;

    fn next(&mut self) -> Option<Self::Item> {
        let size = self.shared.config.batch_size.max(1);
        let wait = Duration::from_secs_f64(self.shared.config.batch_secs);
        let mut batch = Vec::new();
        let mut deadline: Option<Instant> = None;
        loop {
            let msg = match deadline {
                // Nothing yet: wait for the first page however long it takes.
                None => self.runtime.block_on(self.rx.recv()),
                Some(d) => {
                    let left = d.saturating_duration_since(Instant::now());
                    // The timer is made inside the runtime (in the async
                    // block): made out of it, tokio panics for want of a reactor.
                    let rx = &mut self.rx;
                    match self.runtime.block_on(async move { tokio::time::timeout(left, rx.recv()).await }) {
                        Ok(m) => m,
                        Err(_) => return Some(batch),
                    }
                }
            };
            let Some(msg) = msg else {
                // Every fetch has answered.
                return if batch.is_empty() { None } else { Some(batch) };
            };
            if let Some(input) = self.input_of(msg) {
                batch.push(input);
                deadline.get_or_insert_with(|| Instant::now() + wait);
                if batch.len() >= size {
                    return Some(batch);
                }
            }
        }
    }
}

/// Records each stored article's URL as fetched, after the store committed
/// it: a crawl killed before the commit fetches the page again, never loses it.
pub struct CrawlFollower<S> {
    shared: Arc<Shared<S>>,
    pending: Pending,
}

impl<S: CrawlStore> CrawlFollower<S> {
    pub(crate) fn new(shared: Arc<Shared<S>>, pending: Pending) -> Self {
        CrawlFollower { shared, pending }
    }
}

impl<S: CrawlStore> Follower for CrawlFollower<S> {
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> Result<(), String> {
        let outcomes: Vec<UrlOutcome> = {
            let mut pending = self.pending.lock().map_err(|_| "crawl: pending URLs lock poisoned".to_string())?;
            batch
                .iter()
                .flat_map(|r| {
                    let urls = r.article.url.as_deref().and_then(|u| pending.remove(u)).unwrap_or_default();
                    urls.into_iter().map(|url| UrlOutcome::Stored {
                        url,
                        article_id: r.article.id.clone(),
                        at: committed_at,
                    })
                })
                .collect()
        };
        self.shared.lock().record_outcomes(&outcomes).map_err(|e| format!("crawl: recording fetched URLs: {e}"))
    }
}

/// What a source's settings tell the extractor about its pages.
pub fn source_hints(s: &SourceRecord) -> SourceHints {
    SourceHints { site_name: s.name.clone(), country: s.country.clone(), language: s.language.clone() }
}

/// HTML, or no type at all (the extractor sniffs); feeds, images, PDFs and
/// the like are not articles.
fn is_html(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else { return true };
    let mime = ct.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    mime.is_empty() || mime == "text/html" || mime == "application/xhtml+xml" || mime == "text/plain"
}

/// Orders URLs host by host in turn, so the first requests go to as many
/// hosts as possible instead of queueing behind one host's politeness.
fn interleave_hosts(urls: Vec<UrlRecord>) -> Vec<UrlRecord> {
    let mut by_host: Vec<(String, VecDeque<UrlRecord>)> = Vec::new();
    let mut index: HashMap<String, usize> = HashMap::new();
    for rec in urls {
        let host = url::Url::parse(&rec.url).ok().and_then(|u| u.host_str().map(str::to_string)).unwrap_or_default();
        let i = *index.entry(host.clone()).or_insert_with(|| {
            by_host.push((host, VecDeque::new()));
            by_host.len() - 1
        });
        by_host[i].1.push_back(rec);
    }
    let mut out = Vec::new();
    loop {
        let before = out.len();
        for (_, q) in &mut by_host {
            if let Some(r) = q.pop_front() {
                out.push(r);
            }
        }
        if out.len() == before {
            return out;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(url: &str) -> UrlRecord {
        UrlRecord {
            url: url.into(),
            source: None,
            state: newsdesk_store::UrlState::Queued,
            found_at: Utc::now(),
            published: None,
            attempts: 0,
            next_attempt: None,
            last_error: None,
            fetched_at: None,
            article_id: None,
        }
    }

    #[test]
    fn hosts_take_turns() {
        let urls = ["http://a/1", "http://a/2", "http://a/3", "http://b/1", "http://c/1", "http://b/2"];
        let order: Vec<_> =
            interleave_hosts(urls.iter().map(|u| rec(u)).collect()).into_iter().map(|r| r.url).collect();
        assert_eq!(order, ["http://a/1", "http://b/1", "http://c/1", "http://a/2", "http://b/2", "http://a/3"]);
    }

    #[test]
    fn only_html_pages_are_articles() {
        assert!(is_html(Some("text/html; charset=iso-8859-1")));
        assert!(is_html(None));
        assert!(!is_html(Some("application/pdf")));
        assert!(!is_html(Some("image/png")));
    }
}
