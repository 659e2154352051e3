//! Publication-date quality on a pubdate-dev style dataset, with htmldate's
//! own metric (its `tests/evaluation.py`), at day level.
//!
//! Layout: `gold.jsonl` (`{"id", "url", "date"}`, `date` a `YYYY-MM-DD` or
//! null) and `html/<id>.html`. Per page the predicted day is compared with the
//! gold day: equal → TP; a different date, or a date where gold is null → FP;
//! nothing predicted and gold null → TN and also FN (htmldate counts it that
//! way); nothing predicted and gold present → FN. P = TP/(TP+FP), R =
//! TP/(TP+FN), accuracy = (TP+TN)/pages, F1 = 2TP/(2TP+FP+FN).
//!
//! Every page is run twice in one go: with the gold URL (so the URL path's
//! date is available, as in production) and without any URL (HTML only, the
//! setting of htmldate's published figures). The crawl time is fixed at
//! 2021-01-01T00:00:00Z: the pages were collected during 2020, and a fixed
//! value keeps the figures reproducible; no date after it is accepted.

use std::fs;
use std::path::Path;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use newsdesk_extract::{ArticleExtractor, PageInput};
use serde::Deserialize;

#[derive(Deserialize)]
struct Gold {
    id: String,
    url: Option<String>,
    date: Option<String>,
}

struct Page {
    id: String,
    url: Option<String>,
    gold: Option<NaiveDate>,
    html: Vec<u8>,
}

#[derive(Default, Clone, Copy)]
struct Counts {
    tp: usize,
    fp: usize,
    tn: usize,
    fn_: usize,
    pages: usize,
}

impl Counts {
    fn add(&mut self, predicted: Option<NaiveDate>, gold: Option<NaiveDate>) {
        self.pages += 1;
        match (predicted, gold) {
            (None, None) => {
                self.tn += 1;
                self.fn_ += 1;
            }
            (None, Some(_)) => self.fn_ += 1,
            (Some(p), Some(g)) if p == g => self.tp += 1,
            (Some(_), _) => self.fp += 1,
        }
    }
    fn line(&self) -> String {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        format!(
            "TP {} FP {} TN {} FN {}  P {:.3}  R {:.3}  Acc {:.3}  F1 {:.3}",
            self.tp,
            self.fp,
            self.tn,
            self.fn_,
            ratio(self.tp, self.tp + self.fp),
            ratio(self.tp, self.tp + self.fn_),
            ratio(self.tp + self.tn, self.pages),
            ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_)
        )
    }
}

fn crawl_time() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2021, 1, 1, 0, 0, 0).single().expect("valid fixed crawl time")
}

fn load(dir: &Path) -> anyhow::Result<Vec<Page>> {
    let gold_path = dir.join("gold.jsonl");
    let text = fs::read_to_string(&gold_path).with_context(|| format!("reading {}", gold_path.display()))?;
    let mut pages = Vec::new();
    for (n, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let g: Gold = serde_json::from_str(line).with_context(|| format!("gold.jsonl line {}", n + 1))?;
        let gold = match g.date.as_deref() {
            Some(d) => Some(NaiveDate::parse_from_str(d, "%Y-%m-%d").with_context(|| format!("gold date {d:?}"))?),
            None => None,
        };
        let path = dir.join("html").join(format!("{}.html", g.id));
        let html = fs::read(&path).with_context(|| format!("reading {}", path.display()))?;
        pages.push(Page { id: g.id, url: g.url, gold, html });
    }
    Ok(pages)
}

pub fn run(dir: &Path, misses: bool) -> anyhow::Result<()> {
    let pages = load(dir)?;
    let extractor = ArticleExtractor::default();
    let crawl = Some(crawl_time());

    let predict = |p: &Page, with_url: bool| -> (Option<NaiveDate>, Option<String>) {
        let input =
            PageInput { url: if with_url { p.url.as_deref() } else { None }, crawl_time: crawl, ..Default::default() };
        match extractor.metadata(&p.html, &input) {
            Ok(a) => (a.published.map(|d| d.day()), a.published.map(|d| d.to_string())),
            Err(_) => (None, None),
        }
    };

    let start = Instant::now();
    let with_url: Vec<_> = pages.iter().map(|p| predict(p, true)).collect();
    let elapsed = start.elapsed().as_secs_f64();
    let without_url: Vec<_> = pages.iter().map(|p| predict(p, false)).collect();

    let mut c_url = Counts::default();
    let mut c_html = Counts::default();
    let mut future = 0usize;
    for (i, p) in pages.iter().enumerate() {
        c_url.add(with_url[i].0, p.gold);
        c_html.add(without_url[i].0, p.gold);
        let limit = crawl_time().date_naive();
        future += [with_url[i].0, without_url[i].0].iter().flatten().filter(|d| **d > limit).count();
    }

    println!("pubdate: {} pages from {} (crawl time {})", pages.len(), dir.display(), crawl_time().to_rfc3339());
    println!("  with URL    {}", c_url.line());
    println!("  HTML only   {}", c_html.line());
    println!("  dates after the crawl time: {future}");
    println!(
        "  speed: {:.3} ms/page (ArticleExtractor::metadata: decoding, parsing and metadata, single-threaded)",
        elapsed * 1000.0 / pages.len() as f64
    );

    if misses {
        println!("\nmisses (id, gold, with URL, HTML only, url):");
        for (i, p) in pages.iter().enumerate() {
            if with_url[i].0 != p.gold || without_url[i].0 != p.gold {
                let show = |d: &Option<String>| d.clone().unwrap_or_else(|| "-".into());
                println!(
                    "  {}  gold {}  url {}  html {}  {}",
                    p.id,
                    p.gold.map_or("-".to_string(), |d| d.to_string()),
                    show(&with_url[i].1),
                    show(&without_url[i].1),
                    p.url.as_deref().unwrap_or("")
                );
            }
        }
    }
    Ok(())
}
