//! Quotes and attributions against PolNeAR (quotes-dev): exact-span and
//! token-overlap precision, recall and F1 for source, cue and content, as in
//! CofeNet (COLING 2022), on two folds of the articles and on all of them.
//!
//! Scoring choices: primary annotation sets only; spans are compared per
//! article as sets of distinct (start, end) character offsets per kind (a
//! source shared by two attributions counts once); a discontinuous gold span
//! counts as its whole extent, first fragment start to last fragment end.
//! Token overlap: each predicted span scores the best share of its word tokens
//! inside one gold span of the same kind (precision), each gold span the best
//! share of its tokens inside one prediction (recall).
//! Folds: articles sorted by id, even positions fold A (rules were developed
//! looking at A only), odd positions fold B.

use anyhow::Context;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

#[derive(Deserialize)]
struct Span {
    fragments: Vec<(usize, usize)>,
}

impl Span {
    /// The whole extent: fragments may be listed out of text order.
    fn extent(&self) -> Option<(usize, usize)> {
        let start = self.fragments.iter().map(|f| f.0).min()?;
        let end = self.fragments.iter().map(|f| f.1).max()?;
        Some((start, end))
    }
}

#[derive(Deserialize)]
struct Attribution {
    source: Option<Span>,
    cue: Option<Span>,
    content: Option<Span>,
}

#[derive(Deserialize)]
struct Article {
    article_id: String,
    primary: bool,
    text: String,
    attributions: Vec<Attribution>,
}

type Spans = [BTreeSet<(usize, usize)>; 3];

#[derive(Default, Clone, Copy)]
struct Counts {
    gold: usize,
    pred: usize,
    exact: usize,
    partial_p: f64,
    partial_r: f64,
}

impl Counts {
    fn add(&mut self, o: &Counts) {
        self.gold += o.gold;
        self.pred += o.pred;
        self.exact += o.exact;
        self.partial_p += o.partial_p;
        self.partial_r += o.partial_r;
    }
}

fn f1(p: f64, r: f64) -> f64 {
    if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    }
}

fn ratio(a: f64, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a / b as f64
    }
}

/// Word tokens of a text as character ranges.
fn word_tokens(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.chars().enumerate() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.chars().count()));
    }
    out
}

fn tokens_in(words: &[(usize, usize)], s: (usize, usize)) -> Vec<usize> {
    let first = words.partition_point(|w| w.1 <= s.0);
    (first..words.len()).take_while(|&i| words[i].0 < s.1).collect()
}

fn overlap(a: &[usize], b: &[usize]) -> usize {
    a.iter().filter(|x| b.binary_search(x).is_ok()).count()
}

fn best_share(words: &[(usize, usize)], from: &BTreeSet<(usize, usize)>, to: &BTreeSet<(usize, usize)>) -> f64 {
    let to_tokens: Vec<Vec<usize>> = to.iter().map(|&s| tokens_in(words, s)).collect();
    from.iter()
        .map(|&s| {
            let t = tokens_in(words, s);
            if t.is_empty() {
                return 0.0;
            }
            to_tokens.iter().map(|g| overlap(&t, g)).max().unwrap_or(0) as f64 / t.len() as f64
        })
        .sum()
}

fn score(text: &str, gold: &Spans, pred: &Spans) -> [Counts; 3] {
    let words = word_tokens(text);
    std::array::from_fn(|k| Counts {
        gold: gold[k].len(),
        pred: pred[k].len(),
        exact: gold[k].intersection(&pred[k]).count(),
        partial_p: best_share(&words, &pred[k], &gold[k]),
        partial_r: best_share(&words, &gold[k], &pred[k]),
    })
}

fn predicted(text: &str) -> Spans {
    let records = newsdesk_attribution::quote_records(text, &newsdesk_attribution::find_quotes(text));
    let mut spans: Spans = Default::default();
    for r in records {
        if let (Some(s), Some(e)) = (r.speaker_start, r.speaker_end) {
            spans[0].insert((s, e));
        }
        if let (Some(s), Some(e)) = (r.cue_start, r.cue_end) {
            spans[1].insert((s, e));
        }
        spans[2].insert((r.content_start, r.content_end));
    }
    spans
}

fn gold_spans(a: &Article) -> Spans {
    let mut spans: Spans = Default::default();
    for at in &a.attributions {
        for (k, s) in [&at.source, &at.cue, &at.content].into_iter().enumerate() {
            if let Some(s) = s.as_ref().and_then(Span::extent) {
                spans[k].insert(s);
            }
        }
    }
    spans
}

fn print_row(name: &str, c: &[Counts; 3]) {
    print!("{name:<8}");
    for k in c {
        let p = ratio(k.exact as f64, k.pred);
        let r = ratio(k.exact as f64, k.gold);
        let pf = f1(ratio(k.partial_p, k.pred), ratio(k.partial_r, k.gold));
        print!(" | {:5.1} {:5.1} {:5.1}  {:5.1}", 100.0 * p, 100.0 * r, 100.0 * f1(p, r), 100.0 * pf);
    }
    println!();
}

/// Writes fold A's predicted records, one JSON line per article, for study.
fn write_predictions(path: &Path, articles: &[Article]) -> anyhow::Result<()> {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path)?);
    for a in articles.iter().step_by(2) {
        let quotes = newsdesk_attribution::quote_records(&a.text, &newsdesk_attribution::find_quotes(&a.text));
        serde_json::to_writer(&mut out, &serde_json::json!({"id": a.article_id, "quotes": quotes}))?;
        writeln!(out)?;
    }
    Ok(())
}

pub fn run(data: &Path, dump: Option<&Path>) -> anyhow::Result<()> {
    let file =
        std::fs::read_to_string(data).with_context(|| format!("{}: cannot read (quotes-dev)", data.display()))?;
    let mut articles: Vec<Article> = Vec::new();
    for (n, line) in file.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let a: Article = serde_json::from_str(line).with_context(|| format!("{}:{}", data.display(), n + 1))?;
        if a.primary {
            articles.push(a);
        }
    }
    articles.sort_by(|a, b| a.article_id.cmp(&b.article_id));
    let scored: Vec<(usize, &Article, Spans, Spans)> =
        articles.iter().enumerate().map(|(i, a)| (i % 2, a, gold_spans(a), predicted(&a.text))).collect();
    let mut folds = [[Counts::default(); 3]; 2];
    for (fold, a, gold, pred) in &scored {
        for (k, c) in score(&a.text, gold, pred).iter().enumerate() {
            folds[*fold][k].add(c);
        }
    }
    let mut all = folds[0];
    for (k, c) in all.iter_mut().enumerate() {
        c.add(&folds[1][k]);
    }
    println!(
        "PolNeAR dev, {} articles (primary annotation sets); exact-span P R F1 and token-overlap F1 (%)",
        articles.len()
    );
    println!("{:<8} | {:^24} | {:^24} | {:^24}", "", "source", "cue", "content");
    print_row("fold A", &folds[0]);
    print_row("fold B", &folds[1]);
    print_row("all", &all);
    let gold: [usize; 3] = std::array::from_fn(|k| all[k].gold);
    let pred: [usize; 3] = std::array::from_fn(|k| all[k].pred);
    println!("spans: gold {gold:?}, predicted {pred:?} (source, cue, content)");
    timing(&articles);
    if let Some(path) = dump {
        write_predictions(path, &articles)?;
        println!("fold A predictions written to {}", path.display());
    }
    Ok(())
}

/// Single-threaded time per 800 words for quotes and claims together, over
/// all articles, best of 5 rounds.
fn timing(articles: &[Article]) {
    let words: usize = articles.iter().map(|a| a.text.split_whitespace().count()).sum();
    let mut best = f64::INFINITY;
    let (mut quotes, mut claims) = (0, 0);
    for _ in 0..5 {
        let t = Instant::now();
        (quotes, claims) = (0, 0);
        for a in articles {
            let (q, c) = std::hint::black_box(newsdesk_attribution::find_quotes_and_claims(&a.text));
            quotes += q.len();
            claims += c.len();
        }
        best = best.min(t.elapsed().as_secs_f64());
    }
    println!(
        "timing: quotes + claims {:.0} µs per 800-word article (single thread, {words} words, {quotes} quotes, {claims} claims, best of 5)",
        best * 1e6 * 800.0 / words.max(1) as f64,
    );
}
