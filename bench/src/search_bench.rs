//! `search-bench`: indexes a `gen-corpus` JSONL file with `ArticleIndex` and
//! times the index step, searches and `similar`.
//!
//! The corpus is read and parsed in batches outside the timed part; each
//! batch is then added and committed (timed: the index step alone). The
//! query mix is drawn from a fixed seed over the generator's vocabulary
//! (words by frequency rank), entities and outlets, so it is the same from
//! run to run.

use std::io::BufRead;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::NaiveDate;
use newsdesk_index::{ArticleIndex, SearchRequest, Sort};
use newsdesk_model::Article;

use crate::corpus::{Model, Rng, ENTITIES, SOURCES, VOCAB};

pub struct Options {
    pub count: Option<usize>,
    pub queries: usize,
    pub similar: usize,
    pub batch: usize,
    pub seed: u64,
    pub keep: Option<std::path::PathBuf>,
    /// Search the index already in `keep` (no indexing).
    pub search_only: bool,
}

/// A word of the vocabulary from one of four frequency bands.
fn band_word(m: &Model, rng: &mut Rng, band: usize) -> String {
    let (lo, hi) = [(0, 99), (100, 999), (1_000, 9_999), (10_000, VOCAB - 1)][band];
    m.words[rng.range(lo, hi)].clone()
}

fn any_word(m: &Model, rng: &mut Rng) -> String {
    let band = rng.below(4);
    band_word(m, rng, band)
}

fn entity(m: &Model, rng: &mut Rng) -> String {
    // Popular entities more often, as users ask about what is in the news.
    let e = m.entity_zipf.sample(rng).min(ENTITIES - 1);
    m.entities[e].clone()
}

/// The query mix: (class, request).
fn queries(m: &Model, n: usize, seed: u64) -> Vec<(&'static str, SearchRequest)> {
    let mut rng = Rng::new(seed ^ 0x5ea2c4);
    let day = |d: u32| NaiveDate::from_yo_opt(2025, d.clamp(1, 365)).expect("day of 2025");
    (0..n)
        .map(|_| {
            let x = rng.below(100);
            let (class, mut req) = match x {
                0..=21 => ("term", SearchRequest::new(any_word(m, &mut rng))),
                22..=33 => {
                    let q = if rng.below(2) == 0 {
                        format!("\"{}\"", entity(m, &mut rng))
                    } else {
                        // an entity's first word followed by a common word: rarely adjacent
                        let e = entity(m, &mut rng);
                        format!("\"{} {}\"", e.split(' ').next().unwrap_or(""), band_word(m, &mut rng, 0))
                    };
                    ("phrase", SearchRequest::new(q))
                }
                34..=45 => {
                    let q = if rng.below(2) == 0 {
                        format!("{} AND {}", any_word(m, &mut rng), any_word(m, &mut rng))
                    } else {
                        format!("\"{}\" {}", entity(m, &mut rng), band_word(m, &mut rng, 1))
                    };
                    ("and", SearchRequest::new(q))
                }
                46..=55 => {
                    let q =
                        format!("{} OR {} OR {}", any_word(m, &mut rng), any_word(m, &mut rng), any_word(m, &mut rng));
                    ("or", SearchRequest::new(q))
                }
                56..=63 => {
                    let q = format!("{} NOT {}", band_word(m, &mut rng, 1), band_word(m, &mut rng, 0));
                    ("not", SearchRequest::new(q))
                }
                64..=73 => {
                    let s = m.source_zipf.sample(&mut rng).min(SOURCES - 1);
                    let mut r = SearchRequest::new(any_word(m, &mut rng));
                    r.sources = vec![m.sources[s].0.clone()];
                    ("source", r)
                }
                74..=80 => {
                    let mut r = SearchRequest::new(any_word(m, &mut rng));
                    r.language = Some(["de", "fr", "es", "en"][rng.below(4)].into());
                    ("lang", r)
                }
                81..=89 => {
                    let from = rng.range(1, 330) as u32;
                    let mut r = SearchRequest::new(any_word(m, &mut rng));
                    r.from = Some(day(from));
                    r.to = Some(day(from + rng.range(1, 35) as u32));
                    ("date", r)
                }
                _ => {
                    let q = if rng.below(2) == 0 { any_word(m, &mut rng) } else { entity(m, &mut rng) };
                    let mut r = SearchRequest::new(q);
                    r.sort = Sort::Newest;
                    ("newest", r)
                }
            };
            // A few ask for facets as the web UI does.
            req.facets = rng.below(10) == 0;
            (class, req)
        })
        .collect()
}

pub(crate) fn pct(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

pub(crate) fn dir_size(p: &Path) -> u64 {
    std::fs::read_dir(p)
        .map(|rd| {
            rd.filter_map(|e| e.ok())
                .map(|e| match e.metadata() {
                    Ok(md) if md.is_dir() => dir_size(&e.path()),
                    Ok(md) => md.len(),
                    Err(_) => 0,
                })
                .sum()
        })
        .unwrap_or(0)
}

/// CPU seconds (user + system) this process has used, from /proc/self/stat.
fn cpu_secs() -> f64 {
    std::fs::read_to_string("/proc/self/stat")
        .ok()
        .and_then(|s| {
            let rest = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
            // fields 14 and 15 (utime, stime), counted from the state (field 3)
            let t = rest.get(11)?.parse::<f64>().ok()? + rest.get(12)?.parse::<f64>().ok()?;
            Some(t / 100.0)
        })
        .unwrap_or(f64::NAN)
}

pub fn search_bench(corpus: &Path, o: &Options) -> anyhow::Result<()> {
    let tmp;
    let dir = match &o.keep {
        Some(d) => d.clone(),
        None => {
            tmp = tempfile::tempdir()?;
            tmp.path().join("index")
        }
    };
    let mut ix = ArticleIndex::open(&dir)?;
    let file = std::fs::File::open(corpus).with_context(|| corpus.display().to_string())?;
    let mut lines = std::io::BufReader::with_capacity(1 << 20, file).lines();
    let limit = o.count.unwrap_or(usize::MAX);
    let (mut n, mut index_secs, mut parse_secs, mut index_cpu) = (0usize, 0.0f64, 0.0f64, 0.0f64);
    let mut words = 0usize;
    let wall = Instant::now();
    if o.search_only {
        n = ix.len() as usize;
    }
    loop {
        if o.search_only {
            break;
        }
        let t = Instant::now();
        let mut batch: Vec<Article> = Vec::with_capacity(o.batch);
        while batch.len() < o.batch && n + batch.len() < limit {
            let Some(line) = lines.next() else { break };
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let a: Article = serde_json::from_str(&line).context("parsing a corpus record")?;
            words += a.text.split_whitespace().count();
            batch.push(a);
        }
        parse_secs += t.elapsed().as_secs_f64();
        if batch.is_empty() {
            break;
        }
        let t = Instant::now();
        let cpu = cpu_secs();
        ix.add(&batch)?;
        ix.commit(Some(&format!("{}", n + batch.len())))?;
        index_secs += t.elapsed().as_secs_f64();
        index_cpu += cpu_secs() - cpu;
        n += batch.len();
        eprintln!("  indexed {n} ({:.0}/s index step)", n as f64 / index_secs);
    }
    let wall_secs = wall.elapsed().as_secs_f64();
    let rss_after_index = crate::peak_rss_mb();
    println!(
        "index: articles={n} avg_words={:.0} batch={} index_step_s={index_secs:.2} index_articles_per_s={:.0} index_cpu_s={index_cpu:.2} articles_per_cpu_s={:.0} parse_s={parse_secs:.2} wall_s={wall_secs:.2} wall_articles_per_s={:.0} size_mb={:.1} peak_rss_mb={rss_after_index}",
        words as f64 / n.max(1) as f64,
        o.batch,
        n as f64 / index_secs,
        n as f64 / index_cpu,
        n as f64 / wall_secs,
        dir_size(&dir) as f64 / 1e6,
    );
    anyhow::ensure!(ix.len() == n as u64, "index has {} articles, expected {n}", ix.len());

    let model = Model::new(o.seed);
    let qs = queries(&model, o.queries, o.seed);
    // Warm-up: one untimed pass over a tenth of the mix (page cache, lazily
    // opened structures), as a running server would be.
    for (_, q) in qs.iter().take(qs.len() / 10) {
        ix.search(q)?;
    }
    let mut all = Vec::with_capacity(qs.len());
    let mut by_class: std::collections::BTreeMap<&str, (Vec<f64>, u64)> = Default::default();
    for (class, q) in &qs {
        let t = Instant::now();
        let r = ix.search(q)?;
        let ms = t.elapsed().as_secs_f64() * 1000.0;
        all.push(ms);
        let e = by_class.entry(class).or_default();
        e.0.push(ms);
        e.1 += r.total;
    }
    all.sort_by(f64::total_cmp);
    println!(
        "search: queries={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} mean_ms={:.2}",
        all.len(),
        pct(&all, 0.5),
        pct(&all, 0.99),
        all.last().copied().unwrap_or(f64::NAN),
        all.iter().sum::<f64>() / all.len().max(1) as f64
    );
    for (class, (mut v, hits)) in by_class {
        v.sort_by(f64::total_cmp);
        println!(
            "  {class:<7} n={:<4} p50_ms={:>7.2} p99_ms={:>7.2} max_ms={:>7.2} mean_hits={:.0}",
            v.len(),
            pct(&v, 0.5),
            pct(&v, 0.99),
            v.last().copied().unwrap_or(f64::NAN),
            hits as f64 / v.len() as f64
        );
    }

    let mut rng = Rng::new(o.seed ^ 0x51a1);
    let mut sim = Vec::with_capacity(o.similar);
    let mut found = 0usize;
    for _ in 0..o.similar {
        let id = format!("syn-{:08}", rng.below(n));
        let t = Instant::now();
        found += ix.similar(&id, 10)?.len();
        sim.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    sim.sort_by(f64::total_cmp);
    println!(
        "similar: ids={} p50_ms={:.2} p99_ms={:.2} max_ms={:.2} mean_hits={:.1}",
        sim.len(),
        pct(&sim, 0.5),
        pct(&sim, 0.99),
        sim.last().copied().unwrap_or(f64::NAN),
        found as f64 / sim.len().max(1) as f64
    );
    println!("end: size_mb={:.1} peak_rss_mb={}", dir_size(&dir) as f64 / 1e6, crate::peak_rss_mb());
    Ok(())
}
