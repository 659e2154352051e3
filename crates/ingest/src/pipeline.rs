use std::sync::mpsc::sync_channel;

use chrono::{DateTime, Utc};
use newsdesk_extract::ArticleExtractor;
use newsdesk_store::{BatchReport, Follower, PageRecord, Store, StoreError};
use rayon::prelude::*;

use crate::{process, Input, InputError, Processed, Sources};

/// Runs sources through extraction into a store.
#[derive(Debug, Clone)]
pub struct Ingester {
    pub extractor: ArticleExtractor,
    /// Pages per store transaction.
    pub batch_size: usize,
}

impl Default for Ingester {
    fn default() -> Self {
        Ingester { extractor: ArticleExtractor::default(), batch_size: 512 }
    }
}

/// Why a run stopped early. Batches committed before the failure stay stored.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Follower(String),
}

/// What happened during a run, for progress display and error reporting.
#[derive(Debug)]
pub enum IngestEvent<'a> {
    /// An input failed; the run goes on.
    Failed(&'a InputError),
    /// An input was read and passed over on purpose (not an article).
    Skipped { origin: &'a str, reason: &'a str },
    /// A batch was extracted and handed to the store; inputs read so far.
    Progress { read: u64 },
}

/// The totals of a run.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct IngestSummary {
    /// Inputs read (pages and records, skipped ones included).
    pub read: u64,
    pub stored: BatchReport,
    /// Inputs passed over on purpose (WARC request records, images, 404s).
    pub skipped: u64,
    /// Inputs that failed, each reported through [`IngestEvent::Failed`].
    pub failed: u64,
}

impl Ingester {
    /// Reads every source on a thread of its own (reading and parsing the
    /// next batch while this one is extracted), extracts on all cores, and
    /// writes batches to the store from another thread while the next batch
    /// is extracted. Bad
    /// inputs are reported and skipped; only a store failure stops the run,
    /// and every batch committed before it stays stored.
    pub fn run(
        &self,
        mut sources: Sources,
        store: &mut dyn Store,
        follower: Option<&mut dyn Follower>,
        on_event: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestSummary, IngestError> {
        let size = self.batch_size.max(1);
        let (tx, rx) = sync_channel::<Vec<Result<Input, InputError>>>(1);
        std::thread::scope(|scope| {
            scope.spawn(move || loop {
                let chunk: Vec<_> = sources.by_ref().take(size).collect();
                // An empty chunk is the end; a closed channel, a run that stopped.
                if chunk.is_empty() || tx.send(chunk).is_err() {
                    break;
                }
            });
            // Dropping the receiver (when the run stops early) ends the reader.
            self.run_batches(rx.into_iter(), store, follower, on_event)
        })
    }

    /// [`Ingester::run`] over inputs already cut into batches, each one
    /// store transaction: for a source that decides itself when a batch is
    /// due (a crawler commits what it fetched every few seconds, however few
    /// pages that is). Empty batches are passed over.
    pub fn run_batches(
        &self,
        batches: impl Iterator<Item = Vec<Result<Input, InputError>>>,
        store: &mut dyn Store,
        mut follower: Option<&mut dyn Follower>,
        on_event: &mut dyn FnMut(IngestEvent<'_>),
    ) -> Result<IngestSummary, IngestError> {
        let mut summary = IngestSummary::default();
        let (tx, rx) = sync_channel::<Vec<PageRecord>>(1);
        let (committed_tx, committed_rx) = sync_channel::<(Vec<PageRecord>, DateTime<Utc>)>(1);
        std::thread::scope(|scope| {
            // Three stages, each on its own thread: extraction of batch N+2,
            // the store committing N+1, and the followers (index, stories,
            // analyses) of N, in store order. Run by one thread, committing
            // and following took longer than extracting.
            let following = scope.spawn(move || -> Result<(), IngestError> {
                for (batch, committed_at) in committed_rx {
                    if let Some(f) = follower.as_deref_mut() {
                        f.committed(&batch, committed_at).map_err(IngestError::Follower)?;
                    }
                }
                Ok(())
            });
            let writer = scope.spawn(move || -> Result<Vec<BatchReport>, IngestError> {
                let mut reports = Vec::new();
                for batch in rx {
                    reports.push(store.put_batch(&batch)?);
                    if committed_tx.send((batch, Utc::now())).is_err() {
                        break; // the followers stopped on an error, returned below
                    }
                }
                Ok(reports)
            });
            // The writer commits batch N while batch N+1 is extracted.
            for chunk in batches {
                if chunk.is_empty() {
                    continue;
                }
                summary.read += chunk.len() as u64;
                let results: Vec<Result<Processed, InputError>> =
                    chunk.into_par_iter().map(|item| item.and_then(|input| process(&self.extractor, input))).collect();
                let mut batch = Vec::with_capacity(results.len());
                for r in results {
                    match r {
                        Ok(Processed::Article { record, .. }) => batch.push(*record),
                        Ok(Processed::Skipped { origin, reason }) => {
                            summary.skipped += 1;
                            on_event(IngestEvent::Skipped { origin: &origin, reason: &reason });
                        }
                        Err(e) => {
                            summary.failed += 1;
                            on_event(IngestEvent::Failed(&e));
                        }
                    }
                }
                if tx.send(batch).is_err() {
                    break; // the writer stopped on a store error, returned below
                }
                on_event(IngestEvent::Progress { read: summary.read });
            }
            drop(tx);
            let reports = writer.join().expect("store writer thread panicked");
            following.join().expect("follower thread panicked")?;
            let reports = reports?;
            for r in reports {
                summary.stored += r;
            }
            Ok(summary)
        })
    }
}
