//! Cost of the article analyses (summary, quotes and claims, figures,
//! places) on one core: each article of a JSONL file analysed by
//! `ArticleAnalyzer::analyze` on this thread only, repeated for at least
//! `min_seconds`; reported per article and for the articles of 700-900
//! words (the "800-word article").

use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use newsdesk_analysis::ArticleAnalyzer;
use newsdesk_model::{Article, InputRecord};

pub fn run(input: &Path, min_seconds: f64) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let mut articles: Vec<Article> = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let a = InputRecord::from_json(line.as_bytes())
            .and_then(|r| r.into_article())
            .with_context(|| format!("{} line {}", input.display(), n + 1))?;
        articles.push(a);
    }
    anyhow::ensure!(!articles.is_empty(), "no articles in {}", input.display());
    let analyzer = ArticleAnalyzer::default();
    let words = |a: &Article| a.text.split_whitespace().count();
    // Per article: (words, best seconds of the repeats). The best of several
    // runs is the steady-state cost, without the noise of other processes.
    let mut best: Vec<(usize, f64)> = articles.iter().map(|a| (words(a), f64::MAX)).collect();
    let started = Instant::now();
    let mut rounds = 0;
    while rounds < 3 || started.elapsed().as_secs_f64() < min_seconds {
        for (a, b) in articles.iter().zip(best.iter_mut()) {
            let t = Instant::now();
            std::hint::black_box(analyzer.analyze(a));
            b.1 = b.1.min(t.elapsed().as_secs_f64());
        }
        rounds += 1;
    }
    let total_words: usize = best.iter().map(|b| b.0).sum();
    let total_secs: f64 = best.iter().map(|b| b.1).sum();
    println!("{} articles, {} words, {rounds} rounds, one thread", articles.len(), total_words);
    println!(
        "all articles: {:.3} ms per article on average ({} words on average); {:.3} ms per 800 words",
        total_secs * 1e3 / articles.len() as f64,
        total_words / articles.len(),
        total_secs * 1e3 / total_words as f64 * 800.0
    );
    let mut near: Vec<f64> = best.iter().filter(|b| (700..=900).contains(&b.0)).map(|b| b.1 * 1e3).collect();
    near.sort_by(f64::total_cmp);
    if let (Some(max), false) = (near.last(), near.is_empty()) {
        println!(
            "700-900 words: {} articles, median {:.3} ms, p90 {:.3} ms, max {:.3} ms",
            near.len(),
            near[near.len() / 2],
            near[(near.len() * 9 / 10).min(near.len() - 1)],
            max
        );
    }
    Ok(())
}
