//! The scheduler's side: inputs (files, directories, WARC, JSONL) read here
//! and published as extract jobs, with back-pressure from the queue.

use newsdesk_ingest::{Input, InputError, Sources};
use serde::Serialize;

use crate::error::{Result, WorkerError};
use crate::job::{encode_input, JobKind};
use crate::queue::JobQueue;

/// What a scheduling run did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScheduleReport {
    /// Inputs read.
    pub read: u64,
    /// Jobs the queue confirmed stored.
    pub queued: u64,
    /// Inputs passed over by their source (not pages).
    pub skipped: u64,
    /// Inputs that could not be read.
    pub failed: u64,
}

/// Inputs read ahead of the publisher.
const READ_AHEAD: usize = 1024;

/// Reads every input of `sources` on a thread of its own and publishes each
/// page or record as an extract job. A bad input is reported through
/// `on_failure` and skipped.
pub async fn schedule(
    sources: Sources,
    queue: &JobQueue,
    on_failure: &mut (dyn FnMut(&InputError) + Send),
) -> Result<ScheduleReport> {
    let (tx, mut rx) = tokio::sync::mpsc::channel::<std::result::Result<Input, InputError>>(READ_AHEAD);
    let reader = std::thread::spawn(move || {
        for input in sources {
            if tx.blocking_send(input).is_err() {
                break; // the publisher stopped
            }
        }
    });
    let mut report = ScheduleReport::default();
    let mut publisher = queue.publisher();
    while let Some(input) = rx.recv().await {
        report.read += 1;
        match input.and_then(encode_input) {
            Ok(Some((headers, payload))) => publisher.publish(JobKind::Extract, headers, payload).await?,
            Ok(None) => report.skipped += 1,
            Err(e) => {
                report.failed += 1;
                on_failure(&e);
            }
        }
    }
    report.queued = publisher.finish().await?;
    reader.join().map_err(|_| WorkerError::Task("input reader panicked".into()))?;
    Ok(report)
}
