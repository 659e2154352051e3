//! `serve-bench N`: page times of `newsdesk-server` on a data directory of
//! N synthetic articles (issue 7: every page under 100 ms of server time on
//! a 1,000,000-article store).
//!
//! Build (skipped with `--reuse` when the directory already holds a store):
//! N articles of the `gen-corpus` model, a fifth of them wire copies (as in
//! `coverage-bench`), published in order over 2025, 512 per batch through
//! what `newsdesk ingest` runs on each batch: the store's `put_batch`, the
//! coverage follower (copy groups, stories; its writer thread), the
//! analysis follower (all cores) and the search index (committed every
//! 50,000). Each part's time is printed.
//!
//! Serve: the server in this process on 127.0.0.1, one client, sequential
//! requests, the page types interleaved; an untimed warm-up pass first. The
//! round trip on loopback is the server time (plus well under a millisecond
//! of transport). Every non-200 answer is counted and its first URL shown.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::Context;
use newsdesk_analysis::{AnalysisFollower, ArticleAnalyzer};
use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_index::ArticleIndex;
use newsdesk_model::Article;
use newsdesk_server::{ServerConfig, ServerState};
use newsdesk_store::{CrawlStore, Follower, NewSource, PageRecord, PollRecord, Store, StoryQuery};
use newsdesk_store_sqlite::{SqliteStore, DB_FILE};
use reqwest::Url;

use crate::corpus::{article, Model, Rng, ENTITIES, SOURCES, VOCAB};
use crate::coverage_bench::copy_of;
use crate::search_bench::{dir_size, pct};

const BATCH: usize = 512;
const INDEX_COMMIT_EVERY: usize = 50_000;
const YEAR: i64 = 365 * 86_400;
const START: i64 = 1_735_689_600;
/// The bar, per page.
const BAR_MS: f64 = 100.0;

pub struct Options {
    pub count: usize,
    pub seed: u64,
    pub keep: Option<PathBuf>,
    pub reuse: bool,
    /// Timed requests per page type (the 20 largest stories: a fifth of
    /// it, two each at most, as one can take seconds).
    pub requests: usize,
}

pub fn run(o: &Options) -> anyhow::Result<()> {
    let tmp;
    let dir = match &o.keep {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().to_path_buf()
        }
    };
    std::fs::create_dir_all(&dir).with_context(|| dir.display().to_string())?;
    if o.reuse && dir.join(DB_FILE).exists() {
        println!("build: reusing the store in {}", dir.display());
    } else {
        anyhow::ensure!(!dir.join(DB_FILE).exists(), "{} already holds a store; pass --reuse", dir.display());
        build(&dir, o.count, o.seed)?;
        println!("build: peak_rss_mb={}", crate::peak_rss_mb());
    }
    let mut store = SqliteStore::open(&dir)?;
    if store.sources()?.is_empty() {
        add_sources(&mut store, &Model::new(o.seed))?;
    }
    drop(store);
    println!("data: {} ({:.0} MB)", dir.display(), dir_size(&dir) as f64 / 1e6);
    serve(&dir, o)
}

/// Wall time of each part of the build.
#[derive(Default)]
struct Parts {
    generate: Duration,
    store: Duration,
    coverage: Duration,
    analysis: Duration,
    index: Duration,
}

fn timed<T>(into: &mut Duration, f: impl FnOnce() -> T) -> T {
    let t = Instant::now();
    let r = f();
    *into += t.elapsed();
    r
}

fn build(dir: &Path, count: usize, seed: u64) -> anyhow::Result<()> {
    let mut store = SqliteStore::open(dir)?;
    // As `newsdesk ingest` runs them: each follower on its own connection.
    let mut coverage =
        Coverage::new(SqliteStore::open(dir)?, CoverageConfig::default())?.with_writer(SqliteStore::open(dir)?)?;
    let mut analysis = AnalysisFollower::new(SqliteStore::open(dir)?, ArticleAnalyzer::default());
    let mut index = ArticleIndex::open(&dir.join("index"))?;
    let model = Model::new(seed);
    let mut rng = Rng::new(seed);
    let (mut line, mut recent, mut batch) = (String::new(), Vec::<Article>::new(), Vec::with_capacity(BATCH));
    let (mut p, mut unindexed, mut copies) = (Parts::default(), 0usize, 0usize);
    let wall = Instant::now();
    for i in 0..count {
        let a = timed(&mut p.generate, || -> anyhow::Result<Article> {
            let mut a = if !recent.is_empty() && rng.below(5) == 0 {
                copies += 1;
                copy_of(&recent[rng.below(recent.len())], i, &mut rng)
            } else {
                article(&model, &mut rng, i, &mut line);
                serde_json::from_str::<Article>(&line)?
            };
            let published = START + (i as i64 * YEAR) / count.max(1) as i64;
            a.published =
                chrono::DateTime::from_timestamp(published, 0).map(|t| newsdesk_model::PubDate::Zoned(t.into()));
            if recent.len() < 256 {
                recent.push(a.clone());
            } else {
                recent[rng.below(256)] = a.clone();
            }
            Ok(a)
        })?;
        batch.push(PageRecord::new(a));
        if batch.len() < BATCH && i + 1 < count {
            continue;
        }
        let now = chrono::Utc::now();
        timed(&mut p.store, || store.put_batch(&batch))?;
        let refs: Vec<&Article> = batch.iter().map(|r| &r.article).collect();
        timed(&mut p.coverage, || coverage.add(&refs, Some(now)))?;
        timed(&mut p.analysis, || analysis.committed(&batch, now)).map_err(anyhow::Error::msg)?;
        timed(&mut p.index, || index.add(refs.iter().copied()))?;
        unindexed += batch.len();
        if unindexed >= INDEX_COMMIT_EVERY || i + 1 == count {
            let stamp = now.to_rfc3339_opts(chrono::SecondsFormat::Micros, true);
            timed(&mut p.index, || index.commit(Some(&stamp)))?;
            unindexed = 0;
            eprintln!("  built {} of {count} ({:.0} s)", i + 1, wall.elapsed().as_secs_f64());
        }
        batch.clear();
    }
    timed(&mut p.coverage, || coverage.flush())?;
    let secs = |d: Duration| d.as_secs_f64();
    println!(
        "build: articles={count} copies={copies} wall_s={:.1} generate_s={:.1} store_s={:.1} coverage_s={:.1} analysis_s={:.1} ({} analysed) index_s={:.1}",
        secs(wall.elapsed()),
        secs(p.generate),
        secs(p.store),
        secs(p.coverage),
        secs(p.analysis),
        analysis.analysed,
        secs(p.index)
    );
    Ok(())
}

/// The corpus's outlets as watched sources, each polled once (one in ten
/// failing), so `/sources` lists what a watching desk would.
fn add_sources(store: &mut SqliteStore, model: &Model) -> anyhow::Result<()> {
    for (k, (name, country, lang)) in model.sources.iter().enumerate() {
        let url = format!("https://{}.example/feed.xml", name.to_lowercase().replace(' ', "-"));
        let new = NewSource {
            url: url.clone(),
            name: Some(name.clone()),
            country: Some(country.to_string()),
            language: Some(lang.to_string()),
        };
        let (id, _) = store.add_source(&new)?;
        let outcome = if k % 10 == 9 { Err("HTTP 503 from the feed".into()) } else { Ok(("feed".into(), url)) };
        store.record_poll(id, &PollRecord { at: chrono::Utc::now(), outcome })?;
    }
    Ok(())
}

/// The URLs of one page type, and the type's name.
struct PageType {
    name: &'static str,
    urls: Vec<Url>,
}

/// `count` requests of each page type, drawn from the store's ids and the
/// corpus model.
fn page_types(base: &Url, dir: &Path, o: &Options, count: usize, salt: u64) -> anyhow::Result<Vec<PageType>> {
    let store = SqliteStore::open(dir)?;
    let articles = store.stats()?.articles as usize;
    let mut stories = store.stories(&StoryQuery::default())?;
    anyhow::ensure!(
        articles > 0 && !stories.is_empty(),
        "the store in {} has no articles or no stories",
        dir.display()
    );
    stories.sort_by_key(|s| std::cmp::Reverse(s.articles));
    let biggest: Vec<u64> = stories.iter().take(20).map(|s| s.id).collect();
    if salt == 2 {
        let sizes: Vec<u64> = stories.iter().take(20).map(|s| s.articles).collect();
        println!("stories: {} (articles in the 20 largest: {sizes:?})", stories.len());
    }
    let m = Model::new(o.seed);
    let mut rng = Rng::new(o.seed ^ 0x5e7e ^ salt);
    let mut article_ids = Vec::with_capacity(count);
    while article_ids.len() < count {
        // Article i is `syn-i`, or `copy-i` when it was made a copy.
        let i = rng.below(articles.max(1));
        for id in [format!("syn-{i:08}"), format!("copy-{i:08}")] {
            if store.get(&id)?.is_some() {
                article_ids.push(id);
                break;
            }
        }
    }
    let url = |path: &str, pairs: &[(&str, String)]| -> anyhow::Result<Url> {
        let mut u = base.join(path)?;
        if !pairs.is_empty() {
            u.query_pairs_mut().extend_pairs(pairs);
        }
        Ok(u)
    };
    let each = |f: &mut dyn FnMut(usize, &mut Rng) -> anyhow::Result<Url>, rng: &mut Rng| -> anyhow::Result<Vec<Url>> {
        (0..count).map(|k| f(k, rng)).collect()
    };
    let story = |_: usize, rng: &mut Rng| stories[rng.below(stories.len())].id;
    let mut types = Vec::new();
    let mut add = |name: &'static str, mut urls: Vec<Url>| {
        if name.ends_with("(20 largest)") {
            urls.truncate((count / 5).clamp(1, 2 * biggest.len()));
        }
        types.push(PageType { name, urls })
    };
    add("/", each(&mut |_, _| url("/", &[]), &mut rng)?);
    add("/?period=week", each(&mut |_, _| url("/", &[("period", "week".into())]), &mut rng)?);
    add("/article/{id}", each(&mut |k, _| url(&format!("/article/{}", article_ids[k]), &[]), &mut rng)?);
    add("/story/{id}", each(&mut |k, r| url(&format!("/story/{}", story(k, r)), &[]), &mut rng)?);
    add(
        "/story/{id} (20 largest)",
        each(&mut |k, _| url(&format!("/story/{}", biggest[k % biggest.len()]), &[]), &mut rng)?,
    );
    add("/search", each(&mut |_, r| url("/search", &search_pairs(&m, r)), &mut rng)?);
    add("/attention (0 series)", each(&mut |_, r| url("/attention", &[("q", any_word(&m, r))]), &mut rng)?);
    add("/attention (2 series)", each(&mut |_, r| url("/attention", &two_series(&m, r)), &mut rng)?);
    add("/sources", each(&mut |_, _| url("/sources", &[]), &mut rng)?);
    add("/api/v1/search", each(&mut |_, r| url("/api/v1/search", &search_pairs(&m, r)), &mut rng)?);
    add(
        "/api/v1/articles/{id}",
        each(&mut |k, _| url(&format!("/api/v1/articles/{}", article_ids[k]), &[]), &mut rng)?,
    );
    add(
        "/api/v1/articles/{id}/similar",
        each(&mut |k, _| url(&format!("/api/v1/articles/{}/similar", article_ids[(k + 1) % count]), &[]), &mut rng)?,
    );
    add("/api/v1/stories/{id}", each(&mut |k, r| url(&format!("/api/v1/stories/{}", story(k + 1, r)), &[]), &mut rng)?);
    add(
        "/api/v1/stories/{id} (20 largest)",
        each(&mut |k, _| url(&format!("/api/v1/stories/{}", biggest[(k + 7) % biggest.len()]), &[]), &mut rng)?,
    );
    add("/api/v1/coverage", each(&mut |_, r| url("/api/v1/coverage", &[("q", any_word(&m, r))]), &mut rng)?);
    Ok(types)
}

fn any_word(m: &Model, rng: &mut Rng) -> String {
    // Four frequency bands, as `search-bench` draws them.
    let (lo, hi) = [(0, 99), (100, 999), (1_000, 9_999), (10_000, VOCAB - 1)][rng.below(4)];
    m.words[rng.range(lo, hi)].clone()
}

fn entity(m: &Model, rng: &mut Rng) -> String {
    m.entities[m.entity_zipf.sample(rng).min(ENTITIES - 1)].clone()
}

fn outlet(m: &Model, rng: &mut Rng) -> String {
    m.sources[m.source_zipf.sample(rng).min(SOURCES - 1)].0.clone()
}

/// A search as a person types it: a word, a phrase, two words, or a word
/// with an outlet, language, date range or newest-first.
fn search_pairs(m: &Model, rng: &mut Rng) -> Vec<(&'static str, String)> {
    let x = rng.below(100);
    let q = match x {
        0..=29 => any_word(m, rng),
        30..=44 => format!("\"{}\"", entity(m, rng)),
        45..=59 => format!("{} {}", any_word(m, rng), any_word(m, rng)),
        _ => any_word(m, rng),
    };
    let mut pairs = vec![("q", q)];
    match x {
        60..=69 => pairs.push(("source", outlet(m, rng))),
        70..=77 => pairs.push(("lang", ["de", "fr", "es", "en"][rng.below(4)].into())),
        78..=89 => {
            let from = chrono::NaiveDate::from_yo_opt(2025, rng.range(1, 330) as u32).unwrap_or_default();
            pairs.push(("from", from.to_string()));
            pairs.push(("to", (from + chrono::Duration::days(rng.range(1, 35) as i64)).to_string()));
        }
        90..=99 => pairs.push(("sort", "newest".into())),
        _ => {}
    }
    pairs
}

fn two_series(m: &Model, rng: &mut Rng) -> Vec<(&'static str, String)> {
    let country = ["GB", "US", "DE", "FR", "IE", "AU"][rng.below(6)];
    vec![
        ("q", any_word(m, rng)),
        ("series", format!("source:{}", outlet(m, rng))),
        ("series", format!("country:{country}")),
    ]
}

fn serve(dir: &Path, o: &Options) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Runtime::new()?;
    let state = ServerState::open(dir, ServerConfig::default())?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let base = Url::parse(&format!("http://{}/", listener.local_addr()?))?;
    runtime.spawn(async move { newsdesk_server::serve(listener, state).await });
    // A redirect or an error is a failure to count, not something to follow.
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build()?;
    let fetch = |u: &Url| -> anyhow::Result<(u16, f64)> {
        runtime.block_on(async {
            let t = Instant::now();
            let r = client.get(u.clone()).send().await?;
            let status = r.status().as_u16();
            r.bytes().await?;
            Ok((status, t.elapsed().as_secs_f64() * 1e3))
        })
    };
    let warm = page_types(&base, dir, o, (o.requests / 5).max(1), 1)?;
    let t = Instant::now();
    let mut warmed = 0;
    for k in 0..warm[0].urls.len() {
        for u in warm.iter().filter_map(|p| p.urls.get(k)) {
            fetch(u)?;
            warmed += 1;
        }
    }
    println!("warm-up: {warmed} requests in {:.1} s", t.elapsed().as_secs_f64());
    reset_peak_rss();
    let types = page_types(&base, dir, o, o.requests, 2)?;
    let mut times: BTreeMap<usize, Vec<f64>> = BTreeMap::new();
    let mut failures: BTreeMap<usize, (usize, String)> = BTreeMap::new();
    for k in 0..o.requests {
        for (n, p) in types.iter().enumerate().filter(|(_, p)| k < p.urls.len()) {
            let (status, ms) = fetch(&p.urls[k])?;
            times.entry(n).or_default().push(ms);
            if status != 200 {
                let f = failures.entry(n).or_insert_with(|| (0, format!("{status} {}", p.urls[k])));
                f.0 += 1;
            }
        }
    }
    println!("| page | requests | p50 ms | p99 ms | max ms | non-200 | under {BAR_MS} ms at p99 |");
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    for (n, mut v) in times {
        v.sort_by(f64::total_cmp);
        let (p50, p99, max) = (pct(&v, 0.5), pct(&v, 0.99), v.last().copied().unwrap_or(f64::NAN));
        let failed = failures.get(&n).map_or(0, |f| f.0);
        println!(
            "| `{}` | {} | {p50:.1} | {p99:.1} | {max:.1} | {failed} | {} |",
            types[n].name,
            v.len(),
            if p99 < BAR_MS && failed == 0 { "yes" } else { "**no**" }
        );
    }
    for (n, (count, first)) in &failures {
        println!("failures: {}: {count}, the first: {first}", types[*n].name);
    }
    println!("serve: peak_rss_mb={} (server and client, after the warm-up)", crate::peak_rss_mb());
    Ok(())
}

/// Starts the peak RSS (`VmHWM`) again from the current RSS, so the serve
/// phase's peak is not the build's.
fn reset_peak_rss() {
    // Linux: writing 5 to clear_refs resets the high-water mark.
    if std::fs::write("/proc/self/clear_refs", "5").is_err() {
        eprintln!("could not reset the peak RSS; it includes the build");
    }
}
