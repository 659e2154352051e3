//! `similar` quality on clustering-dev (ECB+): for every article, the top 5
//! similar articles should be of the same gold event (`story`); every topic
//! holds two events of the same kind, so "same kind of event" is not enough.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use newsdesk_index::ArticleIndex;
use newsdesk_model::InputRecord;

pub fn run(dir: &Path, limit: usize) -> anyhow::Result<()> {
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
    let mut index = ArticleIndex::open_in_ram()?;
    index.add(&articles)?;
    index.commit(None)?;

    let (mut precision, mut reciprocal, mut with_peers) = (0.0, 0.0, 0usize);
    let mut latencies = Vec::with_capacity(articles.len());
    for a in &articles {
        let Some(story) = story_of.get(&a.id) else { continue };
        // Articles alone in their event have no right answer.
        if story_of.values().filter(|s| *s == story).count() < 2 {
            continue;
        }
        with_peers += 1;
        let started = Instant::now();
        let hits = index.similar(&a.id, limit)?;
        latencies.push(started.elapsed().as_secs_f64() * 1000.0);
        let same: Vec<bool> = hits.iter().map(|h| story_of.get(&h.id) == Some(story)).collect();
        precision += same.iter().filter(|s| **s).count() as f64 / limit as f64;
        if let Some(rank) = same.iter().position(|s| *s) {
            reciprocal += 1.0 / (rank + 1) as f64;
        }
    }
    latencies.sort_by(f64::total_cmp);
    let pct = |p: f64| latencies[((latencies.len() as f64 - 1.0) * p) as usize];
    println!("similar: {} articles, {} with a same-event peer, from {}", articles.len(), with_peers, path.display());
    println!(
        "  lexical   precision@{limit} {:.3}  MRR@{limit} {:.3}  (latency p50 {:.2} ms, p99 {:.2} ms)",
        precision / with_peers as f64,
        reciprocal / with_peers as f64,
        pct(0.5),
        pct(0.99)
    );
    println!("  semantic  not implemented yet (issue 3: candle + all-MiniLM-L6-v2)");
    Ok(())
}
