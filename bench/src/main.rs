//! `newsdesk-bench`: the Rust side of the speed benchmarks in `bench/`.
//!
//! - `extract DIR`: single-threaded extraction over pages read into memory
//!   first (the same protocol as `trafilatura_speed.py`), pages/s.
//! - `big-page MB`: extraction of one synthetic page of that size; time and
//!   peak memory of the process.
//! - `make-pages N OUT [--from DIR]`: writes N distinct article pages for the
//!   ingest benchmark as JSONL records `{id, url, html}`, built from the
//!   pages in DIR (or a synthetic template).
//! - `gen-corpus N OUT [--seed S] [--html]`: a synthetic news corpus of N
//!   articles as JSONL article records (see `corpus.rs`), streamed,
//!   deterministic; with `--html`, as `{url, html}` pages to extract.
//! - `coverage-bench N [--seed S]`: copy groups and stories kept in a
//!   store as N articles stream in (see `coverage_bench.rs`).
//! - `search-bench CORPUS [--count N] [--queries 1000]`: indexing rate,
//!   search and `similar` latency, index size and peak memory of
//!   `newsdesk-index` on such a corpus (see `search_bench.rs`).
//! - `serve-bench N [--keep DIR] [--reuse]`: page and API times of the
//!   web server on a data directory of N synthetic articles (see
//!   `serve_bench.rs`).
//! - `crawl-site --hosts H --articles-per-host N --urls-file FILE`:
//!   simulated news sites (feed, robots.txt, article pages) for the crawl
//!   benchmark, served until killed (see `crawl_bench.rs`).

mod analysis_bench;
mod corpus;
mod coverage_bench;
mod crawl_bench;
mod search_bench;
mod serve_bench;

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{bail, Context};
use clap::{Parser, Subcommand};
use newsdesk_extract::{ArticleExtractor, PageInput};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    Extract {
        dir: PathBuf,
        /// Repeat the whole set until at least this many seconds have passed.
        #[arg(long, default_value_t = 3.0)]
        min_seconds: f64,
    },
    BigPage {
        megabytes: usize,
        /// `article`: headings and paragraphs; `links`: a page of teaser
        /// link lists, the most nodes per byte.
        #[arg(long, default_value = "article")]
        kind: String,
    },
    MakePages {
        count: usize,
        out: PathBuf,
        #[arg(long)]
        from: Option<PathBuf>,
    },
    /// Cost of the article analyses on one core (summary, quotes, claims,
    /// figures, places), per article and per 800 words.
    AnalysisBench {
        /// JSONL articles with `text` (e.g. ../shared/data/summaries-dev/cnndm_val_500.jsonl).
        input: PathBuf,
        #[arg(long, default_value_t = 3.0)]
        min_seconds: f64,
    },
    /// Cost of keeping copy groups and stories in the store, per 100,000.
    CoverageBench {
        #[arg(default_value_t = 1_000_000)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Simulated news sites on 127.0.0.1 for `bench/crawl.sh`: each with a
    /// latency, robots.txt, an RSS feed at /feed.xml and its article pages;
    /// writes the feed URLs to FILE, prints "ready" and serves until killed
    /// (or until stdin, when it is a pipe, closes).
    CrawlSite {
        #[arg(long, default_value_t = 100)]
        hosts: usize,
        #[arg(long, default_value_t = 50)]
        articles_per_host: usize,
        #[arg(long, default_value_t = 50)]
        latency_ms: u64,
        #[arg(long)]
        urls_file: PathBuf,
        /// Real pages to vary into articles; synthetic pages when the
        /// directory does not exist.
        #[arg(long, default_value = "../shared/data/extraction-dev/html")]
        pages: PathBuf,
        /// Synthetic pages even when `--pages` exists.
        #[arg(long)]
        synthetic: bool,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Page times of the web server and API on a data directory of N
    /// synthetic articles (see `serve_bench.rs`).
    ServeBench {
        #[arg(default_value_t = 1_000_000)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Build the data directory here and keep it.
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Serve the store already in `--keep` (a previous run's) without building.
        #[arg(long, requires = "keep")]
        reuse: bool,
        /// Timed requests per page type.
        #[arg(long, default_value_t = 200)]
        requests: usize,
    },
    GenCorpus {
        count: usize,
        out: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Pages to extract instead (`{url, html}` records, each article in a news-site layout).
        #[arg(long)]
        html: bool,
    },
    SearchBench {
        corpus: PathBuf,
        /// Index only the first N articles.
        #[arg(long)]
        count: Option<usize>,
        #[arg(long, default_value_t = 1000)]
        queries: usize,
        /// Random ids for `similar`.
        #[arg(long, default_value_t = 200)]
        similar: usize,
        /// Articles per add+commit.
        #[arg(long, default_value_t = 50_000)]
        batch: usize,
        /// The corpus seed (the query mix is drawn from the same model).
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Build the index here and keep it (default: a temporary directory).
        #[arg(long)]
        keep: Option<PathBuf>,
        /// Only search the index already in `--keep` (a previous run's).
        #[arg(long, requires = "keep")]
        search_only: bool,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Extract { dir, min_seconds } => extract(&dir, min_seconds),
        Command::BigPage { megabytes, kind } => big_page(megabytes, &kind),
        Command::MakePages { count, out, from } => make_pages(count, &out, from.as_deref()),
        Command::AnalysisBench { input, min_seconds } => analysis_bench::run(&input, min_seconds),
        Command::CoverageBench { count, seed } => coverage_bench::run(count, seed),
        Command::CrawlSite { hosts, articles_per_host, latency_ms, urls_file, pages, synthetic, seed } => {
            crawl_bench::run(&crawl_bench::Options {
                hosts,
                articles_per_host,
                latency_ms,
                urls_file,
                pages: (!synthetic).then_some(pages),
                seed,
            })
        }
        Command::ServeBench { count, seed, keep, reuse, requests } => {
            serve_bench::run(&serve_bench::Options { count, seed, keep, reuse, requests })
        }
        Command::GenCorpus { count, out, seed, html: false } => corpus::gen_corpus(count, &out, seed),
        Command::GenCorpus { count, out, seed, html: true } => crawl_bench::gen_pages(count, &out, seed),
        Command::SearchBench { corpus, count, queries, similar, batch, seed, keep, search_only } => {
            search_bench::search_bench(
                &corpus,
                &search_bench::Options { count, queries, similar, batch, seed, keep, search_only },
            )
        }
    }
}

fn read_pages(dir: &Path) -> anyhow::Result<Vec<Vec<u8>>> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("reading {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "html" || e == "htm"))
        .collect();
    paths.sort();
    if paths.is_empty() {
        bail!("no .html pages in {}", dir.display());
    }
    paths.iter().map(|p| std::fs::read(p).with_context(|| p.display().to_string())).collect()
}

fn extract(dir: &Path, min_seconds: f64) -> anyhow::Result<()> {
    let pages = read_pages(dir)?;
    let extractor = ArticleExtractor::default();
    let input = PageInput::default();
    // One untimed pass first, as in trafilatura_speed.py: steady state only.
    for p in &pages {
        let _ = extractor.extract(p, &input);
    }
    let mut done = 0usize;
    let mut failed = 0usize;
    let started = Instant::now();
    while done == 0 || started.elapsed().as_secs_f64() < min_seconds {
        for p in &pages {
            if extractor.extract(p, &input).is_err() {
                failed += 1;
            }
            done += 1;
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "newsdesk pages={} runs={} seconds={secs:.3} pages_per_sec={:.1} failed_per_run={} peak_rss_mb={}",
        pages.len(),
        done / pages.len(),
        done as f64 / secs,
        failed / (done / pages.len()),
        peak_rss_mb()
    );
    Ok(())
}

/// Peak resident memory of this process (Linux `VmHWM`), in MB.
fn peak_rss_mb() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(str::to_string))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| format!("{:.1}", kb / 1024.0))
        .unwrap_or_else(|| "n/a".into())
}

const PARAGRAPH: &str = "The regional council approved the revised budget on Thursday after a long debate about \
road repairs, school meals and the future of the harbour ferry, which officials said would keep running \
at least until the end of next year while a replacement vessel is designed.";

fn big_page(megabytes: usize, kind: &str) -> anyhow::Result<()> {
    let target = megabytes << 20;
    let mut html = String::with_capacity(target + 4096);
    html.push_str("<!doctype html><html lang=en><head><title>Budget approved - Big Page Gazette</title></head><body>");
    html.push_str("<nav><a href=/>Home</a><a href=/news>News</a></nav><article><h1>Budget approved</h1>");
    let mut i = 0;
    while html.len() < target {
        if kind == "links" {
            html.push_str(&format!("<ul class=teasers><li><a href=/story/{i}>Teaser {i}</a></li><li><a href=/s/{i}b>More {i}</a></li></ul>\n"));
            i += 1;
            continue;
        }
        if i % 20 == 0 {
            html.push_str(&format!("<h2>Section {i}</h2>"));
        }
        html.push_str(&format!("<p>{PARAGRAPH} ({i})</p>\n"));
        if i % 7 == 0 {
            html.push_str("<div class=related><a href=/a>Related story</a> <a href=/b>Another one</a></div>\n");
        }
        i += 1;
    }
    html.push_str("</article><footer>About us</footer></body></html>");
    let before = peak_rss_mb();
    let started = Instant::now();
    let result = ArticleExtractor::default().extract(html.as_bytes(), &PageInput::default());
    let secs = started.elapsed().as_secs_f64();
    let words = result.as_ref().map(|a| a.word_count).unwrap_or(0);
    println!("big_page_mb={megabytes} kind={kind} bytes={} seconds={secs:.3} words={words} ok={} peak_rss_mb_before={before} peak_rss_mb={}",
        html.len(), result.is_ok(), peak_rss_mb());
    Ok(())
}

fn make_pages(count: usize, out: &Path, from: Option<&Path>) -> anyhow::Result<()> {
    let templates: Vec<String> = match from {
        Some(dir) => read_pages(dir)?.into_iter().map(|b| String::from_utf8_lossy(&b).into_owned()).collect(),
        None => vec![synthetic_template()],
    };
    // JSONL records with their own ids: templates repeat, so the pages'
    // canonical links would otherwise give repeated ids.
    let mut w = std::io::BufWriter::new(std::fs::File::create(out).with_context(|| out.display().to_string())?);
    for n in 0..count {
        let t = &templates[n % templates.len()];
        let unique =
            format!("<p>Correction {n}: an earlier version of this story misstated the figure for district {n}.</p>");
        let html = match t.find("</p>") {
            Some(at) => format!("{}{unique}{}", &t[..at + 4], &t[at + 4..]),
            None => format!("{t}{unique}"),
        };
        let record = serde_json::json!({ "id": format!("bench-{n:06}"), "url": format!("https://bench.example/{n}"), "html": html });
        writeln!(w, "{record}")?;
    }
    w.flush()?;
    println!("wrote {count} pages to {}", out.display());
    Ok(())
}

fn synthetic_template() -> String {
    let body: String = (0..12).map(|i| format!("<p>{PARAGRAPH} Paragraph {i}.</p>\n")).collect();
    format!(
        "<!doctype html><html lang=en><head><title>Budget approved - Bench Gazette</title>\
         <meta property=\"article:published_time\" content=\"2025-03-14T08:30:00Z\"></head><body>\
         <nav>{}</nav><article><h1>Budget approved</h1>{body}</article><footer>{}</footer></body></html>",
        (0..40).map(|i| format!("<a href=/s/{i}>Section {i}</a> ")).collect::<String>(),
        (0..20).map(|i| format!("<a href=/f/{i}>Footer link {i}</a> ")).collect::<String>()
    )
}
