//! Keeping the full-text index in step with the store: `ingest` feeds it
//! batch by batch, `reindex` rebuilds it, and every command that opens it
//! first catches up with what the store holds (after a crash between a store
//! commit and an index commit, say).

use std::path::Path;

use anyhow::Context;
use chrono::{DateTime, SecondsFormat, Utc};
use newsdesk_analysis::AnalysisFollower;
use newsdesk_coverage::Coverage;
use newsdesk_index::{ArticleIndex, IndexError};
use newsdesk_semantic::EmbedFollower;
use newsdesk_store::{Follower, ListQuery, PageRecord, Store};
use newsdesk_store_sqlite::SqliteStore;

use crate::browse::scan_with;

/// Articles added to the index per commit while catching up or rebuilding.
const CHUNK: usize = 2000;

/// Opens the index in `dir`. One built by another newsdesk version (another
/// schema) is dropped and started afresh: it is derived from the store, so
/// the caller's catch-up rebuilds it and nothing is lost.
fn open_index(dir: &Path) -> anyhow::Result<ArticleIndex> {
    match ArticleIndex::open(dir) {
        Err(IndexError::Incompatible { message, .. }) => {
            eprintln!(
                "index: {} was built by another newsdesk version ({message}); rebuilding it from the store",
                dir.display()
            );
            std::fs::remove_dir_all(dir).with_context(|| format!("removing the old index in {}", dir.display()))?;
            ArticleIndex::open(dir).with_context(|| format!("creating the index in {}", dir.display()))
        }
        other => other.with_context(|| format!("opening the index in {}", dir.display())),
    }
}

/// Opens `DATA/index` and brings it up to date with the store.
pub fn open_current(data: &Path, store: &dyn Store) -> anyhow::Result<ArticleIndex> {
    let dir = data.join("index");
    let mut index = open_index(&dir)?;
    let since = index.watermark().and_then(|w| DateTime::parse_from_rfc3339(&w).ok()).map(|w| w.with_timezone(&Utc));
    let n = feed(&mut index, store, since)?;
    if n > 0 && since.is_some() {
        eprintln!(
            "index: caught up with {n} articles changed in the store since {}",
            since.map(stamp).unwrap_or_default()
        );
    }
    Ok(index)
}

/// Drops the index and rebuilds it from the store.
pub fn rebuild(data: &Path, store: &dyn Store) -> anyhow::Result<u64> {
    let mut index = open_index(&data.join("index"))?;
    index.clear()?;
    index.commit(None)?;
    feed(&mut index, store, None)
}

/// Adds every article changed since `since` (all when `None`) and records the
/// instant the scan started as the new watermark: anything written after it
/// is picked up next time.
fn feed(index: &mut ArticleIndex, store: &dyn Store, since: Option<DateTime<Utc>>) -> anyhow::Result<u64> {
    let started = Utc::now();
    let query = ListQuery { changed_since: since, ..Default::default() };
    let mut chunk = Vec::with_capacity(CHUNK);
    let mut total = 0u64;
    scan_with(store, &query, |stored| {
        chunk.push(stored.article);
        if chunk.len() < CHUNK {
            return Ok(());
        }
        total += chunk.len() as u64;
        let added = index.add(&chunk);
        chunk.clear();
        added
    })?;
    total += chunk.len() as u64;
    index.add(&chunk)?;
    index.commit(Some(&stamp(started)))?;
    Ok(total)
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// Every follower of an ingest run, told of each batch: the analyses on a
/// thread of their own (they have their own store connection) while the
/// index and then copy groups and stories follow on this one, then the
/// embeddings (slow) when a model is given. Each batch is finished by all of
/// them before the next is taken, so the order they see is the store's.
pub struct Followers<'a> {
    pub index: IndexFollower,
    pub coverage: Coverage<SqliteStore>,
    pub analysis: AnalysisFollower<SqliteStore>,
    pub embed: Option<EmbedFollower<'a, SqliteStore>>,
}

impl Follower for Followers<'_> {
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> Result<(), String> {
        let analysis = &mut self.analysis;
        let (index, coverage) = (&mut self.index, &mut self.coverage);
        std::thread::scope(|scope| {
            // The analyses cost about as much as the index and the stories
            // together; overlapped, the writer hands the next batch to the
            // store sooner and extraction waits less.
            let analysed = scope.spawn(|| analysis.committed(batch, committed_at));
            let followed = index.committed(batch, committed_at).and_then(|()| coverage.committed(batch, committed_at));
            let analysed = analysed.join().unwrap_or_else(|_| Err("analysis: its thread panicked".to_string()));
            followed.and(analysed)
        })?;
        match &mut self.embed {
            Some(e) => e.committed(batch, committed_at),
            None => Ok(()),
        }
    }
}

/// Articles the ingest follower adds before committing the index, and the
/// longest it waits: a tantivy commit flushes small segments (later merged)
/// and syncs files, which per 512-page batch cost more than the indexing.
const COMMIT_EVERY: usize = 20_000;
const COMMIT_INTERVAL: std::time::Duration = std::time::Duration::from_secs(10);

/// Follows ingest: each committed store batch is added to the index, which
/// commits every [`COMMIT_EVERY`] articles or [`COMMIT_INTERVAL`] and at
/// [`finish`](IndexFollower::finish), with the time the store committed the
/// last batch as watermark. After a crash the next open catches up from the
/// last index commit, so nothing the store holds is missed.
pub struct IndexFollower {
    index: ArticleIndex,
    pending: usize,
    /// The store commit time of the last batch added.
    last: Option<DateTime<Utc>>,
    committed: std::time::Instant,
}

impl IndexFollower {
    pub fn new(index: ArticleIndex) -> IndexFollower {
        IndexFollower { index, pending: 0, last: None, committed: std::time::Instant::now() }
    }

    /// Commits what was added since the last commit.
    pub fn finish(&mut self) -> anyhow::Result<()> {
        if let Some(at) = self.last.take() {
            self.index.commit(Some(&stamp(at))).context("committing the index")?;
            self.pending = 0;
            self.committed = std::time::Instant::now();
        }
        Ok(())
    }
}

impl Follower for IndexFollower {
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> Result<(), String> {
        self.index.add(batch.iter().map(|r| &r.article)).map_err(|e| format!("index: {e}"))?;
        self.pending += batch.len();
        self.last = Some(committed_at);
        if self.pending >= COMMIT_EVERY || self.committed.elapsed() >= COMMIT_INTERVAL {
            self.finish().map_err(|e| format!("index: {e:#}"))?;
        }
        Ok(())
    }
}
