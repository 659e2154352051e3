use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Context;
use newsdesk_ingest::{IngestEvent, Ingester, SourceOptions, Sources};
use newsdesk_semantic::EmbedFollower;
use newsdesk_store_sqlite::SqliteStore;

use crate::index::{self, Followers, IndexFollower};
use crate::progress::Progress;
use crate::semantic;
use crate::{analyze, coverage};

/// `newsdesk ingest`: extract and store, reporting failures as they happen.
/// With a model, each committed batch is also embedded (after any stored
/// article still lacking a vector), and the vector index brought up to date.
pub fn run(data: &Path, paths: Vec<PathBuf>, batch_size: usize, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let model = model.map(semantic::open_model).transpose()?;
    let open = || SqliteStore::open(data).with_context(|| format!("opening the store in {}", data.display()));
    let mut store = open()?;
    let index = IndexFollower::new(index::open_current(data, &store)?);
    // Its own connections, like the embeddings' below: reads on one,
    // writes on another on a thread of their own.
    let coverage = coverage::open_current(open()?)?.with_writer(open()?)?;
    let analysis = analyze::open_current(open()?)?;
    let embed = match &model {
        Some(m) => {
            semantic::catch_up_embeddings(&mut store, m)?;
            // Its own connection: the follower writes on the ingest's writer
            // thread, after the batch's transaction has committed.
            Some(EmbedFollower::new(open()?, m))
        }
        None => None,
    };
    let mut followers = Followers { index, coverage, analysis, embed };
    let sources = Sources::new(paths, SourceOptions::for_ingest());
    let ingester = Ingester { batch_size: batch_size.max(1), ..Ingester::default() };
    let mut progress = Progress::new("inputs");
    let started = Instant::now();
    let result = ingester.run(sources, &mut store, Some(&mut followers), &mut |event| match event {
        IngestEvent::Failed(e) => progress.println(&e.to_string()),
        IngestEvent::Progress { read } => progress.set(read),
        IngestEvent::Skipped { .. } => {}
    });
    // Whatever the run's outcome, what reached the index becomes searchable.
    let finished = followers.index.finish();
    let covered = followers.coverage.flush();
    let summary = result?;
    finished?;
    covered.context("writing copy groups and stories")?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let s = &summary.stored;
    let embedded = followers.embed.as_ref().map(|e| format!(", {} embedded", e.embedded)).unwrap_or_default();
    let c = followers.coverage.stats();
    eprintln!(
        "ingested {} inputs in {:.1}s ({:.0}/s): {} new, {} updated, {} unchanged, {} skipped, {} failed{embedded}; {} copies, {} new stories, {} analysed; store: {}",
        summary.read,
        secs,
        summary.read as f64 / secs.max(1e-9),
        s.inserted,
        s.updated,
        s.unchanged,
        summary.skipped,
        summary.failed,
        c.copies,
        c.stories,
        followers.analysis.analysed,
        data.display()
    );
    if let Some(m) = &model {
        semantic::open_space(data, &store, m, false)?;
    }
    Ok(if summary.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// `newsdesk reindex`: the index rebuilt from the store, the source of truth;
/// with a model, missing vectors embedded and the vector index rebuilt.
pub fn reindex(data: &Path, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let model = model.map(semantic::open_model).transpose()?;
    let mut store = crate::browse::open_existing(data)?;
    let started = Instant::now();
    let n = index::rebuild(data, &store)?;
    eprintln!("reindexed {n} articles in {:.1}s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let n = coverage::rebuild(data)?;
    eprintln!("grouped {n} articles into copy groups and stories in {:.1}s", started.elapsed().as_secs_f64());
    let started = Instant::now();
    let n = analyze::catch_up(&mut store)?;
    eprintln!("analysed {n} articles in {:.1}s", started.elapsed().as_secs_f64());
    if let Some(m) = &model {
        semantic::catch_up_embeddings(&mut store, m)?;
        let space = semantic::open_space(data, &store, m, true)?;
        eprintln!("vectors: {} current for {}", space.len(), m.fingerprint());
    }
    Ok(ExitCode::SUCCESS)
}
