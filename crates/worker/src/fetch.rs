//! Fetch jobs: a URL of the crawl queue (which `newsdesk watch --nats`
//! schedules) fetched by a worker, politely as `watch` fetches it, then
//! extracted and stored like an extract job; the URL's outcome (stored, no
//! article, failed with its retry time) goes into the store's crawl queue.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use async_nats::jetstream::{AckKind, Message};
use async_nats::HeaderMap;
use bytes::Bytes;
use chrono::Utc;
use futures_util::future::join_all;
use newsdesk_crawl::{fetch_outcome, source_hints, FetchOutcome};
use newsdesk_fetch::Validators;
use newsdesk_ingest::{Input, InputError};
use newsdesk_store::{CrawlStore, SourceRecord, UrlOutcome, UrlRecord, UrlState};

use crate::error::{QueueContext, Result};
use crate::worker::{Events, InputOutcome, Slot, Worker, WorkerEvent, WorkerReport};

/// How often a worker tells the queue it still holds the fetch jobs it is
/// fetching: one host's pace can make a batch outlast `ack_wait`, and a job
/// redelivered meanwhile would be fetched twice.
const STILL_FETCHING: Duration = Duration::from_secs(1);

/// The header of a fetch job for a URL to fetch even if it was fetched
/// before (`newsdesk fetch --refetch`).
const REFETCH: &str = "Newsdesk-Refetch";

/// A URL as a fetch job: its headers and payload.
pub fn encode_url(url: &str, refetch: bool) -> (HeaderMap, Bytes) {
    let mut headers = HeaderMap::new();
    if refetch {
        headers.insert(REFETCH, "1");
    }
    (headers, Bytes::copy_from_slice(url.as_bytes()))
}

impl Worker {
    pub(crate) async fn fetch(
        &self,
        jobs: Vec<Message>,
        store: &mut Slot,
        report: &mut WorkerReport,
        on_event: &Events<'_>,
    ) -> Result<()> {
        let urls: Arc<Vec<String>> =
            Arc::new(jobs.iter().map(|m| String::from_utf8_lossy(&m.payload).into_owned()).collect());
        let refetch: Vec<bool> =
            jobs.iter().map(|m| m.headers.as_ref().is_some_and(|h| h.get(REFETCH).is_some())).collect();
        let wanted = Arc::clone(&urls);
        let looked_up = self
            .persist(&jobs, store, on_event, move |s| {
                let records = wanted.iter().map(|u| s.url_record(u)).collect::<newsdesk_store::Result<Vec<_>>>()?;
                Ok((records, s.sources()?))
            })
            .await?;
        let (records, sources) = match looked_up {
            Ok(found) => found,
            Err(e) => {
                on_event.emit(WorkerEvent::Failed(&format!("fetch jobs: reading the crawl queue: {e}")));
                report.failed += jobs.len() as u64;
                return self.finish_batch(&jobs, &[], report).await;
            }
        };
        let sources: HashMap<i64, SourceRecord> = sources.into_iter().map(|s| (s.id, s)).collect();
        // A URL fetched since its job was published (a job published twice,
        // or redelivered after its batch was stored) is not fetched again,
        // unless asked to be.
        let mut todo: Vec<UrlRecord> = Vec::new();
        // Articles of URLs fetched already: analysed again if a worker died
        // between storing them and publishing their analysis (the analysis
        // skips those it has).
        let mut stored_before: Vec<String> = Vec::new();
        for (record, again) in records.into_iter().zip(refetch) {
            let Some(record) = record else { continue };
            if again || record.state == UrlState::Queued {
                todo.push(record);
            } else if let Some(id) = record.article_id {
                stored_before.push(id);
            }
        }

        let results = self.fetch_all(&todo, &jobs).await?;
        if let Some(failure) = self.pace.as_ref().and_then(|p| p.take_failure()) {
            on_event.emit(WorkerEvent::Degraded(&failure));
        }
        let now = Utc::now();
        let (mut inputs, mut outcomes) = (Vec::new(), Vec::new());
        for (rec, result) in todo.iter().zip(results) {
            let hints = rec.source.and_then(|id| sources.get(&id)).map(source_hints).unwrap_or_default();
            match fetch_outcome(&self.config.crawl, rec, hints, result, now) {
                FetchOutcome::Input(input) => inputs.push(Ok::<Input, InputError>(input)),
                // Not recorded: the URL comes due again when its lease ends.
                FetchOutcome::NotModified => {}
                FetchOutcome::Failed(o) => {
                    // The reason names the URL.
                    if let UrlOutcome::Failed { reason, .. } = &o {
                        on_event.emit(WorkerEvent::Failed(reason));
                    }
                    report.failed += 1;
                    outcomes.push(o);
                }
            }
        }

        let stored = self.store_inputs(inputs, &jobs, store, report, on_event).await?;
        let at = Utc::now();
        outcomes.extend(stored.outcomes.into_iter().map(|(url, outcome)| match outcome {
            InputOutcome::Stored(article_id) => UrlOutcome::Stored { url, article_id, at },
            InputOutcome::Skipped(reason) => UrlOutcome::Skipped { url, reason, at },
            // Fetching it again would give the same page: not retried.
            InputOutcome::Failed(reason) => UrlOutcome::Failed { url, reason, at, retry_at: None },
        }));
        let outcomes = Arc::new(outcomes);
        let recorded = Arc::clone(&outcomes);
        if let Err(e) = self.persist(&jobs, store, on_event, move |s| Ok(s.record_outcomes(&recorded)?)).await? {
            // The articles are stored; the URLs stay queued and are fetched
            // again (unchanged) once their lease ends.
            on_event.emit(WorkerEvent::Failed(&format!("recording {} fetched URLs: {e}", outcomes.len())));
        }
        let mut ids = stored.ids;
        ids.extend(stored_before);
        self.finish_batch(&jobs, &ids, report).await
    }

    /// Fetches `todo` at once (the fetcher keeps each host's pace), telling
    /// the queue meanwhile that the jobs are still in hand.
    async fn fetch_all(
        &self,
        todo: &[UrlRecord],
        jobs: &[Message],
    ) -> Result<Vec<std::result::Result<newsdesk_fetch::Fetched, newsdesk_fetch::FetchError>>> {
        let fetcher = self.fetcher.as_ref().expect("a worker that takes fetch jobs has a fetcher");
        let none = Validators::default();
        let all = join_all(todo.iter().map(|r| fetcher.fetch(&r.url, &none)));
        tokio::pin!(all);
        let mut tick = tokio::time::interval(STILL_FETCHING);
        tick.tick().await;
        loop {
            tokio::select! {
                results = &mut all => return Ok(results),
                _ = tick.tick() => {
                    for m in jobs {
                        m.ack_with(AckKind::Progress).await.queue_ctx("progress ack")?;
                    }
                }
            }
        }
    }
}
