//! Summaries: ROUGE-1/2/Lsum F1 (x100, averaged over articles) of Lead-3
//! and of `newsdesk-summary` against reference highlights, a 2-fold check
//! of the settings (tuned on one half, scored on the other), and the
//! summarizer's speed.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use newsdesk_summary::{Summarizer, SummaryConfig};
use rayon::prelude::*;
use serde::Deserialize;

use crate::rouge::{self, Rouge, Tokenized, Tokenizer};

#[derive(Deserialize)]
struct Article {
    id: String,
    text: String,
    #[serde(default)]
    title: Option<String>,
    reference: String,
    #[serde(default)]
    language: Option<String>,
}

pub struct Options<'a> {
    pub sentences: usize,
    pub config: SummaryConfig,
    pub dump: Option<&'a Path>,
    pub two_fold: bool,
}

fn read(path: &Path) -> anyhow::Result<Vec<Article>> {
    let file = std::fs::File::open(path).with_context(|| format!("{}", path.display()))?;
    let mut out = Vec::new();
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        out.push(serde_json::from_str(&line).with_context(|| format!("{}:{}", path.display(), n + 1))?);
    }
    Ok(out)
}

fn lead(article: &Article, count: usize) -> String {
    let text = &article.text;
    let lang = article.language.as_deref();
    newsdesk_text::sentences(text, lang).into_iter().take(count).map(|r| &text[r]).collect::<Vec<_>>().join("\n")
}

fn summary(summarizer: &Summarizer, article: &Article, count: usize) -> String {
    let text = &article.text;
    summarizer
        .summarize(text, article.title.as_deref(), article.language.as_deref(), count)
        .into_iter()
        .map(|r| &text[r])
        .collect::<Vec<_>>()
        .join("\n")
}

/// Scores each prediction against its article's reference.
fn score_all(references: &[Tokenized], predictions: &[String]) -> Vec<Rouge> {
    predictions
        .par_iter()
        .zip(references)
        .map_init(Tokenizer::default, |tokenizer, (prediction, reference)| {
            rouge::score(reference, &Tokenized::new(tokenizer, prediction))
        })
        .collect()
}

fn mean(scores: &[Rouge], keep: impl Fn(usize) -> bool) -> Rouge {
    let mut total = Rouge::default();
    let mut n = 0;
    for (_, s) in scores.iter().enumerate().filter(|(i, _)| keep(*i)) {
        total.add(s);
        n += 1;
    }
    total.scaled(100.0 / n.max(1) as f64)
}

fn row(name: &str, r: &Rouge) {
    println!("{name:<28} {:>6.2} {:>6.2} {:>6.2}", r.rouge1, r.rouge2, r.rouge_lsum);
}

pub fn run(data: &Path, options: &Options) -> anyhow::Result<()> {
    if !data.exists() {
        println!("summary: skipped, {} not found (summaries-dev is not part of the repository)", data.display());
        return Ok(());
    }
    let articles = read(data)?;
    anyhow::ensure!(!articles.is_empty(), "{}: no articles", data.display());
    let references: Vec<Tokenized> = {
        let mut tokenizer = Tokenizer::default();
        articles.iter().map(|a| Tokenized::new(&mut tokenizer, &a.reference)).collect()
    };
    let n = options.sentences;
    let summarizer = Summarizer::new(options.config.clone());
    let leads: Vec<String> = articles.iter().map(|a| lead(a, n)).collect();
    let summaries: Vec<String> = articles.par_iter().map(|a| summary(&summarizer, a, n)).collect();
    let lead_scores = score_all(&references, &leads);
    let summary_scores = score_all(&references, &summaries);

    println!(
        "{} articles from {}; {n} sentences; ROUGE F1 x100 (rouge-score compatible, stemmed)",
        articles.len(),
        data.display()
    );
    println!("{:<28} {:>6} {:>6} {:>6}", "system", "R1", "R2", "RLsum");
    row(&format!("lead-{n}"), &mean(&lead_scores, |_| true));
    row("newsdesk", &mean(&summary_scores, |_| true));
    for (name, parity) in [("even", 0), ("odd", 1)] {
        row(&format!("lead-{n} ({name} half)"), &mean(&lead_scores, |i| i % 2 == parity));
        row(&format!("newsdesk ({name} half)"), &mean(&summary_scores, |i| i % 2 == parity));
    }
    timing(&summarizer, &articles, n);
    if options.two_fold {
        two_fold(&articles, &references, &lead_scores, n);
    }
    if let Some(path) = options.dump {
        dump(path, &articles, &leads, &summaries, &lead_scores, &summary_scores)?;
        println!("per-article summaries and scores written to {}", path.display());
    }
    Ok(())
}

/// Single-threaded, each article summarised five times: the mean over
/// articles of the first (cold) run and of the fastest run, per article and
/// per 800 words, and the 90th percentile of the fastest runs of articles of
/// 700-900 words.
fn timing(summarizer: &Summarizer, articles: &[Article], n: usize) {
    let words: Vec<usize> = articles.iter().map(|a| a.text.split_whitespace().count()).collect();
    let total_words: usize = words.iter().sum();
    let (mut first, mut best) = (Vec::new(), Vec::new());
    for a in articles {
        let mut runs = [0f64; 5];
        for run in &mut runs {
            let t = Instant::now();
            std::hint::black_box(summarizer.summarize(&a.text, a.title.as_deref(), a.language.as_deref(), n));
            *run = t.elapsed().as_secs_f64();
        }
        first.push(runs[0]);
        best.push(runs.iter().copied().fold(f64::MAX, f64::min));
    }
    let per_800 = |times: &[f64]| times.iter().sum::<f64>() * 1e6 * 800.0 / total_words.max(1) as f64;
    let mut near: Vec<f64> =
        best.iter().zip(&words).filter(|(_, w)| (700..=900).contains(*w)).map(|(t, _)| t * 1e6).collect();
    near.sort_by(f64::total_cmp);
    let p90 = near.get(near.len() * 9 / 10).copied().unwrap_or(f64::NAN);
    println!(
        "speed, one thread: {:.1} µs per article (mean {} words), {:.1} µs per 800 words; first runs {:.1} µs per 800 words; \
         700-900 words: {} articles, p90 {:.1} µs",
        best.iter().sum::<f64>() * 1e6 / articles.len() as f64,
        total_words / articles.len(),
        per_800(&best),
        per_800(&first),
        near.len(),
        p90
    );
}

/// The settings grid searched on one half and scored on the other.
fn grid() -> Vec<SummaryConfig> {
    let base = SummaryConfig::default();
    let mut out = Vec::new();
    for position_scale in [0.5, 1.0, 2.0] {
        for centrality_weight in [0.5, 1.0, 1.5] {
            for length_weight in [0.0, -0.3, -0.6] {
                for redundancy_weight in [0.0, 0.5] {
                    out.push(SummaryConfig {
                        position_scale,
                        centrality_weight,
                        length_weight,
                        redundancy_weight,
                        ..base.clone()
                    });
                }
            }
        }
    }
    out
}

fn two_fold(articles: &[Article], references: &[Tokenized], lead_scores: &[Rouge], n: usize) {
    let configs = grid();
    let scored: Vec<Vec<Rouge>> = configs
        .iter()
        .map(|config| {
            let summarizer = Summarizer::new(config.clone());
            let summaries: Vec<String> = articles.par_iter().map(|a| summary(&summarizer, a, n)).collect();
            score_all(references, &summaries)
        })
        .collect();
    let overall = |r: &Rouge| r.rouge1 + r.rouge2 + r.rouge_lsum;
    println!("2-fold over {} settings (tuned on one half by R1+R2+RLsum, scored on the other):", configs.len());
    for (tune, test) in [(0, 1), (1, 0)] {
        let best = (0..configs.len())
            .max_by(|&a, &b| {
                overall(&mean(&scored[a], |i| i % 2 == tune)).total_cmp(&overall(&mean(&scored[b], |i| i % 2 == tune)))
            })
            .unwrap_or(0);
        let c = &configs[best];
        println!(
            "  tuned on {}: position_scale {} centrality_weight {} length_weight {} redundancy_weight {}",
            ["even", "odd"][tune],
            c.position_scale,
            c.centrality_weight,
            c.length_weight,
            c.redundancy_weight
        );
        let name = ["even", "odd"][test];
        row(&format!("  lead-{n} ({name} half)"), &mean(lead_scores, |i| i % 2 == test));
        row(&format!("  newsdesk ({name} half)"), &mean(&scored[best], |i| i % 2 == test));
    }
}

fn dump(
    path: &Path,
    articles: &[Article],
    leads: &[String],
    summaries: &[String],
    lead_scores: &[Rouge],
    summary_scores: &[Rouge],
) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).with_context(|| format!("{}", path.display()))?);
    for (i, a) in articles.iter().enumerate() {
        let scores = |r: &Rouge| [r.rouge1, r.rouge2, r.rouge_lsum];
        let line = serde_json::json!({
            "id": a.id,
            "reference": a.reference,
            "lead": leads[i],
            "newsdesk": summaries[i],
            "rust_lead": scores(&lead_scores[i]),
            "rust_newsdesk": scores(&summary_scores[i]),
        });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    Ok(())
}
