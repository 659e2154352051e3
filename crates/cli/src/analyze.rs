//! The analysis commands: `summarize`, `quotes`, `claims`, `figures` and
//! `places` on JSONL streams, and the analyses kept in the
//! store at ingest.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_analysis::{AnalysisFollower, ArticleAnalyzer};
use newsdesk_model::Article;
use newsdesk_store_sqlite::SqliteStore;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::jsonl;
use crate::progress::Progress;

/// Which analysis a stream command prints.
#[derive(Clone, Copy)]
pub enum Part {
    Summary { sentences: usize },
    Quotes,
    Claims,
    Figures,
    Places,
}

impl Part {
    /// The analysis of one article as the value of its output line's field.
    fn run(self, analyzer: &ArticleAnalyzer, a: &Article) -> (&'static str, Value) {
        match self {
            Part::Summary { sentences } => ("summary", json!(analyzer.summary(a, sentences))),
            Part::Quotes => ("quotes", json!(analyzer.quotes(a))),
            Part::Claims => ("claims", json!(analyzer.claims(a))),
            Part::Figures => ("figures", json!(analyzer.figures(a))),
            Part::Places => ("places", json!(analyzer.places(a))),
        }
    }
}

/// Prints `{id, <part>: ...}` for every article of a JSONL stream, in input
/// order, analysing a chunk of lines on all cores at a time. A bad line is
/// reported with its number and skipped; exits 1 if any was.
pub fn stream(input: Option<PathBuf>, part: Part) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = 0u64;
    let mut progress = Progress::new("articles analysed");
    let analyzer = ArticleAnalyzer::default();
    jsonl::for_each_chunk(jsonl::open(input.as_deref())?, &mut |lines| {
        let results: Vec<Result<String, String>> = lines
            .par_iter()
            .map(|(_, parsed)| {
                let a = parsed.as_ref().map_err(Clone::clone)?;
                let (field, value) = part.run(&analyzer, a);
                let mut line = serde_json::Map::new();
                line.insert("id".into(), json!(a.id));
                line.insert(field.into(), value);
                serde_json::to_string(&line).map_err(|e| e.to_string())
            })
            .collect();
        for ((n, _), r) in lines.iter().zip(results) {
            match r {
                Ok(line) => writeln!(out, "{line}")?,
                Err(e) => {
                    failed += 1;
                    progress.println(&format!("line {n}: {e}; skipped"));
                }
            }
            progress.inc();
        }
        Ok(())
    })?;
    out.flush()?;
    progress.finish();
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The analysis follower for `ingest`, on its own connection, after the
/// store's articles without a current analysis have been analysed.
pub fn open_current(mut store: SqliteStore) -> anyhow::Result<AnalysisFollower<SqliteStore>> {
    let n = catch_up(&mut store)?;
    if n > 0 {
        eprintln!("analysis: {n} stored articles analysed");
    }
    Ok(AnalysisFollower::new(store, ArticleAnalyzer::default()))
}

/// Analyses every stored article without a current analysis, with a
/// progress bar.
pub fn catch_up<S: newsdesk_store::Store>(store: &mut S) -> anyhow::Result<u64> {
    let mut progress = Progress::new("articles analysed");
    let n = newsdesk_analysis::catch_up(store, &ArticleAnalyzer::default(), &mut |done, _| progress.set(done))
        .context("analysing stored articles")?;
    progress.finish();
    Ok(n)
}
