//! `similar` quality on clustering-dev (ECB+): for every article, the top 5
//! similar articles should be of the same gold event (`story`); every topic
//! holds two events of the same kind, so "same kind of event" is not enough.
//!
//! Three rankings are scored:
//! - **lexical**: [`ArticleIndex::similar`] (BM25 more-like-this);
//! - **semantic** (with `--model`): cosine of all-MiniLM-L6-v2 embeddings of
//!   [`article_text`], the article itself left out;
//! - **blended** (with `--model`): over the union of the lexical top
//!   [`CANDIDATES`] and the semantic top [`CANDIDATES`],
//!   `final = w * lexical_norm + (1 - w) * cosine`, where `lexical_norm` is the
//!   BM25 score divided by the query's top BM25 score (so in [0, 1]; 0 for a
//!   candidate outside the lexical top list). `w` is swept on this set and the
//!   best (P@k, then MRR) is reported; [`BLEND_W`] is the weight chosen here
//!   for use elsewhere.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use newsdesk_embed::{article_text, cosine, Embedder};
use newsdesk_index::ArticleIndex;
use newsdesk_model::InputRecord;

/// Candidates taken from each of the lexical and semantic rankings for the blend.
const CANDIDATES: usize = 50;

/// Weight of the normalised lexical score in the blend, chosen by the sweep
/// on clustering-dev: 0.2 and 0.3 tie (P@5 0.943, MRR 0.984), 0.3 sits in
/// the middle of the 0.2-0.4 plateau (see eval/results/similar.md).
pub const BLEND_W: f32 = 0.3;

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

pub fn run(dir: &Path, limit: usize, model: Option<&Path>) -> anyhow::Result<()> {
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
    let Some(model) = model else {
        println!("  semantic  skipped: pass --model DIR (all-MiniLM-L6-v2, sentence-transformers layout)");
        return Ok(());
    };

    let embedder = Embedder::load(model).with_context(|| format!("loading the model from {}", model.display()))?;
    let texts: Vec<String> = articles.iter().map(article_text).collect();
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let started = Instant::now();
    let vectors = embedder.embed(&refs)?;
    let took = started.elapsed().as_secs_f64();
    println!(
        "  embedded {} articles in {:.1} s: {:.1} articles/s on {} threads",
        articles.len(),
        took,
        articles.len() as f64 / took,
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );

    // Semantic: cosine against every other article.
    let mut semantic = Score::default();
    let mut semantic_top: Vec<Vec<(usize, f32)>> = Vec::with_capacity(n);
    for &q in &queries {
        let mut all: Vec<(usize, f32)> =
            (0..articles.len()).filter(|&j| j != q).map(|j| (j, cosine(&vectors[q], &vectors[j]))).collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1));
        all.truncate(CANDIDATES.max(limit));
        let ranked: Vec<usize> = all.iter().map(|&(j, _)| j).collect();
        semantic.add(&ranked, &story, q, limit);
        semantic_top.push(all);
    }
    println!("  {}", semantic.line("semantic", n, limit));

    // Blended, swept over w.
    let blend = |w: f32| {
        let mut score = Score::default();
        for (k, &q) in queries.iter().enumerate() {
            let top = lexical_top[k].first().map_or(0.0, |h| h.1);
            let lex: HashMap<usize, f32> =
                lexical_top[k].iter().map(|&(j, s)| (j, if top > 0.0 { s / top } else { 0.0 })).collect();
            let mut candidates: Vec<usize> = lexical_top[k].iter().chain(&semantic_top[k]).map(|&(j, _)| j).collect();
            candidates.sort_unstable();
            candidates.dedup();
            let mut scored: Vec<(usize, f32)> = candidates
                .into_iter()
                .map(|j| {
                    let l = lex.get(&j).copied().unwrap_or(0.0);
                    (j, w * l + (1.0 - w) * cosine(&vectors[q], &vectors[j]))
                })
                .collect();
            scored.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let ranked: Vec<usize> = scored.iter().map(|&(j, _)| j).collect();
            score.add(&ranked, &story, q, limit);
        }
        score
    };
    let mut best = (BLEND_W, blend(BLEND_W));
    println!("  blend sweep (final = w * lexical_norm + (1 - w) * cosine):");
    for step in 0..=10 {
        let w = step as f32 / 10.0;
        let s = blend(w);
        println!("    w {w:.1}  {}", s.line("", n, limit).trim_start());
        if (s.precision, s.reciprocal) > (best.1.precision, best.1.reciprocal) {
            best = (w, s);
        }
    }
    println!("  {}  (w {:.1}, best of the sweep)", best.1.line("blended", n, limit), best.0);
    println!("  {}  (w {BLEND_W:.1}, the chosen default)", blend(BLEND_W).line("blended", n, limit));
    Ok(())
}
