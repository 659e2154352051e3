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

/// What the followers of a run did, for its closing line.
pub struct FollowerReport {
    pub copies: u64,
    pub stories: u64,
    pub analysed: u64,
    pub embedded: Option<u64>,
}

impl FollowerReport {
    /// `, N embedded` when there was a model, for the counts of pages.
    pub fn embedded_suffix(&self) -> String {
        self.embedded.map(|n| format!(", {n} embedded")).unwrap_or_default()
    }
}

impl std::fmt::Display for FollowerReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} copies, {} new stories, {} analysed", self.copies, self.stories, self.analysed)
    }
}

/// Opens the store with everything that follows it (full-text index, copy
/// groups and stories, analyses, and with a model the embeddings), runs
/// `feed` with them, and finishes the followers whatever `feed`'s outcome:
/// what reached the index becomes searchable even after a failure.
pub fn with_followers<R>(
    data: &Path,
    model: Option<&Path>,
    feed: impl FnOnce(&mut SqliteStore, &mut Followers<'_>) -> anyhow::Result<R>,
) -> anyhow::Result<(R, FollowerReport)> {
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
            // Its own connection: the follower writes on the ingest's
            // follower thread, after the batch's transaction has committed.
            Some(EmbedFollower::new(open()?, m))
        }
        None => None,
    };
    let mut followers = Followers { index, coverage, analysis, embed };
    let result = feed(&mut store, &mut followers);
    let settled = settle(&mut followers);
    let result = result?;
    settled?;
    let c = followers.coverage.stats();
    let report = FollowerReport {
        copies: c.copies,
        stories: c.stories,
        analysed: followers.analysis.analysed,
        embedded: followers.embed.as_ref().map(|e| e.embedded),
    };
    if let Some(m) = &model {
        semantic::open_space(data, &store, m, false)?;
    }
    Ok((result, report))
}

/// Makes what the followers hold in memory durable and visible: the index
/// committed, copy groups and stories written (a long-running `watch` does
/// this after each round).
pub fn settle(followers: &mut Followers<'_>) -> anyhow::Result<()> {
    let finished = followers.index.finish();
    followers.coverage.flush().context("writing copy groups and stories")?;
    finished
}

/// `newsdesk ingest`: extract and store, reporting failures as they happen.
/// With a model, each committed batch is also embedded (after any stored
/// article still lacking a vector), and the vector index brought up to date.
pub fn run(data: &Path, paths: Vec<PathBuf>, batch_size: usize, model: Option<&Path>) -> anyhow::Result<ExitCode> {
    let sources = Sources::new(paths, SourceOptions::for_ingest());
    let ingester = Ingester { batch_size: batch_size.max(1), ..Ingester::default() };
    let mut progress = Progress::new("inputs");
    let started = Instant::now();
    let (summary, report) = with_followers(data, model, |store, followers| {
        let summary = ingester.run(sources, store, Some(followers), &mut |event| match event {
            IngestEvent::Failed(e) => progress.println(&e.to_string()),
            IngestEvent::Progress { read } => progress.set(read),
            IngestEvent::Skipped { .. } => {}
        })?;
        Ok(summary)
    })?;
    progress.finish();
    let secs = started.elapsed().as_secs_f64();
    let s = &summary.stored;
    eprintln!(
        "ingested {} inputs in {:.1}s ({:.0}/s): {} new, {} updated, {} unchanged, {} skipped, {} failed{}; {report}; store: {}",
        summary.read,
        secs,
        summary.read as f64 / secs.max(1e-9),
        s.inserted,
        s.updated,
        s.unchanged,
        summary.skipped,
        summary.failed,
        report.embedded_suffix(),
        data.display()
    );
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
