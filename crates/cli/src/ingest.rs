use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use newsdesk_ingest::{IngestEvent, Ingester, SourceOptions, Sources};
use newsdesk_store_sqlite::SqliteStore;

use crate::index::{self, IndexFollower};
use crate::progress::Progress;

/// `newsdesk ingest`: extract and store, reporting failures as they happen.
pub fn run(data: &Path, paths: Vec<PathBuf>, batch_size: usize) -> anyhow::Result<ExitCode> {
    let mut store = SqliteStore::open(data).with_context(|| format!("opening the store in {}", data.display()))?;
    let mut follower = IndexFollower(index::open_current(data, &store)?);
    let sources = Sources::new(paths, SourceOptions::for_ingest());
    let ingester = Ingester { batch_size: batch_size.max(1), ..Ingester::default() };
    let mut progress = Progress::new("inputs");
    let started = Instant::now();
    let summary = ingester.run(sources, &mut store, Some(&mut follower), &mut |event| match event {
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

/// `newsdesk reindex`: the index rebuilt from the store, the source of truth.
pub fn reindex(data: &Path) -> anyhow::Result<ExitCode> {
    let store = crate::browse::open_existing(data)?;
    let started = Instant::now();
    let n = index::rebuild(data, &store)?;
    eprintln!("reindexed {n} articles in {:.1}s", started.elapsed().as_secs_f64());
    Ok(ExitCode::SUCCESS)
}
