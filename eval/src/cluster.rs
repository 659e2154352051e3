//! `cluster`: story clustering quality against gold event labels (ECB+
//! clustering-dev layout: `id`, `title`, `text`, `date`, `language`, `story`,
//! `topic`, `split`), and `cluster-speed`: streaming throughput with a long
//! history on a synthetic stream.
//!
//! Articles are streamed through [`StoryClusterer`] in file order and in
//! seeded shuffles (the file is sorted by topic and story, which flatters a
//! stream clusterer). Dates are not passed: the data has no reliable
//! publication dates (104/772 parsed from URLs), so everything is one undated
//! stream processed in the given order. Scores: B-cubed P/R/F1 (per article,
//! averaged; F1 of the averages), pairwise P/R/F1 and ARI (Miranda et al.
//! 2018), against `story` and against `topic`, per split and overall, plus the
//! "each topic one story" baseline.

use std::collections::HashMap;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use newsdesk_stories::{StoryClusterer, StoryConfig, StoryInput};
use serde::Deserialize;

use crate::dedup::pair_scores;

/// B-cubed precision, recall and F1 (F1 of the averaged P and R).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BCubed {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
}

pub fn f1(p: f64, r: f64) -> f64 {
    if p + r > 0.0 {
        2.0 * p * r / (p + r)
    } else {
        0.0
    }
}

/// B-cubed of `predicted[i]` against `gold[i]`: for each item, the share of
/// its predicted cluster with its gold label (precision) and the share of its
/// gold class in its predicted cluster (recall), averaged over items.
pub fn bcubed<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(predicted: &[P], gold: &[G]) -> BCubed {
    assert_eq!(predicted.len(), gold.len());
    if predicted.is_empty() {
        return BCubed { precision: 1.0, recall: 1.0, f1: 1.0 };
    }
    let mut cell: HashMap<(&P, &G), f64> = HashMap::new();
    let mut rows: HashMap<&P, f64> = HashMap::new();
    let mut cols: HashMap<&G, f64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *cell.entry((p, g)).or_default() += 1.0;
        *rows.entry(p).or_default() += 1.0;
        *cols.entry(g).or_default() += 1.0;
    }
    let (mut sp, mut sr) = (0.0, 0.0);
    for (p, g) in predicted.iter().zip(gold) {
        let both = cell[&(p, g)];
        sp += both / rows[&p];
        sr += both / cols[&g];
    }
    let n = predicted.len() as f64;
    let (precision, recall) = (sp / n, sr / n);
    BCubed { precision, recall, f1: f1(precision, recall) }
}

#[derive(Deserialize)]
struct Record {
    id: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    language: Option<String>,
    story: String,
    topic: String,
    #[serde(default)]
    split: Option<String>,
}

/// All scores of one clustering on one subset.
#[derive(Debug, Clone, Copy)]
struct Scores {
    b3: BCubed,
    pair_p: f64,
    pair_r: f64,
    pair_f1: f64,
    ari: f64,
    b3_topic: f64,
    stories: usize,
}

fn score(pred: &[u64], story: &[&str], topic: &[&str]) -> Scores {
    let b3 = bcubed(pred, story);
    let ps = pair_scores(pred, story);
    let mut distinct: Vec<u64> = pred.to_vec();
    distinct.sort_unstable();
    distinct.dedup();
    Scores {
        b3,
        pair_p: ps.precision,
        pair_r: ps.recall,
        pair_f1: f1(ps.precision, ps.recall),
        ari: ps.ari,
        b3_topic: bcubed(pred, topic).f1,
        stories: distinct.len(),
    }
}

/// The subsets scored, as indexes into the records: each split (sorted by
/// name), then "all".
pub fn split_subsets(splits: &[Option<&str>]) -> Vec<(String, Vec<usize>)> {
    let mut names: Vec<&str> = splits.iter().flatten().copied().collect();
    names.sort_unstable();
    names.dedup();
    let mut out: Vec<(String, Vec<usize>)> =
        names.iter().map(|&s| (s.to_string(), (0..splits.len()).filter(|&i| splits[i] == Some(s)).collect())).collect();
    out.push(("all".into(), (0..splits.len()).collect()));
    out
}

fn shuffle(order: &mut [usize], seed: u64) {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    let mut next = || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    };
    for i in (1..order.len()).rev() {
        let j = (next() % (i as u64 + 1)) as usize;
        order.swap(i, j);
    }
}

/// Stories assigned to the records streamed in `order`.
fn cluster(records: &[Record], order: &[usize], config: &StoryConfig) -> anyhow::Result<Vec<u64>> {
    let mut c = StoryClusterer::new(config.clone())?;
    let mut pred = vec![0u64; records.len()];
    for &i in order {
        let r = &records[i];
        let p = c.push(&StoryInput {
            id: &r.id,
            published: None,
            title: r.title.as_deref().unwrap_or(""),
            text: r.text.as_deref().unwrap_or(""),
            language: r.language.as_deref(),
            copy_of: None,
        });
        pred[i] = p.story;
    }
    // merged stories: follow the articles to their final story
    for (i, r) in records.iter().enumerate() {
        if let Some(s) = c.story_of(&r.id) {
            pred[i] = s;
        }
    }
    Ok(pred)
}

pub fn run(data: &Path, seeds: &[u64], config: StoryConfig, brief: bool) -> anyhow::Result<()> {
    if !data.exists() {
        println!("skipped: {} not found (clustering-dev data is not in the repo)", data.display());
        return Ok(());
    }
    let text = std::fs::read_to_string(data).with_context(|| format!("reading {}", data.display()))?;
    let mut records = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let r: Record = serde_json::from_str(line).with_context(|| format!("line {}", n + 1))?;
        records.push(r);
    }
    let subsets = split_subsets(&records.iter().map(|r| r.split.as_deref()).collect::<Vec<_>>());

    println!("config: {}", serde_json::to_string(&config)?);
    println!(
        "{} articles, {} gold stories; orders: file, shuffles {:?}",
        records.len(),
        {
            let mut s: Vec<&str> = records.iter().map(|r| r.story.as_str()).collect();
            s.sort();
            s.dedup();
            s.len()
        },
        seeds
    );

    let t0 = Instant::now();
    let mut runs: Vec<(String, Vec<u64>)> = Vec::new();
    let file_order: Vec<usize> = (0..records.len()).collect();
    runs.push(("file".into(), cluster(&records, &file_order, &config)?));
    for &seed in seeds {
        let mut order = file_order.clone();
        shuffle(&mut order, seed);
        runs.push((format!("shuffle {seed}"), cluster(&records, &order, &config)?));
    }
    let secs = t0.elapsed().as_secs_f64();

    // baseline: each topic one story
    let topic_ids: HashMap<&str, u64> = {
        let mut m = HashMap::new();
        for r in &records {
            let n = m.len() as u64;
            m.entry(r.topic.as_str()).or_insert(n);
        }
        m
    };
    let baseline: Vec<u64> = records.iter().map(|r| topic_ids[r.topic.as_str()]).collect();

    println!(
        "\n| split | order | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | ARI | B3 F1 vs topic | stories (gold) |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
    for (name, idx) in &subsets {
        let story: Vec<&str> = idx.iter().map(|&i| records[i].story.as_str()).collect();
        let topic: Vec<&str> = idx.iter().map(|&i| records[i].topic.as_str()).collect();
        let mut gold: Vec<&str> = story.clone();
        gold.sort();
        gold.dedup();
        let row = |label: &str, s: &Scores| {
            println!(
                "| {name} | {label} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} ({}) |",
                s.b3.precision,
                s.b3.recall,
                s.b3.f1,
                s.pair_p,
                s.pair_r,
                s.pair_f1,
                s.ari,
                s.b3_topic,
                s.stories,
                gold.len()
            )
        };
        let all: Vec<Scores> = runs
            .iter()
            .map(|(_, pred)| score(&idx.iter().map(|&i| pred[i]).collect::<Vec<_>>(), &story, &topic))
            .collect();
        row("file", &all[0]);
        if !brief {
            for ((label, _), s) in runs.iter().zip(&all).skip(1) {
                row(label, s);
            }
        }
        if all.len() > 1 {
            let sh = &all[1..];
            let n = sh.len() as f64;
            let mean = |f: &dyn Fn(&Scores) -> f64| sh.iter().map(f).sum::<f64>() / n;
            let min = |f: &dyn Fn(&Scores) -> f64| sh.iter().map(f).fold(f64::INFINITY, f64::min);
            println!(
                "| {name} | shuffled mean | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0} ({}) |",
                mean(&|s| s.b3.precision),
                mean(&|s| s.b3.recall),
                mean(&|s| s.b3.f1),
                mean(&|s| s.pair_p),
                mean(&|s| s.pair_r),
                mean(&|s| s.pair_f1),
                mean(&|s| s.ari),
                mean(&|s| s.b3_topic),
                mean(&|s| s.stories as f64),
                gold.len()
            );
            println!(
                "| {name} | shuffled min | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | |",
                min(&|s| s.b3.precision),
                min(&|s| s.b3.recall),
                min(&|s| s.b3.f1),
                min(&|s| s.pair_p),
                min(&|s| s.pair_r),
                min(&|s| s.pair_f1),
                min(&|s| s.ari),
                min(&|s| s.b3_topic),
            );
        }
        let b = score(&idx.iter().map(|&i| baseline[i]).collect::<Vec<_>>(), &story, &topic);
        row("baseline: topics", &b);
    }
    println!(
        "\n{} streams of {} articles in {:.2} s ({:.0} articles/s)",
        runs.len(),
        records.len(),
        secs,
        (runs.len() * records.len()) as f64 / secs
    );
    Ok(())
}

// ---------------------------------------------------------------- speed

/// A deterministic synthetic stream: events (a set of specific words, two
/// or three capitalised names, a number) live a few days and get 1-30
/// articles; each article is a title and a ~250-word body mixing the event's
/// words with Zipfian background words. Dates advance evenly so that `n`
/// articles span `n / 3000` days.
struct Synth {
    rng: u64,
    events: Vec<(u64, i64, u32)>, // (seed, end time, articles left)
    next_event: u64,
    t: i64,
}

impl Synth {
    fn new(seed: u64) -> Self {
        Synth { rng: seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1, events: Vec::new(), next_event: 0, t: 1_700_000_000 }
    }
    fn next(&mut self) -> u64 {
        self.rng ^= self.rng << 13;
        self.rng ^= self.rng >> 7;
        self.rng ^= self.rng << 17;
        self.rng
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn word(r: u64) -> String {
        const SYL: [&str; 16] =
            ["ka", "lo", "mi", "ne", "ru", "ta", "ve", "so", "di", "pa", "gu", "be", "ri", "zo", "fe", "ha"];
        let mut s = String::new();
        let mut x = r + 16;
        while x > 0 {
            s.push_str(SYL[(x % 16) as usize]);
            x /= 16;
        }
        s
    }
    fn zipf(&mut self, n: u64) -> u64 {
        // approx. Zipf(1) by inverse transform of a log-uniform draw
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as u64).saturating_sub(1).min(n - 1)
    }
    /// (id, published, title, text)
    fn article(&mut self, i: usize) -> (String, i64, String, String) {
        self.t += 29; // ~3000 a day
        self.events.retain(|e| e.2 > 0);
        let e = if self.events.is_empty() || self.below(4) == 0 {
            let seed = self.next_event;
            self.next_event += 1;
            let len = 1 + self.below(30) as u32;
            let end = self.t + 86_400 * (1 + self.below(4) as i64);
            self.events.push((seed, end, len));
            self.events.len() - 1
        } else {
            // recent events more likely
            let n = self.events.len() as u64;
            (n - 1 - self.zipf(n)) as usize
        };
        self.events[e].2 -= 1;
        let es = self.events[e].0;
        let mut ev = Synth { rng: es.wrapping_mul(0x2545_f491_4f6c_dd1d) | 1, events: Vec::new(), next_event: 0, t: 0 };
        let names: Vec<String> = (0..3)
            .map(|_| {
                let mut a = Self::word(ev.below(20_000));
                let mut b = Self::word(ev.below(20_000));
                a[..1].make_ascii_uppercase();
                b[..1].make_ascii_uppercase();
                format!("{a} {b}")
            })
            .collect();
        let words: Vec<String> = (0..12).map(|_| Self::word(200 + ev.below(40_000))).collect();
        let number = ev.below(1000);
        let mut title = String::from("The");
        for k in 0..8 {
            title.push(' ');
            if k == 2 {
                title.push_str(&names[self.below(3) as usize]);
            } else if self.below(2) == 0 {
                title.push_str(&words[self.below(12) as usize]);
            } else {
                title.push_str(&Self::word(self.zipf(50_000)));
            }
        }
        let mut text = String::with_capacity(2000);
        for k in 0..250 {
            if k % 15 == 0 {
                text.push_str(if k == 0 { "Officials" } else { ". Officials" });
            }
            text.push(' ');
            let r = self.below(10);
            if r == 0 {
                text.push_str(&names[self.below(3) as usize]);
            } else if r <= 2 {
                text.push_str(&words[self.below(12) as usize]);
            } else if r == 3 && k % 40 == 0 {
                text.push_str(&format!("{number} people"));
            } else {
                text.push_str(&Self::word(self.zipf(50_000)));
            }
        }
        text.push('.');
        let published = if i % 50 == 7 { i64::MIN } else { self.t };
        (format!("a{i}"), published, title, text)
    }
}

fn peak_rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn rss_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = s.lines().find(|l| l.starts_with("VmRSS:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Streams `n` synthetic articles in batches of 1,000 and prints articles/s
/// per 100,000 (generation time excluded), active stories and memory.
pub fn speed(n: usize, seed: u64) -> anyhow::Result<()> {
    let mut c = StoryClusterer::new(StoryConfig::default())?;
    let mut g = Synth::new(seed);
    let batch = 1000;
    let report = 100_000.min(n.max(1));
    let mut spent = 0.0;
    let mut window = 0.0;
    let mut done = 0;
    println!("| articles | articles/s (last {report}) | active stories | active articles | index entries | RSS MiB |");
    println!("| --- | --- | --- | --- | --- | --- |");
    while done < n {
        let m = batch.min(n - done);
        let arts: Vec<(String, i64, String, String)> = (done..done + m).map(|i| g.article(i)).collect();
        let inputs: Vec<StoryInput<'_>> = arts
            .iter()
            .map(|(id, p, t, x)| StoryInput {
                id,
                published: (*p != i64::MIN).then_some(*p),
                title: t,
                text: x,
                language: Some("en"),
                copy_of: None,
            })
            .collect();
        let t0 = Instant::now();
        let out = c.push_batch(&inputs);
        let dt = t0.elapsed().as_secs_f64();
        std::hint::black_box(out);
        spent += dt;
        window += dt;
        done += m;
        if done % report == 0 || done == n {
            let s = c.stats();
            println!(
                "| {done} | {:.0} | {} | {} | {} | {:.0} |",
                (if done % report == 0 { report } else { done % report }) as f64 / window,
                s.active_stories,
                s.active_articles,
                s.index_entries,
                rss_kib().unwrap_or(0) as f64 / 1024.0
            );
            window = 0.0;
        }
    }
    let s = c.stats();
    println!(
        "\n{n} articles in {spent:.1} s of clustering ({:.0}/s overall); opened {}, closed {}, merges {}, undated {}; peak RSS {:.0} MiB",
        n as f64 / spent,
        s.opened,
        s.closed,
        s.merges,
        s.undated,
        peak_rss_kib().unwrap_or(0) as f64 / 1024.0
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bcubed_hand_checked() {
        // gold: {a,b,c} {d,e}; predicted: {a,b} {c,d,e}
        let gold = ["x", "x", "x", "y", "y"];
        let pred = [1, 1, 2, 2, 2];
        let b = bcubed(&pred, &gold);
        // precision: a,b 1; c 1/3; d,e 2/3 -> (2 + 1/3 + 4/3)/5 = 11/15
        assert!((b.precision - 11.0 / 15.0).abs() < 1e-12);
        // recall: a,b 2/3; c 1/3; d,e 1 -> (4/3 + 1/3 + 2)/5 = 11/15
        assert!((b.recall - 11.0 / 15.0).abs() < 1e-12);
        assert!((b.f1 - 11.0 / 15.0).abs() < 1e-12);
    }

    #[test]
    fn bcubed_extremes() {
        let gold = ["x", "x", "y", "y"];
        let b = bcubed(&[1, 2, 3, 4], &gold);
        assert_eq!((b.precision, b.recall), (1.0, 0.5));
        let b = bcubed(&[1, 1, 1, 1], &gold);
        assert_eq!((b.precision, b.recall), (0.5, 1.0));
        let b = bcubed(&[7, 7, 8, 8], &gold);
        assert_eq!(b.f1, 1.0);
    }

    #[test]
    fn pairwise_f1_hand_checked() {
        // same example: predicted pairs ab, cd, ce, de (4); gold pairs ab, ac, bc, de (4); shared ab, de
        let gold = ["x", "x", "x", "y", "y"];
        let pred = [1, 1, 2, 2, 2];
        let p = pair_scores(&pred, &gold);
        assert_eq!((p.true_pairs, p.predicted_pairs, p.gold_pairs), (2, 4, 4));
        assert!((f1(p.precision, p.recall) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn shuffle_is_a_permutation() {
        let mut v: Vec<usize> = (0..100).collect();
        shuffle(&mut v, 3);
        assert_ne!(v, (0..100).collect::<Vec<_>>());
        v.sort();
        assert_eq!(v, (0..100).collect::<Vec<_>>());
    }

    #[test]
    fn synthetic_stream_runs() {
        let mut g = Synth::new(1);
        let a = g.article(0);
        assert!(a.3.len() > 500);
    }
}
