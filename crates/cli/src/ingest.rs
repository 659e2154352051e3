use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use newsdesk_ingest::{IngestEvent, Ingester, SourceOptions, Sources};
use newsdesk_store_sqlite::SqliteStore;

use crate::progress::Progress;

/// `newsdesk ingest`: extract and store, reporting failures as they happen.
pub fn run(data: &Path, paths: Vec<PathBuf>, batch_size: usize) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let sources = Sources::new(paths, SourceOptions::for_ingest());
    let ingester = Ingester { batch_size: batch_size.max(1), ..Ingester::default() };
    let mut progress = Progress::new("inputs");
    let started = Instant::now();
    let summary = ingester.run(sources, &mut store, None, &mut |event| match event {
        IngestEvent::Failed(e) => progress.println(&e.to_string()),
        IngestEvent::Progress { read } => progress.set(read),
    })?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let s = &summary.stored;
    eprintln!(
        "ingested {} inputs in {:.1}s ({:.0}/s): {} new, {} updated, {} unchanged, {} skipped, {} failed; store: {}",
        summary.read,
        secs,
        summary.read as f64 / secs.max(1e-9),
        s.inserted,
        s.updated,
        s.unchanged,
        summary.skipped,
        summary.failed,
        data.display()
    );
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
