//! `coverage-bench N`: the cost of keeping copy groups and stories in the
//! store at ingest (`newsdesk-coverage`) as the store grows.
//!
//! Streams N synthetic articles (the `gen-corpus` model) in publication
//! order over a year into a fresh SQLite store, 512 per batch; after each
//! batch's `put_batch`, the coverage follower groups and places it. A fifth
//! of the articles are copies of a recent one (a wire dateline added, the
//! last paragraph trimmed, another headline). Only the follower's time is
//! counted; it is reported per 100,000 articles, so a cost that grows with
//! the history shows. Also: copies found (of those made), stories, the
//! database size and peak memory.

use std::time::{Duration, Instant};

use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_model::Article;
use newsdesk_store::{PageRecord, Store};
use newsdesk_store_sqlite::SqliteStore;

use crate::corpus::{article, Model, Rng};

const BATCH: usize = 512;
const YEAR: i64 = 365 * 86_400;
const START: i64 = 1_735_689_600;

pub fn run(count: usize, seed: u64) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let mut store = SqliteStore::open(dir.path())?;
    // As `newsdesk ingest` runs it: reads on one connection, writes on another.
    let mut coverage = Coverage::new(SqliteStore::open(dir.path())?, CoverageConfig::default())?
        .with_writer(SqliteStore::open(dir.path())?)?;
    let model = Model::new(seed);
    let mut rng = Rng::new(seed);
    let mut line = String::new();
    let mut recent: Vec<Article> = Vec::new();
    let (mut made_copies, mut spent, mut window) = (0u64, Duration::ZERO, Duration::ZERO);
    let mut batch: Vec<PageRecord> = Vec::with_capacity(BATCH);
    println!("machine: {} cores", std::thread::available_parallelism().map_or(1, |n| n.get()));
    for i in 0..count {
        let published = START + (i as i64 * YEAR) / count.max(1) as i64;
        let mut a = if !recent.is_empty() && rng.below(5) == 0 {
            made_copies += 1;
            copy_of(&recent[rng.below(recent.len())], i, &mut rng)
        } else {
            article(&model, &mut rng, i, &mut line);
            serde_json::from_str::<Article>(&line)?
        };
        a.published = chrono::DateTime::from_timestamp(published, 0).map(|t| newsdesk_model::PubDate::Zoned(t.into()));
        if recent.len() < 256 {
            recent.push(a.clone());
        } else {
            let k = rng.below(256);
            recent[k] = a.clone();
        }
        batch.push(PageRecord::new(a));
        if batch.len() == BATCH || i + 1 == count {
            store.put_batch(&batch)?;
            let refs: Vec<&Article> = batch.iter().map(|r| &r.article).collect();
            let t = Instant::now();
            coverage.add(&refs, Some(chrono::Utc::now()))?;
            let e = t.elapsed();
            spent += e;
            window += e;
            batch.clear();
        }
        if (i + 1) % 100_000 == 0 || i + 1 == count {
            let n = (i + 1) % 100_000;
            let n = if n == 0 { 100_000 } else { n };
            println!(
                "articles {:>9}: {:>7.0} art/s over the last {n} (coverage time only)",
                i + 1,
                n as f64 / window.as_secs_f64().max(1e-9)
            );
            window = Duration::ZERO;
        }
    }
    let t = Instant::now();
    coverage.flush()?;
    spent += t.elapsed();
    let stats = coverage.stats();
    let db = std::fs::read_dir(dir.path())?.filter_map(|e| e.ok()?.metadata().ok()).map(|m| m.len()).sum::<u64>();
    let stories = coverage.store().stories(&newsdesk_store::StoryQuery::default())?.len();
    println!(
        "coverage: {count} articles in {:.1}s = {:.0} art/s; copies found {} of {made_copies} made; {stories} stories, {} merges; store {} MiB ({:.0} bytes/article); peak RSS {} MB",
        spent.as_secs_f64(),
        count as f64 / spent.as_secs_f64().max(1e-9),
        stats.copies,
        stats.merges,
        db >> 20,
        db as f64 / count.max(1) as f64,
        crate::peak_rss_mb()
    );
    Ok(())
}

/// A republication: dateline added, last paragraph dropped, new headline.
pub(crate) fn copy_of(original: &Article, i: usize, rng: &mut Rng) -> Article {
    let mut a = original.clone();
    a.id = format!("copy-{i:08}");
    let mut paragraphs: Vec<&str> = original.text.split("\n\n").collect();
    if paragraphs.len() > 3 {
        paragraphs.pop();
    }
    a.text = format!("LONDON (Wire) - {}", paragraphs.join("\n\n"));
    a.title = original.title.as_ref().map(|t| format!("{t} ({})", rng.below(1000)));
    a
}
