//! `similar` quality on clustering-dev (ECB+): for every article, the top 5
//! similar articles should be of the same gold event (`story`); every topic
//! holds two events of the same kind, so "same kind of event" is not enough.
//!
//! Three rankings are scored:
//! - **lexical**: [`ArticleIndex::similar`] (BM25 more-like-this);
//! - **semantic** (with `--model`): the nearest stored vectors
//!   ([`VectorSpace::nearest`]) of all-MiniLM-L6-v2 embeddings of
//!   `article_text`, the article itself left out;
//! - **blended** (with `--model`): [`newsdesk_semantic::similar`], exactly
//!   what `newsdesk similar --model` runs: over the union of the lexical and
//!   semantic top [`CANDIDATES`], `final = w * lexical_norm + (1 - w) * cosine`
//!   with `w` = [`BLEND_W`], where `lexical_norm` is the BM25 score divided by
//!   the query's top BM25 score (0 outside the lexical top list). A sweep of
//!   `w` over the same candidates (through [`blend`]) shows the choice.
//!
//! With `--store postgres://...` the lexical ranking of the PostgreSQL
//! store ([`PgStore`]'s [`ArticleSearch::similar`], what `newsdesk --store
//! URL similar` runs) is scored too.
//!
//! With `--model` the articles go through the product path: stored in an
//! in-memory SQLite store, embedded by [`catch_up`] (the throughput printed
//! is that path's), searched through [`VectorSpace`].

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use newsdesk_embed::cosine;
use newsdesk_index::{ArticleIndex, ArticleSearch};
use newsdesk_model::InputRecord;
use newsdesk_semantic::{blend, catch_up, Model, VectorSpace, BLEND_W, CANDIDATES};
use newsdesk_store::{PageRecord, Store};
use newsdesk_store_postgres::PgStore;
use newsdesk_store_sqlite::SqliteStore;

/// A schema made for one run in the database the user named, and dropped
/// with everything in it when the run ends.
struct PgRun {
    base: String,
    schema: String,
}

impl PgRun {
    fn new(base: &str) -> anyhow::Result<PgRun> {
        let schema = format!("newsdesk_eval_{}", std::process::id());
        let mut c =
            postgres::Client::connect(base, postgres::NoTls).with_context(|| format!("connecting to {base}"))?;
        c.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"))
            .with_context(|| format!("creating the schema {schema}"))?;
        Ok(PgRun { base: base.to_string(), schema })
    }

    fn analyze(&self) -> anyhow::Result<()> {
        let mut c = postgres::Client::connect(&self.url(), postgres::NoTls)?;
        c.batch_execute("ANALYZE articles").context("ANALYZE articles")?;
        Ok(())
    }

    fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.schema)
    }
}

impl Drop for PgRun {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.base, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
    }
}

/// Precision@k and reciprocal rank summed over the queries scored.
#[derive(Default, Clone, Copy)]
struct Score {
    precision: f64,
    reciprocal: f64,
}

impl Score {
    fn add(&mut self, ranked: &[usize], story: &[Option<&str>], query: usize, k: usize) {
        let same: Vec<bool> = ranked.iter().take(k).map(|&j| story[j].is_some() && story[j] == story[query]).collect();
        self.precision += same.iter().filter(|s| **s).count() as f64 / k as f64;
        if let Some(rank) = same.iter().position(|s| *s) {
            self.reciprocal += 1.0 / (rank + 1) as f64;
        }
    }

    fn line(&self, name: &str, n: usize, k: usize) -> String {
        format!("{name:<9} precision@{k} {:.3}  MRR@{k} {:.3}", self.precision / n as f64, self.reciprocal / n as f64)
    }
}

pub fn run(dir: &Path, limit: usize, model: Option<&Path>, pg: Option<&str>) -> anyhow::Result<()> {
    let path = dir.join("ecbplus_traindev.jsonl");
    let text = std::fs::read_to_string(&path)
        .with_context(|| format!("reading {} (is ../shared/data present?)", path.display()))?;
    let mut story_of: HashMap<String, String> = HashMap::new();
    let mut articles = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let record =
            InputRecord::from_json(line.as_bytes()).with_context(|| format!("{}:{}", path.display(), n + 1))?;
        let story = record.extra.get("story").and_then(|v| v.as_str()).map(str::to_string);
        let article = record.into_article().with_context(|| format!("{}:{}", path.display(), n + 1))?;
        if let Some(s) = story {
            story_of.insert(article.id.clone(), s);
        }
        articles.push(article);
    }
    if articles.is_empty() {
        bail!("no articles in {}", path.display());
    }
    let position: HashMap<&str, usize> = articles.iter().enumerate().map(|(i, a)| (a.id.as_str(), i)).collect();
    let story: Vec<Option<&str>> = articles.iter().map(|a| story_of.get(&a.id).map(String::as_str)).collect();
    let mut index = ArticleIndex::open_in_ram()?;
    index.add(&articles)?;
    index.commit(None)?;

    // Articles alone in their event (or without one) have no right answer.
    let mut event_size: HashMap<&str, usize> = HashMap::new();
    for s in story.iter().flatten() {
        *event_size.entry(s).or_default() += 1;
    }
    let queries: Vec<usize> = (0..articles.len()).filter(|&i| story[i].is_some_and(|s| event_size[s] >= 2)).collect();

    // Lexical: the top `limit` for the figures (and latency), the top
    // CANDIDATES with their scores for the blend.
    let mut lexical = Score::default();
    let mut latencies = Vec::with_capacity(queries.len());
    let mut lexical_top: Vec<Vec<(usize, f32)>> = Vec::with_capacity(queries.len());
    for &q in &queries {
        let started = Instant::now();
        let hits = index.similar(&articles[q].id, limit)?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let ranked: Vec<usize> = hits.iter().map(|h| position[h.id.as_str()]).collect();
        lexical.add(&ranked, &story, q, limit);
        let wide = index.similar(&articles[q].id, CANDIDATES.max(limit))?;
        lexical_top.push(wide.iter().map(|h| (position[h.id.as_str()], h.score)).collect());
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    let n = queries.len();
    println!("similar: {} articles, {} with a same-event peer, from {}", articles.len(), n, path.display());
    println!("  {}  (latency p50 {:.2} ms, p99 {:.2} ms)", lexical.line("lexical", n, limit), pct(0.5), pct(0.99));
    if let Some(url) = pg {
        let run = PgRun::new(url)?;
        let mut store = PgStore::connect(&run.url())?;
        for chunk in articles.chunks(500) {
            store.put_batch(&chunk.iter().cloned().map(PageRecord::new).collect::<Vec<_>>())?;
        }
        // As autovacuum would on a store in use: the lexemes' statistics
        // weigh the terms of `similar`.
        run.analyze()?;
        let (mut score, mut latencies) = (Score::default(), Vec::with_capacity(n));
        for &q in &queries {
            let started = Instant::now();
            let hits = ArticleSearch::similar(&store, &articles[q].id, limit)?;
            latencies.push(started.elapsed().as_secs_f64() * 1000.0);
            let ranked: Vec<usize> = hits.iter().map(|h| position[h.id.as_str()]).collect();
            score.add(&ranked, &story, q, limit);
        }
        latencies.sort_by(f64::total_cmp);
        let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
        println!(
            "  {}  (PostgreSQL, as `newsdesk --store URL similar`; latency p50 {:.2} ms, p99 {:.2} ms)",
            score.line("lexical", n, limit),
            pct(0.5),
            pct(0.99)
        );
    }
    let Some(model) = model else {
        println!("  semantic  skipped: pass --model DIR (all-MiniLM-L6-v2, sentence-transformers layout)");
        return Ok(());
    };

    let model = Model::open(model).with_context(|| format!("model directory {}", model.display()))?;
    model.embedder().with_context(|| format!("loading the model from {}", model.dir().display()))?;
    let mut store = SqliteStore::open_in_memory()?;
    let pages: Vec<PageRecord> = articles.iter().cloned().map(PageRecord::new).collect();
    store.put_batch(&pages)?;
    let started = Instant::now();
    let embedded = catch_up(&mut store, &model, &mut |_, _| {})?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "  embedded {embedded} articles in {took:.1} s: {:.1} articles/s on {} threads (store path: catch_up)",
        embedded as f64 / took,
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    let fp = model.fingerprint();
    let (space, _) = VectorSpace::open(&std::env::temp_dir().join("newsdesk-eval-vectors"), &store, fp)?;
    let mut vectors: Vec<Vec<f32>> = Vec::with_capacity(articles.len());
    for a in &articles {
        vectors.push(store.embedding(fp, &a.id)?.with_context(|| format!("{} was not embedded", a.id))?);
    }

    // Semantic: the nearest stored vectors.
    let wide = CANDIDATES.max(limit);
    let mut semantic = Score::default();
    let mut semantic_top: Vec<Vec<usize>> = Vec::with_capacity(n);
    for &q in &queries {
        let near = space.nearest(&vectors[q], wide, &articles[q].id);
        let ranked: Vec<usize> = near.iter().map(|(id, _)| position[id.as_str()]).collect();
        semantic.add(&ranked, &story, q, limit);
        semantic_top.push(ranked);
    }
    println!("  {}", semantic.line("semantic", n, limit));

    // Blended: the product's function, then a sweep of w over the same candidates.
    let mut product = Score::default();
    let mut latencies = Vec::with_capacity(n);
    for &q in &queries {
        let started = Instant::now();
        let blended = newsdesk_semantic::similar(&store, &index, &space, fp, &articles[q].id, limit)?
            .with_context(|| format!("{} has no vector", articles[q].id))?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let ranked: Vec<usize> = blended.ranked.iter().map(|(id, _)| position[id.as_str()]).collect();
        product.add(&ranked, &story, q, limit);
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    // Keyed by id like the product, so ties break the same way and the
    // sweep's w = BLEND_W line equals the product's.
    let sweep = |w: f32| {
        let mut score = Score::default();
        for (k, &q) in queries.iter().enumerate() {
            let lexical: Vec<(&str, f32)> = lexical_top[k].iter().map(|&(j, s)| (articles[j].id.as_str(), s)).collect();
            let semantic: Vec<&str> = semantic_top[k].iter().map(|&j| articles[j].id.as_str()).collect();
            let cos = |id: &&str| Some(cosine(&vectors[q], &vectors[position[*id]]));
            let ranked: Vec<usize> =
                blend(&lexical, &semantic, cos, w).into_iter().map(|(id, _)| position[id]).collect();
            score.add(&ranked, &story, q, limit);
        }
        score
    };
    let mut best = (BLEND_W, sweep(BLEND_W));
    println!("  blend sweep (final = w * lexical_norm + (1 - w) * cosine):");
    for step in 0..=10 {
        let w = step as f32 / 10.0;
        let s = sweep(w);
        println!("    w {w:.1}  {}", s.line("", n, limit).trim_start());
        if (s.precision, s.reciprocal) > (best.1.precision, best.1.reciprocal) {
            best = (w, s);
        }
    }
    println!("  {}  (w {:.1}, best of the sweep)", best.1.line("blended", n, limit), best.0);
    println!(
        "  {}  (w {BLEND_W:.1}: newsdesk_semantic::similar, as `newsdesk similar --model`; latency p50 {:.2} ms, p99 {:.2} ms)",
        product.line("blended", n, limit),
        pct(0.5),
        pct(0.99)
    );
    Ok(())
}
